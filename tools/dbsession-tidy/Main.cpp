//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The `dbsession-tidy` command: dispatches to its commands.
///
//===----------------------------------------------------------------------===//

#include "VerifyModel.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace {

void printUsage(llvm::raw_ostream &OS) {
  OS << "usage: dbsession-tidy <command> [options]\n"
        "\n"
        "commands:\n"
        "  verify-model   which names of a project's model files match a\n"
        "                 declaration in its sources (see verify-model "
        "--help)\n"
        "\n"
        "  --version      the version, and the LLVM major it is built for\n";
}

} // namespace

int main(int Argc, const char **Argv) {
  if (Argc < 2) {
    printUsage(llvm::errs());
    return 2;
  }
  const char *Command = Argv[1];
  if (!std::strcmp(Command, "--version")) {
    llvm::outs() << "dbsession-tidy " << DBSESSION_TIDY_VERSION
                 << " (LLVM " << DBSESSION_LLVM_MAJOR << ")\n";
    return 0;
  }
  if (!std::strcmp(Command, "--help") || !std::strcmp(Command, "-h")) {
    printUsage(llvm::outs());
    return 0;
  }
  if (!std::strcmp(Command, "verify-model"))
    return clang::tidy::dbsession::verifyModelMain(Argc - 1, Argv + 1);
  llvm::errs() << "dbsession-tidy: unknown command '" << Command << "'\n";
  printUsage(llvm::errs());
  return 2;
}
