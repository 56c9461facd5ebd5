#!/usr/bin/env python3
"""Validates a SARIF log with the SARIF Multitool, as GitHub code scanning
would read it (rule kinds Sarif and Ghas, levels error and warning).

Usage: validate.py <Sarif.Multitool> <log.sarif> <scratch-dir>

The Multitool exits 0 whatever it finds; its findings are in its own SARIF
output, which this reads. Prints each error and warning, then
"N errors and warnings"; exits 1 if there are any, 2 if it did not run.
"""
import json
import os
import re
import subprocess
import sys


def main():
    tool, log, scratch = sys.argv[1:4]
    out = os.path.join(scratch, "validation.sarif")
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ)
    # A machine without ICU can still run it.
    env.setdefault("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
    run = subprocess.run(
        [tool, "validate", log, "--rule-kind", "Sarif;Ghas", "--level",
         "Error;Warning", "-o", out, "--log", "ForceOverwrite"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    if run.returncode != 0 or not os.path.exists(out):
        sys.stdout.write(run.stdout.decode("utf-8", "replace"))
        print("the validator did not run (exit status %d)" % run.returncode)
        return 2
    result_run = json.load(open(out, encoding="utf-8"))["runs"][0]
    rules = result_run["tool"]["driver"].get("rules", [])
    count = 0
    for result in result_run.get("results", []):
        rule = rules[result["ruleIndex"]] if "ruleIndex" in result else {}
        # The Multitool leaves the level out of its warnings.
        level = (result.get("level") or
                 rule.get("defaultConfiguration", {}).get("level") or
                 "warning")
        if level not in ("error", "warning"):
            continue
        count += 1
        message = result["message"]
        arguments = message.get("arguments", [])
        template = message.get("text") or rule.get("messageStrings", {}).get(
            message.get("id"), {}).get("text", "")
        text = re.sub(r"\{(\d+)\}",
                      lambda m: arguments[int(m.group(1))]
                      if int(m.group(1)) < len(arguments) else m.group(0),
                      template)
        print("%s %s: %s" % (level, result["ruleId"], text))
    print("%d errors and warnings" % count)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
