; counter.s: counts in line 20 for ever; no state comes back within 2^32 passes.
.nowarn missing-stp       ; it runs for ever on purpose: that is what the cycle tests look at
01: LDN 20
02: SUB 21
03: STO 22
04: LDN 22
05: STO 20
06: JMP 23
20: NUM 0
21: NUM 1
22: NUM 0
23: NUM 0
