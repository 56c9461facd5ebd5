//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "HandleFlow.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <deque>

namespace clang::tidy::dbsession {

bool HandleState::join(const HandleState &From) {
  HandleState Old = *this;
  Bits |= From.Bits;
  // Keep one acquisition site deterministically: the lowest index, which is
  // the first in CFG order.
  if (From.held() && From.Site < Site)
    Site = From.Site;
  return !(Old == *this);
}

void HandleState::set(uint16_t NewBits) {
  Bits = NewBits;
  if (!(NewBits & StHeld))
    Site = NoSite;
}

HandleStates::HandleStates(unsigned Size) {
  if (Size == 0)
    return;
  T = new Table();
  T->Size = Size;
  // Every chunk starts as the one all-unheld chunk.
  Chunk *Unheld = new Chunk();
  unsigned Count = (Size + ChunkSize - 1) / ChunkSize;
  Unheld->Refs = Count;
  T->Chunks.assign(Count, Unheld);
}

HandleStates::Table::~Table() {
  for (Chunk *C : Chunks)
    if (--C->Refs == 0)
      delete C;
}

void HandleStates::ownTable() {
  if (T->Refs == 1)
    return;
  Table *Own = new Table();
  Own->Size = T->Size;
  Own->Chunks = T->Chunks;
  for (Chunk *C : Own->Chunks)
    ++C->Refs;
  release(T);
  T = Own;
}

HandleState &HandleStates::operator[](unsigned I) {
  ownTable();
  Chunk *&C = T->Chunks[I / ChunkSize];
  if (C->Refs > 1) {
    --C->Refs;
    C = new Chunk(*C);
    C->Refs = 1;
  }
  return C->States[I % ChunkSize];
}

bool HandleStates::join(const HandleStates &From) {
  if (T == From.T || !From.T)
    return false;
  bool Changed = false;
  for (unsigned C = 0; C != From.T->Chunks.size(); ++C) {
    if (T->Chunks[C] == From.T->Chunks[C])
      continue;
    unsigned Begin = C * ChunkSize;
    unsigned End = std::min(T->Size, Begin + ChunkSize);
    for (unsigned I = Begin; I != End; ++I) {
      HandleState Joined = static_cast<const HandleStates &>(*this)[I];
      if (Joined.join(From[I])) {
        (*this)[I] = Joined;
        Changed = true;
      }
    }
  }
  return Changed;
}

namespace {

/// The worklist solver: reaches blocks with states until nothing changes.
class Solver {
public:
  Solver(const FunctionFlow &Flow, const FunctionFacts &F,
         std::vector<HandleStates> &In, std::vector<bool> &Reached)
      : Flow(Flow), F(F), In(In), Reached(Reached) {}

  bool run(unsigned Budget) {
    const CFG &G = F.cfg();
    unsigned NumBlocks = G.getNumBlockIDs();
    In.assign(NumBlocks, HandleStates(F.Handles.size()));
    Reached.assign(NumBlocks, false);
    Queued.assign(NumBlocks, false);
    reach(G.getEntry().getBlockID(), HandleStates(F.Handles.size()));
    unsigned Visits = 0;
    while (!Work.empty()) {
      if (++Visits > Budget)
        return false;
      unsigned BID = Work.front();
      Work.pop_front();
      Queued[BID] = false;
      HandleStates S = In[BID];
      for (const ElementFacts &E : F.Elements[BID]) {
        throwFrom(E, S);
        Flow.apply(E, S);
      }
      unsigned SuccIndex = 0;
      for (const auto &Succ : F.Blocks.at(BID)->succs()) {
        const CFGBlock *SB = Succ.getReachableBlock();
        // Handlers are entered from the calls that may throw, with the
        // handles of the `try` block destroyed; not from the dispatch block.
        if (SB && !F.IsHandlerBlock[SB->getBlockID()])
          reach(SB->getBlockID(), Flow.alongEdge(BID, SuccIndex, S));
        ++SuccIndex;
      }
    }
    return true;
  }

private:
  const FunctionFlow &Flow;
  const FunctionFacts &F;
  std::vector<HandleStates> &In;
  std::vector<bool> &Reached;
  std::deque<unsigned> Work;
  std::vector<bool> Queued;

  void reach(unsigned Block, const HandleStates &S) {
    if (!Reached[Block]) {
      Reached[Block] = true;
      In[Block] = S;
    } else if (!In[Block].join(S)) {
      return;
    }
    if (!Queued[Block]) {
      Queued[Block] = true;
      Work.push_back(Block);
    }
  }

  void throwFrom(const ElementFacts &E, const HandleStates &S) {
    if (E.Throws < 0)
      return;
    const ThrowTarget &T = F.Catches[E.Throws];
    HandleStates Out = S;
    for (unsigned H : T.Unwound)
      if (Out[H].held())
        Out[H].set(StReleased);
    for (unsigned B : T.HandlerBlocks)
      reach(B, Out);
  }
};

} // namespace

FunctionFlow::FunctionFlow(std::shared_ptr<const FunctionFacts> Facts,
                           SummaryTable &Summaries,
                           const AnalysisLimits &Limits)
    : FD(Facts->function()), Facts(std::move(Facts)), Summaries(&Summaries) {
  for (unsigned H = 0; H != this->Facts->Handles.size(); ++H)
    if (this->Facts->Handles[H].Kind == HandleKind::Transaction ||
        this->Facts->Handles[H].OnLocal)
      Transactions.push_back(H);
  if (this->Facts->Handles.empty()) {
    // Nothing to follow: every block is left unreached, with no exits.
    unsigned NumBlocks = this->Facts->cfg().getNumBlockIDs();
    In.assign(NumBlocks, HandleStates());
    Reached.assign(NumBlocks, false);
    return;
  }
  if (!solve(Limits)) {
    Skipped = true;
    In.clear();
    Reached.clear();
    return;
  }
  collectExits();
}

std::unique_ptr<FunctionFlow> FunctionFlow::skipped(const FunctionDecl *FD) {
  std::unique_ptr<FunctionFlow> Flow(new FunctionFlow());
  Flow->FD = FD;
  Flow->Skipped = true;
  return Flow;
}

bool FunctionFlow::solve(const AnalysisLimits &Limits) {
  Solver S(*this, *Facts, In, Reached);
  return S.run(Limits.Budget);
}

void FunctionFlow::apply(const ElementFacts &E, HandleStates &S) const {
  const FunctionFacts &F = *Facts;
  for (const Event &Ev : E.Events) {
    // A connection handle that gets a new value (a new connection, another
    // copy, nothing) no longer has the transactions begun on the old one.
    if (Ev.Dst >= 0 && F.Handles[Ev.Dst].Kind != HandleKind::Transaction &&
        (Ev.Kind == Event::Acquire || Ev.Kind == Event::AcquireIfReturns ||
         Ev.Kind == Event::MoveTo || Ev.Kind == Event::CopyTo ||
         Ev.Kind == Event::Reset))
      for (unsigned T : Transactions)
        if (F.Handles[T].OnLocal && F.Handles[T].OpenedOn == Ev.Dst)
          S[T].set(StUnheld);
    if (Ev.Kind == Event::Write) {
      // A write through a transaction, its connection or its parameter is
      // the transaction's.
      for (unsigned T : Transactions)
        if (F.Handles[T].Kind == HandleKind::Transaction && S[T].held() &&
            onSessionOf(Ev, T))
          S[T].Bits |= StWritten;
      continue;
    }
    if ((Ev.Kind == Event::Commit || Ev.Kind == Event::Rollback) &&
        Ev.Dst < 0 && Ev.Param >= 0) {
      // The session-level call on a parameter finishes the transactions
      // open on it.
      for (unsigned T : Transactions)
        if (F.Handles[T].Kind == HandleKind::Transaction && S[T].held() &&
            sessionOf(T) == std::make_pair(1, Ev.Param))
          S[T].set(Ev.Kind == Event::Commit ? StCommitted : StRolledBack);
      continue;
    }
    if (Ev.Dst < 0 && Ev.Kind != Event::MoveTo)
      continue;
    HandleState *D = Ev.Dst >= 0 ? &S[Ev.Dst] : nullptr;
    switch (Ev.Kind) {
    case Event::Acquire:
      D->Bits = StHeld;
      D->Site = Ev.Site;
      break;
    case Event::AcquireIfReturns: {
      const FunctionSummary *CS = Summaries->get(Ev.Callee);
      if (CS && (F.Handles[Ev.Dst].IsNamed ? CS->ReturnsRegistration
                                           : CS->ReturnsHandle)) {
        D->Bits = StHeld;
        D->Site = Ev.Site;
      } else {
        D->set(StUnheld);
      }
      break;
    }
    case Event::Release:
    case Event::Destroy:
      D->set(StReleased);
      break;
    case Event::Commit:
    case Event::Rollback:
      finishSession(Ev.Dst,
                    Ev.Kind == Event::Commit ? StCommitted : StRolledBack, S);
      break;
    case Event::MoveTo:
      if (Ev.Src >= 0) {
        if (D)
          *D = S[Ev.Src];
        S[Ev.Src].set(StMovedAway);
      }
      break;
    case Event::CopyTo:
      if (Ev.Src >= 0 && D)
        *D = S[Ev.Src];
      break;
    case Event::Transfer:
      D->set(StTransferred);
      break;
    case Event::Escape:
      D->set(StEscaped);
      break;
    case Event::Reset:
      D->set(StUnheld);
      break;
    case Event::Store:
      // A raw pointer stored where it outlives the function is owned
      // there now; a bound object or a shared copy leaves the handle as
      // it was.
      if (!Ev.Object && F.Handles[Ev.Dst].Wrap == Wrapper::Pointer)
        D->set(StEscaped);
      break;
    case Event::Write: // handled above
    case Event::Capture:
      // What happened through the handle, not what state follows.
      break;
    }
  }
  // What a helper does to the handles passed to it.
  if (E.Call < 0)
    return;
  const CallFact &C = F.Calls[E.Call];
  const FunctionSummary *CS = Summaries->get(C.Callee);
  if (!CS)
    return;
  for (unsigned I = 0; I < C.Args.size(); ++I) {
    // A begin wrapper leaves its transaction open for us; a helper that
    // commits or rolls back finishes ours.
    if (I < C.ArgTxn.size() && C.ArgTxn[I] >= 0) {
      if (CS->begins(I)) {
        S[C.ArgTxn[I]].Bits = StHeld;
        S[C.ArgTxn[I]].Site = C.ArgTxnSite[I];
      } else if (CS->finishes(I) && S[C.ArgTxn[I]].held()) {
        // It commits or rolls back on some path: may be finished.
        S[C.ArgTxn[I]].Bits |= StCommitted;
      }
    }
    if (!C.Args[I].isHandle())
      continue;
    if (CS->finishes(I) &&
        F.Handles[C.Args[I].Index].Kind == HandleKind::Transaction &&
        S[C.Args[I].Index].held())
      S[C.Args[I].Index].Bits |= StCommitted;
    if (CS->releases(I))
      S[C.Args[I].Index].set(StReleased);
    else if (CS->takes(I))
      S[C.Args[I].Index].set(StTransferred);
  }
}

HandleStates FunctionFlow::alongEdge(unsigned Block, unsigned Succ,
                                     const HandleStates &S) const {
  auto It = Facts->EdgeEvents.find(Block);
  if (It == Facts->EdgeEvents.end())
    return S;
  HandleStates Out = S;
  ElementFacts Edge;
  for (const FunctionFacts::EdgeEvent &E : It->second)
    if (E.Succ == Succ)
      Edge.Events.push_back(E.Ev);
  apply(Edge, Out);
  return Out;
}

HandleStates FunctionFlow::before(unsigned Block, unsigned Index) const {
  HandleStates S = In[Block];
  const auto &Elems = Facts->Elements[Block];
  for (unsigned I = 0; I < Index && I < Elems.size(); ++I)
    apply(Elems[I], S);
  return S;
}

std::pair<int, int> FunctionFlow::sessionOf(unsigned H) const {
  const HandleDesc &D = Facts->Handles[H];
  if (D.Kind != HandleKind::Transaction)
    return {0, static_cast<int>(H)};
  if (D.OpenedOn >= 0)
    return {0, D.OpenedOn};
  if (D.OpenedOnParam >= 0)
    return {1, D.OpenedOnParam};
  return {2, static_cast<int>(H)};
}

void FunctionFlow::finishSession(int H, uint16_t Bits,
                                 HandleStates &S) const {
  // A session has one transaction state, whichever API began it: a commit
  // through the connection, the transaction object or the session-level
  // call finishes every transaction open on that connection.
  const auto &Hs = Facts->Handles;
  std::pair<int, int> Session = sessionOf(H);
  for (unsigned T : Transactions) {
    if (Hs[T].Kind != HandleKind::Transaction)
      continue;
    if (T == static_cast<unsigned>(H))
      S[T].set(Bits);
    else if (sessionOf(T) == Session && S[T].held())
      S[T].set(Bits);
  }
}

std::map<uint16_t, std::vector<const FunctionExit *>>
FunctionFlow::exitsBySite(
    unsigned H, llvm::function_ref<bool(const FunctionExit &)> Counts) const {
  std::map<uint16_t, std::vector<const FunctionExit *>> BySite;
  for (const FunctionExit &X : Exits)
    if (X.States[H].Site != HandleState::NoSite && Counts(X))
      BySite[X.States[H].Site].push_back(&X);
  const SourceManager &SM = Facts->context().getSourceManager();
  for (auto &Entry : BySite) {
    auto &List = Entry.second;
    std::stable_sort(List.begin(), List.end(),
                     [&](const FunctionExit *A, const FunctionExit *B) {
                       return SM.isBeforeInTranslationUnit(A->Loc, B->Loc);
                     });
    // One note per place and kind (two edges into the exit, say).
    List.erase(std::unique(List.begin(), List.end(),
                           [](const FunctionExit *A, const FunctionExit *B) {
                             return A->Loc == B->Loc && A->Kind == B->Kind;
                           }),
               List.end());
  }
  return BySite;
}

bool FunctionFlow::destroyedOnUnwind(unsigned H) const {
  const HandleDesc &D = Facts->Handles[H];
  if (D.IsTxnOn || D.IsNamed || D.Wrap == Wrapper::Pointer)
    return false;
  return D.DeclaredBy != nullptr || D.Temp != nullptr;
}

void FunctionFlow::collectExits() {
  const FunctionFacts &F = *Facts;
  const CFG &G = F.cfg();
  unsigned ExitID = G.getExit().getBlockID();
  for (unsigned BID = 0; BID != G.getNumBlockIDs(); ++BID) {
    if (!Reached[BID] || BID == ExitID)
      continue;
    const CFGBlock *B = F.Blocks.at(BID);
    const Stmt *Return = nullptr;
    bool Throws = false;
    unsigned Index = 0;
    HandleStates S = In[BID];
    for (const CFGElement &Elem : *B) {
      const ElementFacts &E = F.Elements[BID][Index];
      const Stmt *St = nullptr;
      if (auto CS = Elem.getAs<CFGStmt>())
        St = CS->getStmt();
      if (St && isa<ReturnStmt>(St))
        Return = St;
      if (St && isa<CXXThrowExpr>(St)) {
        Throws = true;
        if (E.ThrowsOut)
          Exits.push_back({ExitKind::Throw, St, St->getBeginLoc(), BID, Index,
                           -1, -1, S});
      } else if (E.ThrowsOut && E.Call >= 0) {
        const Expr *CallE = F.Calls[E.Call].E;
        Exits.push_back({ExitKind::ThrowingCall, CallE, CallE->getExprLoc(),
                         BID, Index, -1, E.Call, S});
      }
      if (Elem.getAs<CFGAutomaticObjDtor>() ||
          Elem.getAs<CFGTemporaryDtor>())
        for (const Event &Ev : E.Events)
          if (Ev.Kind == Event::Destroy && Ev.Dst >= 0) {
            const Stmt *Trigger = nullptr;
            if (auto Dtor = Elem.getAs<CFGAutomaticObjDtor>())
              Trigger = Dtor->getTriggerStmt();
            Exits.push_back({ExitKind::ScopeEnd, Trigger, Ev.Loc, BID, Index,
                             Ev.Dst, -1, S});
          }
      apply(E, S);
      ++Index;
    }
    // The states on the edges into the exit block, with a test on the way
    // applied (`if (c) PQfinish(c);` as the last statement).
    bool LeavesFunction = false;
    HandleStates Leaving(S.size());
    unsigned SuccIndex = 0;
    for (const auto &Succ : B->succs()) {
      const CFGBlock *SB = Succ.getReachableBlock();
      if (SB && SB->getBlockID() == ExitID) {
        HandleStates Edge = alongEdge(BID, SuccIndex, S);
        if (!LeavesFunction)
          Leaving = Edge;
        else
          Leaving.join(Edge);
        LeavesFunction = true;
      }
      ++SuccIndex;
    }
    // A `throw` was an exit already; a call that does not return (exit,
    // abort) ends the process, not the function.
    if (!LeavesFunction || Throws || B->hasNoReturnElement())
      continue;
    S = std::move(Leaving);
    if (Return)
      Exits.push_back({ExitKind::Return, Return, Return->getBeginLoc(), BID,
                       Index, -1, -1, S});
    else
      Exits.push_back({ExitKind::FallOffEnd, nullptr,
                       F.function()->getBodyRBrace(), BID, Index, -1, -1, S});
  }
}

} // namespace clang::tidy::dbsession
