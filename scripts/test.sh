#!/usr/bin/env bash
# Runs the whole dbsession-tidy test suite: installs what is missing, builds
# the module for every supported LLVM major and runs the lit suite (runner,
# plugin loading, checks on mock headers, integration on the real library
# headers) and the unit tests against each, then for the first major the
# hardening tests in a sanitizer build (docs/hardening.md) and the
# benchmark's short form (bench/README.md). Ends with "N passed, N failed".
#
# Usage: scripts/test.sh [MAJOR...]   (default: scripts/llvm-versions)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then
  read -r -a majors < scripts/llvm-versions
fi

scripts/install-deps.sh "${majors[@]}" || { echo "installing failed"; exit 2; }

jobs="$(nproc 2>/dev/null || echo 2)"
passed=0
failed=0
skipped=0
summary=()

count() { # count <log> <regex>: the number after the regex, or 0
  local n
  n="$(grep -E "$2" "$1" | tail -n 1 | grep -oE '[0-9]+' | head -n 1)"
  echo "${n:-0}"
}

for n in "${majors[@]}"; do
  build="build/$n"
  mkdir -p build
  echo "=== LLVM $n: configure and build"
  if ! cmake -S . -B "$build" -G Ninja -DDBSESSION_LLVM_MAJOR="$n" \
        -DBUILD_TESTING=ON > "$build.configure.log" 2>&1 ||
     ! cmake --build "$build" -j "$jobs" > "$build.build.log" 2>&1; then
    cat "$build.configure.log" "$build.build.log" 2>/dev/null | tail -n 40
    echo "LLVM $n: build failed"
    failed=$((failed + 1))
    summary+=("LLVM $n: build failed")
    continue
  fi

  echo "=== LLVM $n: lit suite"
  lit="$(grep '^DBSESSION_LIT:' "$build/CMakeCache.txt" | cut -d= -f2)"
  python3 "$lit" -v --param require_real_headers=1 --param require_tools=1 "$build/test" \
    2>&1 | tee "$build.lit.log" | grep -E '^(PASS|FAIL|XPASS|UNRESOLVED|UNSUPPORTED|TIMEOUT):|^  [A-Za-z ]+ *: [0-9]+|^lit: .*(error|fatal)'
  lit_status=${PIPESTATUS[0]}
  lit_passed=$(count "$build.lit.log" '^  Passed *: ')
  lit_failed=$(( $(count "$build.lit.log" '^  Failed *: ') +
                 $(count "$build.lit.log" '^  Unresolved *: ') +
                 $(count "$build.lit.log" '^  Timed Out *: ') +
                 $(count "$build.lit.log" '^  Unexpectedly Passed *: ') ))
  if [ "$lit_status" -ne 0 ] && [ "$lit_failed" -eq 0 ]; then
    lit_failed=1 # lit failed without a failing test: it did not run
  fi
  if [ "$lit_passed" -eq 0 ] && [ "$lit_failed" -eq 0 ]; then
    lit_failed=1 # lit ran no test at all
  fi

  echo "=== LLVM $n: unit and tool tests (ctest)"
  ( cd "$build" && ctest --output-on-failure -j "$jobs" -E '^lit$' ) \
    > "$build.ctest.log" 2>&1
  grep -E 'Test +#|tests passed|Failed|\*\*\*' "$build.ctest.log" | tail -n 60
  ct_total=$(grep -oE 'out of [0-9]+' "$build.ctest.log" | grep -oE '[0-9]+' | tail -n 1)
  ct_failed=$(grep -oE '[0-9]+ tests failed' "$build.ctest.log" | grep -oE '[0-9]+' | tail -n 1)
  ct_total=${ct_total:-0}
  ct_failed=${ct_failed:-0}
  ct_skipped=$(grep -cE '\(Skipped\)$' "$build.ctest.log")
  ct_passed=$((ct_total - ct_failed - ct_skipped))
  lit_skipped=$(count "$build.lit.log" '^  Unsupported *: ')

  passed=$((passed + lit_passed + ct_passed))
  failed=$((failed + lit_failed + ct_failed))
  skipped=$((skipped + lit_skipped + ct_skipped))
  summary+=("LLVM $n: lit $lit_passed passed, $lit_failed failed, $lit_skipped skipped; ctest $ct_passed passed, $ct_failed failed, $ct_skipped skipped")
done

# Hardening, for the first major: the module built with ASan and UBSan runs
# every check over the test inputs and damaged copies of them, and the model
# loader is fuzzed (docs/hardening.md).
first="${majors[0]}"
san="build/$first-sanitize"
echo "=== LLVM $first: sanitizer build and hardening tests"
if cmake -S . -B "$san" -G Ninja -DDBSESSION_LLVM_MAJOR="$first" \
      -DCMAKE_CXX_COMPILER="clang++-$first" -DCMAKE_C_COMPILER="clang-$first" \
      -DCMAKE_BUILD_TYPE=Release -DDBSESSION_SANITIZE=ON -DBUILD_TESTING=ON \
      > "$san.configure.log" 2>&1 &&
   cmake --build "$san" -j "$jobs" --target dbsession-tidy \
      dbsession-tidy-checks dbsession-model-fuzzer > "$san.build.log" 2>&1; then
  lit="$(grep '^DBSESSION_LIT:' "$san/CMakeCache.txt" | cut -d= -f2)"
  python3 "$lit" -v "$san/test/hardening" 2>&1 | tee "$san.lit.log" |
    grep -E '^(PASS|FAIL|UNRESOLVED|TIMEOUT):|inputs, .* runs|^  [A-Za-z ]+ *: [0-9]+'
  lit_status=${PIPESTATUS[0]}
  h_passed=$(count "$san.lit.log" '^  Passed *: ')
  h_failed=$(( $(count "$san.lit.log" '^  Failed *: ') +
               $(count "$san.lit.log" '^  Unresolved *: ') +
               $(count "$san.lit.log" '^  Timed Out *: ') ))
  if [ "$lit_status" -ne 0 ] && [ "$h_failed" -eq 0 ]; then
    h_failed=1
  fi
  if [ "$h_passed" -eq 0 ] && [ "$h_failed" -eq 0 ]; then
    h_failed=1
  fi
  passed=$((passed + h_passed))
  failed=$((failed + h_failed))
  summary+=("LLVM $first sanitizer build: hardening $h_passed passed, $h_failed failed")
else
  cat "$san.configure.log" "$san.build.log" 2>/dev/null | tail -n 40
  failed=$((failed + 1))
  summary+=("LLVM $first sanitizer build: build failed")
fi

# The benchmark's short form: cost and scaling held to their targets on
# every run, so that a regression shows on the commit that makes it.
if [ -f "build/$first/build.ninja" ]; then
  echo "=== Benchmark, short form (LLVM $first)"
  bench/run.sh --major "$first" --short \
    --out "build/$first/bench/short.json" 2>&1 | tee "build/bench-short.log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed=$((passed + 1))
    summary+=("benchmark (short form): within targets")
  else
    failed=$((failed + 1))
    summary+=("benchmark (short form): failed, see build/bench-short.log")
  fi
fi

echo "=== Summary"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
