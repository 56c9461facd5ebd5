//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Version.h"

#include "Compat.h"

namespace clang::tidy::dbsession {

std::string versionString() {
  return std::string(DBSESSION_TIDY_VERSION) + " (built for LLVM " +
         std::to_string(compat::LLVMMajor) + ")";
}

} // namespace clang::tidy::dbsession
