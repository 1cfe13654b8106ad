JMP nowhere
STP
