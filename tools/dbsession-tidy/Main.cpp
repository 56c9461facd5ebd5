//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The `dbsession-tidy` command: runs the checks over a compile database
/// (Runner.h), or, as `dbsession-tidy verify-model`, checks a model file's
/// names against the sources (VerifyModel.h), or, as `dbsession-tidy
/// merge`, merges the SARIF logs of shards (Sarif.h).
///
//===----------------------------------------------------------------------===//

#include "Runner.h"
#include "Sarif.h"
#include "VerifyModel.h"
#include "Version.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>

int main(int Argc, const char **Argv) {
  if (Argc >= 2 && !std::strcmp(Argv[1], "--version")) {
    llvm::outs() << clang::tidy::dbsession::versionString() << "\n";
    return 0;
  }
  if (Argc >= 2 && !std::strcmp(Argv[1], "verify-model"))
    return clang::tidy::dbsession::verifyModelMain(Argc - 1, Argv + 1);
  if (Argc >= 2 && !std::strcmp(Argv[1], "merge"))
    return clang::tidy::dbsession::mergeMain(Argc - 1, Argv + 1);
  return clang::tidy::dbsession::runnerMain(Argc, Argv);
}
