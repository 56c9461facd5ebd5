//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What every `dbsession-*` check built on the handle-state analysis does
/// the same way, so that a check is only what it looks for and how it says
/// it:
///
///   * the model (modelFor) and the reporting of model and annotation
///     problems (ModelReporter);
///   * the functions analysed: every definition and lambda outside system
///     headers, template instantiations rather than patterns, once each,
///     nothing after a compile error;
///   * the analysis of the translation unit, shared with the other checks
///     (SharedAnalysis), and its budget: the options `AnalysisBudget` and
///     `ReportSkippedFunctions`;
///   * one report per source location across template instantiations.
///
/// A check derives from FlowCheck and implements checkFunction().
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_FLOWCHECK_H
#define DBSESSION_TIDY_LIB_FLOWCHECK_H

#include "ModelAccess.h"
#include "SharedAnalysis.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

class FlowCheck : public ClangTidyCheck {
public:
  /// The options that add names to the model, each a `;`-separated list
  /// of qualified names owned by one check: `ExtraBlockingFunctions` and
  /// `IgnoredFunctions` (held-across-blocking-call),
  /// `OwnershipTakingFunctions` (unreleased-connection),
  /// `TransactionFinishingFunctions` (unfinished-transaction). A check reads
  /// the lists it owns locally or globally and the others globally only, so
  /// that with one configuration every check shares one model and one
  /// analysis.
  FlowCheck(llvm::StringRef Name, ClangTidyContext *Context,
            std::initializer_list<llvm::StringLiteral> OwnLists);

  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) final;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) final;
  void onEndOfTranslationUnit() final;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

protected:
  /// Looks at one solved function (never skipped, never in a system
  /// header).
  virtual void checkFunction(const FunctionFlow &Flow) = 0;

  /// True the first time a finding at \p Loc (and \p Other, if valid) is
  /// reported in this translation unit: instantiations of one template
  /// share their locations.
  bool firstReport(SourceLocation Loc, SourceLocation Other = {});

  const ApiModel &model() const { return *Model; }
  SharedAnalysis &analysis() { return *Analysis; }
  /// The check's name (clang-tidy 14 keeps getID() private).
  const std::string &checkName() const { return CheckName; }

  /// The check-local option \p Local as a bool or an unsigned number; a
  /// value that does not parse is reported as an invalid configuration
  /// value (whatever the header filter) and \p Default is used.
  bool readBool(llvm::StringRef Local, bool Default);
  unsigned readUnsigned(llvm::StringRef Local, unsigned Default);

private:
  void badValue(llvm::StringRef Local, llvm::StringRef Value,
                llvm::StringRef Expected);
  void checkDefinition(const FunctionDecl *FD);

  const std::string CheckName;
  const std::vector<llvm::StringLiteral> OwnLists;
  /// The value of every list option in force for this check.
  ModelOptions Lists;
  const unsigned AnalysisBudget;
  const bool ReportSkippedFunctions;
  std::shared_ptr<ApiModel> Model;
  ModelReporter Reporter;
  AnalysisLimits Limits;
  std::shared_ptr<SharedAnalysis> Analysis;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  std::set<std::pair<unsigned, unsigned>> Reported;
  const SourceManager *SM = nullptr;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_FLOWCHECK_H
