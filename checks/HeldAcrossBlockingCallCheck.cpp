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
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::dbsession {

namespace {

// Booleans and numbers are parsed here: the host clang-tidy does not export
// every instantiation of OptionsView::get for plugins.
bool parseBool(llvm::StringRef Text, bool Default) {
  Text = Text.trim();
  if (Text.equals_insensitive("true") || Text == "1")
    return true;
  if (Text.equals_insensitive("false") || Text == "0")
    return false;
  return Default;
}

unsigned parseUnsigned(llvm::StringRef Text, unsigned Default) {
  unsigned Value = 0;
  return Text.trim().getAsInteger(10, Value) ? Default : Value;
}

/// The word for a kind of handle: the model's spelling, but for bound
/// objects, which read better as what they mostly are.
llvm::StringRef kindWord(HandleKind K) {
  if (K == HandleKind::Bound)
    return "statement";
  return handleKindName(K);
}

/// How a message names the handle: "connection 'sql'", "transaction on
/// 'db'", "temporary session".
std::string subject(const HandleDesc &D) {
  if (D.IsTxnOn)
    return "transaction on '" + D.Name + "'";
  if (D.Temp)
    return "temporary " + kindWord(D.Kind).str();
  return kindWord(D.Kind).str() + " '" + D.Name + "'";
}

} // namespace

HeldAcrossBlockingCallCheck::HeldAcrossBlockingCallCheck(
    llvm::StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      BlockingGroups(compat::toStdString(Options.get("BlockingGroups", "*"))),
      ExtraBlockingFunctions(compat::toStdString(
          Options.getLocalOrGlobal("ExtraBlockingFunctions", ""))),
      IgnoredFunctions(compat::toStdString(
          Options.getLocalOrGlobal("IgnoredFunctions", ""))),
      IncludeHelpers(parseBool(
          compat::toStdString(Options.get("IncludeHelpers", "")), true)),
      MaxChainDepth(parseUnsigned(
          compat::toStdString(Options.get("MaxChainDepth", "")), 6)),
      AnalysisBudget(parseUnsigned(
          compat::toStdString(Options.get("AnalysisBudget", "")), 20000)),
      ReportSkippedFunctions(parseBool(
          compat::toStdString(Options.get("ReportSkippedFunctions", "")),
          false)),
      Model(
          modelFor(Context, Options, ExtraBlockingFunctions, IgnoredFunctions)),
      Reporter(*this, Context, Model) {
  Policy.Groups = model::splitList(BlockingGroups);
  Policy.IncludeHelpers = IncludeHelpers;
  Policy.MaxChainDepth = MaxChainDepth;
  Limits.Budget = AnalysisBudget;
}

void HeldAcrossBlockingCallCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingGroups", BlockingGroups);
  Options.store(Opts, "ExtraBlockingFunctions", ExtraBlockingFunctions);
  Options.store(Opts, "IgnoredFunctions", IgnoredFunctions);
  Options.store(Opts, "IncludeHelpers", IncludeHelpers ? "true" : "false");
  Options.store(Opts, "MaxChainDepth", std::to_string(MaxChainDepth));
  Options.store(Opts, "AnalysisBudget", std::to_string(AnalysisBudget));
  Options.store(Opts, "ReportSkippedFunctions",
                ReportSkippedFunctions ? "true" : "false");
  storeSharedOptions(Options, Opts);
}

void HeldAcrossBlockingCallCheck::registerMatchers(MatchFinder *Finder) {
  Reporter.registerMatchers(Finder);
  // Template patterns are skipped: their instantiations are analysed, and
  // reported once per source location.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isImplicit())).bind("function"),
      this);
  Finder->addMatcher(lambdaExpr().bind("lambda"), this);
}

void HeldAcrossBlockingCallCheck::check(
    const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return;
  const FunctionDecl *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    FD = Lambda->getCallOperator();
  // Library code is only looked into through the summaries of its callers.
  if (!FD || FD->isDependentContext() ||
      Ctx.getSourceManager().isInSystemHeader(FD->getLocation()) ||
      !Analysed.insert(FD).second)
    return;
  if (!Analysis || &Analysis->context() != &Ctx)
    Analysis = SharedAnalysis::get(Ctx, Model, Limits);
  const SourceManager &SM = Ctx.getSourceManager();
  for (const HeldAcrossFinding &F :
       findHeldAcrossBlocking(Analysis->flow(FD), Policy)) {
    SourceLocation CallLoc = F.Call->getExprLoc();
    if (!Reported
             .insert({SM.getFileLoc(CallLoc).getRawEncoding(),
                      SM.getFileLoc(F.DeclLoc).getRawEncoding()})
             .second)
      continue;
    const std::string Subject = subject(*F.Handle);
    const std::string &Name = F.Handle->Name;
    auto AddFix = [&](const DiagnosticBuilder &Diag) {
      if (F.Fix && F.Fix->OnWarning)
        Diag << FixItHint::CreateInsertion(F.Fix->InsertLoc, F.Fix->Text);
    };
    // A helper that may block is named like a blocking call; the notes
    // follow it down to the catalog function.
    AddFix(diag(CallLoc, "%0 is held across blocking call to %1 (%2)")
           << Subject << describeCallee(F.Call, F.Callee) << F.Group);
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
          << (F.ReleasedExplicitlyAfter && !F.UsedAfter && !F.UsedByCall);
    if (F.Fix && !F.Fix->OnWarning)
      diag(F.Fix->InsertLoc,
           "call '%0' before the blocking call if the work on it is done",
           DiagnosticIDs::Note)
          << F.Fix->Call
          << FixItHint::CreateInsertion(F.Fix->InsertLoc, F.Fix->Text);
    if (F.EndScopeHint)
      diag(CallLoc,
           "end the scope of '%0' before the call to give the lease back",
           DiagnosticIDs::Note)
          << Name;
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

void HeldAcrossBlockingCallCheck::onEndOfTranslationUnit() {
  if (ReportSkippedFunctions) {
    unsigned Total = Analysis ? Analysis->skipped() : 0;
    llvm::errs() << "dbsession-held-across-blocking-call: " << Total
                 << " function(s) skipped over the analysis budget\n";
  }
  Analysis.reset();
  Analysed.clear();
  Reported.clear();
}

} // namespace clang::tidy::dbsession
