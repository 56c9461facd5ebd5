"""Starts a clangd the way VS Code's clangd extension does, from a
workspace's .vscode/settings.json, and prints the diagnostics of one file.

Usage: vscode-launch.py WORKSPACE SOURCE

What the extension (llvm-vs-code-extensions.vscode-clangd) does, as its
sources describe it, and this script repeats:
- the server is `clangd.path` run with exactly `clangd.arguments`, nothing
  added, in the workspace folder (so a relative --compile-commands-dir is
  the workspace's);
- `${workspaceFolder}` in either is the workspace folder;
- it sends initializationOptions {clangdFileStatus: true, fallbackFlags: []}
  and asks for completion edits near the cursor and inactive regions;
- when asked to check for updates, it reads the installed version from the
  first 'clangd version ' in the output of `--version`.

Prints 'version <v>', then 'diagnostic <line>:<col> [<code>] <message>'
with '  related <line>:<col> <message>' lines, then 'clangd exited with
<status>'.
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "clangd"))
import lsp  # noqa: E402

workspace, source = (os.path.abspath(a) for a in sys.argv[1:3])
settings = json.load(open(os.path.join(workspace, ".vscode",
                                       "settings.json")))


def substitute(value):
    return value.replace("${workspaceFolder}", workspace)


path = substitute(settings["clangd.path"])
arguments = [substitute(a) for a in settings.get("clangd.arguments", [])]

output = subprocess.run([path, "--version"], capture_output=True,
                        text=True).stdout
at = output.find("clangd version ")
if at < 0:
    sys.exit("no 'clangd version' in the output of --version")
print("version %s" % re.split(r"[\s~]", output[at + len("clangd version "):],
                              maxsplit=1)[0])

server = lsp.Server([path] + arguments, cwd=workspace)
uri = lsp.open_file(
    server, source, workspace,
    {"textDocument": {
        "completion": {"editsNearCursor": True},
        "inactiveRegionsCapabilities": {"inactiveRegions": True},
        "publishDiagnostics": {"relatedInformation": True}}},
    {"clangdFileStatus": True, "fallbackFlags": []})
for d in lsp.diagnostics_of(server, uri, 1):
    print("diagnostic %s [%s] %s" % (lsp.place(d["range"]), d.get("code", "-"),
                                     d["message"].split("\n")[0]))
    for r in d.get("relatedInformation", []):
        print("  related %s %s" % (lsp.place(r["location"]["range"]),
                                   r["message"]))
print("clangd exited with %d" % lsp.stop(server))
