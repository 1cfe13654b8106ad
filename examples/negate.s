; negate.s: negation, subtraction and absolute value, the Baby's own
; arithmetic.
;
; What:   LDN alone negates (negx = -x). Subtraction y - x needs y in A
;         first, and A can only be loaded negated, so it goes through a
;         negated copy: LDN negy gives y, SUB x gives y - x. The absolute
;         value uses the only test, CMP, which skips the next instruction
;         when A is negative: if y - x < 0 the skipped word is a jump
;         around the negation.
; Origin: written for this project (2026).
; Result: line 16 (negx) = -1000, line 17 (diff) = 42 - 1000 = -958,
;         line 18 (absd) = 958; halts at line 12 with A = 958.
; Steps:  11 (the final STP included; the JMP is skipped).

        NUM 0           ; line 0: never executed
        LDN x           ; A = -x
        STO negx        ; negx = -x: negation is a single load
        LDN y
        STO negy        ; negy = -y
        LDN negy        ; A = y
        SUB x           ; A = y - x
        STO diff
        CMP             ; y - x < 0: skip the jump, negate
        JMP =done-1     ; y - x >= 0: already the absolute value
        LDN diff        ; A = -(y - x) = x - y
done:   STO absd
        STP
x:      NUM 1000
y:      NUM 42
negy:   NUM 0
negx:   NUM 0
diff:   NUM 0
absd:   NUM 0
