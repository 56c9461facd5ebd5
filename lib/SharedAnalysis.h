//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// One analysis per translation unit, shared by every `dbsession-*` check.
///
/// Each check asks for the flow of the functions it looks at; the first
/// request builds the function's facts (its CFG) and solves its handle
/// states, later requests from any check get the same result. The summaries
/// of the callees are computed on the way, from the same facts.
///
/// \code
///   Analysis = SharedAnalysis::get(Ctx, Model, Limits);   // per check
///   const FunctionFlow &Flow = Analysis->flow(FD);        // solved once
/// \endcode
///
/// Checks that agree on the model (the same model files and the same
/// blocking-list options) and on the budget share one analysis; a check
/// configured differently gets its own. A check keeps its reference until
/// its onEndOfTranslationUnit(); the analysis is freed with the last one.
///
/// Implementation: a process-wide registry of weak references, keyed by the
/// AST context, the model and the limits, under a mutex (clangd analyses
/// several files on several threads; one AST is used by one thread). The
/// facts of functions in the main files are kept for the flows; those of
/// library functions are dropped once their summary is known.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_SHAREDANALYSIS_H
#define DBSESSION_TIDY_LIB_SHAREDANALYSIS_H

#include "HandleFlow.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace clang::tidy::dbsession {

/// The declarations of a translation unit the checks look at: everything
/// outside system headers (within clangd's traversal scope, the main file),
/// template instantiations rather than patterns, lambdas. Library code is
/// only looked into through the summaries of its callers.
struct UnitDecls {
  /// Declarations with an `annotate` attribute, to be validated.
  std::vector<const Decl *> Annotated;
  /// Function definitions and lambda call operators, in source order.
  std::vector<const FunctionDecl *> Functions;
};

class SharedAnalysis {
public:
  /// The analysis of the translation unit \p Ctx belongs to, under \p Model
  /// and \p Limits: the one other checks use, or a new one.
  static std::shared_ptr<SharedAnalysis>
  get(ASTContext &Ctx, std::shared_ptr<ApiModel> Model,
      const AnalysisLimits &Limits);

  SharedAnalysis(ASTContext &Ctx, std::shared_ptr<ApiModel> Model,
                 const AnalysisLimits &Limits);
  ~SharedAnalysis();

  /// The declarations to check, found by one walk of the unit, the first
  /// time any check asks.
  const UnitDecls &unitDecls();

  /// The solved flow of \p FD's definition (skipped when over budget or
  /// without a body here).
  const FunctionFlow &flow(const FunctionDecl *FD);

  SummaryTable &summaries() { return Summaries; }
  const ApiModel &model() const { return *Model; }
  ASTContext &context() const { return Ctx; }

  /// How much work was done: facts built (CFGs), flows solved, functions
  /// skipped over the budget (flows and summaries).
  unsigned factsBuilt() const { return FactsBuilt; }
  unsigned flowsSolved() const { return FlowsSolved; }
  unsigned skipped() const { return Skipped.size(); }
  /// Call chains cut because they were deeper than the summaries follow.
  unsigned chainsCut() const { return Summaries.chainsCut(); }

  /// True the first time it is asked for \p FD: one check names a skipped
  /// function, not every check.
  bool firstSkipNotice(const FunctionDecl *FD) {
    return SkipNoticed.insert(FD).second;
  }
  /// True the first time it is asked: what was skipped is said once per
  /// translation unit, whichever check ends it first.
  bool firstSkipSummary() { return !std::exchange(SummarySaid, true); }

private:
  ASTContext &Ctx;
  std::shared_ptr<ApiModel> Model;
  AnalysisLimits Limits;
  SummaryTable Summaries;
  llvm::DenseMap<const FunctionDecl *, std::shared_ptr<const FunctionFacts>>
      Facts;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFlow>> Flows;
  llvm::DenseSet<const FunctionDecl *> Skipped;
  llvm::DenseSet<const FunctionDecl *> SkipNoticed;
  std::optional<UnitDecls> Decls;
  bool SummarySaid = false;
  unsigned FactsBuilt = 0;
  unsigned FlowsSolved = 0;

  std::shared_ptr<const FunctionFacts> factsOf(const FunctionDecl *FD);
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_SHAREDANALYSIS_H
