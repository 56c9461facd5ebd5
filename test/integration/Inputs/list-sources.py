"""Prints the source files of a compile database, one per line."""
import json
import sys

for f in sorted({e["file"] for e in json.load(open(sys.argv[1]))}):
    print(f)
