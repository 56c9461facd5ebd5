//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "HeldAcrossBlockingCallCheck.h"
#include "Compat.h"
#include "ExprHelpers.h"
#include "HeldAcross.h"

#include "clang/AST/ASTContext.h"

namespace clang::tidy::dbsession {

HeldAcrossBlockingCallCheck::HeldAcrossBlockingCallCheck(
    llvm::StringRef Name, ClangTidyContext *Context)
    : FlowCheck(Name, Context, {"ExtraBlockingFunctions", "IgnoredFunctions"}),
      BlockingGroups(compat::toStdString(Options.get("BlockingGroups", "*"))),
      IncludeHelpers(readBool("IncludeHelpers", true)),
      MaxChainDepth(readUnsigned("MaxChainDepth", 6)) {
  Policy.Groups = model::splitList(BlockingGroups);
  Policy.IncludeHelpers = IncludeHelpers;
  Policy.MaxChainDepth = MaxChainDepth;
  reportUnmatchedGroups();
}

/// "'a'", "'a', then 'b'": releases in the order they are to run.
static std::string quotedSequence(const std::vector<std::string> &Calls) {
  std::string Text;
  for (size_t I = 0; I < Calls.size(); ++I)
    Text += (I == 0 ? "'" : ", then '") + Calls[I] + "'";
  return Text;
}

/// A pattern in BlockingGroups that names no group (a typo such as
/// `netwrk.http`) would quietly check less: say so, whatever the header
/// filter. Annotations may name groups of their own, which the model does
/// not know in advance, so this is a warning rather than an error.
void HeldAcrossBlockingCallCheck::reportUnmatchedGroups() {
  std::vector<std::string> Known = model().blockingGroups();
  Known.push_back("custom"); // an annotation's group when it names none
  for (const std::string &Pattern : Policy.Groups) {
    BlockingPolicy One;
    One.Groups = {Pattern};
    if (llvm::any_of(Known,
                     [&](const std::string &G) { return One.groupEnabled(G); }))
      continue;
    std::string List;
    for (const std::string &G : Known)
      List += (List.empty() ? "" : ", ") + G;
    configurationDiag("option '%0': '%1' matches no blocking group (known: "
                      "%2); only a group named by an annotation could match "
                      "it")
        << checkName() + ".BlockingGroups" << Pattern << List;
  }
}

void HeldAcrossBlockingCallCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingGroups", BlockingGroups);
  Options.store(Opts, "IncludeHelpers", IncludeHelpers ? "true" : "false");
  Options.store(Opts, "MaxChainDepth", std::to_string(MaxChainDepth));
  FlowCheck::storeOptions(Opts);
}

void HeldAcrossBlockingCallCheck::checkFunction(const FunctionFlow &Flow) {
  for (const HeldAcrossFinding &F : findHeldAcrossBlocking(Flow, Policy)) {
    SourceLocation CallLoc = F.Call->getExprLoc();
    if (!firstReport(CallLoc, F.DeclLoc))
      continue;
    const std::string Subject = describeHandle(*F.Handle);
    const std::string &Name = F.Handle->Name;
    auto AddFix = [&](const DiagnosticBuilder &Diag) {
      if (F.Fix && F.Fix->OnWarning)
        Diag << FixItHint::CreateInsertion(F.Fix->InsertLoc, F.Fix->Text);
    };
    // A helper that may block is named like a blocking call; the notes
    // follow it down to the catalog function.
    // A fix's text spans lines, which the console does not show: the
    // message says that there is one.
    AddFix(diag(CallLoc, "%0 is held across blocking call to %1 (%2)%select{|; "
                         "fix available}3")
           << Subject << describeCallee(F.Call, F.Callee) << F.Group
           << static_cast<bool>(F.Fix && F.Fix->OnWarning));
    if (F.AcquiredAt.isValid())
      diag(F.AcquiredAt, "%0 %select{acquired|leased from a pool|opened}1 here",
           DiagnosticIDs::Note)
          << Subject
          << (F.Kind == HandleKind::Transaction ? 2
              : F.Kind == HandleKind::Lease     ? 1
                                                : 0);
    for (size_t I = 0; I < F.Chain.size(); ++I) {
      bool Last = I + 1 == F.Chain.size();
      diag(F.Chain[I].Call->getExprLoc(), "%0 calls %1%select{| (%3)}2 here",
           DiagnosticIDs::Note)
          << quotedFunction(F.Chain[I].Caller, false)
          << quotedFunction(F.Chain[I].Callee, Last) << Last << F.Group;
    }
    if (F.ReleasedAt.isValid())
      diag(F.ReleasedAt,
           "%0 is %select{released|committed|rolled back}1 here%select{|; "
           "do it before the call}2",
           DiagnosticIDs::Note)
          << Subject << static_cast<int>(F.ReleaseHow)
          << (F.ReleasedExplicitlyAfter && !F.UsedAfter && !F.UsedByCall &&
              F.OpenOn.empty());
    // A release that would change what the program does (a commit of work
    // meant to roll back, closing a shared session) is advice only: fixes on
    // notes are exported and applied by run-clang-tidy -fix like any other.
    if (F.Fix && !F.Fix->OnWarning)
      diag(F.Fix->InsertLoc,
           "call %0 before the blocking call if the work on %select{it|them}1 "
           "is done",
           DiagnosticIDs::Note)
          << quotedSequence(F.Fix->Calls) << (F.Fix->Calls.size() > 1);
    if (F.FixedWith)
      diag(CallLoc,
           "the fix on the warning for '%0' ends '%1' before the call, "
           "then releases '%0'",
           DiagnosticIDs::Note)
          << F.FixedWith->Name << Name;
    if (F.EndScopeHint)
      diag(CallLoc,
           "end the scope of '%0' before the call to give the lease back",
           DiagnosticIDs::Note)
          << Name;
    for (const HandleDesc *T : F.OpenOn)
      diag(CallLoc, "%0 is open on '%1' at the call; it must end before '%1' "
                    "is released",
           DiagnosticIDs::Note)
          << describeHandle(*T) << Name;
    if (F.UsedAfter)
      diag(CallLoc,
           "'%0' is used after the call: copy what is needed, release it "
           "before the call and acquire it again afterwards",
           DiagnosticIDs::Note)
          << Name;
    else if (F.UsedByCall)
      diag(CallLoc,
           "'%0' is passed to the call: do the database work first, release "
           "it, then make the blocking call with plain values",
           DiagnosticIDs::Note)
          << Name;

  }
}

} // namespace clang::tidy::dbsession
