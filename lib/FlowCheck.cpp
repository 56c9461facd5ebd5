//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FlowCheck.h"
#include "CheckOptions.h"
#include "Compat.h"
#include "ExprHelpers.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::dbsession {

namespace {

/// A list option: the check's own value (local or global) or, for checks
/// that do not own it, the global value only.
std::string listOption(const ClangTidyCheck::OptionsView &Options,
                       ClangTidyContext *Context, llvm::StringRef Key,
                       FlowCheck::BlockingLists Lists) {
  if (Lists == FlowCheck::BlockingLists::OwnOptions)
    return compat::toStdString(Options.getLocalOrGlobal(Key, ""));
  const auto &All = Context->getOptions().CheckOptions;
  auto It = All.find(Key);
  return It == All.end() ? std::string() : std::string(It->second.Value);
}

} // namespace

FlowCheck::FlowCheck(llvm::StringRef Name, ClangTidyContext *Context,
                     BlockingLists Lists)
    : ClangTidyCheck(Name, Context),
      ExtraBlockingFunctions(
          listOption(Options, Context, "ExtraBlockingFunctions", Lists)),
      IgnoredFunctions(listOption(Options, Context, "IgnoredFunctions", Lists)),
      CheckName(Name.str()), Lists(Lists),
      AnalysisBudget(
          parseUnsigned(compat::toStdString(Options.get("AnalysisBudget", "")),
                        DefaultAnalysisBudget)),
      ReportSkippedFunctions(parseBool(
          compat::toStdString(Options.get("ReportSkippedFunctions", "")),
          false)),
      Model(
          modelFor(Context, Options, ExtraBlockingFunctions, IgnoredFunctions)),
      Reporter(*this, Context, Model) {
  Limits.Budget = AnalysisBudget;
}

void FlowCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  if (Lists == BlockingLists::OwnOptions) {
    Options.store(Opts, "ExtraBlockingFunctions", ExtraBlockingFunctions);
    Options.store(Opts, "IgnoredFunctions", IgnoredFunctions);
  }
  Options.store(Opts, "AnalysisBudget", std::to_string(AnalysisBudget));
  Options.store(Opts, "ReportSkippedFunctions",
                ReportSkippedFunctions ? "true" : "false");
  storeSharedOptions(Options, Opts);
}

void FlowCheck::registerMatchers(MatchFinder *Finder) {
  Reporter.registerMatchers(Finder);
  // Template patterns are skipped: their instantiations are analysed, and
  // reported once per source location.
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isImplicit())).bind("function"),
      this);
  Finder->addMatcher(lambdaExpr().bind("lambda"), this);
}

void FlowCheck::check(const MatchFinder::MatchResult &Result) {
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
  if (!Analysis || &Analysis->context() != &Ctx) {
    Analysis = SharedAnalysis::get(Ctx, Model, Limits);
    SM = &Ctx.getSourceManager();
  }
  const FunctionFlow &Flow = Analysis->flow(FD);
  if (!Flow.isSkipped()) {
    checkFunction(Flow);
    return;
  }
  // A function without handles is never solved, so never skipped: this one
  // had something to check and was given up.
  if (ReportSkippedFunctions && Analysis->firstSkipNotice(FD))
    diag(FD->getLocation(),
         "%0 is not analysed: over the analysis budget or with more than %1 "
         "handles")
        << quotedFunction(FD, /*Qualified=*/false) << FunctionFacts::MaxHandles;
}

bool FlowCheck::firstReport(SourceLocation Loc, SourceLocation Other) {
  unsigned A = SM->getFileLoc(Loc).getRawEncoding();
  unsigned B = Other.isValid() ? SM->getFileLoc(Other).getRawEncoding() : 0;
  return Reported.insert({A, B}).second;
}

void FlowCheck::onEndOfTranslationUnit() {
  // Work given up is always said, once per translation unit, where it
  // cannot be filtered away.
  if (Analysis && Analysis->firstSkipSummary()) {
    if (unsigned Total = Analysis->skipped())
      llvm::errs() << "dbsession-tidy: " << Total
                   << " function(s) not analysed: over the analysis budget "
                      "(AnalysisBudget "
                   << AnalysisBudget << ") or with more than "
                   << FunctionFacts::MaxHandles << " handles"
                   << (ReportSkippedFunctions
                           ? ""
                           : "; set ReportSkippedFunctions to name them")
                   << "\n";
    if (unsigned Cut = Analysis->chainsCut())
      llvm::errs() << "dbsession-tidy: " << Cut
                   << " call chain(s) too deep to follow; calls below them "
                      "count as unknown\n";
  }
  Analysis.reset();
  Analysed.clear();
  Reported.clear();
  SM = nullptr;
}

} // namespace clang::tidy::dbsession
