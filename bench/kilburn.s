; kilburn.s: Kilburn's highest-factor routine (amended form, July 1948) on P,
; the bench's arithmetic workload. Assemble with -D P=NUMBER, e.g.
;     ssemasm -D P=1000003 bench/kilburn.s -o kilburn.img
; On a prime the routine tries every divisor from P-1 down to 1, so the run
; is long: about 3 P ln P + 12 P steps. It halts with the highest proper
; factor in line `b` (1 for a prime) and -b in line `nb`.
;
; The routine divides by repeated subtraction: the inner loop is the three
; words at `trial`, SUB CMP JRP, which is why superinstructions help here.

        NUM  0              ; line 0: CI starts at 0, so execution begins at line 1
start:  LDN  b0             ; A = -(P-1): the first divisor to try
        STO  nb             ; nb = -b
next:   LDN  nb             ; A = b
        STO  b              ; b
again:  LDN  na             ; A = P
trial:  SUB  b              ; A = A - b, until it goes negative
        CMP
        JRP  back           ; still >= 0: subtract again (CI += -3)
        SUB  nb             ; A went past zero by one b: adding b back gives the remainder
        STO  r
        LDN  r              ; A = -remainder
        CMP                 ; remainder > 0: skip the STP
        STP                 ; remainder 0: b divides P, stop
        LDN  nb             ; A = b
        SUB  one            ; A = b - 1
        STO  b
        LDN  b              ; A = -(b - 1)
        STO  nb
        JMP  loop           ; CI = again-1: try the next divisor

back:   NUM  -3             ; JRP back lands on `again`, CI+1 = trial
one:    NUM  1
loop:   NUM  again-1
na:     NUM  -P
b0:     NUM  P-1
r:      NUM  0
nb:     NUM  0
b:      NUM  0
