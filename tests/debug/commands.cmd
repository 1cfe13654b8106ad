# commands.cmd: every command once, GDB's spelling and SIMH's.
help
help ex
BREAK loop+13
tbreak 3 if A < 0
wp total if [total] > 20
info breakpoints
disable 1
enable 1
condition 1 [count] == 7
GO
info b
cond 1
disable
step 5
enable 2 3
c 2
state
history 3
hist
step 3
s
next 2
rs 2
reverse-stepi
rc
goto 30
goto 10
info registers
EX count 3
x
print/x [total]
print /b 5
p/i [loop]
print/d -A
eval $CI + STEPS
DEP 29 -7
deposit 28 NUM 12
deposit 27 STO tmp
dep a 3
dep ci 0
set a -1
set ci 12
display
engine
engine seed
source tests/debug/sub.cmd
step
state
quit
print not reached
