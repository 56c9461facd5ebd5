#!/usr/bin/env python3
"""Runs clang-tidy with the dbsession module on one test file and checks it.

Keeps the contract of LLVM's check_clang_tidy.py, so tests read the same as
upstream clang-tidy tests:

  check_clang_tidy.py [options] <source> <check-name> <temp-file> \
      [-- <clang-tidy args> [-- <compiler args>]]

1. The CHECK lines are blanked out of the source (their line numbers stay,
   so [[@LINE-1]] keeps working) and the result is written to <temp-file>.
2. clang-tidy runs on it with `--fix`, `--checks=-*,<check-name>` and the
   dbsession module loaded.
3. FileCheck verifies, with the CHECK-MESSAGES / CHECK-NOTES / CHECK-FIXES
   prefixes (plus any -check-suffixes):
   - CHECK-MESSAGES against the diagnostics, with
     -implicit-check-not={{warning|error}}: so an unexpected one fails;
   - CHECK-NOTES likewise, but every note must be matched too;
   - CHECK-FIXES against the fixed file, full lines (leading and trailing
     white space is not significant, runs of blanks match any run).

Options of our own, given before the positional arguments:
  --clang-tidy=PATH     the clang-tidy binary (default: clang-tidy on PATH)
  --load=PATH           a plugin to load (repeatable)
  --filecheck=PATH      FileCheck (default: FileCheck on PATH)
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

PREFIXES = ("CHECK-FIXES", "CHECK-MESSAGES", "CHECK-NOTES")


def fail(message):
    sys.exit("check_clang_tidy: error: " + message)


def run(args, **kwargs):
    """Runs a command, echoing it the way lit shows RUN lines."""
    print("Running: " + " ".join(shlex.quote(a) for a in args), flush=True)
    return subprocess.run(args, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, **kwargs)


def parse_arguments(argv):
    parser = argparse.ArgumentParser(add_help=True)
    parser.add_argument("--clang-tidy", default="clang-tidy")
    parser.add_argument("--load", action="append", default=[])
    parser.add_argument("--filecheck", default="FileCheck")
    parser.add_argument("-expect-clang-tidy-error", action="store_true")
    parser.add_argument("-check-suffix", "-check-suffixes", default=[""],
                        type=lambda s: s.split(","), dest="check_suffixes")
    parser.add_argument("-config", default=None)
    parser.add_argument("-std", default="c++17")
    parser.add_argument("input_file")
    parser.add_argument("check_name")
    parser.add_argument("temp_file")

    # Everything after the first '--' goes to clang-tidy, after the second
    # to the compiler.
    if "--" in argv:
        split = argv.index("--")
        own, rest = argv[:split], argv[split + 1:]
    else:
        own, rest = argv, []
    args = parser.parse_args(own)
    if "--" in rest:
        split = rest.index("--")
        tidy_args, compiler_args = rest[:split], rest[split + 1:]
    else:
        tidy_args, compiler_args = rest, []
    return args, tidy_args, compiler_args


def prefixes_for(suffixes, text):
    """The FileCheck prefixes used in the file, per kind."""
    found = {}
    for kind in PREFIXES:
        names = []
        for suffix in suffixes:
            if suffix and not re.match(r"^[A-Z0-9\-]+$", suffix):
                fail("only A..Z, 0..9 and '-' are allowed in check suffixes, "
                     "got '%s'" % suffix)
            name = kind + ("-" + suffix if suffix else "")
            if re.search(r"\b" + re.escape(name) + r"\s*:", text):
                names.append(name)
        found[kind] = names
    return found


def main():
    args, tidy_args, compiler_args = parse_arguments(sys.argv[1:])

    with open(args.input_file, encoding="utf-8") as f:
        input_text = f.read()

    prefixes = prefixes_for(args.check_suffixes, input_text)
    if not any(prefixes.values()):
        fail("no CHECK-FIXES, CHECK-MESSAGES or CHECK-NOTES found in "
             "'%s' for suffixes %s" % (args.input_file, args.check_suffixes))
    if prefixes["CHECK-MESSAGES"] and prefixes["CHECK-NOTES"]:
        fail("CHECK-MESSAGES and CHECK-NOTES cannot be used in the same "
             "file and suffix")

    # Blank the CHECK lines out, keeping the comment marker so that the
    # line (and every [[@LINE]]) stays where it was.
    cleaned = re.sub(r"//\s*CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", input_text)

    temp_file = args.temp_file
    if not temp_file.endswith((".cpp", ".cc", ".cxx", ".c", ".h", ".hpp")):
        temp_file += ".cpp"
    os.makedirs(os.path.dirname(os.path.abspath(temp_file)), exist_ok=True)
    with open(temp_file, "w", encoding="utf-8") as f:
        f.write(cleaned)
    original_file = temp_file + ".orig"
    with open(original_file, "w", encoding="utf-8") as f:
        f.write(cleaned)

    command = [args.clang_tidy]
    command += ["--load=" + p for p in args.load]
    command += [temp_file, "--fix", "--checks=-*," + args.check_name]
    command += ["--config=" + (args.config if args.config else "{}")]
    command += tidy_args
    command += ["--", "-std=" + args.std] + compiler_args

    result = run(command)
    output = result.stdout
    print("------------------------ clang-tidy output -----------------------")
    print(output)
    print("------------------------------------------------------------------")
    if args.expect_clang_tidy_error:
        if result.returncode == 0:
            fail("clang-tidy succeeded but an error was expected")
    elif result.returncode != 0:
        fail("clang-tidy failed with exit code %d" % result.returncode)

    diff = run(["diff", "-u", original_file, temp_file])
    print("------------------------------ Fixes -----------------------------")
    print(diff.stdout)
    print("------------------------------------------------------------------")

    def filecheck(input_path, check_prefixes, extra):
        command = [args.filecheck, "-input-file=" + input_path,
                   args.input_file,
                   "-check-prefixes=" + ",".join(check_prefixes)] + extra
        checked = run(command)
        if checked.returncode != 0:
            print(checked.stdout)
            fail("FileCheck failed for prefixes %s" % check_prefixes)

    if prefixes["CHECK-FIXES"]:
        filecheck(temp_file, prefixes["CHECK-FIXES"],
                  ["-match-full-lines"])

    messages_file = temp_file + ".msg"
    with open(messages_file, "w", encoding="utf-8") as f:
        f.write(output)
    if prefixes["CHECK-MESSAGES"]:
        filecheck(messages_file, prefixes["CHECK-MESSAGES"],
                  ["-implicit-check-not={{warning|error}}:"])
    if prefixes["CHECK-NOTES"]:
        # As upstream: the notes clang-tidy adds for applied fixes are not
        # the check's.
        notes_file = temp_file + ".notes"
        with open(notes_file, "w", encoding="utf-8") as f:
            f.write("\n".join(
                line for line in output.splitlines()
                if "note: FIX-IT applied suggested code changes" not in line))
        filecheck(notes_file, prefixes["CHECK-NOTES"],
                  ["-implicit-check-not={{note|warning|error}}:"])
    if not prefixes["CHECK-MESSAGES"] and not prefixes["CHECK-NOTES"]:
        # A file that only checks fixes still may not produce warnings it
        # does not expect.
        unexpected = re.findall(r"^.*(?:warning|error):.*$", output, re.M)
        if unexpected:
            fail("unexpected diagnostics (add CHECK-MESSAGES for them):\n" +
                 "\n".join(unexpected))


if __name__ == "__main__":
    main()
