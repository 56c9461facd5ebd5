//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_VERSION_H
#define DBSESSION_TIDY_LIB_VERSION_H

#include <string>

namespace clang::tidy::dbsession {

/// "dbsession-tidy 0.1.0 (LLVM 19)": what every program of the project
/// prints for --version, naming the LLVM major it is built for.
std::string versionString();

/// For a program that wraps clangd or clang-tidy: when --version is among
/// \p Argv, prints "<Tool>: <What>" and versionString(), before the wrapped
/// program prints its own version.
void printVersionIfAsked(int Argc, const char *const *Argv, const char *Tool,
                         const char *What);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_VERSION_H
