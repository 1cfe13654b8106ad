; parabola.s: Magnus Olsson's "diffeqt": plots a parabola on the CRT by
; solving a difference equation.
;
; What:   each pass moves the pen one column right (the bit in `bit`
;         doubles) and dy rows (y = y + dy, then dy = dy + 1, starting at
;         y = 22 and dy = -6), and sets that bit in store line y. The
;         points land in the spare bits 18-31 of lines 1-22, which are the
;         program itself: it draws over its own code without changing what
;         the code does. The row is selected by rewriting the operands of
;         the LDN at `plotld` and the STO at `plotst`. It stops when the pen
;         falls off the right edge (2 * 2^31 wraps to 0, which CMP sees as
;         not negative).
; Origin: Magnus Olsson, runner-up in the 1998 Manchester competition for
;         the Baby's 50th anniversary (David Sharp's diffeqt.asm). Same
;         store image as emuStudio's parabola.ssem and NevynUK's
;         Parabola.ssem.
; Result: the parabola in lines 1-22 (see docs/img/parabola-crt.png);
;         halts at line 5 with A = 0, line 28 (dy) = 8.
; Steps:  341 (the final STP included).

Y0      EQU 22          ; the first row plotted
        NUM 0           ; line 0: never executed
column: LDN bit         ; A = -bit
        SUB bit         ; A = -2 bit
        STO bit         ; bit = -2 bit
        CMP             ; still negative: skip the stop
        STP             ; 2 bit wrapped to 0: off the screen
        LDN bit
        STO bit         ; bit = 2 bit, one column further right
plotld: LDN Y0          ; A = -S[y]   (operand = y, rewritten below)
        SUB bit         ; A = -S[y] - bit
        STO tmp
        LDN tmp         ; A = S[y] + bit: the point set
plotst: STO Y0          ; S[y] = A    (operand = y, rewritten below)
        LDN plotld      ; A = -(LDN y)
        SUB dy          ; A = -(LDN y) - dy
        STO tmp
        LDN tmp         ; A = LDN y+dy
        STO plotld      ; the next row to read
        SUB ldn2sto     ; A = STO y+dy
        STO plotst      ; the next row to write
        LDN dy          ; A = -dy
        SUB one         ; A = -dy - 1
        STO dy
        LDN dy          ; A = dy + 1
        STO dy          ; dy = dy + 1: the second difference is 1
        JMP tocol
one:    NUM 1
ldn2sto: NUM -8192      ; -(STO n - LDN n): the two function codes differ by 1
dy:     NUM -6          ; the row step, growing by one per column
bit:    NUM 131072      ; 2^17, doubled before the first point: column 18
tmp:    NUM 0
tocol:  EJA column      ; 0
