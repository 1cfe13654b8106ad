; noodle.s: Yasuaki Watanabe's instant-noodle timer, with the original
; three-minute counter.
;
; What:   a delay loop counts A up from 2^31 - 1744 until it overflows into
;         the sign bit (1,744 rounds of three instructions), then the
;         program adds bits 22-25 to one more store line, so a bar grows up
;         the CRT between the lines of a scale drawn in the spare bits
;         16-31; more drawing sits in bits 5-12. The pointers `bar` (line 1)
;         and `fill` (line 5) move up one line per round. When the bar
;         reaches line 1 it changes the timer's own first instruction, the
;         end test (line 1 >= line 30) succeeds and the machine stops: the
;         noodles are ready. Words whose spare bits hold picture are written
;         as BIN bit strings (leftmost digit = bit 0), with the instruction
;         they hold in the comment.
; Origin: Yasuaki Watanabe, WINNER of the 1998 Manchester competition for
;         the Baby's 50th anniversary. Same store image as NevynUK's
;         3Minutes.ssem and David Sharp's noodletimer.snp; emuStudio's copy
;         has a sped-up counter.
; Result: the bar fills lines 25 up to 1; halts at line 22 with
;         A = 62914530. 131,250 steps are 187.5 s at the Baby's 700
;         instructions per second: three minutes and a bit.
; Steps:  131,250 (the final STP included).

tobar:  EJA bar                                ; line 0: jump word, 0
bar:    BIN 10011011111000101111110000111111   ; LDN 25     A = -S[p]
        BIN 00111000100001100000000000000000   ; STO tmp
        BIN 00111000100000100000000000000000   ; LDN tmp    A = S[p]
        BIN 10111000100000010000000000000000   ; SUB barbits  + bits 22-25
fill:   BIN 10011000000001100000110000110000   ; STO 25     S[p] = A
        BIN 11111001110000100000000000000000   ; LDN count  A = 2^31 - 1744
tick:   BIN 11011000100000010000000000000000   ; SUB minus1 A = A + 1
        BIN 00000000100000110000000000000000   ; CMP        overflowed: skip
        BIN 01011001110000000011110000111100   ; JMP totick
        LDN fill                               ; A = -(STO p)
        BIN 11011010001000010000000000000000   ; SUB minus1
        BIN 00111011011001100000000000000000   ; STO tmp
        BIN 00111010101000100000110000110000   ; LDN tmp    A = STO p-1
        BIN 10100010001001100000000000000000   ; STO fill
        LDN bar                                ; A = -(LDN p)
        BIN 11011011111000010000000000000000   ; SUB minus1
        BIN 00111011110001100011110000111100   ; STO tmp
        BIN 00111011111000100000000000000000   ; LDN tmp    A = LDN p-1
        STO bar
        BIN 01111011110000010000000000000000   ; SUB endmark
        BIN 00000010001000110000110000110000   ; CMP        not there yet: skip
        BIN 00000011110001110000000000000000   ; STP        noodles ready
        BIN 00000010010000000000000000000000   ; JMP tobar  (+ picture)
        BIN 00000010001000000000000000000000   ; (picture only)
        BIN 00000000000000001111110000111111   ; (picture: bottom of the scale)
totick: EJA tick        ; 6
minus1: NUM -1
tmp:    NUM 0
barbits: NUM -15*4194304                       ; -(bits 22-25 set)
endmark: BIN 01111011111000101111110000111111  ; line 1 as it starts, + 5
count:  NUM -(2147483648-1744)                 ; A starts at -count
