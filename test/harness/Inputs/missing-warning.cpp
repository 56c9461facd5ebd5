// Expects a warning on a line where nothing is wrong: the runner must fail.

int f(int used) { return used; }
// CHECK-MESSAGES: :[[@LINE-1]]:11: warning: parameter 'used' is unused [misc-unused-parameters]
int g() { return f(1); }
