"""Takes a recipe out of a documentation page, as written, for a test.

Usage: recipe.py PAGE HEADING OUT [OLD NEW ...]

Writes to OUT the first fenced code block after the heading line that
contains HEADING, with each OLD replaced by NEW (the install prefix and
the build directory of the page become the test's).
"""
import re
import sys

page, heading, out = sys.argv[1:4]
text = open(page, encoding="utf-8").read()
start = next((m.end() for m in re.finditer(r"(?m)^#+ .*$", text)
              if heading in m.group(0)), None)
if start is None:
    sys.exit("%s: no heading with %r" % (page, heading))
block = re.search(r"(?ms)^```[a-z]*\n(.*?)^```", text[start:])
if not block:
    sys.exit("%s: no code block after %r" % (page, heading))
code = block.group(1)
replacements = sys.argv[4:]
if len(replacements) % 2:
    sys.exit("replacements come in pairs: OLD NEW")
for old, new in zip(replacements[::2], replacements[1::2]):
    if old not in code:
        sys.exit("%s: %r is not in the recipe" % (page, old))
    code = code.replace(old, new)
open(out, "w", encoding="utf-8").write(code)
