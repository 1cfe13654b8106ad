; flags: -Werror
; -Werror: the warning fails the run.
        NUM 0
go:     JMP go
