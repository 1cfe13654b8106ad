; flags:
; A CMP skips over its next line: when that is the last instruction, the
; skip lands in data.
        NUM 0
        LDN n           ; A = -3: negative
        CMP             ; skips the STP, into n
        STP
n:      NUM 3
