// The fake host never finishes this file: a hang the script must report.
// FAKE-HANG
