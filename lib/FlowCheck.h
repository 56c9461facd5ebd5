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

namespace clang::tidy::dbsession {

class FlowCheck : public ClangTidyCheck {
public:
  /// Which blocking lists shape the check's model. A check that counts
  /// blocking calls has the options `ExtraBlockingFunctions` and
  /// `IgnoredFunctions` (local or global); the others take only the global
  /// values, so that with the same configuration every check shares one
  /// analysis.
  enum class BlockingLists { OwnOptions, GlobalOnly };

  FlowCheck(llvm::StringRef Name, ClangTidyContext *Context,
            BlockingLists Lists);

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

  const std::string ExtraBlockingFunctions;
  const std::string IgnoredFunctions;

private:
  void checkDefinition(ASTContext &Ctx, const FunctionDecl *FD);

  const std::string CheckName;
  const BlockingLists Lists;
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
