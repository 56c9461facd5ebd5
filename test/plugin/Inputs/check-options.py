"""Prints the CheckOptions of a --dump-config output as 'key: value' lines.

clang-tidy 14 writes CheckOptions as a list of key/value pairs, later
versions as a map; the tests compare the options, not the layout.
"""
import re
import sys

key = None
for line in sys.stdin:
    pair = re.match(r"\s*- key:\s*(\S+)\s*$", line)
    if pair:
        key = pair.group(1)
        continue
    value = re.match(r"\s*value:\s*(.*?)\s*$", line)
    if key and value:
        print("%s: %s" % (key, value.group(1)))
        key = None
        continue
    entry = re.match(r"\s+([\w.\-]+):\s*(.*?)\s*$", line)
    if entry:
        print("%s: %s" % (entry.group(1), entry.group(2)))
