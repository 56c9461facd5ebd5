//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The file users pass to `clang-tidy --load`: a guard that checks the host
/// before the checks themselves are loaded.
///
/// A clang-tidy plugin has no stable ABI: it only works in the clang-tidy
/// major it was compiled for. Loaded into another one it either fails to
/// resolve a symbol (clang-tidy then prints "-load request ignored" and, if
/// any other check is enabled, exits 0 as if all was well) or resolves every
/// symbol and crashes later on a changed class layout. Neither is acceptable
/// in CI.
///
/// This guard links against nothing from LLVM, so it always loads. Its
/// constructor asks the host which Clang it is, and only when the major
/// matches the one the checks were built for does it load the checks library
/// that sits beside it; otherwise it prints one line naming both versions and
/// exits with status 1.
///
//===----------------------------------------------------------------------===//

#include "HostMajor.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#ifndef DBSESSION_BUILT_LLVM_MAJOR
#error "DBSESSION_BUILT_LLVM_MAJOR must be defined by the build"
#endif
#ifndef DBSESSION_CHECKS_LIBRARY
#error "DBSESSION_CHECKS_LIBRARY must be defined by the build"
#endif

namespace {

using dbsession::host::failLoad;

/// The directory this guard was loaded from; the checks library sits there.
std::string ownDirectory() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&ownDirectory), &Info) ||
      !Info.dli_fname)
    return ".";
  std::string Path = Info.dli_fname;
  std::size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

__attribute__((constructor)) void loadChecksIfHostMatches() {
  int Host = dbsession::host::requireMajor(DBSESSION_BUILT_LLVM_MAJOR);
  std::string Checks = ownDirectory() + "/" + DBSESSION_CHECKS_LIBRARY;
  if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
    const char *Why = dlerror();
    failLoad("cannot load the checks library '" + Checks +
             "': " + (Why ? Why : "unknown error"));
  }
  if (const char *Verbose = std::getenv("DBSESSION_TIDY_VERBOSE_LOAD");
      Verbose && *Verbose && std::strcmp(Verbose, "0") != 0)
    std::fprintf(stderr, "dbsession-tidy: loaded %s into clang-tidy %d\n",
                 Checks.c_str(), Host);
}

} // namespace
