; flags:
; A program that runs for ever says so, and so is quiet.
.nowarn missing-stp     ; it spins until the operator stops it
        NUM 0
top:    LDN n
        JMP =top-1
n:      NUM 1
