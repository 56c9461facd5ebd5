//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "HeldAcross.h"
#include "ExprHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

#include <deque>
#include <set>

namespace clang::tidy::dbsession {

namespace {

/// Finds the findings of one solved function.
class Finder {
public:
  Finder(const FunctionFlow &Flow, const BlockingPolicy &Policy)
      : Flow(Flow), F(*Flow.facts()), Summaries(Flow.summaries()),
        Policy(Policy), G(F.cfg()) {}

  std::vector<HeldAcrossFinding> run();

private:
  const FunctionFlow &Flow;
  const FunctionFacts &F;
  SummaryTable &Summaries;
  const BlockingPolicy &Policy;
  const CFG &G;

  struct Pending {
    unsigned Block, Index, Handle;
    HandleState At;
    /// Transactions opened on the handle and held at the call too.
    llvm::SmallVector<unsigned, 2> OpenOn;
  };
  std::vector<Pending> Found;

  void checkBlocking(unsigned Block, unsigned Index, const ElementFacts &E,
                     const HandleStates &S);
  bool related(unsigned H, const CallFact &C) const;
  bool pastScope(unsigned H, const CallFact &C) const;
  bool blockingCall(const CallFact &C, std::string &Group,
                    std::vector<ChainStep> *Chain) const;
  void afterCall(const Pending &P, HeldAcrossFinding &Out) const;
  const Stmt *releasePoint(const Pending &P,
                           const HeldAcrossFinding &Out) const;
  std::optional<ReleaseFix> fixFor(const Pending &P,
                                   const HeldAcrossFinding &Out) const;
  void orderWithOpen(const Pending &P, HeldAcrossFinding &Out,
                     llvm::MutableArrayRef<HeldAcrossFinding> AtCall) const;
};

bool Finder::blockingCall(const CallFact &C, std::string &Group,
                          std::vector<ChainStep> *Chain) const {
  if (C.DirectBlocking) {
    if (!Policy.groupEnabled(C.Group))
      return false;
    Group = C.Group;
    return true;
  }
  if (!Policy.IncludeHelpers || !C.Callee)
    return false;
  const BlockWitness *W = Summaries.blocksIn(C.Callee, Policy);
  if (!W)
    return false;
  Group = W->Group;
  if (Chain)
    *Chain = Summaries.chain(C.Callee, W->Group);
  return true;
}

/// True if the call works on handle \p H: it receives H, a copy of it, an
/// object bound to it, or a transaction opened on it.
bool Finder::related(unsigned H, const CallFact &C) const {
  for (unsigned R : C.ReceivesHandles) {
    if (R == H || F.Handles[R].Group == F.Handles[H].Group)
      return true;
    if (F.Handles[R].OpenedOn == static_cast<int>(H) ||
        F.Handles[H].OpenedOn == static_cast<int>(R))
      return true;
  }
  return false;
}

/// True if handle \p H is a local that names storage it does not own (a
/// reference, `session &sql = pool.at(i)`, or a pointer taken by `&`,
/// `session *sql = &pool.at(i)`) and the call is past the end of its scope:
/// it names nothing any more, and what it named is its owner's (here, the
/// pool's).
bool Finder::pastScope(unsigned H, const CallFact &C) const {
  const HandleDesc &D = F.Handles[H];
  if (!D.Var || !D.DeclaredBy || !C.E || !namesOthersStorage(D.Var))
    return false;
  const Stmt *Scope = F.parents().getParent(D.DeclaredBy);
  if (!Scope)
    return false;
  const SourceManager &SM = F.context().getSourceManager();
  SourceLocation End = Scope->getEndLoc(), At = C.E->getBeginLoc();
  return End.isValid() && At.isValid() &&
         SM.isBeforeInTranslationUnit(End, At);
}

void Finder::checkBlocking(unsigned Block, unsigned Index,
                           const ElementFacts &E, const HandleStates &S) {
  if (E.Call < 0)
    return;
  const CallFact &C = F.Calls[E.Call];
  std::string Group;
  if (!blockingCall(C, Group, nullptr))
    return;
  llvm::SmallVector<unsigned, 4> GroupsSeen;
  llvm::SmallVector<Pending, 2> Others;
  for (unsigned H = 0; H != F.Handles.size(); ++H) {
    if (!S[H].held())
      continue;
    const HandleDesc &D = F.Handles[H];
    // A transaction begun on a local handle: the handle is what is held. A
    // registration by name holds no connection of its own.
    if (D.OnLocal || D.IsNamed || llvm::is_contained(GroupsSeen, D.Group) ||
        pastScope(H, C))
      continue;
    // DB work: the call is what the handle is held for.
    if (C.DirectBlocking && related(H, C))
      continue;
    GroupsSeen.push_back(D.Group);
    Pending P{Block, Index, H, S[H], {}};
    for (unsigned T : F.transactionsOn(H))
      if (S[T].held())
        P.OpenOn.push_back(T);
    // Transactions first: they end before what they are open on.
    if (D.Kind == HandleKind::Transaction)
      Found.push_back(std::move(P));
    else
      Others.push_back(std::move(P));
  }
  Found.insert(Found.end(), Others.begin(), Others.end());
}

/// How an event ends the handle, in words for the note: a transaction that
/// reaches the end of its scope is rolled back (or, for a type that commits
/// in its destructor, committed), not merely released.
static HeldAcrossFinding::ReleaseHowTy releaseHow(Event::KindTy Kind,
                                                  const HandleDesc &D) {
  if (Kind == Event::Commit)
    return HeldAcrossFinding::Committed;
  if (Kind == Event::Rollback)
    return HeldAcrossFinding::RolledBack;
  if (Kind == Event::Destroy && D.Kind == HandleKind::Transaction && D.Info &&
      !D.IsTxnOn) {
    if (D.Info->OnDestroy == DestroyAction::Rollback)
      return HeldAcrossFinding::RolledBack;
    if (D.Info->OnDestroy == DestroyAction::Commit)
      return HeldAcrossFinding::Committed;
  }
  return HeldAcrossFinding::Released;
}

/// Looks at what follows the blocking call on every path: whether the
/// handle (or an object bound to it) is used again, and where it is first
/// released.
void Finder::afterCall(const Pending &P, HeldAcrossFinding &Out) const {
  const SourceManager &SM = F.context().getSourceManager();
  std::vector<bool> Seen(G.getNumBlockIDs(), false);
  struct Item {
    unsigned Block, From;
  };
  std::deque<Item> Queue{{P.Block, P.Index + 1}};
  while (!Queue.empty()) {
    Item It = Queue.front();
    Queue.pop_front();
    const auto &Elems = F.Elements[It.Block];
    bool Stop = false;
    for (unsigned I = It.From; I < Elems.size() && !Stop; ++I) {
      const ElementFacts &E = Elems[I];
      if (llvm::is_contained(E.Uses, P.Handle))
        Out.UsedAfter = true;
      if (llvm::is_contained(E.ReleaseUses, P.Handle))
        Out.ReleasedExplicitlyAfter = true;
      if (E.Throws >= 0)
        for (unsigned HB : F.Catches[E.Throws].HandlerBlocks)
          if (!Seen[HB]) {
            Seen[HB] = true;
            Queue.push_back({HB, 0});
          }
      for (const Event &Ev : E.Events) {
        if (Ev.Dst != static_cast<int>(P.Handle))
          continue;
        bool Ends = Ev.Kind == Event::Release || Ev.Kind == Event::Destroy ||
                    ((Ev.Kind == Event::Commit || Ev.Kind == Event::Rollback) &&
                     F.Handles[P.Handle].Kind == HandleKind::Transaction);
        if (Ends) {
          if (Out.ReleasedAt.isInvalid() ||
              (Ev.Loc.isValid() &&
               SM.isBeforeInTranslationUnit(Ev.Loc, Out.ReleasedAt))) {
            Out.ReleasedAt = Ev.Loc;
            Out.ReleaseHow = releaseHow(Ev.Kind, F.Handles[P.Handle]);
          }
        }
        // Past its destruction (or hand-over) the variable is a new one.
        if (Ev.Kind == Event::Destroy || Ev.Kind == Event::Transfer ||
            Ev.Kind == Event::MoveTo)
          Stop = true;
      }
      if (E.Call >= 0) {
        const CallFact &C = F.Calls[E.Call];
        if (const FunctionSummary *CS = Summaries.get(C.Callee))
          for (unsigned A = 0; A < C.Args.size(); ++A)
            if (C.Args[A] == Target::handle(P.Handle) && CS->releases(A) &&
                Out.ReleasedAt.isInvalid())
              Out.ReleasedAt = C.E->getBeginLoc();
      }
    }
    if (Stop)
      continue;
    for (const auto &Succ : F.Blocks.at(It.Block)->succs()) {
      const CFGBlock *SB = Succ.getReachableBlock();
      if (SB && !Seen[SB->getBlockID()]) {
        Seen[SB->getBlockID()] = true;
        Queue.push_back({SB->getBlockID(), 0});
      }
    }
  }
}

const Stmt *Finder::releasePoint(const Pending &P,
                               const HeldAcrossFinding &Out) const {
  const HandleDesc &D = F.Handles[P.Handle];
  // Only a handle that is certainly held, owned by a local, and not needed
  // any more can be released early.
  if (Out.UsedAfter || Out.UsedByCall || Out.ReleasedExplicitlyAfter ||
      !P.At.surelyHeld() || !D.Var || D.IsTxnOn || !D.DeclaredBy || D.Field)
    return nullptr;
  // A reference names another owner's session (a pool's slot): closing it
  // is that owner's business.
  if (namesOthersStorage(D.Var))
    return nullptr;
  const Expr *Call = F.Calls[F.Elements[P.Block][P.Index].Call].E;
  const Stmt *Holder = F.enclosingStatement(Call);
  // Before a `case` or a label the release would belong to the code above:
  // insert after the label, before the statement it labels.
  while (Holder) {
    if (const auto *Case = dyn_cast<SwitchCase>(Holder))
      Holder = Case->getSubStmt();
    else if (const auto *Label = dyn_cast<LabelStmt>(Holder))
      Holder = Label->getSubStmt();
    else if (const auto *Attributed = dyn_cast<AttributedStmt>(Holder))
      Holder = Attributed->getSubStmt();
    else
      break;
  }
  if (!Holder || !F.isWithin(Call, Holder) ||
      refersTo(Holder, F.UseDecls[P.Handle]))
    return nullptr;
  // Not inside a loop nested in the handle's scope: the release would run
  // on every iteration. (Before a loop that holds the call is fine.)
  const Stmt *Scope = F.parents().getParent(D.DeclaredBy);
  if (Holder == Scope)
    return nullptr;
  for (const Stmt *Cur = F.parents().getParent(Holder); Cur && Cur != Scope;
       Cur = F.parents().getParent(Cur)) {
    if (isa<ForStmt>(Cur) || isa<WhileStmt>(Cur) || isa<DoStmt>(Cur) ||
        isa<CXXForRangeStmt>(Cur))
      return nullptr;
    if (!F.parents().getParent(Cur))
      return nullptr; // not in the handle's scope at all
  }
  return Holder;
}

std::optional<ReleaseFix> Finder::fixFor(const Pending &P,
                                       const HeldAcrossFinding &Out) const {
  const HandleDesc &D = F.Handles[P.Handle];
  if (!D.Info)
    return std::nullopt;
  const Stmt *Holder = releasePoint(P, Out);
  if (!Holder)
    return std::nullopt;

  QualType T = D.Var->getType().getNonReferenceType();
  const CXXRecordDecl *RD = nullptr;
  if (D.Wrap == Wrapper::Pointer)
    RD = T->getPointeeCXXRecordDecl();
  else if (D.Wrap == Wrapper::None)
    RD = T->getAsCXXRecordDecl();
  std::string Access = D.Wrap == Wrapper::Pointer ? "->" : ".";
  ReleaseFix Fix;
  std::string Call;
  if (D.Wrap == Wrapper::UniquePtr || D.Wrap == Wrapper::SharedPtr) {
    Call = D.Name + ".reset()";
    Fix.OnWarning = true;
  } else if (D.Kind == HandleKind::Transaction) {
    const CXXMethodDecl *Commit =
        methodWithRole(RD, RoleCommit, Summaries.model());
    if (!Commit)
      return std::nullopt;
    Call = D.Name + Access + Commit->getName().str() + "()";
    Fix.OnWarning = D.Info->OnDestroy == DestroyAction::Commit;
  } else if (Out.Kind == HandleKind::Lease) {
    // The model does not say whether releasing a pooled handle gives it
    // back (SOCI's close() does not): only its destructor surely does.
    return std::nullopt;
  } else {
    const CXXMethodDecl *Release =
        methodWithRole(RD, RoleRelease, Summaries.model());
    if (!Release)
      return std::nullopt;
    Call = D.Name + Access + Release->getName().str() + "()";
    // A shared handle's other copies, or a raw pointer's later delete, may
    // still count on the connection being open.
    Fix.OnWarning = D.Wrap == Wrapper::None && D.Info->Own == Ownership::Unique;
  }

  const SourceManager &SM = F.context().getSourceManager();
  SourceLocation Loc = Holder->getBeginLoc();
  if (Loc.isInvalid() || Loc.isMacroID())
    return std::nullopt;
  Fix.InsertLoc = Loc;
  Fix.Text = insertionBefore(Loc, SM, Call);
  if (Fix.Text.empty())
    return std::nullopt;
  Fix.Calls.push_back(std::move(Call));
  return Fix;
}

/// A handle with transactions open on it at the call (\p AtCall holds the
/// findings made so far at this call, theirs among them) can be let go
/// before the call only after each of them ends there too: then one fix
/// ends them all in order, on the handle's warning, and the transactions
/// keep none of their own (two insertions at one place would not keep an
/// order). Otherwise the handle is still needed after the call, and no
/// advice may say to release it or end its scope.
void Finder::orderWithOpen(
    const Pending &P, HeldAcrossFinding &Out,
    llvm::MutableArrayRef<HeldAcrossFinding> AtCall) const {
  if (P.OpenOn.empty())
    return;
  llvm::SmallVector<HeldAcrossFinding *, 2> Open;
  for (unsigned T : P.OpenOn) {
    Out.OpenOn.push_back(&F.Handles[T]);
    auto It = llvm::find_if(AtCall, [&](const HeldAcrossFinding &X) {
      return X.Handle == &F.Handles[T];
    });
    // Not reported at this call (it is the work the call does, or beyond
    // its scope): nothing says it ends before the call.
    if (It == AtCall.end() || !It->Fix ||
        (Out.Fix && It->Fix->InsertLoc != Out.Fix->InsertLoc)) {
      if (!Out.NeededBy)
        Out.NeededBy = &F.Handles[T];
    } else {
      Open.push_back(&*It);
    }
  }
  Out.EndScopeHint = false;
  if (Out.NeededBy) {
    Out.Fix.reset();
    return;
  }
  if (!Out.Fix)
    return;
  ReleaseFix Own = std::move(*Out.Fix);
  ReleaseFix All;
  All.InsertLoc = Own.InsertLoc;
  All.OnWarning = Own.OnWarning;
  for (HeldAcrossFinding *X : Open) {
    All.Text += X->Fix->Text;
    All.Calls.insert(All.Calls.end(), X->Fix->Calls.begin(),
                     X->Fix->Calls.end());
    All.OnWarning = All.OnWarning && X->Fix->OnWarning;
  }
  All.Text += Own.Text;
  All.Calls.insert(All.Calls.end(), Own.Calls.begin(), Own.Calls.end());
  if (All.OnWarning)
    for (HeldAcrossFinding *X : Open) {
      X->Fix.reset();
      X->FixedWith = Out.Handle;
    }
  Out.Fix = std::move(All);
}

std::vector<HeldAcrossFinding> Finder::run() {
  for (unsigned BID = 0; BID != G.getNumBlockIDs(); ++BID)
    if (Flow.reached(BID))
      Flow.replay(BID, [&](unsigned I, const ElementFacts &E,
                           const HandleStates &S) {
        checkBlocking(BID, I, E, S);
      });

  std::vector<HeldAcrossFinding> Result;
  std::set<std::pair<const Expr *, unsigned>> Done;
  // Where the findings at the current call begin in Result.
  size_t CallBegin = 0;
  const Expr *CurrentCall = nullptr;
  for (const Pending &P : Found) {
    const ElementFacts &E = F.Elements[P.Block][P.Index];
    const CallFact &C = F.Calls[E.Call];
    const HandleDesc &D = F.Handles[P.Handle];
    if (!Done.insert({C.E, D.Group}).second)
      continue;
    if (C.E != CurrentCall) {
      CurrentCall = C.E;
      CallBegin = Result.size();
    }
    HeldAcrossFinding Out;
    Out.Call = C.E;
    Out.Callee = C.Callee;
    blockingCall(C, Out.Group, &Out.Chain);
    HandleKind K = D.Kind;
    if (P.At.Site != HandleState::NoSite) {
      const AcquireSite &Site = F.Sites[P.At.Site];
      K = Site.Kind;
      if (const FunctionSummary *HS = Summaries.get(Site.Helper))
        K = HS->ReturnedKind;
    }
    if (D.Kind == HandleKind::Transaction)
      K = HandleKind::Transaction;
    Out.Kind = K;
    Out.Handle = &D;
    if (D.Var)
      Out.DeclLoc = D.Var->getLocation();
    else if (D.Field)
      Out.DeclLoc = D.Field->getLocation();
    else if (D.Temp)
      Out.DeclLoc = D.Temp->getBeginLoc();
    if (P.At.Site != HandleState::NoSite)
      Out.AcquiredAt = F.Sites[P.At.Site].Loc;
    afterCall(P, Out);
    Out.UsedByCall = related(P.Handle, C);
    Out.Fix = fixFor(P, Out);
    // Only where the scope could end: nothing from the call on needs the
    // lease, and no loop around the call uses it.
    Out.EndScopeHint = !Out.Fix && Out.Kind == HandleKind::Lease &&
                       releasePoint(P, Out) != nullptr;
    orderWithOpen(P, Out,
                  llvm::MutableArrayRef<HeldAcrossFinding>(Result).drop_front(
                      CallBegin));
    Result.push_back(std::move(Out));
  }
  return Result;
}

} // namespace

std::vector<HeldAcrossFinding>
findHeldAcrossBlocking(const FunctionFlow &Flow, const BlockingPolicy &Policy) {
  if (Flow.isSkipped() || Flow.facts()->Handles.empty())
    return {};
  return Finder(Flow, Policy).run();
}

} // namespace clang::tidy::dbsession
