#!/usr/bin/env python3
"""Prints a SARIF log as lines FileCheck can match.

Usage: show.py <log.sarif>

  run category=<automationDetails.id> successful=<bool> columnKind=<kind>
  driver <name> <semanticVersion> llvm=<major>
  rule <id> name=<name> short=<shortDescription> uri=<helpUri> ...
  result <uri>:<startLine>:<startColumn>-<endLine>:<endColumn> <ruleId> <message>
    related <id> <uri>:<line>:<col> <message>
    step <uri>:<line>:<col> <message>
    fix <description>: <uri>:<l>:<c>-<l>:<c> -> <inserted text>
    print <key>=<value>
  notification <level> <message>
"""
import json
import sys


def place(location):
    physical = location["physicalLocation"]
    region = physical["region"]
    return "%s:%d:%d-%d:%d" % (physical["artifactLocation"]["uri"],
                               region["startLine"], region["startColumn"],
                               region["endLine"], region["endColumn"])


def main():
    log = json.load(open(sys.argv[1], encoding="utf-8"))
    print("schema %s version %s runs %d" % (log["$schema"], log["version"],
                                            len(log["runs"])))
    run = log["runs"][0]
    invocation = run["invocations"][0]
    print("run category=%s successful=%s columnKind=%s bases=%s" % (
        run["automationDetails"]["id"],
        str(invocation["executionSuccessful"]).lower(), run["columnKind"],
        ",".join(sorted(run["originalUriBaseIds"]))))
    driver = run["tool"]["driver"]
    print("driver %s %s llvm=%s" % (driver["name"], driver["semanticVersion"],
                                    driver["properties"]["llvmMajor"]))
    for rule in driver["rules"]:
        props = rule.get("properties", {})
        print("rule %s name=%s level=%s precision=%s tags=%s uri=%s" % (
            rule["id"], rule["name"], rule["defaultConfiguration"]["level"],
            props.get("precision", "-"), ",".join(props.get("tags", [])),
            rule["helpUri"]))
        print("  short %s" % rule["shortDescription"]["text"])
        print("  full %s" % rule["fullDescription"]["text"])
        print("  help %d characters, markdown %d characters" % (
            len(rule["help"]["text"]), len(rule["help"]["markdown"])))
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        print("result %s %s %s" % (place(result["locations"][0]),
                                   result["ruleId"],
                                   result["message"]["text"]))
        for related in result.get("relatedLocations", []):
            print("  related %d %s %s" % (related["id"], place(related),
                                          related["message"]["text"]))
        for flow in result.get("codeFlows", []):
            for thread in flow["threadFlows"]:
                for step in thread["locations"]:
                    print("  step %s %s" % (place(step["location"]),
                                            step["location"]["message"]["text"]))
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                for replacement in change["replacements"]:
                    region = replacement["deletedRegion"]
                    print("  fix %s: %s:%d:%d-%d:%d -> %s" % (
                        fix["description"]["text"],
                        change["artifactLocation"]["uri"],
                        region["startLine"], region["startColumn"],
                        region["endLine"], region["endColumn"],
                        json.dumps(replacement["insertedContent"]["text"])))
        for key, value in result["partialFingerprints"].items():
            print("  print %s=%s" % (key, value))
    for kind in ("toolExecutionNotifications",
                 "toolConfigurationNotifications"):
        for note in invocation.get(kind, []):
            print("notification %s %s" % (note["level"],
                                          note["message"]["text"]))


if __name__ == "__main__":
    main()
