; literals.s: the literal pool fills free lines from the top down, deduplicated.
        NUM 0
top:    LDN =7                  ; first literal: the highest free line, 31
        SUB =7                  ; the same word is shared
        SUB =-1                 ; line 30 is taken below, so this goes to 29
        STO x
        JMP =top-1              ; the SSEM's indirect jump idiom: lands on top
x:      NUM 0
        JRP =back-here          ; relative: CI + S[n], then the fetch adds one
here:   STP
back:   STP
30:     NUM 30                  ; lines the program uses are skipped
        .nowarn missing-stp     ; it loops by design: JMP =top-1
