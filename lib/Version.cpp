//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Version.h"

#include "Compat.h"

#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace clang::tidy::dbsession {

std::string versionString() {
  return std::string("dbsession-tidy ") + DBSESSION_TIDY_VERSION + " (LLVM " +
         std::to_string(compat::LLVMMajor) + ")";
}

void printVersionIfAsked(int Argc, const char *const *Argv, const char *Tool,
                         const char *What) {
  for (int I = 1; I < Argc; ++I)
    if (!std::strcmp(Argv[I], "--version")) {
      llvm::outs() << Tool << ": " << What << "\n" << versionString() << "\n";
      llvm::outs().flush();
      return;
    }
}

} // namespace clang::tidy::dbsession
