; nightmare.s: Frank Hurley's "Nightmare": the Baby and Tom Kilburn chase
; each other across the CRT, for ever.
;
; What:   lines 25-31 hold the picture (a stick figure and the machine).
;         Each pass of the loop rotates one of those lines left by one bit,
;         which moves it one column to the right on the CRT, with the bit
;         that falls off the right edge coming back on the left; the next
;         pass takes the next line, so the scene scrolls across the screen
;         (32 columns in 224 passes, about 4,000 instructions). The loop
;         rewrites its own LDN (line 1) and STO (line 8) to select the line,
;         computing them from `count` with other code words used as
;         constants (lines 0 and 5), and nearly every word carries part of a
;         second drawing in its spare bits. So the whole program is written
;         as BIN bit strings (leftmost digit = bit 0, as the CRT shows
;         them), with the instruction each word holds in the comment.
;         The rotation: A = -x; if x is negative (its top bit is set) add 1;
;         then subtract -x three times: 2x + carry.
; Origin: Frank Hurley, runner-up in the 1998 Manchester competition for the
;         Baby's 50th anniversary. Same store image as David Sharp's
;         nightmare.snp, emuStudio's nightmare.ssem and NevynUK's
;         Nightmare.ssem.
; Result: never halts; watch it with `ssememu --watch`. After exactly
;         5,000,000 steps A = -7 and CI = 11 (the state SIMH reaches).
; Steps:  does not stop.

.nowarn missing-stp    ; the animation runs until the operator stops it

        BIN 00000110101001000100000100000100   ; JRP 0     (data: LDN/STO offset)
loop:   BIN 10011011111100100010000010001000   ; LDN 25    A = -x (operand rewritten)
        BIN 10000010000101101000100001010000   ; STO 1     line 1 = -x for a moment
        BIN 00000010000100110100001001100000   ; CMP       x >= 0: no carry
        BIN 11101011111100011010101010010100   ; SUB minus1  carry: A = -x + 1
        BIN 10000000110000010001000010101001   ; SUB 1     A = A + x (also a constant)
        BIN 10000001111000010000100100001100   ; SUB 1     A = A + x
        BIN 10000001111000010000011000000010   ; SUB 1     A = 2x + carry
        BIN 10011000000001101000011001000001   ; STO 25    x = A (operand rewritten)
        BIN 10101001111000100100100100000010   ; LDN count A = -c
        BIN 00000001111000110011010010000100   ; CMP       c > 0: skip the reset
        BIN 01101001111000010011000001001000   ; SUB seven A = -7: back to line 25
        BIN 11101001111000010100100000110000   ; SUB minus1  A = -(c - 1)
        BIN 10101000110001101000010000110000   ; STO count
        BIN 10100001111000010000001001001000   ; SUB 5     A = the STO for the next line
        BIN 00010011111101100000000110000100   ; STO 8
        BIN 00000111111110010000000010000010   ; SUB 0     A = the LDN for it
        BIN 10000011111101101111111111111111   ; STO 1     (restores line 1)
        BIN 10101001111000100110011001100110   ; LDN count A = c - 1
        BIN 10101000110001101111111111111111   ; STO count
        BIN 00011000110000001111111111111111   ; JMP toloop
count:  NUM 6           ; 31 - the line to rotate next
seven:  NUM 7           ; seven picture lines
minus1: NUM -1
toloop: EJA loop        ; 0
        BIN 00000000000000011111000000100000   ; the picture, lines 25-31
        BIN 00000000000000100000100001010000
        BIN 00000000000000100010100000100000
        BIN 00000001111110100000100000111000
        BIN 00000010000000011111000000100000
        BIN 00011110011110001000000000100000
        BIN 00111111111111111110000001010000
