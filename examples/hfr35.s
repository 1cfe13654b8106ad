; hfr35.s: Kilburn's highest factor routine (amended form) for a small number, 35.
;
; What:   finds the highest proper factor of a by trying every b from a-1
;         downwards and dividing by repeated subtraction; the first b that
;         leaves no remainder is the answer.
; Origin: Tom Kilburn, June 1948 (the first program ever run, on 21 June
;         1948); this is the amended version of 18 July 1948 that the
;         replica and most emulators use. Same store image as NevynUK's
;         HCF1.ssem.
; Result: line 27 (trial) = 7, line 26 (negtrial) = -7; the machine halts
;         at line 13.
; Steps:  504 (the final STP included).
;
; The Baby can only subtract and load negatives, so b is kept twice: as b
; in `trial` and as -b in `negtrial`; A + b is computed as A - (-b).

        NUM 0           ; line 0: never executed (CI is incremented first)
start:  LDN first       ; A = -(a-1)
        STO negtrial    ; negtrial = -b
        LDN negtrial    ; A = b
        STO trial       ; trial = b
divide: LDN minus_a     ; A = a
again:  SUB trial       ; A = A - b, repeated until it goes negative
        CMP             ; negative: skip the jump, the division is over
loop:   JRP back        ; still >= 0: relative jump back to `again`
        SUB negtrial    ; A = (r - b) + b = r, the remainder
        STO rem
        LDN rem         ; A = -r
        CMP             ; -r < 0, i.e. r > 0: skip the stop
        STP             ; r == 0: b divides a, the answer is in `trial`
        LDN negtrial    ; A = b
        SUB one         ; A = b - 1
        STO trial       ; trial = b - 1
        LDN trial
        STO negtrial    ; negtrial = -(b - 1)
        JMP todiv       ; indirect: CI = S[todiv] = divide-1, next is `divide`
back:   NUM again-1-loop ; -3: JRP adds it to CI, which then steps to `again`
one:    NUM 1
todiv:  EJA divide      ; holds divide-1 = 4
minus_a: NUM -35        ; -a
first:  NUM 35-1        ; a-1, the first trial divisor
rem:    NUM 0           ; remainder
negtrial: NUM 0         ; -b
trial:  NUM 0           ; b; holds the answer at the end
