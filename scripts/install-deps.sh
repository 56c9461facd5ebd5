#!/usr/bin/env bash
# Installs what building and testing dbsession-tidy needs on Debian 12,
# skipping what is already there. Usage: scripts/install-deps.sh [MAJOR...]
# (default: the LLVM majors in scripts/llvm-versions).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then
  read -r -a majors < "$here/llvm-versions"
fi

packages=(cmake ninja-build python3 pkg-config nlohmann-json3-dev libgtest-dev
          libgmock-dev valgrind)
for n in "${majors[@]}"; do
  packages+=("clang-tidy-$n" "libclang-$n-dev" "llvm-$n-dev" "llvm-$n-tools"
             "clang-$n")
done
# The sanitizer and fuzzer runtimes, for the hardening tests (first major).
packages+=("libclang-rt-${majors[0]}-dev")
# Real library headers for the integration tests and the example service.
packages+=(libsoci-dev libpqxx-dev libpoco-dev libsqlitecpp-dev qtbase5-dev
           libpq-dev libmysqlcppconn-dev libcppdb-dev libcurl4-openssl-dev
           libcpp-httplib-dev libboost-dev libssl-dev)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
  --no-install-recommends "${missing[@]}" > /dev/null
