// Compiles or not: either way the fake host exits 0 or 1.
void fine() {}
