; hcf.s: Tootill's highest common factor (Euclid's algorithm) of the "Nature
; 1948" numbers 314159265 and 271828183 (digits of pi and e).
;
; What:   x mod y by repeated subtraction, then (x, y) <- (y, x mod y),
;         until the remainder is 0 or 1. A remainder of 1 means the numbers
;         are co-prime (their HCF is 1); 0 means the HCF is in line 30.
; Origin: Geoff Tootill, 1948, one of the first programs run on the Baby
;         after Kilburn's. Same store image as NevynUK's HCF2.ssem.
; Result: line 31 (y) = 1, so the two numbers are co-prime; line 30 (x) = 3,
;         the last divisor. Halts at line 16 with A = -1.
; Steps:  417 (the final STP included).

restart: EJA start      ; line 0 is also the jump word: holds start-1 = 0
start:  LDN x           ; A = -x
        STO negx
        LDN y           ; A = -y
        STO y           ; y = -y for a moment
        LDN y           ; A = y
        STO x           ; x = y (the old y becomes the divisor)
        LDN negx        ; A = old x
again:  SUB x           ; A = A - divisor until negative
        CMP
loop:   JRP back        ; A >= 0: back to `again`
        SUB y           ; A = (r - d) - (-d) = r
        STO y           ; y = r
        SUB two         ; A = r - 2
        CMP             ; r < 2: skip the loop jump and stop
        JMP restart     ; r >= 2: another round with (x, y) = (d, r)
        STP             ; y = 1: co-prime; y = 0: the HCF is x

27: back: NUM again-1-loop ; -3
two:    NUM 2
negx:   NUM 0           ; -x during a round
x:      NUM 314159265
y:      NUM 271828183
