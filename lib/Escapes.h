//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Objects bound to a session that leave it or outlive it, read from a
/// solved FunctionFlow.
///
/// A bound object is a local the facts record in FunctionFacts::Bound: a
/// statement, rowset, stream, cursor or query made through a handle (or
/// through the caller's database), an entity loaded through one, a
/// `Column` of a bound statement, a pointer into one's storage. It must
/// not:
///
///   * be returned, or stored into the caller's object, when its session
///     ends with the function (a local session owned here) or was closed
///     before (its states there);
///   * be stored into a global or a static (always: a static statement is
///     kept across calls, connections and threads), or into a member or a
///     container that is not a local when its session ends in this function;
///   * be captured by reference, or as a copy of a shared object, into a
///     lambda handed to another thread or kept as a callback (the
///     AsyncFunctions list: `std::thread`, `std::async`, `post`, ...), or
///     be passed to such a function as an argument (an entity even by
///     value); a transaction captured by reference likewise;
///   * be used after its session was closed, removed or, for objects of a
///     transaction, committed or rolled back, on every path there; nor be
///     alive, and destroyed later, where its connection is removed by name
///     (Qt's removeDatabase: every query on it stops working);
///   * (an entity) be passed to a write of another session (add, merge,
///     update, persist) while the session it was loaded through is open:
///     the object is then attached to two sessions.
///
/// Everything is read off the events and states the handle analysis
/// already has (store and capture events, the states before each element,
/// the exits): no second pass over the function's paths.
///
/// Findings carry declarations, kinds and locations; the check words them.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_ESCAPES_H
#define DBSESSION_TIDY_LIB_ESCAPES_H

#include "HandleFlow.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// Functions that run a callable later or on another thread, as the option
/// `AsyncFunctions` lists them: a qualified name matches that function
/// (`std::async`, `std::thread::thread` for the constructor), a plain name
/// any function or method of that name (`post`, `submit`).
class AsyncFunctions {
public:
  explicit AsyncFunctions(const std::vector<std::string> &Names);
  bool matches(const FunctionDecl *FD) const;

private:
  std::vector<std::string> Qualified, Plain;
};

/// The default of the option `AsyncFunctions`.
extern const char DefaultAsyncFunctions[];

/// How a bound object leaves or outlives its session.
enum class EscapeKind : unsigned char {
  Returned,     ///< returned while its session ends
  Stored,       ///< stored where it outlives its session (Into says where)
  StaticLocal,  ///< declared as a function-local static
  Captured,     ///< captured into a lambda run elsewhere or later
  HandedOver,   ///< passed as an argument to a function that runs its
                ///< callable elsewhere or later (std::thread's arguments)
  UsedAfterEnd, ///< used after its session ended
  AliveAtRemoval, ///< alive where its connection is removed by name
  AttachedTwice,  ///< an entity passed to another session's write while
                  ///< the session it was loaded through is open
};

/// How its session ends, as far as the function sees.
enum class SessionEnd : unsigned char {
  None,         ///< it does not (a static, a capture)
  WithFunction, ///< a local session destroyed when the function returns
  Closed,       ///< closed or released
  Committed,    ///< its transaction committed
  RolledBack,   ///< its transaction rolled back
  Removed,      ///< its connection removed by name
};

struct EscapeFinding {
  EscapeKind Kind = EscapeKind::Returned;
  /// Where it is reported: the `return`, the store, the static's name, the
  /// lambda, the use, the removal.
  SourceLocation Loc;
  /// The bound local; null when a bound value is returned directly, whose
  /// class is then ValueClass ("RecordSet"), or when the object is a
  /// transaction handle (Transaction).
  const VarDecl *Object = nullptr;
  const HandleDesc *Transaction = nullptr;
  std::string ValueClass;
  /// What the object is (null for a pointer into a bound object, whose
  /// owner is Parent).
  const HandleTypeInfo *Info = nullptr;
  const VarDecl *Parent = nullptr;
  /// Its session, when it is a handle of this function; else, when known,
  /// how it is named ("connection 'db'": a parameter, a member).
  const HandleDesc *Session = nullptr;
  std::string SessionName;
  /// Where it was bound (its declaration, or the returned expression).
  SourceLocation BoundAt;
  SessionEnd End = SessionEnd::None;
  /// Where the session ends: the release, commit or removal, or the
  /// `return` for a session that ends with the function.
  SourceLocation EndsAt;
  /// Stored: where.
  StoreTarget Into = StoreTarget::Member;
  /// Captured or HandedOver: by reference (for an argument, through
  /// std::ref), and the function the lambda or argument is handed to (null
  /// for a callback kept in a member, global or container).
  bool ByRef = false;
  const FunctionDecl *HandedTo = nullptr;
  /// AliveAtRemoval: where the object is destroyed (its scope's end).
  SourceLocation DestroyedAt;
  /// AttachedTwice: the other session, and the function called on it.
  std::string OtherSession;
  const FunctionDecl *Callee = nullptr;
};

/// The escapes of bound objects in \p Flow's function, in source order.
std::vector<EscapeFinding> findEscapes(const FunctionFlow &Flow,
                                       const ApiModel &Model,
                                       const AsyncFunctions &Async);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_ESCAPES_H
