; primes.s: Bas Wijnen's prime generator; every run leaves the next prime
; in line 21.
;
; What:   for the candidate p = p + 1 it tries the divisors d = 2, 3, ...
;         (remainder by repeated subtraction); a zero remainder moves on to
;         the next candidate, d reaching p means p is prime and the program
;         stops, keeping p in the store for the next run. The code is
;         packed so tightly that words do double duty: line 15 holds -1 and
;         is also the STP (all ones: function 7); line 0 is an instruction
;         reached by letting CI run past line 31, and its value 24 is also a
;         jump target; line 20 is both a JMP and the jump word 0.
; Origin: Bas Wijnen, runner-up in the 1998 Manchester competition for the
;         Baby's 50th anniversary. Same store image as emuStudio's
;         primegen.ssem, NevynUK's Primes.ssem and David Sharp's
;         primegen.asm.
; Result: first run (CI = 0, A = 0): line 21 (p) = 2. Restarting with CI = 0
;         and A = 0 but the store kept gives 3, 5, 7, 11, 13, 17, ...
;         (37, 118, 174, 402, 354, 622, ... steps). Halts at line 15.
; Steps:  15 for the first run (the final STP included).

.nowarn jmp-label      ; lines 0 and 20 do double duty as jump words (see What)

wrap:   JMP tonext      ; runs when CI wraps from 31 to 32; data: 24 = test-1
newp:   LDN p           ; A = -p
        STO p
        LDN p           ; A = p
        SUB minus1      ; A = p + 1
        STO p           ; the next candidate
        LDN minus1      ; A = 1
        STO d           ; d = 1
nextd:  LDN d           ; A = -d
        STO d
        LDN d           ; A = d
        SUB minus1
        STO d           ; d = d + 1
        SUB p           ; A = d - p
        CMP             ; d < p: skip the stop, try d
minus1: NUM -1          ; d == p: p is prime. All ones = STP as code
        LDN p           ; A = -p
        STO r           ; r = -p
        LDN r           ; A = p
again:  SUB d           ; A = x - d, repeated until negative
tonewp: JMP wrap        ; CI = 24: on to `test`. Data: 0 = newp-1
p:      NUM 1           ; the prime (candidates start after 1)
d:      NUM 0           ; the trial divisor
r:      NUM 0           ; x - d once x - d went negative
tonext: EJA nextd       ; 7
test:   CMP             ; A < 0: the remainder is found
        JRP wrap        ; A >= 0: CI = 26 + 24 = 50, which fetches line 19
        STO r           ; r = x - d, where x is the remainder
        LDN r           ; A = d - x
        SUB d           ; A = -x
        CMP             ; x > 0: skip; CI steps to 32 = line 0 (`wrap`)
        JMP tonewp      ; x == 0: d divides p, try the next candidate
