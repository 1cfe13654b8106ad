; longdiv.s: Turing's long division, 36 / 5, by shift and subtract.
;
; What:   binary long division. Each round compares the partial remainder
;         r with the divisor d: if r >= d it subtracts d and puts a 1 bit
;         into the quotient; then it doubles r and q. Quotient bits enter at
;         2^29 and the loop stops when the quotient reaches the sign bit, so
;         the quotient comes out top-aligned. The divisor is pre-shifted
;         (d = 5 * 2^2) so that three rounds produce the three quotient bits.
; Origin: Alan Turing's long division for the Manchester machine (late
;         1940s), in Charles Fox's edit for the Baby; same store image as
;         NevynUK's TuringLongDivision.ssem.
; Result: line 28 (quot) = 0xE0000000 = 7 * 2^29 (reads as -536870912), so
;         the quotient is 7; line 31 (rem) = -8: the remainder 1, negated and
;         doubled three times. Halts at line 19 with A = quot.
; Steps:  53 (the final STP included).
;
; Invariant at `top`: rem holds -r, quot holds q.

tosub:  EJA subtr       ; line 0: a jump word (never executed)
        LDN rem         ; A = -r
        STO rem         ; rem = -r
top:    LDN rem         ; A = r
        SUB dvsr        ; A = r - d
        CMP             ; r < d: skip to `nosub`
        JMP tosub       ; r >= d: go and subtract
nosub:  LDN rem         ; A = r
        STO rem         ; rem = r
        LDN quot        ; A = -q
        SUB quot        ; A = -2q
        STO quot        ; quot = -2q (a zero quotient bit)
shift:  LDN rem         ; A = -r
        SUB rem         ; A = -2r
        STO rem         ; rem = -2r: the doubled remainder, negated
        LDN quot        ; A = 2q (+ the new bit)
        STO quot
        CMP             ; the quotient reached the sign bit: skip, stop
        JMP totop
        STP
subtr:  STO rem         ; rem = r - d (A still holds it)
        LDN bit         ; A = -2^29
        SUB quot
        SUB quot        ; A = -(2^29 + 2q)
        STO quot        ; quot = -(2q + a one bit)
        JMP toshift
totop:  EJA top         ; 2
toshift: EJA shift      ; 11
quot:   NUM 0           ; the quotient, top-aligned
bit:    NUM 536870912   ; 2^29: where a quotient bit enters
dvsr:   NUM 5*4         ; the divisor, shifted left twice
rem:    NUM 36          ; the dividend, then the (negated) remainder
