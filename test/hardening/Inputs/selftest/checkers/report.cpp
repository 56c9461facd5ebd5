// The fake host prints a sanitizer report and exits 1: still a crash.
// FAKE-REPORT
