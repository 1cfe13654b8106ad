; hfr.s: the first program ever run: Tom Kilburn's highest-factor routine, for a = 2^18.
;
; It ran on the Manchester Baby on 21 June 1948 and is given here in its
; amended form of July 1948 (the layout the replica and every emulator use).
; It finds the highest proper factor of a by trying each b from a-1
; downwards, dividing by repeated subtraction, and stopping at the first b
; that leaves no remainder.
;
; Result: line 27 (b) = 131072 = 2^17 and line 26 (negb) = -131072; the
; machine halts on line 13 after 2,097,154 instructions (about 52 minutes
; at the Baby's 700 instructions per second).
;
; The Baby has no add and no conditional jump: it loads negatives (LDN),
; subtracts (SUB) and skips the next line when A is negative (CMP); jumps
; are indirect, through a store line holding the target (EJA / NUM).
; So b is kept twice, as b and as -b, and A + b is computed as A - (-b).
;
; Assemble and run:   ssemasm examples/hfr.s -o hfr.img -l -
;                     ssememu hfr.img

a       EQU 262144              ; 2^18, the number to factor

        NUM 0                   ; line 0 is never executed: CI steps to 1 first
start:  LDN first               ; A = -(a-1)
        STO negb                ; -b, the first trial divisor b = a-1
        LDN negb                ; A = b
        STO b
divide: LDN minus_a             ; A = a
again:  SUB b                   ; A = A - b, until it goes negative
        CMP                     ; negative: skip the jump, this division is over
loop:   JRP back                ; CI += -3: back to `again`
        SUB negb                ; A = (r - b) + b = r, the remainder
        STO rem
        LDN rem                 ; A = -r
        CMP                     ; -r < 0, i.e. r > 0: b is no factor, skip the stop
        STP                     ; r = 0: b divides a; the answer is in line 27
        LDN negb                ; A = b
        SUB one                 ; A = b - 1
        STO b                   ; next trial divisor
        LDN b
        STO negb                ; and its negative
        JMP todiv               ; CI = divide-1, so the next fetch is `divide`

; constants
back:   NUM again-1-loop        ; -3 for the relative jump
one:    NUM 1
todiv:  EJA divide              ; holds divide-1 = 4
minus_a: NUM -a
first:  NUM a-1                 ; the first b to try

; working lines, written by the program
rem:    NUM 0                   ; remainder of the last division
negb:   NUM 0                   ; -b
b:      NUM 0                   ; b; holds the highest factor at the stop
