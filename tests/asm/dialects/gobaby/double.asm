; double.asm: gobaby's "[index] [mnemonic] [parameter] [comment]": 2 * 21.

00  NUM  0
01  LDN  8          ; A = -21
02  SUB  8          ; A = -42
03  STO  9          ; line 9 = -42
04  LDN  9          ; A = 42
05  STO  9          ; line 9 = 42
06  STP
07  NUM  0
08  NUM  21
09  NUM  0
