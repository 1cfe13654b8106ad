; flags: -w
; -w: nothing at all, even for a program with every fault.
        NUM 0
go:     JMP go
x:      NUM 1
