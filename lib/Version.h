//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_VERSION_H
#define DBSESSION_TIDY_LIB_VERSION_H

#include <string>

namespace clang::tidy::dbsession {

/// "0.1.0 (built for LLVM 19)": used by tools and reports.
std::string versionString();

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_VERSION_H
