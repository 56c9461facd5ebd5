#!/usr/bin/env bash
# The main job: installs what is missing, builds the module for LLVM 19,
# generates the example service's compile database and runs every
# dbsession-* check on it, printing the findings with their notes and fixes.
# Findings are the point: it exits 0 after printing them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
major="${DBSESSION_LLVM_MAJOR:-19}"

scripts/install-deps.sh "$major"
cmake -S . -B "build/$major" -G Ninja -DDBSESSION_LLVM_MAJOR="$major" > /dev/null
cmake --build "build/$major" --target dbsession-tidy > /dev/null

example=examples/llm-service
cmake -S "$example" -B "$example/build" -G Ninja \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON > /dev/null

tidy="/usr/lib/llvm-$major/bin/clang-tidy"
sources=$(python3 -c 'import json,sys; print("\n".join(sorted({e["file"] for e in json.load(open(sys.argv[1]))})))' \
  "$example/build/compile_commands.json")
echo "Running dbsession-* checks on $example ($(echo "$sources" | wc -l) files)"
# shellcheck disable=SC2086
"$tidy" --load="build/$major/lib/dbsession-tidy.so" --checks='-*,dbsession-*' \
  -p "$example/build" --quiet $sources 2>&1 | grep -v '^[0-9]* warnings\? generated' || true
