// The fake host aborts on this file: a crash the script must report.
// FAKE-ABORT
