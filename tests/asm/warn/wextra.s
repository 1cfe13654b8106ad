; flags: -Wextra
; -Wextra adds macros that are never invoked.
twice   MACRO x
        SUB x
        SUB x
        ENDM
        NUM 0
        LDN n
        STP
n:      NUM 3
