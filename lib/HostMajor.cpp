//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "HostMajor.h"

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dbsession::host {
namespace {

/// Parses the major out of "... version 19.1.7 ...".
int majorFromVersionText(const std::string &Text) {
  std::size_t Pos = Text.find("version ");
  if (Pos == std::string::npos)
    return 0;
  return std::atoi(Text.c_str() + Pos + std::strlen("version "));
}

/// Asks the host's libclang-cpp, which exports `clang::getClangFullVersion()`
/// with the same signature in every major we know.
int majorFromClang() {
  using VersionFn = std::string (*)();
  void *Sym = dlsym(RTLD_DEFAULT, "_ZN5clang19getClangFullVersionB5cxx11Ev");
  if (!Sym)
    return 0;
  return majorFromVersionText(reinterpret_cast<VersionFn>(Sym)());
}

/// Falls back to the sonames of the LLVM libraries the host has loaded
/// (libclang-cpp.so.19.1, libLLVM-14.so.1, libLLVM.so.19.1).
int majorFromLibraries() {
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

} // namespace

int clangMajor() {
  int Major = majorFromClang();
  return Major ? Major : majorFromLibraries();
}

bool isClangTidy() {
  // Every clang-tidy that can load plugins exports its check base class.
  return dlsym(RTLD_DEFAULT, "_ZTVN5clang4tidy14ClangTidyCheckE") != nullptr;
}

int requireMajor(int Built) {
  if (!isClangTidy())
    failLoad("the host program does not export clang-tidy's plugin interface "
             "(it is not clang-tidy, or a build that cannot load plugins); "
             "use a clang-tidy " + std::to_string(Built) +
             " that supports --load");
  int Host = clangMajor();
  if (!Host)
    failLoad("cannot tell which LLVM version the host clang-tidy is; this "
             "module was built for LLVM " + std::to_string(Built));
  if (Host != Built)
    failLoad("this module was built for clang-tidy " + std::to_string(Built) +
             " but was loaded into clang-tidy " + std::to_string(Host) +
             "; run clang-tidy-" + std::to_string(Built) +
             " (or rebuild with -DDBSESSION_LLVM_MAJOR=" +
             std::to_string(Host) + ")");
  return Host;
}

void failLoad(const std::string &Message) {
  std::fprintf(stderr, "error: dbsession-tidy: %s\n", Message.c_str());
  std::fflush(stderr);
  _exit(1);
}

} // namespace dbsession::host
