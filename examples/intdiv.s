; intdiv.s: Brendan Campbell's integer division, 666 / 42, with his initials
; drawn on the CRT.
;
; What:   divides by repeated subtraction, counting the subtractions:
;         quotient in line 30, remainder in line 31. The spare bits 21-25 of
;         lines 0-22 (ignored by the machine) draw the letters B, J, L, C on
;         the display; so those words are written as BIN bit strings
;         (leftmost digit = bit 0, as the CRT shows them) with the
;         instruction they hold in the comment.
; Origin: Brendan Campbell, UK schools winner of the 1998 Manchester
;         programming competition for the Baby's 50th anniversary. Same
;         store image as David Sharp's intdiv.snp and NevynUK's
;         IntDivision.ssem.
; Result: line 30 (quot) = 15, line 31 (remd) = 36; halts at line 12 with
;         A = 36.
; Steps:  206 (the final STP included).

        BIN 00000000000000000000011110000000   ; (data: picture only)
        BIN 10111000000000100000010001000000   ; LDN dvsr   A = -d
        BIN 11011000000001100000011110000000   ; STO negd
        BIN 00111000000000100000010001000000   ; LDN dvnd   A = -n (loop top)
        BIN 01011000000001100000011110000000   ; STO negn
        LDN negn                               ; A = n
        BIN 10111000000000010000011111000000   ; SUB dvsr   A = n - d
        BIN 00111000000001100000000010000000   ; STO dvnd   n = n - d
        BIN 00000000000000110000000010000000   ; CMP        n < 0: done
        BIN 10011000000000000000010010000000   ; JMP tocount
        BIN 11011000000000010000001100000000   ; SUB negd   A = n + d
        STO remd                               ; the remainder
        BIN 00000000000001110000010000000000   ; STP
count:  BIN 01111000000000100000010000000000   ; LDN quot   A = -q
        BIN 00011000000000010000010000000000   ; SUB one    A = -q - 1
        BIN 01111000000001100000010000000000   ; STO quot
        BIN 01111000000000100000011111000000   ; LDN quot   A = q + 1
        STO quot
        BIN 11101000000000000000001111000000   ; JMP toloop
        BIN 00000000000000000000010000000000   ; (picture only)
        BIN 00000000000000000000010000000000   ; (picture only)
        BIN 00000000000000000000010000000000   ; (picture only)
        BIN 00000000000000000000001111000000   ; (picture only)
toloop: EJA 3           ; line 3 is the loop top
one:    NUM 1
tocount: EJA count      ; 12
negn:   NUM 0           ; -n
negd:   NUM 0           ; -d
dvnd:   NUM 666         ; the dividend, then what is left of it
dvsr:   NUM 42          ; the divisor
quot:   NUM 0           ; the quotient
remd:   NUM 0           ; the remainder
