again MACRO
    again
ENDM
    again
STP
