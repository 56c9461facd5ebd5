//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Per-function summaries, computed bottom-up over the translation unit's
/// call graph, independent of any check's options.
///
/// A call to a function defined in the translation unit is interpreted
/// through what that function does, not inlined. A summary says:
///
///   * may block, per catalog group: some path of the function reaches a
///     blocking call of that group, directly or through further helpers; the
///     witness is the call here and, below it, the callee's own witness,
///     down to the catalog function;
///   * acquires and returns: a value returned is a handle acquired inside;
///   * releases parameter i, takes ownership of parameter i: what the caller
///     may assume about the handle it passed;
///   * does DB work through parameter i: the handle passed is used for what
///     it is held for;
///   * begins a transaction on parameter i and never finishes it (a begin
///     wrapper: the caller holds the transaction after the call), or
///     finishes the transaction on parameter i.
///
/// Unknown callees (no body here) are neither blocking nor releasing unless
/// the model says so. A lambda counts where it is called (its call operator
/// is a callee like any other); creating or storing one is not a call.
///
/// Implementation: summaries are computed on demand. The first request for
/// a function walks its callees depth first (Tarjan's algorithm) and
/// finishes every strongly connected component before its callers, so
/// recursion is handled by iterating each component to a fixpoint; every
/// fact only grows (or, for the chain depth, only shrinks), so the
/// iteration ends. Functions over budget, or deeper than the walk allows,
/// get an empty summary and are counted.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_SUMMARIES_H
#define DBSESSION_TIDY_LIB_SUMMARIES_H

#include "ApiModel.h"
#include "FlowFacts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallBitVector.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// How a function may block in one catalog group: the shortest chain of
/// calls down to a catalog function of that group.
struct BlockWitness {
  std::string Group;
  /// Number of calls from this function down to the catalog function: 1
  /// when it calls one itself.
  unsigned Depth = 0;
  /// The call in this function that leads to the blocking call, and the
  /// function it calls.
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;

  bool operator==(const BlockWitness &O) const {
    return Group == O.Group && Depth == O.Depth && Call == O.Call &&
           Callee == O.Callee;
  }
};

struct FunctionSummary {
  /// Per catalog group the function may block in, its best witness;
  /// sorted by group. A check picks the groups it counts (blocksIn).
  llvm::SmallVector<BlockWitness, 2> Blocks;

  bool ReturnsHandle = false;
  HandleKind ReturnedKind = HandleKind::Connection;
  /// Returns the handle of a connection it registered under a name computed
  /// at run time (Qt's addDatabase), or one a helper returned to it: the
  /// caller gets the registration, to remove by that name.
  bool ReturnsRegistration = false;
  /// An exception may leave the function: an explicit `throw`, or a call
  /// into an API the model says throws, or into a function that may
  /// throw, outside any `try` block.
  bool Throws = false;

  llvm::SmallBitVector ReleasesParam;
  llvm::SmallBitVector TakesParam;
  llvm::SmallBitVector DbWorkParam;
  /// Begins a transaction on parameter i and finishes it nowhere: a begin
  /// wrapper, whose callers hold the transaction after the call.
  llvm::SmallBitVector BeginsParam;
  /// Commits or rolls back the transaction on parameter i (or parameter i,
  /// a transaction) somewhere.
  llvm::SmallBitVector FinishesParam;

  bool releases(unsigned I) const {
    return I < ReleasesParam.size() && ReleasesParam[I];
  }
  bool takes(unsigned I) const {
    return I < TakesParam.size() && TakesParam[I];
  }
  bool dbWork(unsigned I) const {
    return I < DbWorkParam.size() && DbWorkParam[I];
  }
  bool begins(unsigned I) const {
    return I < BeginsParam.size() && BeginsParam[I];
  }
  bool finishes(unsigned I) const {
    return I < FinishesParam.size() && FinishesParam[I];
  }
  /// The witness for \p Group, if the function may block in it.
  const BlockWitness *witness(llvm::StringRef Group) const;
};

/// One step of a witness chain: \p Caller calls \p Callee at \p Call.
struct ChainStep {
  const FunctionDecl *Caller = nullptr;
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
};

/// The summaries of one translation unit. They do not depend on any
/// check's options: a check filters the groups it counts when it asks.
class SummaryTable {
public:
  SummaryTable(ASTContext &Ctx, const ApiModel &Model,
               const AnalysisLimits &Limits);
  ~SummaryTable();

  /// Where the table gets a function's facts from; by default it builds
  /// them itself. The shared analysis hands out the facts it keeps, so a
  /// function's CFG is built once.
  using FactsSource = std::function<std::shared_ptr<const FunctionFacts>(
      const FunctionDecl *)>;
  void setFactsSource(FactsSource Source) { Facts = std::move(Source); }

  /// The summary of \p FD's definition; null for functions without a body
  /// here, dependent contexts and functions over budget.
  const FunctionSummary *get(const FunctionDecl *FD);

  /// The best way \p FD may block in the groups \p Policy counts, within
  /// its chain depth: the fewest calls down, then the earliest call; null
  /// if it may not.
  const BlockWitness *blocksIn(const FunctionDecl *FD,
                               const BlockingPolicy &Policy);

  /// The chain below \p FD's witness for \p Group, starting with \p FD's
  /// own call and ending with the call to the catalog function.
  std::vector<ChainStep> chain(const FunctionDecl *FD, llvm::StringRef Group);

  /// Calls not followed because the chain above them was too deep.
  unsigned chainsCut() const { return ChainsCut; }

  ASTContext &context() const { return Ctx; }
  const ApiModel &model() const { return Model; }
  const AnalysisLimits &limits() const { return Limits; }

  class Impl;

private:
  ASTContext &Ctx;
  const ApiModel &Model;
  AnalysisLimits Limits;
  FactsSource Facts;
  unsigned ChainsCut = 0;
  std::unique_ptr<Impl> I;
  std::shared_ptr<const FunctionFacts> factsOf(const FunctionDecl *FD);
};

/// Whether the call may throw as far as the analysis knows: the model says
/// the API throws, or the callee's summary says an exception may leave it.
/// Calls into code without a body here or a model entry are not taken to
/// throw.
bool callMayThrow(const CallFact &C, SummaryTable &Summaries);
/// The same, with the callee's summary from \p SummaryOf (inside the
/// summaries' own fixpoint).
bool callMayThrow(
    const CallFact &C, const SourceManager &SM,
    llvm::function_ref<const FunctionSummary *(const FunctionDecl *)>
        SummaryOf);

/// The definition a call to \p FD runs, if this translation unit has it.
const FunctionDecl *definitionOf(const FunctionDecl *FD);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_SUMMARIES_H
