//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_CHECKS_HELDACROSSBLOCKINGCALLCHECK_H
#define DBSESSION_TIDY_CHECKS_HELDACROSSBLOCKINGCALLCHECK_H

#include "ApiModel.h"
#include "ModelAccess.h"
#include "SharedAnalysis.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <set>
#include <string>

namespace clang::tidy::dbsession {

/// Finds database connections, sessions, pool leases and open transactions
/// that are held across a blocking call (network, sleep, waiting), directly
/// or through helper functions.
class HeldAcrossBlockingCallCheck : public ClangTidyCheck {
public:
  HeldAcrossBlockingCallCheck(llvm::StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;

private:
  const std::string BlockingGroups;
  const std::string ExtraBlockingFunctions;
  const std::string IgnoredFunctions;
  const bool IncludeHelpers;
  const unsigned MaxChainDepth;
  const unsigned AnalysisBudget;
  const bool ReportSkippedFunctions;

  std::shared_ptr<ApiModel> Model;
  ModelReporter Reporter;
  BlockingPolicy Policy;
  AnalysisLimits Limits;
  /// The analysis of the current translation unit, shared with the other
  /// checks.
  std::shared_ptr<SharedAnalysis> Analysis;
  llvm::DenseSet<const FunctionDecl *> Analysed;
  /// (blocking call, handle declaration) already reported: instantiations
  /// of one template share both locations.
  std::set<std::pair<unsigned, unsigned>> Reported;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_CHECKS_HELDACROSSBLOCKINGCALLCHECK_H
