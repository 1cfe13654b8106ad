grow MACRO x
 NUM x
 grow x x
 ENDM
 grow 1
