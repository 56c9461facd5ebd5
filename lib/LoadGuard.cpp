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

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

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

[[noreturn]] void fail(const std::string &Message) {
  std::fprintf(stderr, "error: dbsession-tidy: %s\n", Message.c_str());
  std::fflush(stderr);
  _exit(1);
}

/// Parses the major out of "... version 19.1.7 ...".
int majorFromVersionText(const std::string &Text) {
  std::size_t Pos = Text.find("version ");
  if (Pos == std::string::npos)
    return 0;
  return std::atoi(Text.c_str() + Pos + std::strlen("version "));
}

/// Asks the host's libclang-cpp, which exports `clang::getClangFullVersion()`
/// with the same signature in every major we know.
int hostMajorFromClang() {
  using VersionFn = std::string (*)();
  void *Sym = dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev");
  if (!Sym)
    return 0;
  return majorFromVersionText(reinterpret_cast<VersionFn>(Sym)());
}

/// Falls back to the sonames of the LLVM libraries the host has loaded
/// (libclang-cpp.so.19.1, libLLVM-14.so.1, libLLVM.so.19.1).
int hostMajorFromLibraries() {
  int Major = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Data) -> int {
        const char *Name = Info->dlpi_name;
        if (!Name)
          return 0;
        const char *Base = std::strrchr(Name, '/');
        Base = Base ? Base + 1 : Name;
        for (const char *Prefix :
             {"libclang-cpp.so.", "libLLVM-", "libLLVM.so."}) {
          std::size_t Len = std::strlen(Prefix);
          if (std::strncmp(Base, Prefix, Len) == 0 &&
              Base[Len] >= '0' && Base[Len] <= '9') {
            *static_cast<int *>(Data) = std::atoi(Base + Len);
            return 1;
          }
        }
        return 0;
      },
      &Major);
  return Major;
}

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
  const int Built = DBSESSION_BUILT_LLVM_MAJOR;
  // Every clang-tidy that can load plugins exports its check base class.
  if (!dlsym(RTLD_DEFAULT, "_ZTVN5clang4tidy14ClangTidyCheckE"))
    fail("the host program does not export clang-tidy's plugin interface "
         "(it is not clang-tidy, or a build that cannot load plugins); use a "
         "clang-tidy " + std::to_string(Built) + " that supports --load");
  int Host = hostMajorFromClang();
  if (!Host)
    Host = hostMajorFromLibraries();
  if (!Host)
    fail("cannot tell which LLVM version the host clang-tidy is; this module "
         "was built for LLVM " + std::to_string(Built));
  if (Host != Built)
    fail("this module was built for clang-tidy " + std::to_string(Built) +
         " but was loaded into clang-tidy " + std::to_string(Host) +
         "; rebuild it with -DDBSESSION_LLVM_MAJOR=" + std::to_string(Host));

  std::string Checks = ownDirectory() + "/" + DBSESSION_CHECKS_LIBRARY;
  if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_GLOBAL)) {
    const char *Why = dlerror();
    fail("cannot load the checks library '" + Checks +
         "': " + (Why ? Why : "unknown error"));
  }
  if (const char *Verbose = std::getenv("DBSESSION_TIDY_VERBOSE_LOAD");
      Verbose && *Verbose && std::strcmp(Verbose, "0") != 0)
    std::fprintf(stderr, "dbsession-tidy: loaded %s into clang-tidy %d\n",
                 Checks.c_str(), Host);
}

} // namespace
