; multiply.s: multiplication by repeated addition: prod = x * y.
;
; What:   adds x to prod y times. The addition is the four-instruction idiom
;         of add.s wrapped in a macro (ADDTO dst, src: dst = dst + src).
;         The loop counter is kept negated (ncount = -rounds left), so one
;         SUB-and-store brings it towards zero and CMP can test it straight
;         away: CMP skips the STP while the counter is still negative, and
;         the JMP back goes through a literal holding loop-1, because a
;         jump on the Baby loads CI from a store line and CI is incremented
;         before the next fetch.
; Origin: written for this project (2026).
; Result: line 17 (prod) = 123 * 45 = 5535; halts at line 12 with A = 0
;         (ncount has reached zero).
; Steps:  540 (45 rounds of 12, the final STP included).

M       EQU 123         ; the multiplicand
N       EQU 45          ; the multiplier

; dst = dst + src, through tmp: -dst - src, negated back.
ADDTO   MACRO dst, src
        LDN dst
        SUB src
        STO tmp
        LDN tmp
        STO dst
        ENDM

        NUM 0           ; line 0: never executed
loop:   ADDTO prod, x   ; prod = prod + x
        LDN ncount      ; A = rounds left
        SUB =1
        STO tmp
        LDN tmp         ; A = -(rounds left - 1)
        STO ncount
        CMP             ; still negative: skip the stop, go round again
        STP
        JMP =loop-1

x:      NUM M
ncount: NUM -N          ; minus the rounds still to do
tmp:    NUM 0
prod:   NUM 0
