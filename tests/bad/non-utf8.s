; café ÿþ
LDN 1 ; Ã( bad sequence
STP
