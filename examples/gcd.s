; gcd.s: greatest common divisor by Euclid's subtraction: gcd(1071, 462).
;
; What:   while a != b, subtract the smaller from the larger. With CMP the
;         only test (skip the next instruction if A < 0), three outcomes of
;         a - b take two tests: CMP on a - b separates a < b; then CMP on
;         -(a - b) separates a > b from a == b. When they are equal the
;         subtraction has just made a = 0 and b is the answer.
;         Compare Tootill's 1948 hcf.s, which uses remainders instead.
; Origin: written for this project (2026); Euclid, about 300 BC.
; Result: line 19 (b) = 21, line 18 (a) = 0; halts at line 16 with A = 0.
; Steps:  123 (the final STP included).

        NUM 0           ; line 0: never executed
loop:   LDN a           ; A = -a
        STO nega
        LDN nega        ; A = a
        SUB b           ; A = a - b
        CMP             ; a < b: skip the jump
        JMP =ageb-1
        LDN b           ; A = -b
        SUB nega        ; A = a - b
        STO tmp
        LDN tmp         ; A = b - a
        STO b           ; b = b - a
        JMP =loop-1
ageb:   STO a           ; a = a - b, which is >= 0
        LDN a           ; A = -(a - b)
        CMP             ; a was > b: skip the stop
        STP             ; a was b: the answer is in b
        JMP =loop-1
a:      NUM 1071
b:      NUM 462
nega:   NUM 0
tmp:    NUM 0
