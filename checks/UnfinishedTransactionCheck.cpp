//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnfinishedTransactionCheck.h"
#include "ExprHelpers.h"
#include "Unfinished.h"

namespace clang::tidy::dbsession {

void UnfinishedTransactionCheck::checkFunction(const FunctionFlow &Flow) {
  TransactionFindings Found = findTransactionMisuse(Flow);
  for (const UnfinishedFinding &F : Found.Unfinished) {
    if (!firstReport(F.BegunAt))
      continue;
    const std::string Subject = describeHandle(*F.Handle);
    if (F.RollsBackOnDestroy)
      diag(F.BegunAt, "%0 wrote but is not committed on every path; its "
                      "destructor rolls the writes back")
          << Subject;
    else
      diag(F.BegunAt, "%0 is left open on some path") << Subject;
    if (F.FirstWrite.isValid())
      diag(F.FirstWrite, "%0 writes here", DiagnosticIDs::Note) << Subject;
    for (const ExitNote &X : F.Exits) {
      switch (X.Kind) {
      case ExitKind::ScopeEnd:
        diag(X.Loc, "%0 ends here without commit or rollback",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::Return:
        diag(X.Loc, "%0 is still open when the function returns here",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::FallOffEnd:
        diag(X.Loc, "%0 is still open at the end of the function",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::Throw:
        diag(X.Loc,
             "%0 is still open when the exception thrown here leaves the "
             "function",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::ThrowingCall:
        diag(X.Loc, "%0 is still open if %1 throws here", DiagnosticIDs::Note)
            << Subject << quotedFunction(X.Callee, true);
        break;
      }
    }
    // Advice only: committing or rolling back changes what the program
    // does, so no edit is offered.
    bool Throws = llvm::any_of(F.Exits, [](const ExitNote &X) {
      return X.Kind == ExitKind::Throw || X.Kind == ExitKind::ThrowingCall;
    });
    if (F.RollsBackOnDestroy && !F.CommitCall.empty())
      diag(F.BegunAt,
           "call '%0' before the end of its scope if the writes are to stay"
           "%select{|, or '%2' to drop them on purpose}1",
           DiagnosticIDs::Note)
          << F.CommitCall << !F.RollbackCall.empty() << F.RollbackCall;
    else if (!F.RollsBackOnDestroy && !F.CommitCall.empty())
      diag(F.BegunAt,
           "call '%0'%select{| or '%2'}1 before leaving the function"
           "%select{|; on exception paths roll back in a handler, or use a "
           "transaction object that rolls back when destroyed}3",
           DiagnosticIDs::Note)
          << F.CommitCall << !F.RollbackCall.empty() << F.RollbackCall
          << Throws;
    else if (!F.RollsBackOnDestroy)
      diag(F.BegunAt, "commit or roll back before leaving the function",
           DiagnosticIDs::Note);
  }
  for (const FinishedTwiceFinding &F : Found.FinishedTwice) {
    if (!firstReport(F.Loc))
      continue;
    unsigned Already = F.Already == StCommitted    ? 0
                       : F.Already == StRolledBack ? 1
                                                   : 2;
    diag(F.Loc, "%select{commit|rollback}0 of %1, which is already "
                "%select{committed|rolled back|finished}2")
        << !F.IsCommit << describeHandle(*F.Handle) << Already;
  }
  for (const NestedBeginFinding &F : Found.NestedBegins) {
    if (!firstReport(F.Loc))
      continue;
    diag(F.Loc, "%0 begins while %1 is still open on the same session")
        << describeHandle(*F.Handle) << describeHandle(*F.Open);
    if (F.OpenedAt.isValid())
      diag(F.OpenedAt, "%0 opened here", DiagnosticIDs::Note)
          << describeHandle(*F.Open);
  }
}

} // namespace clang::tidy::dbsession
