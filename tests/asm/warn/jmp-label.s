; flags:
; JMP and JRP to a label on an instruction: the classic mistake.
        NUM 0
loop:   LDN n           ; A = -n
        STO n
        CMP
        JMP loop        ; jumps through the word LDN n, not to loop
        JRP loop        ; the same, relatively
        STP
n:      NUM 3
