; tests/image/dis-sample.img (img image), disassembled by ssemdis
; symbolic: control followed from line 01; Dnn names a word that is read,
; written or jumped through, Lnn a line that a jump lands on
00:       NUM 0
01:       LDN D24          ; execution starts here
02:       STO D26
03:       LDN D26
04:       STO D27
05: L05:  LDN D23
06: L06:  SUB D27
07:       CMP
08:       JRP D20          ; to L06
09:       SUB D26
10:       STO D25
11:       LDN D25
12:       CMP 5
13:       STP
14:       LDN D26
15:       SUB D21
16:       STO D27
17:       LDN D27
18:       STO D26
19:       JMP D22          ; to L05
20: D20:  NUM -3
21: D21:  NUM 1
22: D22:  NUM L05-1
23: D23:  NUM -262144
24: D24:  NUM 262143
25: D25:  NUM 40963
26: D26:  NUM 57375
27: D27:  NUM -2147483648
28:       NUM 2147483647
29:       NUM -1
30:       NUM 305419896
31:       NUM -559038737
