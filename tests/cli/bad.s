; bad.s: a source error for the ssememu tests
        LDN 1
        LDX 5
        STP
