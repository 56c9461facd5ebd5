//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "UnreleasedConnectionCheck.h"
#include "ExprHelpers.h"
#include "Unreleased.h"

namespace clang::tidy::dbsession {

void UnreleasedConnectionCheck::checkFunction(const FunctionFlow &Flow) {
  for (const UnreleasedFinding &F : findUnreleased(Flow)) {
    if (!firstReport(F.AcquiredAt))
      continue;
    const std::string Subject = describeHandle(*F.Handle);
    {
      // A fix's text spans lines, which the console does not show: the
      // message says that there is one.
      bool HasFix = llvm::any_of(F.Exits, [](const LeakingExit &X) {
        return !X.Insertions.empty();
      });
      auto Diag = diag(F.AcquiredAt,
                       "%0 is not released on every path%select{|; fix "
                       "available}1")
                  << Subject << HasFix;
      for (const LeakingExit &X : F.Exits)
        for (const auto &Edit : X.Insertions)
          Diag << FixItHint::CreateInsertion(Edit.first, Edit.second);
    }
    for (const LeakingExit &X : F.Exits) {
      switch (X.Kind) {
      case ExitKind::Return:
        diag(X.Loc, "%0 is still held when the function returns here",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::FallOffEnd:
        diag(X.Loc, "%0 is still held at the end of the function",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::Throw:
        diag(X.Loc,
             F.ConstructorMember
                 ? "%0 is still held when the exception thrown here leaves "
                   "the constructor; the destructor does not run"
                 : "%0 is still held when the exception thrown here leaves "
                   "the function",
             DiagnosticIDs::Note)
            << Subject;
        break;
      case ExitKind::ThrowingCall:
        diag(X.Loc,
             F.ConstructorMember
                 ? "%0 is still held if %1 throws here; the destructor does "
                   "not run when the constructor throws"
                 : "%0 is still held if %1 throws here",
             DiagnosticIDs::Note)
            << Subject << quotedFunction(X.Callee, true);
        break;
      case ExitKind::ScopeEnd:
        diag(X.Loc,
             "%0 goes out of scope here; its destructor does not release it",
             DiagnosticIDs::Note)
            << Subject;
        break;
      }
    }
    // Advice, never an edit: the owner changes the code's structure.
    if (F.GiveBack)
      diag(F.AcquiredAt, "give it back to its pool on every path",
           DiagnosticIDs::Note);
    else if (F.ByName && !F.ReleaseCall.empty())
      diag(F.AcquiredAt,
           "call '%0' on every path, once no handle to the connection is left",
           DiagnosticIDs::Note)
          << F.ReleaseCall;
    else if (!F.ReleaseCall.empty() && !F.RaiiType.empty())
      diag(F.AcquiredAt,
           "call '%0' on every path, or hold it in '%1' so that every path "
           "releases it",
           DiagnosticIDs::Note)
          << F.ReleaseCall << F.RaiiType;
    else if (!F.ReleaseCall.empty())
      diag(F.AcquiredAt, "call '%0' on every path", DiagnosticIDs::Note)
          << F.ReleaseCall;
  }
}

} // namespace clang::tidy::dbsession
