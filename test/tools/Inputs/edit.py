"""Edits a file the way a developer would, for tests on a git repository.

Usage:
  edit.py reindent FILE           indentation of two spaces becomes four
  edit.py prepend FILE N          N comment lines at the top
  edit.py append FILE FROM        FROM's text at the end
  edit.py replace FILE OLD NEW    the first OLD becomes NEW
"""
import re
import sys

op, path = sys.argv[1:3]
text = open(path, encoding="utf-8").read()
if op == "reindent":
    text = re.sub(r"(?m)^((?:  )+)", lambda m: m.group(1) * 2, text)
elif op == "prepend":
    text = "".join("// line %d added above\n" % i
                   for i in range(int(sys.argv[3]))) + text
elif op == "append":
    text += open(sys.argv[3], encoding="utf-8").read()
elif op == "replace":
    if sys.argv[3] not in text:
        sys.exit("%s: %r not found" % (path, sys.argv[3]))
    text = text.replace(sys.argv[3], sys.argv[4], 1)
else:
    sys.exit("unknown edit " + op)
open(path, "w", encoding="utf-8").write(text)
