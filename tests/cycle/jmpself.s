; jmpself.s: line 1 jumps to itself (line 0 holds 0, so CI becomes 0 and line 1 runs again).
.nowarn missing-stp       ; it runs for ever on purpose: that is what the cycle tests look at
00: NUM 0
01: JMP 0
