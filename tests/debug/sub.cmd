# sub.cmd: run by `source` from commands.cmd.
print STEPS
engine threaded
