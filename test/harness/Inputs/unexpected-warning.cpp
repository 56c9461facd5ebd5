// One warning is expected, but a second one fires: the runner must fail
// (-implicit-check-not).

int f(int unused) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:11: warning: parameter 'unused' is unused [misc-unused-parameters]
int h(int another) { return 0; }
int g() { return f(1) + h(2); }
