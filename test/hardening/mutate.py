#!/usr/bin/env python3
"""Runs every dbsession check over the test inputs and over damaged copies of
them, and fails on a crash, a sanitizer report or a hang.

Each input is run as it is, then K times damaged: cut at a random point,
lines deleted, lines duplicated, two lines swapped, a brace removed or one
added. The damage is drawn from a fixed seed, so a run can be repeated. The
module is expected to be a sanitizer build (ASan and UBSan): the ASan
runtime is preloaded into the host clang-tidy.

A damaged file rarely compiles, and clang-tidy then exits with status 1:
that is fine. A signal, a sanitizer's exit status or report, a crash
backtrace, or a run past the time limit is not; the file that caused it is
kept in the output directory with the command that reproduces it.
"""

import argparse
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ASAN_EXIT = 86
UBSAN_EXIT = 87
CRASH_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
               "runtime error:", "Stack dump:", "PLEASE submit a bug report",
               "UndefinedBehaviorSanitizer")

QT = "/usr/include/x86_64-linux-gnu/qt5"
REAL_FLAGS = ["-isystem", QT, "-isystem", QT + "/QtCore", "-isystem",
              QT + "/QtSql", "-isystem", "/usr/include/postgresql", "-fPIC"]


def inputs(tests):
    """(path, flags) of every C++ test input: the checker tests with the mock
    headers, the integration tests with the real ones."""
    checkers = os.path.join(tests, "checkers")
    mocks = os.path.join(checkers, "Inputs")
    mock_flags = []
    for name in sorted(os.listdir(mocks)):
        if os.path.isdir(os.path.join(mocks, name)) and name not in (
                "generated", "errors", "languages"):
            mock_flags += ["-isystem", os.path.join(mocks, name)]
    found = []
    for sub, flags in (("checkers", mock_flags), ("integration", REAL_FLAGS)):
        folder = os.path.join(tests, sub)
        for name in sorted(os.listdir(folder)):
            if name.endswith(".cpp"):
                found.append((os.path.join(folder, name), flags))
    return found


def damage(text, rng, kind):
    lines = text.split("\n")
    n = len(lines)
    if kind == "cut":
        return text[:rng.randrange(len(text) + 1)]
    if kind == "delete":
        at = rng.randrange(n)
        del lines[at:at + rng.randint(1, 5)]
    elif kind == "duplicate":
        at = rng.randrange(n)
        lines[at:at] = lines[at:at + rng.randint(1, 5)]
    elif kind == "swap":
        a, b = rng.randrange(n), rng.randrange(n)
        lines[a], lines[b] = lines[b], lines[a]
    elif kind == "unbalance":
        closing = [i for i, l in enumerate(lines) if "}" in l]
        if closing and rng.random() < 0.5:
            i = rng.choice(closing)
            lines[i] = lines[i].replace("}", "", 1)
        else:
            lines.insert(rng.randrange(n + 1), "{")
    return "\n".join(lines)


KINDS = ("cut", "delete", "duplicate", "swap", "unbalance")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clang-tidy", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--asan-runtime", required=True)
    ap.add_argument("--tests", required=True, help="the test/ directory")
    ap.add_argument("--out", required=True, help="scratch and failures")
    ap.add_argument("--per-input", type=int, default=2,
                    help="damaged copies per input (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=120,
                    help="seconds before a run counts as a hang")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    runs = []
    for path, flags in inputs(args.tests):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        base = os.path.splitext(os.path.basename(path))[0]
        runs.append((path, flags, "original"))
        for i in range(args.per_input):
            kind = KINDS[rng.randrange(len(KINDS))]
            damaged = os.path.join(args.out, "%s.%d.%s.cpp" % (base, i, kind))
            with open(damaged, "w", encoding="utf-8") as f:
                f.write(damage(text, rng, kind))
            runs.append((damaged, flags, kind))

    env = dict(os.environ)
    env["LD_PRELOAD"] = args.asan_runtime
    env["ASAN_OPTIONS"] = ("detect_leaks=0:exitcode=%d:"
                           "abort_on_error=0" % ASAN_EXIT)
    env["UBSAN_OPTIONS"] = ("halt_on_error=1:print_stacktrace=1:"
                            "exitcode=%d" % UBSAN_EXIT)
    env["CLANG_NO_DEFAULT_CONFIG"] = "1"

    def run(item):
        path, flags, kind = item
        cmd = [args.clang_tidy, "--load=" + args.plugin,
               "--checks=-*,dbsession-*", path, "--", "-std=c++17"] + flags
        try:
            p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               errors="replace", timeout=args.timeout)
        except subprocess.TimeoutExpired:
            return item, cmd, "hang", ""
        crashed = (p.returncode not in (0, 1) or
                   any(m in p.stdout for m in CRASH_MARKS))
        return item, cmd, ("crash" if crashed else "ok"), p.stdout

    failures = []
    counts = {"ok": 0, "crash": 0, "hang": 0}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for item, cmd, verdict, output in pool.map(run, runs):
            counts[verdict] += 1
            if verdict != "ok":
                failures.append((item, cmd, verdict, output))

    for item, cmd, verdict, output in failures:
        print("%s: %s (%s)" % (verdict.upper(), item[0], item[2]))
        print("  command: LD_PRELOAD=%s %s" % (args.asan_runtime,
                                               " ".join(cmd)))
        for line in output.splitlines()[-30:]:
            print("  | " + line)
    print("%d inputs, %d runs: %d ok, %d crashed, %d hung" %
          (sum(1 for r in runs if r[2] == "original"), len(runs),
           counts["ok"], counts["crash"], counts["hang"]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
