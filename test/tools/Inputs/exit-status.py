"""Runs a command and succeeds only if it exits with the given status.

Usage: exit-status.py STATUS COMMAND [ARG...]
"""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.call(sys.argv[2:])
if got != want:
    sys.stderr.write("exit status %d, expected %d\n" % (got, want))
    sys.exit(1)
