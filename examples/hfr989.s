; hfr989.s: Kilburn's highest factor routine for a = 989 = 23 * 43.
;
; What:   tries divisors b = a-1, a-2, ... and divides by repeated
;         subtraction until one leaves no remainder. This layout
;         decrements b *before* it tests the remainder, so when it stops
;         the factor found is trial + 1.
; Origin: Tom Kilburn's 1948 routine, in the form Mark Stevens published
;         (blog listing, later NevynUK's hfr989.ssem; same store image).
; Result: line 20 (trial) = 42, line 22 (negtrial) = -42: the highest
;         factor is trial + 1 = 43. Halts at line 17.
; Steps:  21,387 (the final STP included).

        NUM 0           ; line 0: never executed
start:  LDN restart     ; A = -0 = 0 (harmless: the original listing has it)
        LDN minus_a     ; A = a
again:  SUB trial       ; A = A - b until it goes negative
        CMP
loop:   JRP back        ; A >= 0: back to `again`
        SUB negtrial    ; A = (r - b) + b = r
        STO rem
        LDN negtrial    ; A = b
        SUB one
        STO trial       ; trial = b - 1, the next divisor
        LDN trial
        STO negtrial    ; negtrial = -(b - 1)
        LDN rem         ; A = -r
        CMP             ; r > 0: skip the exit jump
        JMP tostop      ; r == 0: go to `done`
        JMP restart     ; try the next divisor
done:   STP             ; b = trial + 1 divides a
restart: EJA start      ; 0: a JMP through it continues at `start`
minus_a: NUM -989       ; -a
trial:  NUM 989-1       ; b, the current divisor minus one at the end
back:   NUM again-1-loop ; -3
negtrial: NUM -(989-1)  ; -b
one:    NUM 1
rem:    NUM 0           ; the last remainder
tostop: EJA done        ; 16
