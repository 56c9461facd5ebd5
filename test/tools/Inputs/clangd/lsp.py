#!/usr/bin/env python3
"""Drives a clangd over the Language Server Protocol, as an editor would,
and prints what it answers in lines FileCheck can match.

Usage: lsp.py [--edits FILE] CLANGD SOURCE [CLANGD_ARG...]

Opens SOURCE (initialize, initialized, didOpen), waits for its diagnostics
and prints each:

  diagnostic <line>:<col> [<source> <code>] <message>
    related <file>:<line>:<col> <message>
    action <title>: <file>:<line>:<col>-<line>:<col> -> <new text>

(lines and columns 1-based), asking for the code actions of each
diagnostic. With --edits, FILE holds versions of the text separated by
lines '//--- edit'; each is sent as a full change, and each answer is
printed as 'version <n>: <k> diagnostics'. Then shutdown and exit; the
last line is 'clangd exited with <status>'.
"""
import json
import os
import subprocess
import sys
import threading
import time

TIMEOUT = 120


class Server:
    def __init__(self, argv, log=os.devnull, cwd=None):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=open(log, "w"), cwd=cwd)
        self.next_id = 1
        self.messages = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.cond:
                        self.messages.append(None)
                        self.cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = json.loads(out.read(length))
            with self.cond:
                self.messages.append(body)
                self.cond.notify_all()

    def send(self, message):
        data = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) +
                              data)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method,
                   "params": params})
        return self.wait(lambda m: m.get("id") == ident and
                         "method" not in m)

    def wait(self, predicate):
        deadline = time.time() + TIMEOUT
        with self.cond:
            while True:
                for i, m in enumerate(self.messages):
                    if m is None:
                        sys.exit("clangd stopped (exit status %s)" %
                                 self.proc.wait())
                    if predicate(m):
                        del self.messages[:i + 1]
                        return m
                left = deadline - time.time()
                if left <= 0:
                    sys.exit("no answer from clangd in %d s" % TIMEOUT)
                self.cond.wait(left)


def diagnostics_of(server, uri, version):
    message = server.wait(
        lambda m: m.get("method") == "textDocument/publishDiagnostics" and
        m["params"]["uri"] == uri and
        m["params"].get("version", version) == version)
    return message["params"]["diagnostics"]


def open_file(server, source, root, capabilities, init_options=None):
    """Initializes \p server for the workspace \p root and opens \p source
    (version 1); returns its URI."""
    params = {"processId": os.getpid(), "rootUri": "file://" + root,
              "capabilities": capabilities}
    if init_options is not None:
        params["initializationOptions"] = init_options
    server.request("initialize", params)
    server.notify("initialized", {})
    uri = "file://" + source
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1,
        "text": open(source, encoding="utf-8").read()}})
    return uri


def stop(server):
    """Shutdown and exit; the server's exit status."""
    server.request("shutdown", None)
    server.notify("exit", None)
    try:
        return server.proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        sys.exit("clangd did not exit")


def place(range_):
    return "%d:%d" % (range_["start"]["line"] + 1,
                      range_["start"]["character"] + 1)


def span(range_):
    return "%s-%d:%d" % (place(range_), range_["end"]["line"] + 1,
                         range_["end"]["character"] + 1)


def main():
    args = sys.argv[1:]
    edits = None
    if args[0] == "--edits":
        edits = args[1]
        args = args[2:]
    clangd, source = args[0], os.path.abspath(args[1])
    server = Server([clangd] + args[2:])
    uri = open_file(server, source, os.path.dirname(source), {
        "textDocument": {
            "publishDiagnostics": {"relatedInformation": True,
                                   "versionSupport": True},
            "codeAction": {"codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix"]}}}}})
    diagnostics = diagnostics_of(server, uri, 1)
    for d in diagnostics:
        print("diagnostic %s [%s %s] %s" % (place(d["range"]),
                                            d.get("source", "-"),
                                            d.get("code", "-"),
                                            d["message"].split("\n")[0]))
        for r in d.get("relatedInformation", []):
            print("  related %s:%s %s" % (
                os.path.basename(r["location"]["uri"]),
                place(r["location"]["range"]), r["message"]))
        answer = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d]}})
        for action in answer.get("result") or []:
            changes = action.get("edit", {}).get("changes", {})
            for file_uri, file_edits in sorted(changes.items()):
                for e in file_edits:
                    print("  action %s: %s:%s -> %s" % (
                        action["title"], os.path.basename(file_uri),
                        span(e["range"]), json.dumps(e["newText"])))
    if edits:
        versions = open(edits, encoding="utf-8").read().split("//--- edit\n")
        for number, version_text in enumerate(versions, start=2):
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": number},
                "contentChanges": [{"text": version_text}]})
            found = diagnostics_of(server, uri, number)
            print("version %d: %d diagnostics" % (number, len(found)))
    print("clangd exited with %d" % stop(server))


if __name__ == "__main__":
    main()
