; flags:
; Straight-line code runs into a data word, which then executes.
        NUM 0
        LDN x
        STO y           ; and on into x, which executes as JMP 5
x:      NUM 5
y:      NUM 0
        STP
