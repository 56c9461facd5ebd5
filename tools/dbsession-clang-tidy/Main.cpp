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

#include "Version.h"

#include "clang-tidy/tool/ClangTidyMain.h"

// Defined with the module's registration (checks/DbSessionTidyModule.cpp).
extern volatile int DbSessionModuleAnchorSource;

int main(int Argc, const char **Argv) {
  // Keeps the registration of the dbsession module in the binary.
  (void)DbSessionModuleAnchorSource;
  clang::tidy::dbsession::printVersionIfAsked(
      Argc, Argv, "dbsession-clang-tidy",
      "clang-tidy with the dbsession-* checks built in");
  return clang::tidy::clangTidyMain(Argc, Argv);
}
