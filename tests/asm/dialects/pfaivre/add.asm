; add.asm: pfaivre's "NN MNEM [data] ;comment": A = 7 + 5, by SUB2 (function 5).
00 NUM 0
01 LDN 10   ;A = -7
02 SUB2 11  ;A = -7 - 5, through the undocumented function 5
03 STO 12   ;line 12 = -12
04 LDN 12   ;A = 12
05 STP
10 NUM 7
11 NUM 5
