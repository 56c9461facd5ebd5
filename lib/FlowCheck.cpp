//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FlowCheck.h"
#include "Compat.h"
#include "ExprHelpers.h"

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::dbsession {

namespace {

/// The list options that add to the model, and where each goes.
struct ListOption {
  llvm::StringLiteral Key;
  std::string ModelOptions::*Field;
};
constexpr ListOption ModelListOptions[] = {
    {"ExtraBlockingFunctions", &ModelOptions::ExtraBlockingFunctions},
    {"IgnoredFunctions", &ModelOptions::IgnoredFunctions},
    {"OwnershipTakingFunctions", &ModelOptions::OwnershipTakingFunctions},
    {"TransactionFinishingFunctions",
     &ModelOptions::TransactionFinishingFunctions},
};

/// Every list option's value for a check: its own lists locally or
/// globally, the other checks' lists globally only.
ModelOptions readLists(const ClangTidyCheck::OptionsView &Options,
                       ClangTidyContext *Context,
                       llvm::ArrayRef<llvm::StringLiteral> Own) {
  ModelOptions Lists;
  const auto &All = Context->getOptions().CheckOptions;
  for (const ListOption &L : ModelListOptions) {
    std::string &Value = Lists.*L.Field;
    if (llvm::is_contained(Own, L.Key)) {
      Value = compat::toStdString(Options.getLocalOrGlobal(L.Key, ""));
    } else {
      auto It = All.find(L.Key);
      if (It != All.end())
        Value = std::string(It->second.Value);
    }
  }
  return Lists;
}

} // namespace

FlowCheck::FlowCheck(llvm::StringRef Name, ClangTidyContext *Context,
                     std::initializer_list<llvm::StringLiteral> OwnLists)
    : ClangTidyCheck(Name, Context), CheckName(Name.str()),
      OwnLists(OwnLists), Lists(readLists(Options, Context, this->OwnLists)),
      // A value that does not parse is reported as an invalid configuration
      // value, and the default used (readBool, readUnsigned).
      AnalysisBudget(readUnsigned("AnalysisBudget", DefaultAnalysisBudget)),
      ReportSkippedFunctions(readBool("ReportSkippedFunctions", false)),
      Model(modelFor(Context, Options, Lists)),
      Reporter(*this, Context, Model) {
  Limits.Budget = AnalysisBudget;
}

// clang-tidy's typed Options.get<bool> is not exported by its binaries, so
// options are read as text and a bad value is reported in its words.
bool FlowCheck::readBool(llvm::StringRef Local, bool Default) {
  std::string Text = compat::toStdString(Options.get(Local, ""));
  llvm::StringRef T = llvm::StringRef(Text).trim();
  if (T.empty())
    return Default;
  if (T.equals_insensitive("true") || T == "1")
    return true;
  if (T.equals_insensitive("false") || T == "0")
    return false;
  badValue(Local, T, "a bool");
  return Default;
}

unsigned FlowCheck::readUnsigned(llvm::StringRef Local, unsigned Default) {
  std::string Text = compat::toStdString(Options.get(Local, ""));
  llvm::StringRef T = llvm::StringRef(Text).trim();
  unsigned Value = 0;
  if (T.empty())
    return Default;
  if (!T.getAsInteger(10, Value))
    return Value;
  badValue(Local, T, "an unsigned integer");
  return Default;
}

void FlowCheck::badValue(llvm::StringRef Local, llvm::StringRef Value,
                         llvm::StringRef Expected) {
  configurationDiag("invalid configuration value '%0' for option '%1'; "
                    "expected %2")
      << Value << (CheckName + "." + Local).str() << Expected;
}

void FlowCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  for (const ListOption &L : ModelListOptions)
    if (llvm::is_contained(OwnLists, L.Key))
      Options.store(Opts, L.Key, Lists.*L.Field);
  Options.store(Opts, "AnalysisBudget", std::to_string(AnalysisBudget));
  Options.store(Opts, "ReportSkippedFunctions",
                ReportSkippedFunctions ? "true" : "false");
  storeSharedOptions(Options, Opts);
}

void FlowCheck::registerMatchers(MatchFinder *Finder) {
  Reporter.reportModelFiles();
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void FlowCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  SM = &Ctx.getSourceManager();
  Reporter.checkMemberNames(Ctx);
  if (!Analysis || &Analysis->context() != &Ctx)
    Analysis = SharedAnalysis::get(Ctx, Model, Limits);
  // The unit is walked once for all checks sharing the analysis.
  const UnitDecls &Decls = Analysis->unitDecls();
  for (const Decl *D : Decls.Annotated)
    Reporter.checkDecl(D);
  for (const FunctionDecl *FD : Decls.Functions)
    checkDefinition(FD);
}

void FlowCheck::checkDefinition(const FunctionDecl *FD) {
  if (!FD || FD->isDependentContext() || !Analysed.insert(FD).second)
    return;
  // In a file that does not compile (the one being typed, in an editor),
  // every function whose own definition is free of errors is still checked.
  if (hasErrors(FD))
    return;
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
  if (SM)
    Reporter.endOfTranslationUnit(*SM);
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
