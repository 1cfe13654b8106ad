; banner.s: a text banner, "BABY 48", scrolling round the CRT for ever.
;
; What:   lines 27-31 hold the text, one row of a 3x5 font in each. Each
;         pass rotates one row by one bit (doubling it and carrying the top
;         bit round to bit 0), which moves it one column to the right on
;         the CRT, where bit 0 is on the left; five passes make a sweep and
;         move the whole text one column. The row is selected by rewriting
;         the operands of the LDN at `get` and the STO at `put`; `get` is
;         also the scratch word (it is rebuilt from `put` each pass). The
;         end of a sweep is found without comparing anything: `put` carries
;         a counter in its spare bits 28-30, and the step added to it each
;         pass is 1 + 2^28, so after the fifth row `put` turns negative.
;         The program fills the store exactly: code, four constants and
;         five rows of text, 32 words.
; Origin: written for this project (2026), after the scrolling-text
;         programs of the 1998 competition.
; Result: never halts. Every sweep (84 to 89 steps) moves the text one
;         column; after 32 sweeps, exactly 2,747 steps, CI = 0 and lines
;         27-31 are back where they started (the tests check this). At the
;         Baby's 700 instructions per second that is 8 columns a second;
;         watch it with `ssememu --watch examples/banner.s`.
; Steps:  does not stop.

.nowarn fall-into-data ; `put` is an instruction written as NUM for its spare bits

COUNT   EQU 0x10000000  ; bit 28: one unit of the sweep counter in `put`

toget:  EJA get         ; line 0: jump word, 0
get:    LDN rows        ; A = -x         (operand = the row, rewritten)
        STO get         ; get = -x       (scratch until rebuilt below)
        CMP             ; x >= 0 (no top bit): skip the carry
        SUB minus1      ; A = -x + 1
        SUB get
        SUB get
        SUB get         ; A = -x + 3x = 2x (+ 1): x rotated
put:    NUM 3*8192 + rows + 3*COUNT   ; STO rows, counter 3 in the spare bits
        LDN put         ; A = -put
        SUB step        ; A = -(put + step)
        STO get
        LDN get         ; A = put + step: the next row, counter + 1
        STO put
        SUB ldnoff      ; A = the LDN for the same row
        STO get
        CMP             ; negative: the counter overflowed, sweep done
        JMP toget       ; the next row
        LDN reset       ; A = put as it started: the first row again
        STO put
        SUB ldnoff
        STO get
        JMP toget
minus1: NUM -1
step:   NUM 1 + COUNT   ; the next row, and one more on the counter
ldnoff: NUM 8192        ; STO n - LDN n: the function codes differ by 1
reset:  NUM -(3*8192 + rows + 3*COUNT)
rows:   BIN 01100010011001010000010101110000   ; "BABY 48" in a 3x5 font
        BIN 01010101010101010000010101010000
        BIN 01100111011000100000011101110000
        BIN 01010101010100100000000101010000
        BIN 01100101011000100000000101110000
