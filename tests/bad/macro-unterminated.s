load MACRO v
    LDN v
STP
