"""Writes a compile database for the runner's fixtures.

Usage: compile-db.py OUT_DIR SRC_DIR INPUTS_DIR FILE...

Arguments, not a command line: a path may hold spaces.
"""
import json
import os
import sys

out, src, inputs = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
flags = []
for d in ("soci", "httplib"):
    flags += ["-isystem", os.path.join(inputs, d)]
json.dump([{"directory": out,
            "file": os.path.join(src, f),
            "arguments": ["clang++", "-std=c++17"] + flags +
                         ["-c", os.path.join(src, f)]}
           for f in sys.argv[4:]],
          open(os.path.join(out, "compile_commands.json"), "w"), indent=1)
