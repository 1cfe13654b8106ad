; flags: -Wall
; The -Wall warnings: unused names, a STO into code that never runs,
; a JMP through line 0 that is not the restart idiom.
unused  EQU 7
        NUM 1           ; line 0 holds 1: JMP 0 lands on line 2
start:  LDN n
        STO dead        ; dead is an instruction nothing reaches
        CMP
        JMP 0
        STP
dead:   SUB n
n:      NUM 3
