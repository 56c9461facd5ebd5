//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Handles that need an explicit release and reach an exit of the function
/// still held, read from a solved FunctionFlow.
///
/// A handle needs an explicit release when nothing releases it by itself:
/// a raw pointer to a connection or session (`PGconn *`, `sql::Connection
/// *`, a `new soci::session`), or an object whose destructor does nothing
/// (a manual pool checkout a model describes so). RAII handles destroyed at
/// the end of their scope never do. An exit leaks the handle when it may
/// still be held there, acquired at the same site: a `return` or the end of
/// the body, a `throw` that leaves the function, a call that the model (or
/// the callee's summary) says may throw, outside any `try` block, and for
/// objects whose destructor does nothing, the end of their scope.
///
/// Returning the handle, moving it into another owner, storing it into a
/// member, global or container and passing it to a function that takes
/// ownership (the model's `takesOwnership`, a helper's summary) all hand it
/// over. Passing it to a function of the project that this translation
/// unit cannot see may hand it over too: such a handle is not reported.
///
/// A connection registered under a name computed at run time (Qt's
/// `addDatabase(type, name)`, the model's `nameArg`) needs the release by
/// that name (`removeDatabase(name)`) unless the name or the handle is
/// returned or stored in a member or global; one registered under a fixed
/// name belongs to the registry and is never reported.
///
/// Findings carry declarations, kinds and locations; the check words them.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_UNRELEASED_H
#define DBSESSION_TIDY_LIB_UNRELEASED_H

#include "HandleFlow.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// An exit where the handle is still held.
struct LeakingExit : ExitNote {
  /// An edit that releases the handle before this `return`, when it keeps
  /// the program's meaning otherwise: the handle is surely held there, in
  /// scope and not what is returned. Empty otherwise.
  std::vector<std::pair<SourceLocation, std::string>> Insertions;
};

/// One acquisition that is not released on every path.
struct UnreleasedFinding {
  const HandleDesc *Handle = nullptr;
  HandleKind Kind = HandleKind::Connection;
  SourceLocation AcquiredAt;
  std::vector<LeakingExit> Exits;
  /// How to release it, as a statement without `;` ("PQfinish(c)",
  /// "delete s", "lease.give_back()"); empty when the model names none.
  std::string ReleaseCall;
  /// The owner that would release it on every path
  /// ("std::unique_ptr<PGconn, decltype(&PQfinish)>"), when there is one.
  std::string RaiiType;
  /// A registration by name: released by name once no handle to it is
  /// left.
  bool ByName = false;
  /// A checkout from a pool: it goes back to the pool (the call is the
  /// pool's, which the handle does not name).
  bool GiveBack = false;
  /// A member acquired by the constructor of its object: only an exception
  /// leaving the constructor leaks it (the destructor then does not run).
  bool ConstructorMember = false;
};

/// The acquisitions in \p Flow's function that some path leaves unreleased.
std::vector<UnreleasedFinding> findUnreleased(const FunctionFlow &Flow);

/// True if handle \p D must be released explicitly.
bool needsExplicitRelease(const HandleDesc &D);

/// True if \p D is a member of the object \p FD constructs, acquired there,
/// that its destructor would have to release (a raw pointer, or a type
/// whose destructor does nothing): when the constructor throws, the
/// destructor does not run and the member leaks.
bool isConstructorMember(const HandleDesc &D, const FunctionDecl *FD);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_UNRELEASED_H
