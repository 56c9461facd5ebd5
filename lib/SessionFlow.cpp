//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "SessionFlow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <deque>
#include <set>

namespace clang::tidy::dbsession {

llvm::StringRef kindWord(HandleKind K) {
  // The model's spelling of each kind, but for bound objects, which read
  // better in a message as what they mostly are.
  if (K == HandleKind::Bound)
    return "statement";
  return handleKindName(K);
}

namespace {

constexpr uint16_t NoSite = 0xFFFF;

/// The possible states of one handle at a point, and where it was acquired
/// on the paths where it is held.
struct HState {
  uint8_t Bits = StUnheld;
  uint16_t Site = NoSite;
  bool operator==(const HState &O) const {
    return Bits == O.Bits && Site == O.Site;
  }
  bool held() const { return (Bits & StHeld) != 0; }
};

using State = std::vector<HState>;

bool join(State &Into, const State &From) {
  bool Changed = false;
  for (unsigned I = 0; I != Into.size(); ++I) {
    HState Old = Into[I];
    Into[I].Bits |= From[I].Bits;
    // Keep one acquisition site deterministically: the lowest index, which
    // is the first in CFG order.
    if (From[I].held() && From[I].Site < Into[I].Site)
      Into[I].Site = From[I].Site;
    if (!(Old == Into[I]))
      Changed = true;
  }
  return Changed;
}

void setTo(HState &H, uint8_t Bits) {
  H.Bits = Bits;
  if (!(Bits & StHeld))
    H.Site = NoSite;
}

/// Runs the analysis of one function.
class Flow {
public:
  Flow(const FunctionFacts &F, SummaryTable &Summaries)
      : F(F), Summaries(Summaries), Policy(Summaries.policy()), G(F.cfg()) {}

  bool run();
  std::vector<HeldAcrossFinding> findings();

private:
  const FunctionFacts &F;
  SummaryTable &Summaries;
  const BlockingPolicy &Policy;
  const CFG &G;
  std::vector<State> In;
  std::vector<bool> Reached;
  std::deque<unsigned> Work;
  std::vector<bool> Queued;

  struct Pending {
    unsigned Block, Index, Handle;
    HState At;
  };
  std::vector<Pending> Found;

  void apply(const ElementFacts &E, State &S);
  void throwFrom(const ElementFacts &E, const State &S);
  void reach(unsigned Block, const State &S);
  void checkBlocking(unsigned Block, unsigned Index, const ElementFacts &E,
                     const State &S);
  bool related(unsigned H, const CallFact &C) const;
  bool blockingCall(const CallFact &C, std::string &Group,
                    std::vector<ChainStep> *Chain) const;
  void afterCall(const Pending &P, HeldAcrossFinding &Out) const;
  const Stmt *releasePoint(const Pending &P,
                           const HeldAcrossFinding &Out) const;
  std::optional<ReleaseFix> fixFor(const Pending &P,
                                   const HeldAcrossFinding &Out) const;
};

void Flow::reach(unsigned Block, const State &S) {
  if (!Reached[Block]) {
    Reached[Block] = true;
    In[Block] = S;
  } else if (!join(In[Block], S)) {
    return;
  }
  if (!Queued[Block]) {
    Queued[Block] = true;
    Work.push_back(Block);
  }
}

void Flow::throwFrom(const ElementFacts &E, const State &S) {
  if (E.Throws < 0)
    return;
  const ThrowTarget &T = F.Catches[E.Throws];
  State Out = S;
  for (unsigned H : T.Unwound)
    if (Out[H].held())
      setTo(Out[H], StReleased);
  for (unsigned B : T.HandlerBlocks)
    reach(B, Out);
}

void Flow::apply(const ElementFacts &E, State &S) {
  for (const Event &Ev : E.Events) {
    if (Ev.Dst < 0 && Ev.Kind != Event::MoveTo)
      continue;
    HState *D = Ev.Dst >= 0 ? &S[Ev.Dst] : nullptr;
    switch (Ev.Kind) {
    case Event::Acquire:
      D->Bits = StHeld;
      D->Site = Ev.Site;
      break;
    case Event::AcquireIfReturns: {
      const FunctionSummary *CS = Summaries.get(Ev.Callee);
      if (CS && CS->ReturnsHandle) {
        D->Bits = StHeld;
        D->Site = Ev.Site;
      } else {
        setTo(*D, StUnheld);
      }
      break;
    }
    case Event::Release:
    case Event::Destroy:
      setTo(*D, StReleased);
      break;
    case Event::Commit:
      if (F.Handles[Ev.Dst].Kind == HandleKind::Transaction)
        setTo(*D, StCommitted);
      break;
    case Event::Rollback:
      if (F.Handles[Ev.Dst].Kind == HandleKind::Transaction)
        setTo(*D, StRolledBack);
      break;
    case Event::MoveTo:
      if (Ev.Src >= 0) {
        if (D)
          *D = S[Ev.Src];
        setTo(S[Ev.Src], StMovedAway);
      }
      break;
    case Event::CopyTo:
      if (Ev.Src >= 0 && D)
        *D = S[Ev.Src];
      break;
    case Event::Transfer:
      setTo(*D, StTransferred);
      break;
    case Event::Escape:
      setTo(*D, StEscaped);
      break;
    case Event::Reset:
      setTo(*D, StUnheld);
      break;
    }
  }
  // What a helper does to the handles passed to it.
  if (E.Call < 0)
    return;
  const CallFact &C = F.Calls[E.Call];
  const FunctionSummary *CS = Summaries.get(C.Callee);
  if (!CS)
    return;
  for (unsigned I = 0; I < C.Args.size(); ++I) {
    if (!C.Args[I].isHandle())
      continue;
    if (CS->releases(I))
      setTo(S[C.Args[I].Index], StReleased);
    else if (CS->takes(I))
      setTo(S[C.Args[I].Index], StTransferred);
  }
}

bool Flow::blockingCall(const CallFact &C, std::string &Group,
                        std::vector<ChainStep> *Chain) const {
  if (C.DirectBlocking) {
    Group = C.Group;
    return true;
  }
  if (!Policy.IncludeHelpers || !C.Callee)
    return false;
  const FunctionSummary *CS = Summaries.get(C.Callee);
  if (!CS || !CS->mayBlock() || CS->BlockDepth > Policy.MaxChainDepth)
    return false;
  Group = CS->Group;
  if (Chain)
    *Chain = Summaries.chain(C.Callee);
  return true;
}

/// True if the call works on handle \p H: it receives H, a copy of it, an
/// object bound to it, or a transaction opened on it.
bool Flow::related(unsigned H, const CallFact &C) const {
  for (unsigned R : C.ReceivesHandles) {
    if (R == H || F.Handles[R].Group == F.Handles[H].Group)
      return true;
    if (F.Handles[R].OpenedOn == static_cast<int>(H) ||
        F.Handles[H].OpenedOn == static_cast<int>(R))
      return true;
  }
  return false;
}

void Flow::checkBlocking(unsigned Block, unsigned Index, const ElementFacts &E,
                         const State &S) {
  if (E.Call < 0)
    return;
  const CallFact &C = F.Calls[E.Call];
  std::string Group;
  if (!blockingCall(C, Group, nullptr))
    return;
  llvm::SmallVector<unsigned, 4> GroupsSeen;
  for (unsigned H = 0; H != F.Handles.size(); ++H) {
    if (!S[H].held())
      continue;
    const HandleDesc &D = F.Handles[H];
    if (llvm::is_contained(GroupsSeen, D.Group))
      continue;
    // DB work: the call is what the handle is held for.
    if (C.DirectBlocking && related(H, C))
      continue;
    // A transaction open on this handle tells the story better.
    bool TxnHeld = false;
    for (unsigned T = 0; T != F.Handles.size(); ++T)
      if (F.Handles[T].OpenedOn == static_cast<int>(H) && S[T].held())
        TxnHeld = true;
    if (TxnHeld)
      continue;
    GroupsSeen.push_back(D.Group);
    Found.push_back({Block, Index, H, S[H]});
  }
}

bool Flow::run() {
  unsigned NumBlocks = G.getNumBlockIDs();
  In.assign(NumBlocks, State(F.Handles.size()));
  Reached.assign(NumBlocks, false);
  Queued.assign(NumBlocks, false);
  reach(G.getEntry().getBlockID(), State(F.Handles.size()));
  unsigned Visits = 0;
  while (!Work.empty()) {
    if (++Visits > Policy.Budget)
      return false;
    unsigned BID = Work.front();
    Work.pop_front();
    Queued[BID] = false;
    const CFGBlock *B = F.Blocks.at(BID);
    State S = In[BID];
    for (const ElementFacts &E : F.Elements[BID]) {
      throwFrom(E, S);
      apply(E, S);
    }
    for (const auto &Succ : B->succs()) {
      const CFGBlock *SB = Succ.getReachableBlock();
      // Handlers are entered from the calls that may throw, with the
      // handles of the `try` block destroyed; not from the dispatch block.
      if (SB && !F.IsHandlerBlock[SB->getBlockID()])
        reach(SB->getBlockID(), S);
    }
  }
  // The fixpoint is reached: one more pass to find the blocking calls.
  for (unsigned BID = 0; BID != NumBlocks; ++BID) {
    if (!Reached[BID])
      continue;
    State S = In[BID];
    const auto &Elems = F.Elements[BID];
    for (unsigned I = 0; I != Elems.size(); ++I) {
      checkBlocking(BID, I, Elems[I], S);
      apply(Elems[I], S);
    }
  }
  return true;
}

/// Looks at what follows the blocking call on every path: whether the
/// handle (or an object bound to it) is used again, and where it is first
/// released.
void Flow::afterCall(const Pending &P, HeldAcrossFinding &Out) const {
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
            Out.ReleaseHow = Ev.Kind == Event::Commit     ? 1
                             : Ev.Kind == Event::Rollback ? 2
                                                          : 0;
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

/// The public, argument-less method of \p RD (or a base) with \p Role.
const CXXMethodDecl *methodWithRole(const CXXRecordDecl *RD, CallRole Role,
                                    const ApiModel &Model) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  for (const CXXMethodDecl *MD : RD->methods()) {
    if (MD->getAccess() != AS_public || MD->getMinRequiredArguments() != 0 ||
        isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD) ||
        MD->isOverloadedOperator() || !MD->getDeclName().isIdentifier())
      continue;
    const CallInfo *Info = Model.classifyCall(MD);
    if (Info && Info->has(Role) && Info->HandleArg < 0)
      return MD;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (Base.getAccessSpecifier() == AS_public)
      if (const CXXMethodDecl *MD =
              methodWithRole(Base.getType()->getAsCXXRecordDecl(), Role, Model))
        return MD;
  return nullptr;
}

bool refersTo(const Stmt *S, llvm::ArrayRef<const ValueDecl *> Decls) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (llvm::is_contained(Decls, DRE->getDecl()))
      return true;
  if (const auto *ME = dyn_cast<MemberExpr>(S))
    if (llvm::is_contained(Decls, ME->getMemberDecl()))
      return true;
  for (const Stmt *Child : S->children())
    if (refersTo(Child, Decls))
      return true;
  return false;
}

const Stmt *Flow::releasePoint(const Pending &P,
                               const HeldAcrossFinding &Out) const {
  const HandleDesc &D = F.Handles[P.Handle];
  // Only a handle that is certainly held, owned by a local, and not needed
  // any more can be released early.
  if (Out.UsedAfter || Out.UsedByCall || Out.ReleasedExplicitlyAfter ||
      P.At.Bits != StHeld || !D.Var || D.IsTxnOn || !D.DeclaredBy || D.Field)
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

std::optional<ReleaseFix> Flow::fixFor(const Pending &P,
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
  if (D.Wrap == Wrapper::UniquePtr || D.Wrap == Wrapper::SharedPtr) {
    Fix.Call = D.Name + ".reset()";
    Fix.OnWarning = true;
  } else if (D.Kind == HandleKind::Transaction) {
    const CXXMethodDecl *Commit =
        methodWithRole(RD, RoleCommit, Summaries.model());
    if (!Commit)
      return std::nullopt;
    Fix.Call = D.Name + Access + Commit->getName().str() + "()";
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
    Fix.Call = D.Name + Access + Release->getName().str() + "()";
    // A shared handle's other copies, or a raw pointer's later delete, may
    // still count on the connection being open.
    Fix.OnWarning = D.Wrap == Wrapper::None && D.Info->Own == Ownership::Unique;
  }

  const SourceManager &SM = F.context().getSourceManager();
  SourceLocation Loc = Holder->getBeginLoc();
  if (Loc.isInvalid() || Loc.isMacroID())
    return std::nullopt;
  // Keep the indentation of the statement if it starts its line.
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return std::nullopt;
  unsigned LineStart = Pos.second;
  while (LineStart > 0 && Buffer[LineStart - 1] != '\n')
    --LineStart;
  llvm::StringRef Before = Buffer.slice(LineStart, Pos.second);
  bool StartsLine = Before.find_first_not_of(" \t") == llvm::StringRef::npos;
  Fix.InsertLoc = Loc;
  Fix.Text = Fix.Call + ";" + (StartsLine ? "\n" + Before.str() : " ");
  return Fix;
}

std::vector<HeldAcrossFinding> Flow::findings() {
  std::vector<HeldAcrossFinding> Result;
  std::set<std::pair<const Expr *, unsigned>> Done;
  for (const Pending &P : Found) {
    const ElementFacts &E = F.Elements[P.Block][P.Index];
    const CallFact &C = F.Calls[E.Call];
    const HandleDesc &D = F.Handles[P.Handle];
    if (!Done.insert({C.E, D.Group}).second)
      continue;
    HeldAcrossFinding Out;
    Out.Call = C.E;
    Out.Callee = C.Callee;
    blockingCall(C, Out.Group, &Out.Chain);
    HandleKind K = D.Kind;
    if (P.At.Site != NoSite) {
      const AcquireSite &Site = F.Sites[P.At.Site];
      K = Site.Kind;
      if (const FunctionSummary *HS = Summaries.get(Site.Helper))
        K = HS->ReturnedKind;
    }
    if (D.Kind == HandleKind::Transaction)
      K = HandleKind::Transaction;
    Out.Kind = K;
    Out.Name = D.Name;
    if (D.IsTxnOn)
      Out.Subject = "transaction on '" + D.Name + "'";
    else if (D.Temp)
      Out.Subject = "temporary " + kindWord(D.Kind).str();
    else
      Out.Subject = kindWord(D.Kind).str() + " '" + D.Name + "'";
    if (D.Var)
      Out.DeclLoc = D.Var->getLocation();
    else if (D.Field)
      Out.DeclLoc = D.Field->getLocation();
    else if (D.Temp)
      Out.DeclLoc = D.Temp->getBeginLoc();
    if (P.At.Site != NoSite)
      Out.AcquiredAt = F.Sites[P.At.Site].Loc;
    afterCall(P, Out);
    Out.UsedByCall =
        related(P.Handle, F.Calls[F.Elements[P.Block][P.Index].Call]);
    Out.Fix = fixFor(P, Out);
    // Only where the scope could end: nothing from the call on needs the
    // lease, and no loop around the call uses it.
    Out.EndScopeHint = !Out.Fix && Out.Kind == HandleKind::Lease &&
                       releasePoint(P, Out) != nullptr;
    Result.push_back(std::move(Out));
  }
  return Result;
}

} // namespace

FlowResult findHeldAcrossBlocking(const FunctionDecl *FD,
                                  SummaryTable &Summaries) {
  FlowResult R;
  std::unique_ptr<FunctionFacts> Facts = FunctionFacts::build(
      FD, Summaries.context(), Summaries.model(), Summaries.policy());
  if (!Facts) {
    R.Skipped =
        FD && FD->doesThisDeclarationHaveABody() && !FD->isDependentContext();
    return R;
  }
  if (Facts->Handles.empty())
    return R;
  Flow Analysis(*Facts, Summaries);
  if (!Analysis.run()) {
    R.Skipped = true;
    return R;
  }
  R.Findings = Analysis.findings();
  return R;
}

} // namespace clang::tidy::dbsession
