# planted.cmd: finding the bug planted in planted.s with break, watch,
# reverse-step and print. The loop never ends: stop at the end of a round.
break 14
run
print [count]
continue
print [count]
# The counter goes up, not down. Stop where it is written.
delete 1
watch count
continue
# One step back is the STO; one more is the instruction that computed it.
reverse-step
reverse-step
print A
print [count]
examine loop+8
print [31]
# SUB =-1 adds one. Back to the start, make the literal 1, and run again.
goto 0
deposit 31 1
delete
continue
print [total]
