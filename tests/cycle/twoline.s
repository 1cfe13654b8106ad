; twoline.s: a two-line loop: A = -5, then back to line 1.
.nowarn missing-stp       ; it runs for ever on purpose: that is what the cycle tests look at
01: LDN 5
02: JMP 4
04: NUM 0
05: NUM 5
