; subroutine.s: a subroutine called from two places, returning by a
; self-modified jump: total = |a| + |b|.
;
; What:   the Baby has no call instruction and no stack. A call stores the
;         return point in the word `link` and jumps; the subroutine ends
;         with JMP link, an indirect jump through that word. JMP n sets CI
;         to S[n] and CI is incremented before the next fetch, so `link`
;         must hold the line of the calling JMP itself: the caller loads it
;         with LDN =-back (a literal holding minus that line). The CALL
;         macro does all of this; labels inside a macro are unique per
;         expansion, so each call has its own `back`. The argument is
;         passed in A (as -x, the way LDN leaves it).
;         The subroutine adds |x| to a negated running total `nacc`.
; Origin: written for this project (2026), in the spirit of David
;         Wheeler's "Wheeler jump" on EDSAC (1949).
; Result: |-17| + |25| = 42: A = 42 at the STP (line 10), line 25 (nacc)
;         = -42.
; Steps:  29 (the final STP included).

; call `target` with x = arg: A = -x on entry; returns to the next line.
CALL    MACRO target, arg
        LDN =-back      ; A = back, the line of this call's JMP
        STO link        ; the subroutine will jump through link
        LDN arg         ; A = -x
back:   JMP =target-1
        ENDM

        NUM 0           ; line 0: never executed
        CALL addabs, a
        CALL addabs, b
        LDN nacc        ; A = |a| + |b|
        STP

; addabs: nacc = nacc - |x|, for A = -x on entry.
addabs: STO p           ; p = -x
        CMP             ; x > 0: skip the load, A = -x is already -|x|
        LDN p           ; x <= 0: A = x = -|x|
        STO p           ; p = -|x|
        LDN nacc        ; A = running total
        SUB p           ; A = total + |x|
        STO p
        LDN p           ; A = -(total + |x|)
        STO nacc
        JMP link        ; return: CI = the caller's JMP line
link:   NUM 0           ; the return point, written by each call

a:      NUM -17
b:      NUM 25
p:      NUM 0           ; scratch
nacc:   NUM 0           ; minus the running total
