//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Which clang-tidy major the process we were loaded into is, asked without
/// linking anything from LLVM, and how a load into the wrong one fails.
/// Shared by the guard users load (LoadGuard.cpp) and by the checks library,
/// which refuses a host of another major when it is loaded directly.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_HOSTMAJOR_H
#define DBSESSION_HOSTMAJOR_H

#include <string>

namespace dbsession::host {

/// The LLVM major of the host process: from its `clang::getClangFullVersion()`
/// or, failing that, from the soname of its libclang-cpp / libLLVM; 0 when
/// neither tells.
int clangMajor();

/// Whether the host exports clang-tidy's plugin interface.
bool isClangTidy();

/// Returns the host's major when the host is a clang-tidy of major \p Built;
/// otherwise fails the load with one line naming both versions.
int requireMajor(int Built);

/// Prints "error: dbsession-tidy: <Message>" and ends the process with
/// status 1 (without running destructors of a half-loaded host).
[[noreturn]] void failLoad(const std::string &Message);

} // namespace dbsession::host

#endif // DBSESSION_HOSTMAJOR_H
