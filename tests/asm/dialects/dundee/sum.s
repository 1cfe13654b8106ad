; sum.s: the Dundee AC21009 coursework dialect: RESULT = NUM1 + NUM2.
VAR 0                   ; line 0
START: LDN NUM1         ; A = -NUM1
SUB NUM2                ; A = -NUM1 - NUM2
STO RESULT              ; RESULT = -(NUM1 + NUM2)
LDN RESULT              ; A = NUM1 + NUM2
STO RESULT
STP
NUM1: VAR 12
NUM2: VAR 30
RESULT: VAR 0
