// The fix expected here is not what clang-tidy produces: the runner must
// fail on CHECK-FIXES (full-line match).

int f(int unused) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:11: warning: parameter 'unused' is unused [misc-unused-parameters]
// CHECK-FIXES: static int f(int) { return 0; }
int g() { return f(1); }
