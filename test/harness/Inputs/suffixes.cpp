// Suffixed expectations: A is compiled with -DVARIANT_A, B without it.

#ifdef VARIANT_A
int f(int a) { return 0; }
// CHECK-MESSAGES-A: :[[@LINE-1]]:11: warning: parameter 'a' is unused [misc-unused-parameters]
#else
int f(int b) { return 0; }
// CHECK-MESSAGES-B: :[[@LINE-1]]:11: warning: parameter 'b' is unused [misc-unused-parameters]
#endif
int g() { return f(1); }
