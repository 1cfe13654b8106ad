; macro.s: misuse of macros, and an error inside an expansion.
load    MACRO addr
        LDN addr
        ENDM
        load 33                 ; error in the body, note at the call
        load                    ; too few arguments
        load 1, 2               ; too many
        ENDM                    ; ENDM without MACRO
rec     MACRO
        rec
        ENDM
        rec                     ; unbounded recursion
open    MACRO x
        NUM x
