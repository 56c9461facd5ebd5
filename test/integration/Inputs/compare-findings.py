"""Compares clang-tidy's output on the example service with the findings
its expected-findings.txt lists: every expected warning must be reported at
its file and line with its message, and no other warning may appear.

Usage: compare-findings.py EXPECTED_FINDINGS CLANG_TIDY_OUTPUT
"""
import re
import sys


def expected(path):
    findings = []
    where = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"warning:\s+(\S+):(\d+)\s*$", line)
        if m:
            where = (m.group(1), int(m.group(2)))
            continue
        m = re.match(r"message:\s+(.*?)\s*$", line)
        if m and where:
            findings.append((where[0], where[1], m.group(1)))
            where = None
    return findings


def reported(path):
    found = []
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"(.*?):(\d+):\d+: warning: (.*?) \[([\w\-]+)\]\s*$",
                     line)
        if m:
            found.append((m.group(1), int(m.group(2)), m.group(3)))
    return found


def main():
    want = expected(sys.argv[1])
    got = reported(sys.argv[2])
    if not want:
        sys.exit("no expected findings read from " + sys.argv[1])
    missing = [w for w in want
               if not any(g[0].endswith("/" + w[0]) and g[1] == w[1] and
                          g[2] == w[2] for g in got)]
    unexpected = [g for g in got
                  if not any(g[0].endswith("/" + w[0]) and g[1] == w[1] and
                             g[2] == w[2] for w in want)]
    for w in missing:
        print("missing: %s:%d: %s" % w)
    for g in unexpected:
        print("unexpected: %s:%d: %s" % g)
    print("%d expected, %d reported, %d missing, %d unexpected" %
          (len(want), len(got), len(missing), len(unexpected)))
    sys.exit(1 if missing or unexpected else 0)


if __name__ == "__main__":
    main()
