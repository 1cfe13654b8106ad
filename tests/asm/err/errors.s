; errors.s: one run reports every error, in source order.
        NUM 0
        FROB 3                  ; unknown mnemonic
        LDN 32                  ; operand out of range
        LDN nowhere             ; undefined label
x:      NUM 4294967296          ; value out of the 32-bit range
x:      BIN 01012               ; duplicate label, bad bit string
        NUM 1 2                 ; syntax error
        SUB                     ; missing operand
        NUM 1/0
a       EQU b+1
b       EQU a
40:     STP
        .frob                   ; unknown directive
        NUM 0x
        @
0:      STP                     ; two statements on store line 0
