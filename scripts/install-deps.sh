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
          libgmock-dev valgrind git pre-commit neovim emacs-nox elpa-eglot
          elpa-lsp-mode)
for n in "${majors[@]}"; do
  packages+=("clang-tidy-$n" "libclang-$n-dev" "llvm-$n-dev" "llvm-$n-tools"
             "clang-$n")
done
# Our own clangd links clangd's remote-index client, which needs these.
packages+=(libgrpc++-dev libprotobuf-dev libabsl-dev)
# The sanitizer and fuzzer runtimes, for the hardening tests (first major).
packages+=("libclang-rt-${majors[0]}-dev")
# Real library headers for the integration tests and the example service.
packages+=(libsoci-dev libpqxx-dev libpoco-dev libsqlitecpp-dev qtbase5-dev
           libpq-dev libmysqlcppconn-dev libcppdb-dev libcurl4-openssl-dev
           libcpp-httplib-dev libboost-dev libssl-dev)

# The SARIF validator needs Node.js and npm (either Debian's or another
# distribution of Node.js already installed) and ICU.
if ! command -v npm > /dev/null; then
  packages+=(nodejs npm)
fi
packages+=(libicu72)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -ne 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" > /dev/null
fi

# The SARIF Multitool, which validates the runner's logs as GitHub code
# scanning reads them (test/tools/sarif-validate.test), from npm, pinned.
tools="$here/../build/tools/sarif-multitool"
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$multitool" ]; then
  echo "Installing: @microsoft/sarif-multitool (npm)"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    @microsoft/sarif-multitool@5.7.0 > /dev/null
  chmod +x "$multitool"
fi
