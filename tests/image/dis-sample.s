; tests/image/dis-sample.img (img image), disassembled by ssemdis
00: JMP 0
01: LDN 24
02: STO 26
03: LDN 26
04: STO 27
05: LDN 23
06: SUB 27
07: CMP
08: JRP 20
09: SUB 26
10: STO 25
11: LDN 25
12: CMP 5
13: STP
14: LDN 26
15: SUB 21
16: STO 27
17: LDN 27
18: STO 26
19: JMP 22
20: NUM -3           ; reads as STP 29
21: JMP 1
22: JMP 4
23: NUM -262144      ; reads as JMP 0
24: NUM 262143       ; reads as STP 31
25: SUB2 3
26: STP 31
27: NUM -2147483648  ; reads as JMP 0
28: NUM 2147483647   ; reads as STP 31
29: NUM -1           ; reads as STP 31
30: NUM 305419896    ; reads as LDN 24
31: NUM -559038737   ; reads as SUB2 15
