; tour.s: a tour of the ssemasm language: multiply two numbers by repeated addition.
;
; The Baby can only subtract, load negatives and skip on negative, so
; x + y is computed as -(-x - y). The product a * b ends up in `result`.

a       EQU 6                   ; constants: NAME EQU expression
b       EQU 7

; dst = dst + src, through the scratch line tmp (a macro with parameters)
addto   MACRO dst, src
        LDN dst                 ; A = -dst
        SUB src                 ; A = -dst - src
        STO tmp
        LDN tmp                 ; A = dst + src
        STO dst
        ENDM

        NUM 0                   ; line 0 is never executed: CI steps to 1 first
loop:   addto sum, aval         ; sum = sum + a
        LDN negcount            ; A = count
        SUB =1                  ; A = count - 1 (=1: a literal, from the pool)
        STO tmp
        LDN tmp                 ; A = -(count - 1)
        STO negcount
        CMP                     ; negative, i.e. count > 0: skip the stop
        STP                     ; done: result = a * b
        JMP =loop-1             ; indirect jump through a pool word holding loop-1

aval:     NUM a
negcount: NUM -b
sum:      NUM 0
tmp:      NUM 0
result    EQU sum

20:                             ; a line number moves the location counter
pattern:  BIN 1010110           ; bits as the CRT shows them: leftmost is bit 0
back:     EJA loop              ; holds loop-1: what a JMP through it needs
