café: STP
