; flags:
; NAME DEFAULT v: a value -D NAME=V may override; here none does.
size    DEFAULT 5
        NUM 0
        LDN n
        STP
n:      NUM size
