; flags:
; No STP on any path from line 1: the loop never ends.
        NUM 0
top:    LDN n
        STO n
        JMP =top-1
n:      NUM 1
