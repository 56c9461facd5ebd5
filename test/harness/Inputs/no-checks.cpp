// No CHECK lines at all: the runner refuses it rather than pass vacuously.

void f() {}
