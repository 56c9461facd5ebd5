"""Makes a project directory for clangd: SOURCE copied in, a compile
database for it and a .clang-tidy enabling the dbsession checks.

Usage: setup.py DIR SOURCE
"""
import json
import os
import shutil
import sys

directory, source = sys.argv[1:3]
os.makedirs(directory, exist_ok=True)
name = os.path.basename(source)
shutil.copy(source, os.path.join(directory, name))
json.dump([{"directory": directory, "file": os.path.join(directory, name),
            "arguments": ["clang++", "-std=c++17", "-c", name]}],
          open(os.path.join(directory, "compile_commands.json"), "w"))
open(os.path.join(directory, ".clang-tidy"), "w").write(
    "Checks: '-*,dbsession-*'\n")
