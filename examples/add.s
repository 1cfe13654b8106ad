; add.s: addition on a machine that can only subtract: sum = x + y.
;
; What:   the Baby has no ADD and its only load is LDN (load negative).
;         So -x - y is formed first (LDN x, SUB y), stored, and loaded
;         negated once more: -(-x - y) = x + y. Those four instructions
;         are the idiom behind every addition on the machine.
;         Try other numbers by changing X and Y below.
; Origin: written for this project (2026); the idea is as old as the Baby.
; Result: line 10 (sum) = 1948 + 50 = 1998; A = 1998 at the STP (line 6).
; Steps:  6 (the final STP included).

X       EQU 1948        ; the year of the Baby...
Y       EQU 50          ; ...and its fiftieth birthday

        NUM 0           ; line 0: CI is incremented before the first fetch
        LDN x           ; A = -x
        SUB y           ; A = -x - y
        STO tmp         ; tmp = -(x + y)
        LDN tmp         ; A = x + y
        STO sum
        STP
x:      NUM X
y:      NUM Y
tmp:    NUM 0
sum:    NUM 0
