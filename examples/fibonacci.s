; fibonacci.s: Fibonacci numbers: F(40) and F(41).
;
; What:   F(0) = 0, F(1) = 1, F(k+2) = F(k) + F(k+1). Copying a word costs
;         two instructions on the Baby (LDN, STO to a temporary, LDN, STO),
;         so instead of shifting the pair along, the loop is unrolled
;         twice and the two words take turns: a = a + b makes a the newer
;         number, then b = a + b makes b the newer one. After k rounds
;         a = F(2k) and b = F(2k + 1). The addition is a macro (ADDTO, as
;         in multiply.s) and the round counter is kept negated.
; Origin: written for this project (2026).
; Result: after 20 rounds line 19 (a) = F(40) = 102334155, line 20 (b) =
;         F(41) = 165580141; halts at line 17 with A = 0.
; Steps:  340 (20 rounds of 17, the final STP included).

ROUNDS  EQU 20

ADDTO   MACRO dst, src  ; dst = dst + src, through tmp
        LDN dst
        SUB src
        STO tmp
        LDN tmp
        STO dst
        ENDM

        NUM 0           ; line 0: never executed
loop:   ADDTO a, b      ; a = F(2k + 2)
        ADDTO b, a      ; b = F(2k + 3)
        LDN ncount      ; A = rounds left
        SUB =1
        STO tmp
        LDN tmp         ; A = -(rounds left - 1)
        STO ncount
        CMP             ; more to do: skip the stop
        STP
        JMP =loop-1
a:      NUM 0           ; F(0)
b:      NUM 1           ; F(1)
ncount: NUM -ROUNDS
tmp:    NUM 0
