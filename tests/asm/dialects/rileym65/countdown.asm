; countdown.asm: rileym65's Linux-SSEM asm: count num down from 3 to -1.
            .list
            .symbols
            .lstfile countdown.lst
            .map
            .mapfile countdown.map
            org     0
            dw      0               ; line 0, never executed
loop:       ldn     num             ; A = -num
            sto     t
            ldn     t               ; A = num
            sub     one
            sto     num             ; num = num - 1
            cmp                     ; negative: skip the jump back
            jmp     [zero]          ; the table word holds 0: on to line 1
            jmp     [done-1]        ; ... holds done-1: on to done
            refs                    ; [zero], [done-1]: two words here
done:       stp
num:        dw      3               ; a label named like a mnemonic
t:          dw      0
one:        dw      k
k:          equ     1
zero:       equ     0
