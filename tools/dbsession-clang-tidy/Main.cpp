//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `dbsession-clang-tidy`: clang-tidy with upstream's modules and ours built
/// in, for hosts that cannot load a plugin (static builds, an IDE's external
/// clang-tidy setting). Everything but `--version` is clang-tidy's own.
///
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

#include <cstdio>
#include <cstring>

// Defined with the module's registration (checks/DbSessionTidyModule.cpp).
extern volatile int DbSessionModuleAnchorSource;

int main(int Argc, const char **Argv) {
  // Keeps the registration of the dbsession module in the binary.
  (void)DbSessionModuleAnchorSource;
  for (int I = 1; I < Argc; ++I)
    if (!std::strcmp(Argv[I], "--version")) {
      std::printf("dbsession-clang-tidy: clang-tidy with the dbsession-* "
                  "checks built in\ndbsession-tidy %s (LLVM %d)\n",
                  DBSESSION_TIDY_VERSION, DBSESSION_LLVM_MAJOR);
      std::fflush(stdout);
    }
  return clang::tidy::clangTidyMain(Argc, Argv);
}
