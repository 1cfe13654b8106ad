loop: JMP LOOP
