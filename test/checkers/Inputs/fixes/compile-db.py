"""Writes a compile_commands.json for the .cpp files of a directory, with the
mock library headers (usage: compile-db.py DIR INPUTS)."""
import json
import os
import sys

folder, inputs = sys.argv[1], sys.argv[2]
flags = " ".join("-isystem " + os.path.join(inputs, name)
                 for name in ("soci", "pqxx", "cppdb", "mysql", "httplib",
                              "libpq"))
json.dump([{"directory": folder, "file": os.path.join(folder, name),
            "command": "clang++ -std=c++17 %s -c %s" % (flags, name)}
           for name in sorted(os.listdir(folder)) if name.endswith(".cpp")],
          open(os.path.join(folder, "compile_commands.json"), "w"), indent=1)
