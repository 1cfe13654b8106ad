ping MACRO
 pong
ENDM
pong MACRO
 ping
ENDM
 ping
