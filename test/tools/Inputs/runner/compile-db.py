"""Writes a compile database for the runner's fixtures.

Usage: compile-db.py OUT_DIR SRC_DIR INPUTS_DIR FILE...
"""
import json
import os
import sys

out, src, inputs = sys.argv[1:4]
flags = " ".join("-isystem " + os.path.join(inputs, d)
                 for d in ("soci", "httplib"))
json.dump([{"directory": out,
            "file": os.path.join(src, f),
            "command": "clang++ -std=c++17 %s -c %s" % (flags,
                                                        os.path.join(src, f))}
           for f in sys.argv[4:]],
          open(os.path.join(out, "compile_commands.json"), "w"), indent=1)
