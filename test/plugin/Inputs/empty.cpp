// A file with nothing to check: only option problems can be said.
int main() { return 0; }
