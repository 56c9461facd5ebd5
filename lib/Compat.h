//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one place that knows which LLVM it is compiled against.
///
/// dbsession-tidy builds against several LLVM majors (14, 19 and 22 are
/// tested). Every difference between their APIs is papered over here, so
/// that no other file tests LLVM_VERSION_MAJOR. When a new major changes an
/// API we use, add a shim here and use it everywhere else.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_COMPAT_H
#define DBSESSION_TIDY_LIB_COMPAT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"

#include <optional>
#include <string>

#if LLVM_VERSION_MAJOR < 16
#include "llvm/ADT/Optional.h"
#endif

// The module registry moved into ClangTidyModule.h in LLVM 22, which
// deprecates the old header.
#if LLVM_VERSION_MAJOR >= 22
#include "clang-tidy/ClangTidyModule.h"
#else
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy::dbsession::compat {

/// The LLVM major version this build of the module is for.
inline constexpr unsigned LLVMMajor = LLVM_VERSION_MAJOR;

/// The optional type used by clang-tidy's own interfaces
/// (`getCheckTraversalKind()`, `OptionsView::get`).
#if LLVM_VERSION_MAJOR < 16
template <typename T> using TidyOptional = llvm::Optional<T>;
inline constexpr llvm::NoneType TidyNone = llvm::None;
#else
template <typename T> using TidyOptional = std::optional<T>;
inline constexpr std::nullopt_t TidyNone = std::nullopt;
#endif

/// An optional path of `llvm::sys::ExecuteAndWait`'s redirects.
using RedirectPath = TidyOptional<llvm::StringRef>;

/// Converts whatever `OptionsView::get(Name, Default)` returns (a
/// `std::string` before LLVM 15, a `StringRef` since) into an owning string.
template <typename T> std::string toStdString(const T &Value) {
  return std::string(llvm::StringRef(Value));
}

} // namespace clang::tidy::dbsession::compat

#endif // DBSESSION_TIDY_LIB_COMPAT_H
