; clock.s: John Deane's "mediaeval" clock: hours and 1/32 hours as bars of
; light on the CRT, for ever.
;
; What:   a delay loop (26,250 rounds of three instructions) lasts 1/32
;         hour, 112.5 s, at the Baby's 700 instructions per second. After
;         each delay the bar of ones in line 31 is doubled, which shifts it
;         one column right and puts out one light on the left; when all 32
;         are out, line 31 is refilled with ones and the hour bar in line 30
;         is shifted the same way; after 12 hours the hour bar is refilled.
;         A doubling is x + x = x - (-x), using line 0 for -x. Most words
;         carry a drawing in their spare bits, so they are written as BIN
;         bit strings (leftmost digit = bit 0, as the CRT shows them), with
;         the instruction each word holds in the comment.
; Origin: John Deane, runner-up in the 1998 Manchester competition for the
;         Baby's 50th anniversary. Same store image as David Sharp's
;         medclock.snp and NevynUK's Clock.ssem (emuStudio's copy has a
;         sped-up counter).
; Result: never halts. Line 31 (frac) goes -1, -2, -4, ... one step every
;         78,760 instructions; after exactly 5,000,000 steps A = 13547,
;         CI = 1, hours = -2 (one hour gone) and frac = 0x80000000 (31/32
;         more): 63 ticks.
; Steps:  does not stop.

.nowarn missing-stp    ; a clock runs until the operator stops it

tmp:    NUM 0                                  ; line 0: scratch, never executed
start:  BIN 11011000000000100000000010000000   ; LDN count    A = 26250
tick:   BIN 00111000000000010000000101000000   ; SUB one      A = A - 1
        BIN 00000000000000110000001000100000   ; CMP          done: skip
        BIN 00111000000000000000010010010000   ; JMP one      (= EJA tick)
        BIN 11111000000000100010100000001010   ; LDN frac     A = -f
        BIN 00000000000001100101000010000101   ; STO tmp      tmp = -f
        BIN 00000000000000100111001010100111   ; LDN tmp      A = f
        BIN 00000000000000010101001010100101   ; SUB tmp      A = 2f
        BIN 11111000000001100101001010100101   ; STO frac
        BIN 00000000000000110101001010100101   ; CMP          lights left: skip
        BIN 00111000000001000111111111111111   ; JRP one      all out: skip a line
        BIN 10111000000000000100000000000001   ; JMP tostart
        BIN 00111000000000100100000111000001   ; LDN one      A = -1, all ones
        BIN 11111000000001100100001000100001   ; STO frac     refill
        BIN 01111000000000100100010000010001   ; LDN hours    A = -h
        BIN 00000000000001100100100000001001   ; STO tmp
        BIN 00000000000000100111100000001111   ; LDN tmp      A = h
        SUB tmp                                ; A = 2h
        BIN 01111000000001100110001111000111   ; STO hours
        BIN 01011000000000010010001010101010   ; SUB twelve   A = 2h + 2048
        BIN 00000000000000110010001010010010   ; CMP          12 hours: skip
        BIN 10111000000000000010001010010010   ; JMP tostart
        BIN 00111000000000100001110011000111   ; LDN one      A = -1
        STO hours                              ; refill the hours
        JMP tostart
twelve: BIN 00000000000111111111111111111111   ; -2048: the hour bar's end
count:  BIN 01101110100110011111111111111111   ; -26250: the delay
one:    EJA tick                               ; 1: a constant and a jump word
tostart: EJA start                             ; 0
hours:  NUM -1                                 ; the hour bar
frac:   NUM -1                                 ; the 1/32-hour bar
