; selfmod.s: the bench's self-modification workload: a counter loop that
; rewrites one of its own instructions on every turn (STO into code), as
; nightmare, the noodle timer and the table walks of 1948 do.
; Assemble with -D LIMIT=NUMBER: the loop runs until cnt reaches LIMIT,
; about 8 LIMIT steps, and halts with cnt (>= LIMIT) in line `cnt`.
;
; The word at `walk` flips between SUB one and SUB two each turn:
; K - W turns one into the other (K is their sum), so cnt grows by 1 and 2
; alternately. Every engine that caches decoded words has to redo `walk`
; (and whatever it fused with it) on every turn.

        NUM  0              ; line 0: never executed
loop:   LDN  walk           ; A = -W
        SUB  nk             ; A = K - W: the other instruction
        STO  walk           ; rewrite it
        LDN  cnt            ; A = -cnt
walk:   SUB  one            ; A = -cnt - 1, or -cnt - 2 next turn
        STO  ncnt
        LDN  ncnt           ; A = cnt + 1 (or 2)
        STO  cnt
        SUB  limit          ; A = cnt - LIMIT
        CMP                 ; still below: skip the STP
        STP
        JMP  =loop-1

one:    NUM  1
two:    NUM  2
nk:     NUM  0 - (0x8000 + one) - (0x8000 + two)   ; -(SUB one + SUB two): SUB is function 4
limit:  NUM  LIMIT
cnt:    NUM  0
ncnt:   NUM  0
