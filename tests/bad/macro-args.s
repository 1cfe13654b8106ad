pair MACRO a, b
    LDN a
    STO b
ENDM
    pair 1
    pair 1, 2, 3
STP
