//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Per-function summaries, computed bottom-up over the translation unit's
/// call graph.
///
/// A call to a function defined in the translation unit is interpreted
/// through what that function does, not inlined. A summary says:
///
///   * may block: some path of the function reaches a blocking call from the
///     catalog, directly or through further helpers; the witness is the call
///     here and, below it, the callee's own witness, down to the catalog
///     function and its group;
///   * acquires and returns: a value returned is a handle acquired inside;
///   * releases parameter i, takes ownership of parameter i: what the caller
///     may assume about the handle it passed;
///   * does DB work through parameter i: the handle passed is used for what
///     it is held for.
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

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

struct FunctionSummary {
  /// Number of calls from this function down to the catalog function: 1
  /// when it calls one itself. 0 means it does not block.
  unsigned BlockDepth = 0;
  /// The call in this function that leads to the blocking call, the
  /// function it calls, and (when that is the catalog function) the group.
  const Expr *WitnessCall = nullptr;
  const FunctionDecl *WitnessCallee = nullptr;
  std::string Group;

  bool ReturnsHandle = false;
  HandleKind ReturnedKind = HandleKind::Connection;

  llvm::SmallBitVector ReleasesParam;
  llvm::SmallBitVector TakesParam;
  llvm::SmallBitVector DbWorkParam;

  bool mayBlock() const { return BlockDepth != 0; }
  bool releases(unsigned I) const {
    return I < ReleasesParam.size() && ReleasesParam[I];
  }
  bool takes(unsigned I) const {
    return I < TakesParam.size() && TakesParam[I];
  }
  bool dbWork(unsigned I) const {
    return I < DbWorkParam.size() && DbWorkParam[I];
  }
};

/// One step of a witness chain: \p Caller calls \p Callee at \p Call.
struct ChainStep {
  const FunctionDecl *Caller = nullptr;
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
};

/// The summaries of one translation unit under one blocking policy.
class SummaryTable {
public:
  SummaryTable(ASTContext &Ctx, const ApiModel &Model,
               const BlockingPolicy &Policy);
  ~SummaryTable();

  /// The summary of \p FD's definition; null for functions without a body
  /// here, dependent contexts and functions over budget.
  const FunctionSummary *get(const FunctionDecl *FD);

  /// The chain below \p FD's witness, starting with \p FD's own call and
  /// ending with the call to the catalog function.
  std::vector<ChainStep> chain(const FunctionDecl *FD);

  /// Functions left out because they were over budget or too deep.
  unsigned skipped() const { return Skipped; }

  ASTContext &context() const { return Ctx; }
  const ApiModel &model() const { return Model; }
  const BlockingPolicy &policy() const { return Policy; }

  class Impl;

private:
  ASTContext &Ctx;
  const ApiModel &Model;
  const BlockingPolicy &Policy;
  unsigned Skipped = 0;
  std::unique_ptr<Impl> I;
};

/// The definition a call to \p FD runs, if this translation unit has it.
const FunctionDecl *definitionOf(const FunctionDecl *FD);

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_SUMMARIES_H
