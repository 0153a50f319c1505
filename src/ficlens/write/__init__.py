"""Writers: turn an analysed story into files people use."""
