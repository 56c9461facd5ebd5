//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Handles held across blocking calls, read from a solved FunctionFlow.
///
/// At every call that blocks in a group the check counts (a catalog
/// function, or a helper whose summary may block), each handle that may be
/// held there is a finding, unless the call is the database work the handle
/// is held for. A transaction and the connection it is open on are both
/// findings, the transaction first: one pass shows all that the call holds.
/// What follows the call decides the advice: whether the handle, an object
/// bound to it or a transaction open on it is needed again, where it is
/// first released, and whether releases can be inserted before the call,
/// in order, without changing the program.
///
/// Findings carry declarations, kinds and locations; the check words them.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_HELDACROSS_H
#define DBSESSION_TIDY_LIB_HELDACROSS_H

#include "HandleFlow.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// A fix: text to insert before the statement holding the blocking call.
struct ReleaseFix {
  SourceLocation InsertLoc;
  std::string Text;
  /// The statements inserted, in order ("tx.commit()", "conn.close()").
  std::vector<std::string> Calls;
  /// True if it keeps the meaning of the program (goes on the warning).
  bool OnWarning = false;
};

/// A handle held across a blocking call.
struct HeldAcrossFinding {
  /// The blocking call: to a catalog function, or to a helper that may
  /// block (then Chain says how).
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
  std::string Group;
  std::vector<ChainStep> Chain;

  /// The handle as the function knows it, and the kind it was acquired as
  /// (a session leased from a pool is a lease).
  const HandleDesc *Handle = nullptr;
  HandleKind Kind = HandleKind::Connection;
  SourceLocation DeclLoc;
  SourceLocation AcquiredAt;
  /// The first release reachable after the call, if any, and how.
  SourceLocation ReleasedAt;
  enum ReleaseHowTy { Released, Committed, RolledBack } ReleaseHow = Released;
  /// The handle (or an object bound to it) is used after the call.
  bool UsedAfter = false;
  /// The blocking call itself receives the handle (a helper that does the
  /// DB work and also blocks): it cannot be released before the call.
  bool UsedByCall = false;
  /// An explicit release (close, commit, reset) follows the call; it could
  /// move before it.
  bool ReleasedExplicitlyAfter = false;
  /// A pool lease not used after the call, that only its destructor is
  /// known to give back: ending its scope earlier is the fix.
  bool EndScopeHint = false;
  std::optional<ReleaseFix> Fix;
  /// Transactions opened on the handle and held at the call too, each
  /// reported before it: the handle can be let go only after they end.
  std::vector<const HandleDesc *> OpenOn;
  /// The first of them needed after the call (used, or only ended later
  /// by its scope): no release of the handle can move before the call.
  const HandleDesc *NeededBy = nullptr;
  /// For a transaction: its release is part of the fix on the warning for
  /// the handle it is open on (the one named here), which ends both in
  /// order; it carries no fix of its own.
  const HandleDesc *FixedWith = nullptr;
};

/// The handles \p Flow's function holds across calls that block in the
/// groups \p Policy counts.
std::vector<HeldAcrossFinding> findHeldAcrossBlocking(
    const FunctionFlow &Flow, const BlockingPolicy &Policy);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_HELDACROSS_H
