//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FactCollector.h"
#include "SqlText.h"

#include "clang/Lex/Lexer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::dbsession {

void FactCollector::push(ElementFacts &Out, Event::KindTy K, Target T,
                         SourceLocation Loc) {
  if (T.isHandle())
    Out.Events.push_back(Event::on(K, T.Index, Loc));
  else if (T.isParam())
    Out.Events.push_back(Event::onParam(K, T.Index, Loc));
}

void FactCollector::assign(int Dst, const Source &Src, SourceLocation Loc,
                           ElementFacts &Out) {
  Event Ev(Event::Reset);
  Ev.Dst = Dst;
  Ev.Loc = Loc;
  switch (Src.Kind) {
  case Source::Acquire:
    Ev = Event::acquire(Dst, newSite(Loc, Src.Acquires), Loc);
    break;
  case Source::MaybeReturns: {
    unsigned Site =
        newSite(Loc, Dst >= 0 ? F.Handles[Dst].Kind : HandleKind::Connection);
    F.Sites[Site].Helper = Src.Callee;
    Ev = Event::acquireIfReturns(Dst, Site, Src.Callee, Loc);
    break;
  }
  case Source::MoveFrom:
  case Source::CopyFrom: {
    Target From = lookup(Src.From);
    if (From.isHandle()) {
      Event::KindTy K =
          Src.Kind == Source::MoveFrom ? Event::MoveTo : Event::CopyTo;
      // A copy of a shared handle or of a raw pointer is another name for
      // the same connection.
      if (K == Event::CopyTo && Dst >= 0)
        GroupParent[findGroup(Dst)] = findGroup(From.Index);
      // Moving a raw pointer copies it: ownership goes with it.
      if (K == Event::CopyTo && Dst >= 0 &&
          F.Handles[From.Index].Wrap == Wrapper::Pointer)
        K = Event::MoveTo;
      Ev = Event::moveOrCopy(K, Dst, From.Index, Loc);
    } else if (From.isParam() &&
               (Src.Kind == Source::MoveFrom ||
                (isRawHandleParam(From.Index) &&
                 (Dst < 0 || isSmartPointer(F.Handles[Dst].Wrap))))) {
      // The caller's handle is moved, or its raw pointer stored, into an
      // owner here.
      Out.Events.push_back(Event::onParam(Event::Transfer, From.Index, Loc));
    }
    break;
  }
  case Source::Null:
  case Source::Nothing:
    // Overwriting a held handle releases what it held (RAII types).
    break;
  }
  if (Dst >= 0) {
    Out.Events.push_back(Ev);
    return;
  }
  // Into an owner this function does not track.
  if (Ev.Kind == Event::MoveTo)
    Out.Events.push_back(Event::on(Event::Transfer, Ev.Src, Loc));
  else if (Ev.Kind == Event::CopyTo &&
           F.Handles[Ev.Src].Wrap == Wrapper::Pointer)
    Out.Events.push_back(Event::on(Event::Escape, Ev.Src, Loc));
}

int FactCollector::throwTargetFor(const Stmt *S) {
  auto Cached = ThrowTargetAt.find(S);
  if (Cached != ThrowTargetAt.end())
    return Cached->second;
  ThrowTarget TT;
  const Stmt *Child = S;
  const Stmt *Cur = F.Parents->getParent(S);
  // Every throw inside the same innermost `try` block has the same target.
  while (Cur) {
    const auto *Try = dyn_cast<CXXTryStmt>(Cur);
    if (Try && Child == Try->getTryBlock())
      break;
    Child = Cur;
    Cur = F.Parents->getParent(Cur);
  }
  if (!Cur)
    return ThrowTargetAt[S] = -1;
  const auto *Innermost = cast<CXXTryStmt>(Cur);
  auto Shared = ThrowTargetOfTry.find(Innermost);
  if (Shared != ThrowTargetOfTry.end()) {
    int Index = Shared->second;
    return ThrowTargetAt[S] = Index;
  }
  while (Cur) {
    if (const auto *Try = dyn_cast<CXXTryStmt>(Cur)) {
      if (Child == Try->getTryBlock()) {
        for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I) {
          auto It = CatchBlocks.find(Try->getHandler(I));
          if (It != CatchBlocks.end())
            TT.HandlerBlocks.push_back(It->second);
        }
        for (unsigned H : declaredInTry(Try))
          if (!llvm::is_contained(TT.Unwound, H))
            TT.Unwound.push_back(H);
        if (isCatchAll(Try))
          break;
      }
    }
    Child = Cur;
    Cur = F.Parents->getParent(Cur);
  }
  int Index = -1;
  if (!TT.HandlerBlocks.empty()) {
    F.Catches.push_back(std::move(TT));
    Index = static_cast<int>(F.Catches.size() - 1);
  }
  ThrowTargetOfTry[Innermost] = Index;
  ThrowTargetAt[S] = Index;
  return Index;
}

bool FactCollector::throwsOut(const Stmt *S) const {
  const Stmt *Child = S;
  for (const Stmt *Cur = F.Parents->getParent(S); Cur;
       Child = Cur, Cur = F.Parents->getParent(Cur))
    if (const auto *Try = dyn_cast<CXXTryStmt>(Cur))
      if (Child == Try->getTryBlock() && Try->getNumHandlers() != 0)
        return false;
  return true;
}

void FactCollector::collectBranchEvents(const CFGBlock &B) {
  const auto *E = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
  if (!E || B.succ_size() != 2)
    return;
  E = E->IgnoreParenImpCasts();
  if (const auto *Logical = dyn_cast<BinaryOperator>(E);
      Logical && Logical->isLogicalOp())
    E = Logical->getLHS()->IgnoreParenImpCasts();
  // `!x` swaps the edges.
  bool Negated = false;
  while (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_LNot)
      break;
    Negated = !Negated;
    E = U->getSubExpr()->IgnoreParenImpCasts();
  }
  unsigned TrueSucc = Negated ? 1 : 0, FalseSucc = Negated ? 0 : 1;
  auto &Edges = F.EdgeEvents[B.getBlockID()];

  // `if (db.commit())`: it committed only where it succeeded; on the other
  // edge the transaction is still open. `if (db.transaction())`: it began
  // only where it succeeded.
  if (isa<CallExpr>(E) && E->getType()->isBooleanType()) {
    auto &Elems = F.Elements[B.getBlockID()];
    for (ElementFacts &Elem : Elems) {
      if (Elem.Call < 0 || F.Calls[Elem.Call].E != E)
        continue;
      for (auto It = Elem.Events.begin(); It != Elem.Events.end();) {
        bool Finishes =
            It->Kind == Event::Commit || It->Kind == Event::Rollback;
        bool Begins = It->Kind == Event::Acquire && It->Dst >= 0 &&
                      F.Handles[It->Dst].Kind == HandleKind::Transaction;
        if (!Finishes && !Begins) {
          ++It;
          continue;
        }
        Edges.push_back({TrueSucc, *It});
        It = Elem.Events.erase(It);
      }
    }
  }

  // `if (!beginBatch(db))`: where a helper that may begin for us failed,
  // nothing was begun.
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && E->getType()->isBooleanType())
    for (const ElementFacts &Elem : F.Elements[B.getBlockID()])
      if (Elem.Call >= 0 && F.Calls[Elem.Call].E == E &&
          mayBeginForCaller(F.Calls[Elem.Call].Callee))
        for (int Txn : F.Calls[Elem.Call].ArgTxn)
          if (Txn >= 0)
            Edges.push_back(
                {FalseSucc, Event::on(Event::Reset, Txn, E->getExprLoc())});

  // A null test of a raw-pointer handle: `!c`, `c == nullptr`, `c`.
  // (True and false are those of E, the condition without its `!`s.)
  bool NullWhenTrue = false;
  const Expr *Tested = E;
  auto IsNull = [](const Expr *X) {
    X = X->IgnoreParenImpCasts();
    return isa<CXXNullPtrLiteralExpr>(X) || isa<GNUNullExpr>(X) ||
           (isa<IntegerLiteral>(X) && cast<IntegerLiteral>(X)->getValue() == 0);
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isEqualityOp()) {
    Tested = IsNull(BO->getRHS())   ? BO->getLHS()
             : IsNull(BO->getLHS()) ? BO->getRHS()
                                    : nullptr;
    NullWhenTrue = BO->getOpcode() == BO_EQ;
  }
  if (Tested) {
    Tested = Tested->IgnoreParenImpCasts();
    Target T = Tested->getType()->isPointerType() ? targetOf(Tested)
                                                  : Target{};
    if (T.isHandle() && F.Handles[T.Index].Wrap == Wrapper::Pointer)
      Edges.push_back({NullWhenTrue ? TrueSucc : FalseSucc,
                       Event::on(Event::Reset, T.Index, Tested->getExprLoc())});
  }
  if (Edges.empty())
    F.EdgeEvents.erase(B.getBlockID());
}

void FactCollector::noteReceived(const Expr *A, CallFact &C) const {
  if (!A)
    return;
  if (isDbType(A->getType()))
    C.ReceivesDbValue = true;
  const Expr *Inner = movedFrom(A);
  Place P = placeOf(Inner ? Inner : A);
  Target T = lookup(P);
  if (T.isHandle()) {
    C.ReceivesHandles.push_back(T.Index);
    if (F.Handles[T.Index].OpenedOn >= 0)
      C.ReceivesHandles.push_back(F.Handles[T.Index].OpenedOn);
  }
  if (P.Var && !P.Field) {
    auto It = BoundTo.find(P.Var);
    if (It != BoundTo.end())
      C.ReceivesHandles.push_back(It->second);
  }
  if (P.Param >= 0 && isDbType(A->getType()))
    C.ReceivesDbValue = true;
}

Target FactCollector::throughWhich(const Expr *E) const {
  if (!E)
    return {};
  const Expr *Inner = movedFrom(E);
  Place P = placeOf(Inner ? Inner : E);
  Target T = lookup(P);
  if (T.isHandle() || T.isParam())
    return T.isParam() && !isDbType(E->getType()) ? Target{} : T;
  if (P.Var && !P.Field) {
    auto It = BoundTo.find(P.Var);
    if (It != BoundTo.end())
      return Target::handle(It->second);
    auto ItP = BoundToParam.find(P.Var);
    if (ItP != BoundToParam.end())
      return Target::param(ItP->second);
  }
  return {};
}

void FactCollector::collectWrite(const Expr *E, const CallFact &C,
                                 const Expr *Object,
                                 llvm::ArrayRef<const Expr *> Args,
                                 ElementFacts &Out) {
  // The SQL text, where a literal shows it, says what the call does; the
  // model's write role covers calls whose text cannot be seen.
  SqlVerb Verb = SqlVerb::Unknown;
  for (const Expr *A : Args) {
    SqlVerb V = sqlVerbOf(A);
    if (V != SqlVerb::Unknown) {
      Verb = V;
      break;
    }
  }
  bool Writes = Verb == SqlVerb::Write ||
                (Verb == SqlVerb::Unknown && C.Info && C.Info->has(RoleWrite));
  if (!Writes)
    return;
  const Expr *HE = handleExprOf(C.Info, Object, Args);
  push(Out, Event::Write, throughWhich(HE), E->getBeginLoc());
  // A transaction begun on a parameter or member is written through it.
  if (HE)
    if (int Txn = txnHandle(placeOf(HE), /*Create=*/false); Txn >= 0)
      Out.Events.push_back(Event::on(Event::Write, Txn, E->getBeginLoc()));
}

void FactCollector::collectTransactionText(const Expr *E, const CallFact &C,
                                           const Expr *Object,
                                           llvm::ArrayRef<const Expr *> Args,
                                           ElementFacts &Out) {
  // BEGIN, COMMIT and ROLLBACK sent as SQL text (`PQexec(c, "BEGIN")`).
  // Calls whose model role says as much are read from the role.
  if (C.Info && (C.Info->has(RoleBegin) || C.Info->has(RoleCommit) ||
                 C.Info->has(RoleRollback)))
    return;
  SqlVerb Verb = SqlVerb::Unknown;
  for (const Expr *A : Args)
    if ((Verb = sqlVerbOf(A)) != SqlVerb::Unknown)
      break;
  if (Verb != SqlVerb::Begin && Verb != SqlVerb::Commit &&
      Verb != SqlVerb::Rollback)
    return;
  const Expr *HE = handleExprOf(C.Info, Object, Args);
  if (!HE)
    return;
  SourceLocation Loc = E->getBeginLoc();
  int Txn = txnHandle(placeOf(HE), /*Create=*/false);
  if (Verb == SqlVerb::Begin) {
    if (Txn >= 0)
      Out.Events.push_back(
          Event::acquire(Txn, newSite(Loc, HandleKind::Transaction), Loc));
    return;
  }
  Event::KindTy K = Verb == SqlVerb::Commit ? Event::Commit : Event::Rollback;
  push(Out, K, throughWhich(HE), Loc);
  if (Txn >= 0)
    push(Out, K, Target::handle(Txn), Loc);
}

void FactCollector::collectRoles(const Expr *E, const CallFact &C,
                                 const Expr *Object,
                                 llvm::ArrayRef<const Expr *> Args,
                                 ElementFacts &Out) {
  Target Handle = C.Object;
  const Expr *HandleExpr = Object;
  if (C.Info->HandleArg >= 0 &&
      static_cast<unsigned>(C.Info->HandleArg) < Args.size()) {
    Handle = C.Args[C.Info->HandleArg];
    HandleExpr = Args[C.Info->HandleArg];
  }
  SourceLocation Loc = E->getBeginLoc();
  bool ReturnsHandle = static_cast<bool>(heldType(E->getType()));
  Place HP = placeOf(HandleExpr);
  int Txn = txnHandle(HP, /*Create=*/false);
  if (C.Info->has(RoleRelease))
    push(Out, Event::Release, Handle, Loc);
  if (C.Info->has(RoleCommit) || C.Info->has(RoleRollback)) {
    Event::KindTy K = C.Info->has(RoleCommit) ? Event::Commit : Event::Rollback;
    push(Out, K, Handle, Loc);
    if (Txn >= 0)
      push(Out, K, Target::handle(Txn), Loc);
  }
  if (C.Info->has(RoleBegin) && !ReturnsHandle) {
    if (beginsTransaction(E, C.Info, Args)) {
      if (Txn >= 0)
        Out.Events.push_back(
            Event::acquire(Txn, newSite(Loc, HandleKind::Transaction), Loc));
    } else {
      // `setAutoCommit(true)`: commits what is open.
      push(Out, Event::Commit, Handle, Loc);
      if (Txn >= 0)
        push(Out, Event::Commit, Target::handle(Txn), Loc);
    }
  }
  // `open()`: acquires into its object (a call that returns something,
  // a statement say, acquires that instead).
  QualType RT = E->getType();
  bool IntoObject = RT->isVoidType() || RT->isBooleanType();
  if (C.Info->has(RoleAcquire) && IntoObject && Handle.isHandle() &&
      isHeldKind(C.Info->Acquires) && !isa<CXXConstructExpr>(E))
    Out.Events.push_back(Event::acquire(
        Handle.Index, newSite(Loc, C.Info->Acquires), Loc));
  for (unsigned I : C.Info->TakesOwnershipOf)
    if (I < C.Args.size())
      push(Out, Event::Transfer, C.Args[I], Loc);
}

void FactCollector::collectSmartPointer(const CXXMemberCallExpr *MC,
                                        const CallFact &C,
                                        const Expr *Object,
                                        ElementFacts &Out) {
  // reset() releases, reset(p) re-seats, a discarded release() gives up
  // ownership.
  const CXXMethodDecl *MD = MC->getMethodDecl();
  TypeClass OC = Object ? Model.classifyType(Object->getType()) : TypeClass{};
  if (!MD || !OC || !isSmartPointer(OC.Wrap) ||
      !MD->getDeclName().isIdentifier())
    return;
  SourceLocation Loc = MC->getBeginLoc();
  // An owner we do not track takes over the caller's raw handle.
  if (!C.Object.isHandle() && MD->getName() == "reset" &&
      MC->getNumArgs() == 1) {
    Target A = C.Args.empty() ? Target{} : C.Args[0];
    if (A.isParam() && isRawHandleParam(A.Index))
      push(Out, Event::Transfer, A, Loc);
  }
  if (!C.Object.isHandle())
    return;
  unsigned H = C.Object.Index;
  if (MD->getName() == "reset") {
    if (MC->getNumArgs() == 0)
      Out.Events.push_back(Event::on(Event::Release, H, Loc));
    else
      assign(H, classifySource(MC->getArg(0)), Loc, Out);
  } else if (MD->getName() == "release" &&
             isa_and_nonnull<CompoundStmt>(F.Parents->getParent(MC))) {
    Out.Events.push_back(Event::on(Event::Transfer, H, Loc));
  }
}

void FactCollector::collectHandOver(const Expr *E, const CallFact &C,
                                    ElementFacts &Out) {
  // Moved into another owner: a by-value or rvalue-reference parameter
  // (constructing a handle from it is handled where the handle is made).
  SourceLocation Loc = E->getBeginLoc();
  bool IsHandleMove = false;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    IsHandleMove = CE->getConstructor()->isCopyOrMoveConstructor() &&
                   static_cast<bool>(Model.classifyType(CE->getType()));
    // Moving a handle into anything but a local of ours (a by-value
    // parameter, a temporary) hands it over.
    if (IsHandleMove && CE->getConstructor()->isMoveConstructor() &&
        CE->getNumArgs() == 1 && !initialisesLocal(CE))
      if (const Expr *From = movedFrom(CE->getArg(0)))
        push(Out, Event::Transfer, targetOf(From), Loc);
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    IsHandleMove = Op->getOperator() == OO_Equal;
  if (!IsHandleMove)
    for (unsigned I = 0; I < C.Args.size(); ++I)
      if (C.ArgMoved[I])
        push(Out, Event::Transfer, C.Args[I], Loc);
}

void FactCollector::collectCall(const Expr *E, ElementFacts &Out) {
  CallFact C;
  C.E = E;
  llvm::SmallVector<const Expr *, 4> Args;
  const Expr *Object = nullptr;
  if (!callShape(E, C.Callee, Object, Args))
    return;
  // `std::move` itself is not a call anyone needs to hear about.
  if (C.Callee && movedFrom(E))
    return;
  C.Info = C.Callee ? Model.classifyCall(C.Callee) : nullptr;
  C.MayThrow = C.Info && !C.Info->ThrowsUnknown ? C.Info->MayThrow
                                                 : !isNoexcept(C.Callee);
  if (isNoexcept(C.Callee))
    C.MayThrow = false;
  C.DirectBlocking = isCatalogBlocking(C.Callee, Model, &C.Group);

  noteReceived(Object, C);
  for (const Expr *A : Args)
    noteReceived(A, C);

  C.Object = targetOf(Object);
  unsigned NumParams = C.Callee ? C.Callee->getNumParams() : 0;
  for (unsigned I = 0; I < Args.size(); ++I) {
    const Expr *Inner = movedFrom(Args[I]);
    C.Args.push_back(targetOf(Inner ? Inner : Args[I]));
    bool Moved = false;
    if (Inner && I < NumParams) {
      QualType PT = C.Callee->getParamDecl(I)->getType();
      Moved = PT->isRValueReferenceType() || !PT->isReferenceType();
    }
    C.ArgMoved.push_back(Moved);
  }

  if (C.Info) {
    collectRoles(E, C, Object, Args, Out);
    collectNamed(E, C.Info, Args, Out);
  } else if (auto It = NamedHandles.find(E); It != NamedHandles.end()) {
    // A registration a helper may return: held if its summary says so.
    SourceLocation Loc = E->getBeginLoc();
    unsigned Site = newSite(Loc, HandleKind::Connection);
    F.Sites[Site].Helper = C.Callee;
    Out.Events.push_back(
        Event::acquireIfReturns(It->second, Site, C.Callee, Loc));
  }
  // Where a helper that begins for its caller would leave a transaction.
  for (const Expr *A : Args) {
    int Txn = C.Info ? -1 : txnHandle(placeOf(A), /*Create=*/false);
    C.ArgTxn.push_back(Txn);
    C.ArgTxnSite.push_back(
        Txn >= 0 ? newSite(E->getBeginLoc(), HandleKind::Transaction) : 0);
  }
  collectWrite(E, C, Object, Args, Out);
  collectTransactionText(E, C, Object, Args, Out);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    collectSmartPointer(MC, C, Object, Out);
  collectHandOver(E, C, Out);
  collectContainerStore(E, C.Callee, Object, Args, Out);

  if (C.MayThrow) {
    Out.Throws = throwTargetFor(E);
    Out.ThrowsOut = throwsOut(E);
  }
  F.Calls.push_back(std::move(C));
  Out.Call = static_cast<int>(F.Calls.size() - 1);
}

std::optional<std::pair<unsigned, const ValueDecl *>>
FactCollector::storedValue(const Expr *Value) const {
  if (!Value)
    return std::nullopt;
  const Expr *Inner = movedFrom(Value);
  Place P = placeOf(Inner ? Inner : Value);
  Target T = lookup(P);
  if (T.isHandle())
    return std::make_pair(T.Index, static_cast<const ValueDecl *>(nullptr));
  if (P.Var && !P.Field)
    if (const BoundObject *B = F.boundObject(P.Var))
      return std::make_pair(B->Handle, static_cast<const ValueDecl *>(P.Var));
  return std::nullopt;
}

std::optional<StoreTarget>
FactCollector::storeTargetOf(const Expr *TargetE) const {
  const Expr *E = strip(TargetE);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_Deref)
    return isa<DeclRefExpr>(strip(U->getSubExpr())) &&
                   paramIndex(dyn_cast<VarDecl>(
                       cast<DeclRefExpr>(strip(U->getSubExpr()))
                           ->getDecl())) >= 0
               ? std::optional<StoreTarget>(StoreTarget::OutParam)
               : std::nullopt;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript)
    return StoreTarget::Container;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return std::nullopt;
    if (VD->isStaticLocal())
      return StoreTarget::Static;
    if (VD->hasGlobalStorage())
      return StoreTarget::Global;
    if (paramIndex(VD) >= 0 && VD->getType()->isReferenceType())
      return StoreTarget::OutParam;
    return std::nullopt;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return VD->hasGlobalStorage()
                 ? std::optional<StoreTarget>(StoreTarget::Global)
                 : std::nullopt;
    const Expr *Base = strip(ME->getBase());
    if (isa<CXXThisExpr>(Base))
      return StoreTarget::Member;
    // A member of what the caller passed, or of a global.
    if (std::optional<StoreTarget> Outer = storeTargetOf(Base))
      return Outer;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      if (paramIndex(dyn_cast<VarDecl>(DRE->getDecl())) >= 0)
        return StoreTarget::OutParam;
  }
  return std::nullopt;
}

void FactCollector::collectStore(const Expr *TargetE, const Expr *Value,
                                 const Stmt *At, ElementFacts &Out) {
  std::optional<StoreTarget> Into = storeTargetOf(TargetE);
  if (!Into)
    return;
  if (auto What = storedValue(Value)) {
    Event Ev = Event::store(What->first, What->second, *Into, At,
                            At->getBeginLoc());
    // `v[i] = x` stores into v: somewhere only if v is.
    if (*Into == StoreTarget::Container)
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(strip(TargetE)))
        Ev.IntoLocal = !storeTargetOf(Op->getArg(0));
    Out.Events.push_back(Ev);
  }
}

void FactCollector::collectContainerStore(const Expr *E,
                                          const FunctionDecl *Callee,
                                          const Expr *Object,
                                          llvm::ArrayRef<const Expr *> Args,
                                          ElementFacts &Out) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Callee);
  if (!MD || !Object || !MD->getParent()->isInStdNamespace() ||
      !MD->getDeclName().isIdentifier())
    return;
  static constexpr llvm::StringLiteral Inserting[] = {
      "push_back", "emplace_back",     "push_front",  "emplace_front",
      "insert",    "emplace",          "emplace_hint", "push",
      "insert_or_assign", "try_emplace"};
  bool Inserts = llvm::is_contained(Inserting, MD->getName());
  if (!Inserts)
    return;
  for (const Expr *A : Args)
    if (auto What = storedValue(A)) {
      Event Ev = Event::store(What->first, What->second,
                              StoreTarget::Container, E, E->getBeginLoc());
      Ev.IntoLocal = !storeTargetOf(Object);
      Out.Events.push_back(Ev);
      return;
    }
}

void FactCollector::collectCapture(const LambdaExpr *L, ElementFacts &Out) {
  for (const LambdaCapture &Cap : L->captures()) {
    if (!Cap.capturesVariable())
      continue;
    const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar());
    if (!VD)
      continue;
    Place P;
    auto Alias = Aliases.find(VD);
    if (Alias != Aliases.end())
      P = Alias->second;
    else if (isLocal(VD))
      P.Var = VD;
    Target T = lookup(P);
    const ValueDecl *Object = nullptr;
    int H = T.isHandle() ? static_cast<int>(T.Index) : -1;
    if (!T.isHandle() && P.Var && !P.Field) {
      const BoundObject *B = F.boundObject(P.Var);
      if (!B)
        continue;
      H = B->Handle;
      Object = P.Var;
    }
    if (H < 0 && !Object)
      continue;
    SourceLocation Loc =
        Cap.isImplicit() ? L->getBeginLoc() : Cap.getLocation();
    Out.Events.push_back(Event::capture(
        H, Object, Cap.getCaptureKind() == LCK_ByRef, L, Loc));
  }
}

void FactCollector::collectStmt(const Stmt *S, ElementFacts &Out) {
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    collectCapture(L, Out);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      // A function-local static made from a handle outlives it.
      // So does a static statement, whatever it was made on.
      if (VD && VD->isStaticLocal()) {
        int H = VD->getInit() ? handleIn(VD->getInit()) : -1;
        TypeClass C = Model.classifyType(VD->getType());
        if (H >= 0 || (C && C.Info->Kind == HandleKind::Bound))
          Out.Events.push_back(Event::store(H, VD, StoreTarget::Static, DS,
                                            VD->getLocation()));
      }
      if (!isLocal(VD))
        continue;
      int H = handleOfVar(VD);
      if (H < 0)
        continue;
      const Expr *Init = VD->getInit();
      SourceLocation Loc = VD->getLocation();
      if (!Init) {
        Out.Events.push_back(Event::on(Event::Reset, H, Loc));
        continue;
      }
      assign(H, classifySource(Init), Loc, Out);
    }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() != BO_Assign)
      return;
    // Assigning to the caller's object (a reference parameter) hands a
    // moved handle, or a raw pointer, over to the caller.
    Target T = targetOf(BO->getLHS());
    assign(T.isHandle() ? static_cast<int>(T.Index) : -1,
           classifySource(BO->getRHS()), BO->getBeginLoc(), Out);
    if (!T.isHandle())
      collectStore(BO->getLHS(), BO->getRHS(), BO, Out);
    resetReplaced(BO->getLHS(), BO->getBeginLoc(), Out);
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      Target T = targetOf(Op->getArg(0));
      assign(T.isHandle() ? static_cast<int>(T.Index) : -1,
             classifySource(Op->getArg(1)), Op->getBeginLoc(), Out);
      if (!T.isHandle())
        collectStore(Op->getArg(0), Op->getArg(1), Op, Out);
      resetReplaced(Op->getArg(0), Op->getBeginLoc(), Out);
    }
    collectCall(Op, Out);
    return;
  }
  if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S)) {
    collectCall(cast<Expr>(S), Out);
    return;
  }
  if (const auto *Del = dyn_cast<CXXDeleteExpr>(S)) {
    push(Out, Event::Release, targetOf(Del->getArgument()),
         Del->getBeginLoc());
    return;
  }
  if (const auto *Ret = dyn_cast<ReturnStmt>(S)) {
    const Expr *V = Ret->getRetValue();
    if (!V)
      return;
    Source Src = classifySource(V);
    if (Src.Kind == Source::Acquire) {
      Out.ReturnsAcquired = true;
      Out.ReturnsAcquiredKind = Src.Acquires;
    } else if (Src.Kind == Source::MaybeReturns)
      Out.ReturnsCallResult = Src.Callee;
    Place P = Src.Kind == Source::MoveFrom || Src.Kind == Source::CopyFrom
                  ? Src.From
                  : placeOf(V);
    Target T = lookup(P);
    if (T.isHandle()) {
      Out.ReturnsHandle = T.Index;
      Out.Events.push_back(
          Event::on(Event::Transfer, T.Index, Ret->getBeginLoc()));
    }
    return;
  }
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    Out.Throws = throwTargetFor(S);
    Out.ThrowsOut = throwsOut(S);
    Out.Throw = Throw;
    if (!Throw->getSubExpr())
      for (const Stmt *Cur = F.Parents->getParent(S); Cur;
           Cur = F.Parents->getParent(Cur))
        if (isa<CXXCatchStmt>(Cur)) {
          Out.RethrowOf =
              dyn_cast_or_null<CXXTryStmt>(F.Parents->getParent(Cur));
          break;
        }
    return;
  }
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(S)) {
    auto It = TempHandles.find(B);
    if (It != TempHandles.end())
      assign(It->second, classifySource(B->getSubExpr()), B->getBeginLoc(),
             Out);
    return;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    bool Release = isReleaseUse(DRE);
    for (unsigned H : usersOf(DRE->getDecl()))
      (Release ? Out.ReleaseUses : Out.Uses).push_back(H);
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (!isa<CXXThisExpr>(strip(ME->getBase())))
      return;
    bool Release = isReleaseUse(ME);
    for (unsigned H : usersOf(ME->getMemberDecl()))
      (Release ? Out.ReleaseUses : Out.Uses).push_back(H);
  }
}

llvm::ArrayRef<unsigned> FactCollector::usersOf(const ValueDecl *D) {
  // A handle's use declarations are complete when it is created (or, for
  // the handles discovery finds, before events are collected), so indexing
  // each handle once, in order, keeps every list in handle order.
  for (; UsersIndexed != F.Handles.size(); ++UsersIndexed)
    for (const ValueDecl *Use : F.UseDecls[UsersIndexed]) {
      auto &List = UsersOf[Use];
      if (List.empty() || List.back() != UsersIndexed)
        List.push_back(UsersIndexed);
    }
  auto It = UsersOf.find(D);
  if (It == UsersOf.end())
    return {};
  return It->second;
}

llvm::ArrayRef<unsigned>
FactCollector::declaredInTry(const CXXTryStmt *Try) {
  for (; TriesIndexed != F.Handles.size(); ++TriesIndexed) {
    const HandleDesc &D = F.Handles[TriesIndexed];
    const Stmt *Child =
        D.DeclaredBy ? static_cast<const Stmt *>(D.DeclaredBy) : D.Temp;
    if (!Child)
      continue;
    for (const Stmt *Cur = F.Parents->getParent(Child); Cur;
         Child = Cur, Cur = F.Parents->getParent(Cur))
      if (const auto *T = dyn_cast<CXXTryStmt>(Cur))
        if (Child == T->getTryBlock())
          DeclaredInTry[T].push_back(TriesIndexed);
  }
  auto It = DeclaredInTry.find(Try);
  if (It == DeclaredInTry.end())
    return {};
  return It->second;
}

bool FactCollector::sameName(const Expr *A, const Expr *B,
                             const HandleDesc &D) const {
  A = strip(A);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(A)) {
    // `db.connectionName()` of the handle the registration went to.
    const auto *DRE =
        dyn_cast<DeclRefExpr>(strip(MC->getImplicitObjectArgument()));
    if (DRE && D.NamedVia && DRE->getDecl() == D.NamedVia)
      return true;
  }
  if (!B)
    return false; // a helper's registration: its name is not seen here
  B = strip(B);
  const auto *RA = dyn_cast<DeclRefExpr>(A);
  const auto *RB = dyn_cast<DeclRefExpr>(B);
  if (RA && RB)
    return RA->getDecl() == RB->getDecl();
  const SourceManager &SM = Ctx.getSourceManager();
  auto Text = [&](const Expr *E) {
    return Lexer::getSourceText(
        CharSourceRange::getTokenRange(E->getSourceRange()), SM,
        Ctx.getLangOpts());
  };
  llvm::StringRef TA = Text(A);
  return !TA.empty() && TA == Text(B);
}

void FactCollector::collectNamed(const Expr *E, const CallInfo *Info,
                                 llvm::ArrayRef<const Expr *> Args,
                                 ElementFacts &Out) {
  if (Info->NameArg < 0 || static_cast<unsigned>(Info->NameArg) >= Args.size())
    return;
  SourceLocation Loc = E->getBeginLoc();
  if (Info->has(RoleAcquire)) {
    auto It = NamedHandles.find(E);
    if (It != NamedHandles.end())
      Out.Events.push_back(Event::acquire(
          It->second, newSite(Loc, HandleKind::Connection), Loc));
    return;
  }
  if (!Info->has(RoleRelease))
    return;
  // A release by a name that matches none of ours may be any of them.
  const Expr *Name = Args[Info->NameArg];
  llvm::SmallVector<unsigned, 2> Matched, All;
  for (unsigned H = 0; H != F.Handles.size(); ++H) {
    if (!F.Handles[H].IsNamed)
      continue;
    All.push_back(H);
    if (sameName(Name, F.Handles[H].NameExpr, F.Handles[H]))
      Matched.push_back(H);
  }
  for (unsigned H : Matched.empty() ? All : Matched)
    Out.Events.push_back(Event::on(Event::Release, H, Loc));
}

void FactCollector::resetReplaced(const Expr *LHS, SourceLocation Loc,
                                  ElementFacts &Out) {
  // `db = otherConnection()` on the caller's handle: a transaction begun
  // on the old value is not open on the new one.
  Place P = placeOf(LHS);
  if (P.Param < 0 || P.Field)
    return;
  if (int Txn = txnHandle(P, /*Create=*/false); Txn >= 0)
    Out.Events.push_back(Event::on(Event::Reset, Txn, Loc));
}

int FactCollector::handleIn(const Expr *E) const {
  int H = -1;
  firstInside(E, [&](const Expr *X) {
    if (!isa<DeclRefExpr>(X) && !isa<MemberExpr>(X))
      return false;
    Target T = targetOf(X);
    if (T.isHandle())
      H = T.Index;
    return T.isHandle();
  });
  return H;
}

bool FactCollector::initialisesLocal(const Expr *E) const {
  const Stmt *P = F.Parents->getParent(E);
  while (P && (isa<ImplicitCastExpr>(P) || isa<FullExpr>(P) ||
               isa<MaterializeTemporaryExpr>(P) ||
               isa<CXXBindTemporaryExpr>(P) || isa<ParenExpr>(P)))
    P = F.Parents->getParent(P);
  // No parent: a member initializer, handled where it is applied.
  return !P || isa<DeclStmt>(P) || isa<ReturnStmt>(P);
}

bool FactCollector::isReleaseUse(const Expr *Ref) const {
  const Stmt *Child = Ref;
  const Stmt *P = F.Parents->getParent(Ref);
  while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) ||
               (isa<MemberExpr>(P) &&
                isa<FieldDecl>(cast<MemberExpr>(P)->getMemberDecl())) ||
               (isa<UnaryOperator>(P) &&
                cast<UnaryOperator>(P)->getOpcode() == UO_Deref) ||
               (isa<CXXOperatorCallExpr>(P) &&
                cast<CXXOperatorCallExpr>(P)->getOperator() == OO_Arrow))) {
    Child = P;
    P = F.Parents->getParent(P);
  }
  if (!P)
    return false;
  if (isa<CXXDeleteExpr>(P))
    return true;
  // Committing ends a transaction, not the session it runs on.
  auto Ends = [&](const CallInfo *Info) {
    if (!Info)
      return false;
    if (Info->has(RoleRelease))
      return true;
    TypeClass C = Model.classifyType(Ref->getType());
    return (Info->has(RoleCommit) || Info->has(RoleRollback)) && C &&
           C.Info->Kind == HandleKind::Transaction;
  };
  if (const auto *ME = dyn_cast<MemberExpr>(P)) {
    const auto *MC =
        dyn_cast_or_null<CXXMemberCallExpr>(F.Parents->getParent(ME));
    if (!MC || ME->getBase()->IgnoreParenImpCasts() !=
                   cast<Expr>(Child)->IgnoreParenImpCasts())
      return false;
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD)
      return false;
    if (Ends(Model.classifyCall(MD)))
      return true;
    TypeClass OC =
        Model.classifyType(MC->getImplicitObjectArgument()->getType());
    return OC && isSmartPointer(OC.Wrap) && MD->getDeclName().isIdentifier() &&
           MD->getName() == "reset" && MC->getNumArgs() == 0;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    const CallInfo *Info = FD ? Model.classifyCall(FD) : nullptr;
    return Ends(Info) && Info->HandleArg >= 0 &&
           static_cast<unsigned>(Info->HandleArg) < Call->getNumArgs() &&
           Call->getArg(Info->HandleArg) == Child;
  }
  return false;
}

void FactCollector::collect(const CFGElement &E, ElementFacts &Out) {
  if (auto CS = E.getAs<CFGStmt>()) {
    collectStmt(CS->getStmt(), Out);
    return;
  }
  if (auto Init = E.getAs<CFGInitializer>()) {
    const CXXCtorInitializer *CI = Init->getInitializer();
    if (const FieldDecl *FD = CI->getMember()) {
      Place P;
      P.Field = FD;
      P.ThisMember = true;
      Target T = lookup(P);
      if (T.isHandle())
        assign(T.Index, classifySource(CI->getInit()), CI->getSourceLocation(),
               Out);
    }
    return;
  }
  if (auto Dtor = E.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *VD = Dtor->getVarDecl();
    SourceLocation Loc;
    if (const Stmt *Trigger = Dtor->getTriggerStmt())
      Loc = isa<CompoundStmt>(Trigger) ? Trigger->getEndLoc()
                                       : Trigger->getBeginLoc();
    for (unsigned H = 0; H != F.Handles.size(); ++H)
      if (F.Handles[H].Var == VD && !F.Handles[H].IsTxnOn)
        Out.Events.push_back(Event::on(Event::Destroy, H, Loc));
    return;
  }
  if (auto Dtor = E.getAs<CFGTemporaryDtor>()) {
    auto It = TempHandles.find(Dtor->getBindTemporaryExpr());
    if (It == TempHandles.end())
      return;
    // A temporary dies at the end of its full expression.
    const Stmt *Full = Dtor->getBindTemporaryExpr();
    while (const Stmt *P = F.Parents->getParent(Full)) {
      if (!isa<Expr>(P))
        break;
      Full = P;
    }
    Out.Events.push_back(
        Event::on(Event::Destroy, It->second, Full->getEndLoc()));
    return;
  }
  if (auto Dtor = E.getAs<CFGMemberDtor>()) {
    Place P;
    P.Field = Dtor->getFieldDecl();
    P.ThisMember = true;
    Target T = lookup(P);
    if (T.isHandle())
      Out.Events.push_back(
          Event::on(Event::Destroy, T.Index, F.FD->getBodyRBrace()));
  }
}

} // namespace clang::tidy::dbsession
