; table.s: walking a table by rewriting an operand: the sum of the first
; eight primes.
;
; What:   the Baby has no index register, so to read t[0], t[1], ... the
;         program changes the operand of its own SUB instruction at `fetch`:
;         an instruction is just a number (function * 8192 + line), so
;         adding 1 to it makes it name the next line. The end test compares
;         the rewritten word with `endw`, an instruction written as data
;         that is never executed: SUB tab+8, one past the table.
; Origin: written for this project (2026); self-modifying code was the
;         normal way to index on the Baby and its successors until the
;         Manchester Mark 1 added the B-lines (index registers) in 1949.
; Result: line 16 (sum) = 2 + 3 + 5 + 7 + 11 + 13 + 17 + 19 = 77, and the
;         `fetch` instruction (line 2) has become SUB 26 (= endw).
;         Halts at line 13 with A = 0.
; Steps:  104 (the final STP included).

        NUM 0           ; line 0: never executed
loop:   LDN sum         ; A = -sum
fetch:  SUB tab         ; A = -sum - t[i]   (the operand is i, rewritten)
        STO tmp
        LDN tmp         ; A = sum + t[i]
        STO sum
        LDN fetch       ; A = -(SUB tab+i)
        SUB =1          ; A = -(SUB tab+i + 1)
        STO tmp
        LDN tmp         ; A = SUB tab+i+1: the next entry
        STO fetch
        SUB endw        ; A = i + 1 - 8
        CMP             ; negative: more entries, skip the stop
        STP
        JMP =loop-1
endw:   SUB tab+8       ; data: where the walk ends
sum:    NUM 0
tmp:    NUM 0
tab:    NUM 2           ; t[0]
        NUM 3
        NUM 5
        NUM 7
        NUM 11
        NUM 13
        NUM 17
        NUM 19          ; t[7]
