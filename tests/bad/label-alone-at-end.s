STP
end:
