//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// clangd runs, by default (`FastCheckFilter: Strict`), only the clang-tidy
/// checks on its list of checks measured to be fast, a list compiled into
/// clangd; a check it does not know is skipped without a word. Our checks
/// are fast (bench/ measures them beside a trivial check, and the analysis
/// budget bounds every function), so this binary adds them to the list: the
/// linker routes clangd's calls to `isFastTidyCheck` here (`--wrap`), and
/// every other check gets clangd's own answer.
///
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"

#include <optional>

// The mangled name of clang::clangd::isFastTidyCheck(llvm::StringRef); the
// return type is not part of it.
#define DBSESSION_FAST_CHECK_SYMBOL _ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE
#define DBSESSION_CONCAT(A, B) A##B
#define DBSESSION_WRAP(Prefix, Name) DBSESSION_CONCAT(Prefix, Name)

extern "C" {
std::optional<bool> DBSESSION_WRAP(__real_,
                                   DBSESSION_FAST_CHECK_SYMBOL)(llvm::StringRef);

std::optional<bool>
DBSESSION_WRAP(__wrap_, DBSESSION_FAST_CHECK_SYMBOL)(llvm::StringRef Check) {
  if (Check.substr(0, 10) == "dbsession-")
    return true;
  return DBSESSION_WRAP(__real_, DBSESSION_FAST_CHECK_SYMBOL)(Check);
}
}
