//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `dbsession-clangd`: clangd with the dbsession-* checks built in. clangd
/// cannot load clang-tidy plugins; it runs the checks of every module in
/// clang-tidy's registry, which this binary's dbsession module joins.
/// Everything but `--version` is clangd's own.
///
//===----------------------------------------------------------------------===//

#include "Version.h"

namespace clang::clangd {
// clangd's entry point (libclangdMain; its header is not installed).
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

// Defined with the module's registration (checks/DbSessionTidyModule.cpp).
extern volatile int DbSessionModuleAnchorSource;

int main(int Argc, char *Argv[]) {
  // Keeps the registration of the dbsession module in the binary.
  (void)DbSessionModuleAnchorSource;
  clang::tidy::dbsession::printVersionIfAsked(
      Argc, Argv, "dbsession-clangd",
      "clangd with the dbsession-* checks built in");
  return clang::clangd::clangdMain(Argc, Argv);
}
