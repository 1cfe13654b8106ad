# engines.cmd: the stops every engine must reach in the same states as the reference.
break loop+5 if [count] > 6
run
state
watch total
continue
state
continue 3
state
reverse-step 7
state
reverse-continue
state
goto 40
state
goto 3
state
delete
tbreak 13
step 100
state
reverse-step 2
state
