; jumps.s: the bench's jump-heavy workload: a down-counter whose every
; step is followed by a jump, so that half the instructions executed are
; JMP or JRP (indirect through the store, as all SSEM jumps are).
; Assemble with -D N=NUMBER: about 12 N steps; halts with -1 in line `cnt`.
;
; Each turn hops through the store: top -> dec -> hop -> test -> top,
; using both absolute (JMP, through a literal holding target-1) and
; relative (JRP, through a word holding the distance) jumps.

        NUM  0              ; line 0: never executed
top:    LDN  cnt            ; A = -cnt
        JMP  =neg-1
test:   STO  cnt            ; cnt = cnt - 1
        CMP                 ; went negative: skip the jump back, stop
        JRP  up             ; CI += up: back to top
        STP
neg:    STO  t              ; t = -cnt
        JRP  skip2          ; hop over two words
        NUM  0
        NUM  0
        LDN  t              ; A = cnt
        JMP  =dec-1
dec:    SUB  one            ; A = cnt - 1
        JMP  =test-1

up:     NUM  top - 1 - (test + 2)   ; JRP at test+2: CI becomes top-1
skip2:  NUM  2
one:    NUM  1
cnt:    NUM  N
t:      NUM  0
