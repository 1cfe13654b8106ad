# errors.cmd: every kind of bad input gets a message and the session goes on.
brek 3
rev
frobnicate
break
break 32
break nosuch
break loop if A <
watch total+20
print
print nosuch + 1
print 1/0
print/q A
step 0
step many
continue -1
goto
deposit 5
deposit 5 4294967296
deposit 5 LDN totl
deposit 5 SUB =1
deposit 40 1
set a
set b 1
set ci 99999999999
delete 9
enable x
condition 7 A
info nothing
engine treaded
help nosuch
source /nonexistent/file.cmd
examine 3 1 1
# still alive:
print A + 1
info registers
