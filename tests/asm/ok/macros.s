; macros.s: parameters, local labels, nested invocations, labels on the call.
; A = A - src, repeated `times` by a counted loop is too long for the Baby;
; this shows expansion only.
copy    MACRO from, to          ; to = from (two negations)
        LDN from
        STO tmp
        LDN tmp
        STO to
        ENDM

wait    MACRO k                 ; spin until a count in k reaches zero
again:  LDN k
        SUB one
        STO k
        LDN k
        CMP
        JMP jmp_again
jmp_again: EJA again            ; local label: again@N
        ENDM

        NUM 0
        copy 30, 29
go:     wait 29
        wait 28
        STP
one:    NUM 1
tmp:    NUM 0
        .nowarn missing-stp fall-into-data ; it shows expansion only, it is not run
