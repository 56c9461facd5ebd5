// A fixture for the runner's own tests: an upstream check (stable across the
// LLVM versions we support) stands in for ours, so the runner is tested
// independently of them. The RUN lines live in runner.test.

int f(int unused) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:11: warning: parameter 'unused' is unused [misc-unused-parameters]
// CHECK-FIXES: int f(int /*unused*/) { return 0; }
int g() { return f(1); }
