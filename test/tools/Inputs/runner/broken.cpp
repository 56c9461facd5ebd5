// Does not compile.
void broken() { undeclared(); }
