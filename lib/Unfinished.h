//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Transactions that end without commit or rollback, are finished twice,
/// or begin while another is open on the same session, read from a solved
/// FunctionFlow.
///
/// What "unfinished" means depends on what the library does when nothing
/// finishes the transaction:
///   * a transaction object that rolls back when destroyed (`pqxx::work`,
///     `soci::transaction`, `SQLite::Transaction`, POCO's and cppdb's):
///     one that wrote and reaches the normal end of its scope (a return,
///     the end of a block, break, continue, goto) uncommitted loses its
///     writes. An exception unwinding through it is the rollback it is
///     for; a transaction that did not write, or an end before the first
///     write, is fine. One that commits when destroyed (Drogon) never is;
///   * a transaction begun by a call (`db.transaction()`, `sql.begin()`,
///     `session.begin()`, `PQexec(c, "BEGIN")`, `setAutoCommit(false)`):
///     any exit of the function that began it with the transaction open,
///     written or not, leaves the connection idle in transaction. Calls the
///     model says throw count as exits; Qt SQL and libpq report failure by
///     value and do not. A function that leaves the transaction it began on
///     a parameter or member open on every exit is a wrapper whose job is
///     to begin: its callers are responsible, it is not reported.
/// A commit or rollback of a transaction finished on every path, and a
/// begin while a transaction is surely open on the same session, are
/// findings at that call.
///
/// Findings carry declarations, kinds and locations; the check words them.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_UNFINISHED_H
#define DBSESSION_TIDY_LIB_UNFINISHED_H

#include "HandleFlow.h"

#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// A transaction left unfinished on some path.
struct UnfinishedFinding {
  const HandleDesc *Handle = nullptr;
  SourceLocation BegunAt;
  /// Rolls back when destroyed: the finding is about lost writes.
  bool RollsBackOnDestroy = false;
  /// The exits where it is still open.
  std::vector<ExitNote> Exits;
  /// The first write while it is open, if any.
  SourceLocation FirstWrite;
  /// How to finish it ("tx.commit()", "db.rollback()"); empty when the
  /// model names none.
  std::string CommitCall;
  std::string RollbackCall;
};

/// A commit or rollback of a transaction already finished on every path.
struct FinishedTwiceFinding {
  const HandleDesc *Handle = nullptr;
  SourceLocation Loc;
  bool IsCommit = true;
  /// What it already is: StCommitted, StRolledBack, or both.
  unsigned Already = 0;
};

/// A begin while another transaction is surely open on the same session.
struct NestedBeginFinding {
  const HandleDesc *Handle = nullptr; ///< the one begun here
  const HandleDesc *Open = nullptr;   ///< the one still open
  SourceLocation Loc;
  SourceLocation OpenedAt;
};

struct TransactionFindings {
  std::vector<UnfinishedFinding> Unfinished;
  std::vector<FinishedTwiceFinding> FinishedTwice;
  std::vector<NestedBeginFinding> NestedBegins;
};

TransactionFindings findTransactionMisuse(const FunctionFlow &Flow);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_UNFINISHED_H
