; sqrt.s: integer square root by subtracting the odd numbers.
;
; What:   1 + 3 + 5 + ... + (2k - 1) = k^2, so subtracting 1, 3, 5, ... from
;         n until the next odd number no longer fits counts the largest k
;         with k^2 <= n, and what is left is n - k^2. No multiplication
;         anywhere: just the Baby's SUB and the sign test.
; Origin: written for this project (2026); the odd-number method is
;         ancient, and Brent Hilpert used it on the Baby in 2000.
; Result: line 24 (root) = 31 for n = 1000 (31^2 = 961 <= 1000 < 1024);
;         line 25 (negr) = -39, minus the remainder 1000 - 961; line 23
;         (odd) = 63, the first odd number that did not fit. Halts at
;         line 7 with A = 39 - 63 = -24.
; Steps:  564 (the final STP included).

N       EQU 1000

        NUM 0           ; line 0: never executed
        LDN n           ; A = -n
        STO negr        ; r = n
loop:   LDN negr        ; A = r
        SUB odd         ; A = r - odd
        CMP             ; negative: the next odd number does not fit
        JMP =more-1
        STP             ; done: the root is in `root`
more:   STO tmp         ; tmp = r - odd
        LDN tmp
        STO negr        ; r = r - odd
        LDN root        ; A = -k
        SUB =1
        STO tmp
        LDN tmp         ; A = k + 1
        STO root
        LDN odd         ; A = -odd
        SUB =2
        STO tmp
        LDN tmp         ; A = odd + 2
        STO odd
        JMP =loop-1
n:      NUM N
odd:    NUM 1           ; the next odd number to take away
root:   NUM 0           ; k: how many have been taken away
negr:   NUM 0           ; minus what is left of n
tmp:    NUM 0
