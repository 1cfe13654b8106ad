; planted.s: total = 1 + 2 + ... + n, counting n down to 0, with a planted bug.
; The counter should go down by one each turn (SUB =1); SUB =-1 makes it go
; up instead, so the loop never ends. tests/debug/planted.cmd finds it.
n       EQU 5
        NUM 0                   ; line 0: CI steps past it to line 1
loop:   LDN total               ; A = -total
        SUB count               ; A = -total - count
        STO tmp                 ; tmp = -(total + count)
        LDN tmp                 ; A = total + count
        STO total               ; total += count
        LDN count               ; A = -count
        STO tmp
        LDN tmp                 ; A = count
        SUB =-1                 ; the bug: A = count + 1 (meant SUB =1)
        STO count               ; count -= 1
        LDN count               ; A = -count
        CMP                     ; count > 0: skip the stop
        STP                     ; done: total = n(n+1)/2
        JMP =loop-1             ; round again
count:  NUM n
total:  NUM 0
tmp:    NUM 0
