; virpet.s: Achut Reddy's virtual pet: a face on the CRT that is happy while
; it has food and sad when the food runs out, until you feed it.
;
; What:   lines 28-31 draw the face (eyes, nose, mouth). Each round eats one
;         unit of food from line 22; when the food goes negative the two
;         mouth lines 30 and 31 are swapped (the smile becomes a frown), the
;         food is set to 0 and the pet waits. Feed it by storing a positive
;         number in line 22: `ssememu -n 8000 -o pet.snp virpet.s`, edit
;         line 0022 of pet.snp, then `ssememu --ci 13 pet.snp` resumes the
;         wait loop; the smile comes back and it eats again.
; Origin: Achut Reddy, entry in the 1998 Manchester competition for the
;         Baby's 50th anniversary. Same store image as emuStudio's
;         virpet.ssem and pfaivre's virpet.asm.
; Result: never halts. The food lasts 1,001 rounds: after 7,013 steps the
;         face is sad (line 30 = 0x01C00080, line 31 = 0x02200140) and the
;         pet waits in lines 14-16 with line 22 (food) = 0. After exactly
;         5,000,000 steps A = 0 and CI = 14.
; Steps:  does not stop.

.nowarn missing-stp    ; the pet lives until the operator stops it

hunger: EJA eat         ; line 0: holds 0, a jump word and the constant 0
eat:    LDN food        ; A = -food
        SUB minus1      ; A = -food + 1 = -(food - 1)
        STO tmp
        LDN tmp         ; A = food - 1
        STO food
        CMP             ; food < 0: skip, it is hungry
        JMP hunger      ; eat another unit
        LDN corners     ; the mouth turned down:
        STO lower       ; corners below,
        LDN middle
        STO upper       ; middle above
        LDN hunger      ; A = 0
        STO food        ; food = 0
wait:   LDN food        ; A = -food
        CMP             ; food > 0: it has been fed, skip
loop:   JRP back        ; back to `wait`
        LDN corners     ; the mouth turned up again:
        STO upper       ; corners above,
        LDN middle
        STO lower       ; middle below
        JMP hunger
food:   NUM 1000        ; the food
corners: NUM -0x02200140 ; -(the corners of the mouth, bits 21 and 25, + picture)
middle: NUM -0x01C00080 ; -(the middle of the mouth, bits 22-24, + picture)
tmp:    NUM 0
back:   NUM wait-1-loop ; -3
minus1: NUM -1
        BIN 00000001000000000000001010000000   ; the eyes (bits 22, 24)
        BIN 00000011100000000000000000000000   ; (bits 6-8 of 28-31: a little figure)
upper:  BIN 00000010100000000000010001000000   ; the corners of the smile
lower:  BIN 00000001000000000000001110000000   ; the middle of the smile
