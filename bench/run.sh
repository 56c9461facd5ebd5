#!/usr/bin/env bash
# Measures the cost of the dbsession-* checks side by side with a trivial
# upstream check, their scaling and the Static Analyzer; prints the ratios and
# writes them as JSON. See bench/README.md.
#
# Usage: bench/run.sh [--major N] [--short] [--runs K] [--out FILE] [...]
#   --major N   the LLVM major to measure (default: the first of
#               scripts/llvm-versions); its build is made if missing
#   --short     the CI form: one unit, two sizes; exits 1 when a ratio goes
#               past its target by a clear margin
#   other options go to bench/bench.py (--runs, --functions, --sizes,
#   --analyzer-runs, --instructions)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

read -r -a majors < scripts/llvm-versions
major="${majors[0]}"
out=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --major) major="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
build="build/$major"
out="${out:-$build/bench/results.json}"

if [ ! -f "$build/test/lit.site.cfg.py" ] || [ ! -f "$build/build.ninja" ]; then
  scripts/install-deps.sh "$major"
  cmake -S . -B "$build" -G Ninja -DDBSESSION_LLVM_MAJOR="$major" \
    -DBUILD_TESTING=ON > /dev/null
fi
cmake --build "$build" --target dbsession-tidy dbsession-tidy-checks > /dev/null

exec python3 bench/bench.py --build "$build" --out "$out" "${args[@]}"
