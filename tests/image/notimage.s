01 LDN 29 -- comment
02 STP
