//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The checks library's own host check, for when it is passed to `--load`
/// directly instead of through the guard (LoadGuard.cpp). In a clang-tidy of
/// another major whose symbols happen to resolve, the checks would otherwise
/// register, run on a changed class layout and typically find nothing, with
/// exit status 0. Compiled only into the loadable module: a binary that links
/// the checks in is of the right major by construction.
///
//===----------------------------------------------------------------------===//

#include "HostMajor.h"

#ifndef DBSESSION_BUILT_LLVM_MAJOR
#error "DBSESSION_BUILT_LLVM_MAJOR must be defined by the build"
#endif

namespace {

// Priority 101 runs this before the library's static initializers, the
// check registration among them, which may already call into the host.
__attribute__((constructor(101))) void refuseAnotherMajor() {
  dbsession::host::requireMajor(DBSESSION_BUILT_LLVM_MAJOR);
}

} // namespace
