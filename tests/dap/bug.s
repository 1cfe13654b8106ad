; bug.s: sum = 5 + 4 + 3 + 2 + 1 = 15, counting n down to 0; a bug is planted.
; The DAP tests find it: n should fall by one each pass, but it rises.
        NUM 0           ; line 0: CI is incremented before the first fetch
loop:   LDN sum         ; A = -sum
        SUB n           ; A = -sum - n
        STO tmp
        LDN tmp         ; A = sum + n
        STO sum
        LDN n           ; A = -n
        STO tmp
        LDN tmp         ; A = n
        SUB =-1         ; the bug: A = n + 1, where n - 1 was meant (SUB =1)
        STO n
        LDN n           ; A = -n
        CMP             ; n > 0: skip the STP
        STP
        JMP =loop-1
n:      NUM 5
sum:    NUM 0
tmp:    NUM 0
