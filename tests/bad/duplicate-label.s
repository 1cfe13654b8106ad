here: NUM 1
here: NUM 2
