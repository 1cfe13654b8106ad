; flags: -Wall -Wno-unused-label -Wno-missing-stp
; -Wall, then two turned off again: only the unused constant is left.
k       EQU 1
        NUM 0
spin:   LDN n
        JMP =spin-1
n:      NUM 1
