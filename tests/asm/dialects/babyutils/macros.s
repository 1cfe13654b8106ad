-- macros.s: babyutils bas: r = 2a - 3b, with line continuation, $, macros
-- called in another case than defined and a macro that shadows SUB2.
mneg \
        MACRO src, dst          -- dst = -src
        LDN src
        STO dst
        ENDM
sub2    MACRO x                 -- a user macro wins over the SUB2 alias
        SUB x
        SUB x
        ENDM

        num 0                   -- line 0, never executed
start:  MNEG a, t               -- t = -a
        ldn t                   -- A = a
        SUB2 b                  -- A = a - 2b
        sub b                   -- A = a - 3b
        sub t                   -- A = 2a - 3b
        sto r
        JMP =$+1                -- through a literal holding $+1: skips a line
        hlt                     -- never reached
        Hlt
a:      num 20
b:      num 4
t:      num 0
r:      num 0
