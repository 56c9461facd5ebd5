//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The handle-state analysis: which handles a function holds at each point.
///
/// Every handle the API model describes and that this function owns (a
/// local, a member of a local, a smart pointer, a temporary, a member of
/// `this` acquired here, a transaction begun here on a handle owned
/// elsewhere) moves through these states:
///
/// \code
///                    acquire: constructor, acquiring call, open(),
///                    begin(), member initializer, make_unique
///   [Unheld] ------------------------------------------------> [Held]
///                                                               |
///      +--------------------------------------------------------+
///      |  destructor, close() / give-back call, reset(), delete
///      +--> [Released]
///      |  commit()
///      +--> [Committed]
///      |  rollback()
///      +--> [RolledBack]
///      |  std::move into another local (that local is now [Held])
///      +--> [MovedAway]
///      |  moved or passed into another owner, returned, taken over
///      +--> [Transferred]
///      |  a raw pointer stored where it cannot be followed
///      +--> [Escaped]
///
///   Every state goes back to [Held] on a new acquisition. Copies of a
///   shared handle are handles of one group: the group is held while any
///   of them is [Held], and is reported once.
/// \endcode
///
/// Only [Held] is held. The state of a handle at a point is the set of
/// states it may be in on some path there (the analysis is flow-sensitive,
/// not path-sensitive): a handle released on one branch only is still held
/// after the join.
///
/// Exceptions: a call that may throw inside a `try` block sends the state
/// before the call to the block's handlers, with the handles declared inside
/// the `try` block destroyed on the way; a `throw` does the same.
///
/// Implementation: a worklist over CFG blocks with the union as join; the
/// transfer function applies the events collected by FunctionFacts and
/// interprets calls to helpers through their summaries. The number of block
/// visits is bounded; past the bound the function is given up.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_SESSIONFLOW_H
#define DBSESSION_TIDY_LIB_SESSIONFLOW_H

#include "FlowFacts.h"
#include "Summaries.h"

#include "clang/Basic/SourceLocation.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// The states a handle can be in; a state set is a bit mask of these.
enum HandleStateBit : unsigned {
  StUnheld = 1u << 0,
  StHeld = 1u << 1,
  StReleased = 1u << 2,
  StCommitted = 1u << 3,
  StRolledBack = 1u << 4,
  StMovedAway = 1u << 5,
  StTransferred = 1u << 6,
  StEscaped = 1u << 7,
};

/// The word for a kind of handle in diagnostics ("connection", "lease").
llvm::StringRef kindWord(HandleKind K);

/// A fix: text to insert before the statement holding the blocking call.
struct ReleaseFix {
  SourceLocation InsertLoc;
  std::string Text;
  /// The statement inserted, for the note ("sql.close()").
  std::string Call;
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

  /// The handle: how to name it, and where it was acquired.
  std::string Subject; ///< "connection 'sql'", "transaction on 'db'"
  HandleKind Kind = HandleKind::Connection;
  SourceLocation DeclLoc;
  SourceLocation AcquiredAt;
  /// The first release reachable after the call, if any, and how: 0
  /// released, 1 committed, 2 rolled back.
  SourceLocation ReleasedAt;
  unsigned ReleaseHow = 0;
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
  std::string Name;
  std::optional<ReleaseFix> Fix;
};

/// The result of analysing one function.
struct FlowResult {
  bool Skipped = false; ///< over budget
  std::vector<HeldAcrossFinding> Findings;
};

/// Finds the handles \p FD holds across blocking calls.
FlowResult findHeldAcrossBlocking(const FunctionDecl *FD,
                                  SummaryTable &Summaries);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_SESSIONFLOW_H
