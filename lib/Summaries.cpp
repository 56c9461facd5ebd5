//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Summaries.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <unordered_map>

namespace clang::tidy::dbsession {

const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def || Def->isDependentContext())
    return nullptr;
  return Def;
}

namespace {

template <typename Pred>
bool tryBlockMayThrow(const FunctionFacts &F, const CXXTryStmt *Try,
                      Pred CallThrows);

/// True if the `throw` of \p E may throw: one with an operand, a rethrow
/// outside any handler (it rethrows what its caller caught), or a rethrow
/// in a handler when that handler's `try` block may throw.
template <typename Pred>
bool throwMayThrow(const FunctionFacts &F, const ElementFacts &E,
                   Pred CallThrows) {
  return E.Throw &&
         (!E.RethrowOf || tryBlockMayThrow(F, E.RethrowOf, CallThrows));
}

/// True if something in \p Try's block may throw (what a handler's rethrow
/// then throws): a `throw` that may, or a call \p CallThrows says may.
template <typename Pred>
bool tryBlockMayThrow(const FunctionFacts &F, const CXXTryStmt *Try,
                      Pred CallThrows) {
  const Stmt *Block = Try->getTryBlock();
  for (const auto &Elements : F.Elements)
    for (const ElementFacts &E : Elements) {
      if (E.Throw && F.isWithin(E.Throw, Block) &&
          throwMayThrow(F, E, CallThrows))
        return true;
      if (E.Call >= 0 && F.isWithin(F.Calls[E.Call].E, Block) &&
          CallThrows(F.Calls[E.Call]))
        return true;
    }
  return false;
}

/// True if handle \p H is the local that received a registration by a
/// name computed at run time.
bool registeredVia(const FunctionFacts &F, unsigned H) {
  const VarDecl *Var = F.Handles[H].Var;
  return Var && llvm::any_of(F.Handles, [&](const HandleDesc &D) {
           return D.IsNamed && D.NamedVia == Var;
         });
}

/// Deeper call chains than this are not walked: the callee is treated as
/// unknown, and counted as skipped work. Keeps the native stack bounded on
/// generated code (a chain of this depth uses well under a megabyte).
constexpr unsigned MaxWalkDepth = 1024;

/// Fixpoint rounds per strongly connected component.
constexpr unsigned MaxRounds = 32;

struct Node {
  FunctionSummary Summary;
  std::shared_ptr<const FunctionFacts> Facts;
  std::vector<bool> Reachable;
  unsigned Index = 0, Low = 0;
  bool OnStack = false;
  bool Visited = false;
  bool Done = false;
  bool Valid = false; ///< has a summary (not skipped, has a body)
};

bool sameSummary(const FunctionSummary &A, const FunctionSummary &B) {
  return A.Blocks == B.Blocks && A.Throws == B.Throws &&
         A.ReturnsHandle == B.ReturnsHandle &&
         A.ReturnsRegistration == B.ReturnsRegistration &&
         A.ReleasesParam == B.ReleasesParam && A.TakesParam == B.TakesParam &&
         A.DbWorkParam == B.DbWorkParam && A.BeginsParam == B.BeginsParam &&
         A.FinishesParam == B.FinishesParam;
}

/// Blocks reachable from the entry, following exceptions to handlers.
std::vector<bool> reachableBlocks(const FunctionFacts &F) {
  const CFG &G = F.cfg();
  std::vector<bool> Seen(G.getNumBlockIDs(), false);
  llvm::SmallVector<const CFGBlock *, 32> Work{&G.getEntry()};
  Seen[G.getEntry().getBlockID()] = true;
  auto Push = [&](const CFGBlock *B) {
    if (B && !Seen[B->getBlockID()]) {
      Seen[B->getBlockID()] = true;
      Work.push_back(B);
    }
  };
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    for (const auto &Succ : B->succs())
      Push(Succ.getReachableBlock());
    for (const ElementFacts &E : F.Elements[B->getBlockID()])
      if (E.Throws >= 0)
        for (unsigned H : F.Catches[E.Throws].HandlerBlocks)
          Push(F.Blocks.at(H));
  }
  return Seen;
}

} // namespace

class SummaryTable::Impl {
public:
  Impl(SummaryTable &T) : T(T) {}

  Node *visit(const FunctionDecl *Def, unsigned Depth);
  void compute(const FunctionDecl *Def, Node &N);
  Node *lookup(const FunctionDecl *FD) {
    auto It = Nodes.find(FD);
    return It == Nodes.end() ? nullptr : &It->second;
  }
  bool inSystemHeader(const FunctionDecl *FD) const {
    return T.Ctx.getSourceManager().isInSystemHeader(FD->getLocation());
  }

  SummaryTable &T;
  // Node-based: references stay valid while the walk adds nodes.
  std::unordered_map<const FunctionDecl *, Node> Nodes;
  std::vector<const FunctionDecl *> Stack;
  unsigned Counter = 0;
};

Node *SummaryTable::Impl::visit(const FunctionDecl *Def, unsigned Depth) {
  Node &N = Nodes[Def];
  if (N.Visited)
    return &N;
  N.Visited = true;
  N.Index = N.Low = Counter++;
  N.Facts = T.factsOf(Def);
  if (!N.Facts) {
    N.Done = true;
    return &N;
  }
  N.Valid = true;
  N.Reachable = reachableBlocks(*N.Facts);
  Stack.push_back(Def);
  N.OnStack = true;

  if (Depth >= MaxWalkDepth) {
    ++T.ChainsCut;
  } else {
    for (const CallFact &C : N.Facts->Calls) {
      const FunctionDecl *Callee = definitionOf(C.Callee);
      if (!Callee)
        continue;
      auto It = Nodes.find(Callee);
      if (It == Nodes.end() || !It->second.Visited) {
        Node *CN = visit(Callee, Depth + 1);
        if (!CN->Done)
          N.Low = std::min(N.Low, CN->Low);
      } else if (It->second.OnStack) {
        N.Low = std::min(N.Low, It->second.Index);
      }
    }
  }

  if (N.Low != N.Index)
    return &N;

  // Def is the root of a strongly connected component: pop it and iterate
  // its members to a fixpoint.
  std::vector<const FunctionDecl *> Members;
  while (true) {
    const FunctionDecl *M = Stack.back();
    Stack.pop_back();
    Nodes[M].OnStack = false;
    Members.push_back(M);
    if (M == Def)
      break;
  }
  for (unsigned Round = 0; Round != MaxRounds; ++Round) {
    bool Changed = false;
    for (const FunctionDecl *M : Members) {
      Node &MN = Nodes[M];
      FunctionSummary Before = MN.Summary;
      compute(M, MN);
      if (!sameSummary(Before, MN.Summary))
        Changed = true;
    }
    if (!Changed)
      break;
  }
  for (const FunctionDecl *M : Members) {
    Node &MN = Nodes[M];
    MN.Done = true;
    MN.Facts.reset();
    MN.Reachable.clear();
  }
  return &Nodes[Def];
}

void SummaryTable::Impl::compute(const FunctionDecl *Def, Node &N) {
  const FunctionFacts &F = *N.Facts;
  const SourceManager &SM = T.Ctx.getSourceManager();
  FunctionSummary S;
  unsigned NumParams = Def->getNumParams();
  S.ReleasesParam.resize(NumParams);
  S.TakesParam.resize(NumParams);
  S.DbWorkParam.resize(NumParams);
  S.BeginsParam.resize(NumParams);
  S.FinishesParam.resize(NumParams);
  bool System = inSystemHeader(Def);

  // Per group, the fewest calls down, then the earliest call.
  auto Candidate = [&](unsigned Depth, const CallFact &C,
                       llvm::StringRef Group) {
    auto It = llvm::lower_bound(S.Blocks, Group,
                                [](const BlockWitness &W, llvm::StringRef G) {
                                  return llvm::StringRef(W.Group) < G;
                                });
    if (It == S.Blocks.end() || It->Group != Group) {
      BlockWitness W;
      W.Group = Group.str();
      It = S.Blocks.insert(It, std::move(W));
    } else {
      bool Better = Depth < It->Depth ||
                    (Depth == It->Depth &&
                     SM.isBeforeInTranslationUnit(C.E->getBeginLoc(),
                                                  It->Call->getBeginLoc()));
      if (!Better)
        return;
    }
    It->Depth = Depth;
    It->Call = C.E;
    It->Callee = C.Callee;
  };

  auto Summary = [&](const FunctionDecl *Callee) -> const FunctionSummary * {
    const FunctionDecl *CD = definitionOf(Callee);
    if (!CD)
      return nullptr;
    Node *CN = lookup(CD);
    if (!CN || !CN->Valid)
      return nullptr;
    return &CN->Summary;
  };

  // A call that may throw: into an API the model says throws, or into a
  // function of the project that may.
  auto CallThrows = [&](const CallFact &C) {
    return callMayThrow(C, SM, Summary);
  };

  const CFG &G = F.cfg();
  for (const CFGBlock *B : G) {
    if (!B || !N.Reachable[B->getBlockID()])
      continue;
    for (const ElementFacts &E : F.Elements[B->getBlockID()]) {
      for (const Event &Ev : E.Events) {
        // The transaction begun or finished on a parameter.
        if (Ev.Dst >= 0 && F.Handles[Ev.Dst].IsTxnOn &&
            !F.Handles[Ev.Dst].Field) {
          int P = F.Handles[Ev.Dst].OpenedOnParam;
          if (P >= 0 && static_cast<unsigned>(P) < NumParams) {
            if (Ev.Kind == Event::Acquire)
              S.BeginsParam.set(P);
            else if (Ev.Kind == Event::Commit || Ev.Kind == Event::Rollback)
              S.FinishesParam.set(P);
          }
        }
        if (Ev.Param < 0 || static_cast<unsigned>(Ev.Param) >= NumParams)
          continue;
        if (Ev.Kind == Event::Commit || Ev.Kind == Event::Rollback)
          S.FinishesParam.set(Ev.Param);
        if (Ev.Kind == Event::Release)
          S.ReleasesParam.set(Ev.Param);
        else if (Ev.Kind == Event::Transfer)
          S.TakesParam.set(Ev.Param);
        else if (Ev.Kind == Event::Commit || Ev.Kind == Event::Rollback)
          S.DbWorkParam.set(Ev.Param);
      }
      if (E.ReturnsAcquired) {
        S.ReturnsHandle = true;
        S.ReturnedKind = E.ReturnsAcquiredKind;
      }
      if (E.ReturnsCallResult)
        if (const FunctionSummary *CS = Summary(E.ReturnsCallResult)) {
          if (CS->ReturnsHandle) {
            S.ReturnsHandle = true;
            S.ReturnedKind = CS->ReturnedKind;
          }
          if (CS->ReturnsRegistration)
            S.ReturnsRegistration = true;
        }
      if (E.ReturnsHandle >= 0 && registeredVia(F, E.ReturnsHandle))
        S.ReturnsRegistration = true;
      if (E.ReturnsHandle >= 0) {
        // A local returned: it is a new handle if it was acquired here.
        for (const CFGBlock *B2 : G) {
          if (!B2 || !N.Reachable[B2->getBlockID()])
            continue;
          for (const ElementFacts &E2 : F.Elements[B2->getBlockID()])
            for (const Event &Ev : E2.Events) {
              if (Ev.Dst != E.ReturnsHandle)
                continue;
              if (Ev.Kind == Event::Acquire) {
                S.ReturnsHandle = true;
                S.ReturnedKind = F.Sites[Ev.Site].Kind;
              } else if (Ev.Kind == Event::AcquireIfReturns) {
                if (const FunctionSummary *CS = Summary(Ev.Callee))
                  if (CS->ReturnsHandle) {
                    S.ReturnsHandle = true;
                    S.ReturnedKind = CS->ReturnedKind;
                  }
              }
            }
        }
      }
      if (E.ThrowsOut && throwMayThrow(F, E, CallThrows))
        S.Throws = true; // a `throw`, or a rethrow of what may be thrown
      if (E.Call < 0)
        continue;
      const CallFact &C = F.Calls[E.Call];
      const FunctionSummary *CS = Summary(C.Callee);
      if (E.ThrowsOut && CallThrows(C))
        S.Throws = true;
      bool CalleeSystem = C.Callee && inSystemHeader(C.Callee);
      // A library's own implementation is not where the user blocks; a
      // user callback it calls (an algorithm calling a lambda) is.
      if (C.DirectBlocking && !C.ReceivesDbValue && !System)
        Candidate(1, C, C.Group);
      else if (CS && !(System && CalleeSystem))
        for (const BlockWitness &W : CS->Blocks)
          Candidate(W.Depth + 1, C, W.Group);

      for (unsigned I = 0; I < C.Args.size(); ++I) {
        Target A = C.Args[I];
        if (!A.isParam() || A.Index >= NumParams)
          continue;
        if (C.ArgMoved[I])
          S.TakesParam.set(A.Index);
        if (CS) {
          if (CS->releases(I))
            S.ReleasesParam.set(A.Index);
          if (CS->takes(I))
            S.TakesParam.set(A.Index);
          if (CS->dbWork(I))
            S.DbWorkParam.set(A.Index);
          if (CS->begins(I))
            S.BeginsParam.set(A.Index);
          if (CS->finishes(I))
            S.FinishesParam.set(A.Index);
        } else if (C.Info || C.ReceivesDbValue) {
          S.DbWorkParam.set(A.Index);
        }
      }
      if (C.Object.isParam() && C.Object.Index < NumParams &&
          (C.Info || !CS || CalleeSystem) &&
          !(C.Info && C.Info->has(RoleRelease)))
        S.DbWorkParam.set(C.Object.Index);
    }
  }
  // A begin wrapper begins and never finishes.
  for (unsigned I = 0; I < NumParams; ++I)
    if (S.FinishesParam[I])
      S.BeginsParam.reset(I);
  // The database parameters only: a string is not DB work.
  for (unsigned I = 0; I < NumParams; ++I)
    if (S.DbWorkParam[I] &&
        !T.Model.classifyType(Def->getParamDecl(I)->getType()))
      S.DbWorkParam.reset(I);
  N.Summary = std::move(S);
}

bool callMayThrow(
    const CallFact &C, const SourceManager &SM,
    llvm::function_ref<const FunctionSummary *(const FunctionDecl *)>
        SummaryOf) {
  if (!C.MayThrow)
    return false;
  if (C.Info && !C.Info->ThrowsUnknown)
    return C.Info->MayThrow;
  // A standard library's own throws (bad_alloc, out_of_range) are not the
  // paths a user means to clean up after.
  if (!C.Callee || SM.isInSystemHeader(C.Callee->getLocation()))
    return false;
  const FunctionSummary *S = SummaryOf(C.Callee);
  return S && S->Throws;
}

bool callMayThrow(const CallFact &C, SummaryTable &Summaries) {
  auto SummaryOf = [&](const FunctionDecl *FD) { return Summaries.get(FD); };
  return callMayThrow(C, Summaries.context().getSourceManager(), SummaryOf);
}

const BlockWitness *FunctionSummary::witness(llvm::StringRef Group) const {
  for (const BlockWitness &W : Blocks)
    if (W.Group == Group)
      return &W;
  return nullptr;
}

SummaryTable::SummaryTable(ASTContext &Ctx, const ApiModel &Model,
                           const AnalysisLimits &Limits)
    : Ctx(Ctx), Model(Model), Limits(Limits),
      I(std::make_unique<Impl>(*this)) {}

SummaryTable::~SummaryTable() = default;

std::shared_ptr<const FunctionFacts>
SummaryTable::factsOf(const FunctionDecl *FD) {
  if (Facts)
    return Facts(FD);
  return FunctionFacts::build(FD, Ctx, Model, Limits);
}

const FunctionSummary *SummaryTable::get(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def)
    return nullptr;
  Node *N = I->lookup(Def);
  if (!N || !N->Visited)
    N = I->visit(Def, 0);
  if (!N || !N->Valid)
    return nullptr;
  return &N->Summary;
}

const BlockWitness *SummaryTable::blocksIn(const FunctionDecl *FD,
                                           const BlockingPolicy &Policy) {
  const FunctionSummary *S = get(FD);
  if (!S)
    return nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  const BlockWitness *Best = nullptr;
  for (const BlockWitness &W : S->Blocks) {
    if (W.Depth > Policy.MaxChainDepth || !Policy.groupEnabled(W.Group))
      continue;
    if (!Best || W.Depth < Best->Depth ||
        (W.Depth == Best->Depth && W.Call != Best->Call &&
         SM.isBeforeInTranslationUnit(W.Call->getBeginLoc(),
                                      Best->Call->getBeginLoc()))) {
      Best = &W;
      continue;
    }
    // Two groups through the same call: the callee's choice decides.
    if (W.Depth == Best->Depth && W.Call == Best->Call && W.Depth > 1) {
      BlockingPolicy Two = Policy;
      Two.Groups = {Best->Group, W.Group};
      Two.MaxChainDepth = W.Depth - 1;
      if (const BlockWitness *Below = blocksIn(W.Callee, Two))
        if (Below->Group == W.Group)
          Best = &W;
    }
  }
  return Best;
}

std::vector<ChainStep> SummaryTable::chain(const FunctionDecl *FD,
                                           llvm::StringRef Group) {
  std::vector<ChainStep> Steps;
  const FunctionDecl *Cur = definitionOf(FD);
  for (unsigned Guard = 0; Cur && Guard <= MaxWalkDepth; ++Guard) {
    const FunctionSummary *S = get(Cur);
    const BlockWitness *W = S ? S->witness(Group) : nullptr;
    if (!W)
      break;
    Steps.push_back({Cur, W->Call, W->Callee});
    if (W->Depth == 1)
      break;
    Cur = definitionOf(W->Callee);
  }
  return Steps;
}

} // namespace clang::tidy::dbsession
