; add.s: 5 + 3, the sum in line 9 and in A (a ssememu test program)
        NUM 0
start:  LDN x           ; A = -5
        SUB y           ; A = -8
        STO sum
        LDN sum         ; A = 8
        STO sum
        STP
x:      NUM 5
y:      NUM 3
sum:    NUM 0
