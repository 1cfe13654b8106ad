; features.s: a fuzz seed touching every statement kind the assembler knows
N       EQU 4
TOP     EQU N*2+(3-1)/2
swap    MACRO x, y
tmp:    LDN x
        STO y
        ENDM
        NUM 0
start:  LDN =-5            // literal pool
        SUB =0x10
        JRP =0b11
        swap a, b
        swap b, a
        CMP
        SKN
        JMP =start-1
        JPR 3
        JMR 3
        SUB2 a
        BIN 0101
        BINS 11
        BNUM 1
        EJA start
a:      NUM -2147483648    -- minimum
b:      NUM 4294967295     # maximum
        NUM TOP
28:     HLT
        STOP
        STP
