; divmod.s: division with remainder: 1000 = 7 * quot + rem.
;
; What:   subtracts the divisor while it still fits, counting. The running
;         remainder r is kept negated (negr = -r) so that LDN negr puts r
;         itself in A, ready for SUB. CMP is the only test: it skips the
;         next instruction when A is negative, so "if r - d >= 0 goto fits"
;         is CMP followed by a JMP through a literal holding fits-1.
;         Steps grow with the quotient: 13 per subtraction.
; Origin: written for this project (2026).
; Result: line 23 (quot) = 142, line 24 (rem) = 6; halts at line 9 with
;         A = 6.
; Steps:  1,854 (the final STP included).

        NUM 0           ; line 0: never executed
        LDN n           ; A = -n
        STO negr        ; r = n
loop:   LDN negr        ; A = r
        SUB d           ; A = r - d
        CMP             ; r - d < 0: the divisor no longer fits, skip
        JMP =fits-1
        LDN negr        ; A = r
        STO rem
        STP
fits:   STO tmp         ; tmp = r - d
        LDN tmp
        STO negr        ; r = r - d
        LDN quot        ; A = -q
        SUB =1          ; A = -(q + 1)
        STO tmp
        LDN tmp         ; A = q + 1
        STO quot
        JMP =loop-1
n:      NUM 1000        ; the dividend
d:      NUM 7           ; the divisor
negr:   NUM 0           ; minus the running remainder
tmp:    NUM 0
quot:   NUM 0
rem:    NUM 0
