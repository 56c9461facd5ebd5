//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FactCollector.h"
#include "SqlText.h"
#include "Summaries.h"

#include "clang/Lex/Lexer.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::dbsession {

int FactCollector::createHandle(HandleDesc D, QualType T) {
  if (F.Handles.size() >= FunctionFacts::MaxHandles) {
    F.TooManyHandles = true;
    return -1;
  }
  TypeClass C = Model.classifyType(T);
  if (C) {
    D.Info = C.Info;
    D.Kind = C.Info->Kind;
    D.Wrap = C.Wrap;
  }
  D.Group = F.Handles.size();
  F.Handles.push_back(std::move(D));
  F.UseDecls.emplace_back();
  GroupParent.push_back(F.Handles.size() - 1);
  return static_cast<int>(F.Handles.size() - 1);
}

int FactCollector::memberHandle(const Place &P, QualType T, bool Create) {
  if (!P.Field)
    return -1;
  auto It = MemberHandles.find({P.Var, P.Field});
  if (It != MemberHandles.end())
    return It->second;
  if (!Create || !heldType(T))
    return -1;
  HandleDesc D;
  D.Var = P.Var;
  D.Field = P.Field;
  D.Name = P.Var ? (P.Var->getName() + "." + P.Field->getName()).str()
                 : P.Field->getName().str();
  int H = createHandle(std::move(D), T);
  if (H >= 0) {
    MemberHandles[{P.Var, P.Field}] = H;
    if (P.Var)
      F.UseDecls[H].push_back(P.Var);
    else
      F.UseDecls[H].push_back(P.Field);
  }
  return H;
}

int FactCollector::txnHandle(const Place &Base, bool Create) {
  if (Base.Temp)
    return -1;
  // A transaction begun on a handle of this function, on a parameter, or
  // on a member of `this`.
  Target Local = lookup(Base);
  TxnKey Key{-1, -1, nullptr};
  if (Local.isHandle()) {
    const HandleDesc &BD = F.Handles[Local.Index];
    if (BD.Kind == HandleKind::Transaction || !isHeldKind(BD.Kind) ||
        BD.Temp)
      return -1;
    Key = {static_cast<int>(Local.Index), -1, nullptr};
  } else if (Base.Param >= 0 || (Base.Field && Base.ThisMember)) {
    Key = {-1, Base.Param, Base.Field};
  } else {
    return -1;
  }
  auto It = TxnHandles.find(Key);
  if (It != TxnHandles.end())
    return It->second;
  if (!Create)
    return -1;
  if (F.Handles.size() >= FunctionFacts::MaxHandles) {
    F.TooManyHandles = true;
    return -1;
  }
  HandleDesc D;
  D.IsTxnOn = true;
  if (Local.isHandle()) {
    const HandleDesc &BD = F.Handles[Local.Index];
    D.OnLocal = true;
    D.OpenedOn = static_cast<int>(Local.Index);
    D.Name = BD.Name;
    D.Var = BD.Var;
    D.Field = BD.Field;
  } else if (Base.Param >= 0) {
    const ParmVarDecl *P = F.FD->getParamDecl(Base.Param);
    D.Name = P->getName().str();
    D.Var = P;
    D.Field = Base.Field;
    if (!Base.Field)
      D.OpenedOnParam = Base.Param;
  } else {
    D.Field = Base.Field;
    D.Name = Base.Field->getName().str();
  }
  D.Kind = HandleKind::Transaction;
  D.Group = F.Handles.size();
  F.Handles.push_back(D);
  F.UseDecls.emplace_back();
  GroupParent.push_back(F.Handles.size() - 1);
  int H = static_cast<int>(F.Handles.size() - 1);
  TxnHandles[Key] = H;
  return H;
}

namespace {

/// A name fixed in the source: a literal (however converted), a default
/// argument, a constant, a QStringLiteral. Such a connection belongs to the
/// registry for the life of the program.
bool isFixedName(const Expr *E) {
  for (unsigned Depth = 0; E && Depth != 16; ++Depth) {
    E = E->IgnoreParenImpCasts();
    if (isa<StringLiteral>(E) || isa<CXXDefaultArgExpr>(E))
      return true;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      return VD && (VD->isConstexpr() ||
                    (VD->getType().isConstQualified() &&
                     VD->hasGlobalStorage()));
    }
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const auto *MD =
              dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee()))
        if (MD->getParent()->isLambda())
          return true; // QStringLiteral("...")
    E = throughConversion(E);
  }
  return false;
}

/// True if \p Pred holds for a call in \p Body (lambdas' bodies excluded),
/// given its callee, its arguments and the call itself.
bool anyCallIn(const Stmt *Body,
               llvm::function_ref<bool(const FunctionDecl *,
                                       llvm::ArrayRef<const Expr *>,
                                       const Expr *)>
                   Pred) {
  llvm::SmallVector<const Stmt *, 16> Work{Body};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur || isa<LambdaExpr>(Cur))
      continue;
    if (const auto *Call = dyn_cast<CallExpr>(Cur)) {
      const FunctionDecl *Callee = nullptr;
      const Expr *Object = nullptr;
      llvm::SmallVector<const Expr *, 4> Args;
      if (callShape(Call, Callee, Object, Args) && Callee &&
          Pred(Callee, Args, Call))
        return true;
    }
    for (const Stmt *Child : Cur->children())
      Work.push_back(Child);
  }
  return false;
}

} // namespace

void FactCollector::discoverNamed(const Expr *Call, const CallInfo *Info,
                                  llvm::ArrayRef<const Expr *> Args) {
  if (!Info || !Info->has(RoleAcquire) || Info->NameArg < 0 ||
      static_cast<unsigned>(Info->NameArg) >= Args.size())
    return;
  const Expr *Name = Args[Info->NameArg];
  if (isFixedName(Name))
    return;
  HandleDesc D;
  D.NameExpr = Name;
  D.RegisteredBy = Call;
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Name->getSourceRange()), SM,
      Ctx.getLangOpts());
  D.Name = Text.empty() || Text.size() > 40 ? "connection" : Text.str();
  addNamedHandle(Call, std::move(D));
}

void FactCollector::discoverReturnedRegistration(const Expr *Call) {
  HandleDesc D;
  D.RegisteredBy = Call;
  addNamedHandle(Call, std::move(D));
  // Named by the handle it went to, if any: `db.connectionName()`.
  if (auto It = NamedHandles.find(Call); It != NamedHandles.end()) {
    HandleDesc &Added = F.Handles[It->second];
    Added.Name = Added.NamedVia
                     ? Added.NamedVia->getName().str() + ".connectionName()"
                     : "connection";
  }
}

void FactCollector::addNamedHandle(const Expr *Call, HandleDesc D) {
  if (NamedHandles.count(Call))
    return;
  if (F.Handles.size() >= FunctionFacts::MaxHandles) {
    F.TooManyHandles = true;
    return;
  }
  D.IsNamed = true;
  D.Kind = HandleKind::Connection;
  D.Wrap = Wrapper::Pointer; // released only explicitly
  D.Info = nullptr;
  // The local the handle goes to, if the call initialises one.
  const Stmt *P = F.Parents->getParent(Call);
  while (P && isa<Expr>(P) && !isa<CallExpr>(P))
    P = F.Parents->getParent(P);
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
    if (DS->isSingleDecl())
      D.NamedVia = dyn_cast<VarDecl>(DS->getSingleDecl());
  // Or is assigned to one: `db = QSqlDatabase::addDatabase(...)`.
  const Expr *Assigned = nullptr;
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    Assigned = Op->getArg(0);
  else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
           BO && BO->getOpcode() == BO_Assign)
    Assigned = BO->getLHS();
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(Assigned)))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->hasLocalStorage())
      D.NamedVia = VD;
  D.Group = F.Handles.size();
  F.Handles.push_back(D);
  F.UseDecls.emplace_back();
  if (D.NamedVia)
    F.UseDecls.back().push_back(D.NamedVia);
  GroupParent.push_back(F.Handles.size() - 1);
  NamedHandles[Call] = F.Handles.size() - 1;
}

bool FactCollector::mayRegisterForCaller(const FunctionDecl *Callee,
                                         unsigned Depth) {
  const FunctionDecl *Def = definitionOf(Callee);
  if (!Def || Def == F.FD || !Def->getBody() || Depth > 4 ||
      hasErrors(Def) ||
      !Model.classifyType(Def->getReturnType()))
    return false;
  auto It = RegistersCache.find(Def);
  if (It != RegistersCache.end())
    return It->second;
  RegistersCache[Def] = false; // a recursive helper is looked at once
  bool Registers = anyCallIn(
      Def->getBody(), [&](const FunctionDecl *Inner,
                          llvm::ArrayRef<const Expr *> Args, const Expr *) {
        const CallInfo *Info = Model.classifyCall(Inner);
        if (!Info)
          return mayRegisterForCaller(Inner, Depth + 1);
        return Info->has(RoleAcquire) && Info->NameArg >= 0 &&
               static_cast<unsigned>(Info->NameArg) < Args.size() &&
               !isFixedName(Args[Info->NameArg]);
      });
  RegistersCache[Def] = Registers;
  return Registers;
}

bool FactCollector::mayBeginForCaller(const FunctionDecl *Callee) {
  const FunctionDecl *Def = definitionOf(Callee);
  if (!Def || Def == F.FD || !Def->getBody() || hasErrors(Def))
    return false;
  auto It = BeginsCache.find(Def);
  if (It != BeginsCache.end())
    return It->second;
  bool Begins = anyCallIn(
      Def->getBody(), [&](const FunctionDecl *Inner,
                          llvm::ArrayRef<const Expr *> Args,
                          const Expr *Call) {
        return beginsTransaction(Call, Model.classifyCall(Inner), Args);
      });
  BeginsCache[Def] = Begins;
  return Begins;
}

void FactCollector::discoverReusedParam(const Expr *LHS, const Expr *RHS) {
  // `PGconn *orig` passed by value and assigned PQconnectdb(...): from
  // there on the parameter is this function's own connection.
  const auto *DRE = dyn_cast<DeclRefExpr>(strip(LHS));
  const auto *PV = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!PV || paramIndex(PV) < 0 || PV->getType()->isReferenceType() ||
      VarHandles.count(PV))
    return;
  TypeClass TC = heldType(PV->getType());
  Source Src = classifySource(RHS);
  if (!TC || TC.Wrap != Wrapper::Pointer || Src.Kind != Source::Acquire)
    return;
  HandleDesc HD;
  HD.Var = PV;
  HD.Name = PV->getName().str();
  int H = createHandle(std::move(HD), PV->getType());
  if (H >= 0) {
    VarHandles[PV] = H;
    F.UseDecls[H].push_back(PV);
  }
}

int FactCollector::paramIn(const Expr *E) const {
  int Param = -1;
  firstInside(E, [&](const Expr *X) {
    const auto *DRE = dyn_cast<DeclRefExpr>(X);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (VD && paramIndex(VD) >= 0 && isDbType(VD->getType()))
      Param = paramIndex(VD);
    return Param >= 0;
  });
  return Param;
}

const Expr *FactCollector::handleExprOf(const CallInfo *Info,
                                        const Expr *Object,
                                        llvm::ArrayRef<const Expr *> Args) const {
  if (Info && Info->HandleArg >= 0 &&
      static_cast<unsigned>(Info->HandleArg) < Args.size())
    return Args[Info->HandleArg];
  if (Object)
    return Object;
  for (const Expr *A : Args) {
    Target T = throughWhich(A);
    if (T.isHandle() || T.isParam())
      return A;
  }
  return nullptr;
}

bool FactCollector::beginsTransaction(const Expr *E, const CallInfo *Info,
                                      llvm::ArrayRef<const Expr *> Args) const {
  for (const Expr *A : Args)
    if (sqlVerbOf(A) == SqlVerb::Begin)
      return true;
  if (!Info || !Info->has(RoleBegin) || heldType(E->getType()))
    return false;
  // `setAutoCommit(true)` ends manual mode: it commits, it does not begin.
  for (const Expr *A : Args)
    if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(A->IgnoreParenImpCasts()))
      if (B->getValue())
        return false;
  return true;
}

void FactCollector::discoverSink(const Expr *TargetE, const Expr *Value) {
  Place P = placeOf(TargetE);
  if (!P.Field)
    return;
  Source S = classifySource(Value);
  if (S.Kind == Source::Acquire || S.Kind == Source::MaybeReturns ||
      (S.Kind == Source::MoveFrom && S.From.Var && !S.From.Field))
    memberHandle(P, TargetE->getType(), /*Create=*/true);
}

/// The declaration statement \p E is, or null.
static const DeclStmt *declStmtOf(const CFGElement &E) {
  auto CS = E.getAs<CFGStmt>();
  return CS ? dyn_cast<DeclStmt>(CS->getStmt()) : nullptr;
}

void FactCollector::discoverAlias(const CFGElement &E) {
  const DeclStmt *DS = declStmtOf(E);
  if (!DS)
    return;
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!isLocal(VD) || !VD->getInit() || Aliases.count(VD))
      continue;
    QualType T = VD->getType();
    TypeClass TC = heldType(T);
    if (!TC || !(T->isReferenceType() || TC.Wrap == Wrapper::Pointer))
      continue;
    const Expr *Init = strip(VD->getInit());
    // `T &r = x;`, `T *p = &x;`, `T *q = p;` name something else's handle.
    bool Names = false;
    if (T->isReferenceType())
      Names = isa<DeclRefExpr>(Init) || isa<MemberExpr>(Init) ||
              isa<UnaryOperator>(Init) || isa<CXXOperatorCallExpr>(Init);
    else if (const auto *U = dyn_cast<UnaryOperator>(Init))
      Names = U->getOpcode() == UO_AddrOf;
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(Init)) {
      // A copy of another local pointer to the same connection: releasing
      // either releases it.
      const auto *From = dyn_cast<VarDecl>(DRE->getDecl());
      Names = From && (Aliases.count(From) || isLocal(From));
    }
    if (!Names)
      continue;
    Place P = placeOf(Init);
    if (P)
      Aliases[VD] = P;
  }
}

void FactCollector::discover(const CFGElement &E) {
  if (auto Init = E.getAs<CFGInitializer>()) {
    const CXXCtorInitializer *CI = Init->getInitializer();
    if (const FieldDecl *FD = CI->getMember()) {
      Source S = classifySource(CI->getInit());
      if (S.Kind == Source::Acquire || S.Kind == Source::MaybeReturns) {
        Place P;
        P.Field = FD;
        P.ThisMember = true;
        memberHandle(P, FD->getType(), true);
      }
    }
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *S = CS->getStmt();
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!isLocal(VD) || VarHandles.count(VD) || Aliases.count(VD) ||
          !heldType(VD->getType()))
        continue;
      HandleDesc HD;
      HD.Var = VD;
      HD.Name = VD->getName().str();
      HD.DeclaredBy = DS;
      int H = createHandle(std::move(HD), VD->getType());
      if (H >= 0) {
        VarHandles[VD] = H;
        F.UseDecls[H].push_back(VD);
        bindOutArguments(H, VD->getInit());
      }
    }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign) {
      discoverSink(BO->getLHS(), BO->getRHS());
      discoverReusedParam(BO->getLHS(), BO->getRHS());
    }
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      discoverSink(Op->getArg(0), Op->getArg(1));
    return;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (!MD || !Obj)
      return;
    Place P = placeOf(Obj);
    TypeClass OC = Model.classifyType(Obj->getType());
    if (OC && isSmartPointer(OC.Wrap) && MD->getDeclName().isIdentifier() &&
        MD->getName() == "reset" && MC->getNumArgs() == 1) {
      if (P.Field)
        discoverSink(Obj, MC->getArg(0));
      return;
    }
    const CallInfo *Info = Model.classifyCall(MD);
    QualType RT = MC->getType();
    if (Info && Info->has(RoleAcquire) &&
        (RT->isVoidType() || RT->isBooleanType()) &&
        isHeldKind(Info->Acquires) && P.Field)
      memberHandle(P, Obj->getType(), true);
  }
  // A call that begins a transaction on the handle it works through:
  // `sql.begin()`, `db.transaction()`, `PQexec(c, "BEGIN")`.
  if (isa<CallExpr>(S)) {
    const FunctionDecl *Callee = nullptr;
    const Expr *Object = nullptr;
    llvm::SmallVector<const Expr *, 4> Args;
    if (!callShape(cast<Expr>(S), Callee, Object, Args) || !Callee)
      return;
    const CallInfo *Info = Model.classifyCall(Callee);
    discoverNamed(cast<Expr>(S), Info, Args);
    // A helper of this unit that registers a connection by name may return
    // the registration (its summary says so): the caller then holds it.
    if (!Info && mayRegisterForCaller(Callee))
      discoverReturnedRegistration(cast<Expr>(S));
    // A helper of this unit that begins a transaction may begin it for us
    // (its summary says so): its handle arguments get transactions here.
    if (!Info && mayBeginForCaller(Callee))
      for (const Expr *A : Args)
        if (isDbType(A->getType()))
          txnHandle(placeOf(A), true);
    if (!beginsTransaction(cast<Expr>(S), Info, Args))
      return;
    if (const Expr *HE = handleExprOf(Info, Object, Args))
      txnHandle(placeOf(HE), true);
    return;
  }
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(S)) {
    // Only a temporary the CFG destroys: one that initialises a variable
    // (copy elision) is that variable.
    if (TempHandles.count(B) || !DestroyedTemps.count(B) ||
        !heldType(B->getType()))
      return;
    Source Src = classifySource(B->getSubExpr());
    if (Src.Kind != Source::Acquire && Src.Kind != Source::MaybeReturns)
      return;
    HandleDesc HD;
    HD.Temp = B;
    HD.Name = "temporary";
    int H = createHandle(std::move(HD), B->getType());
    if (H >= 0)
      TempHandles[B] = H;
  }
}

void FactCollector::discoverBound(const CFGElement &E) {
  const DeclStmt *DS = declStmtOf(E);
  if (!DS)
    return;
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!isLocal(VD))
      continue;
    int H = handleOfVar(VD);
    // Objects made from a handle are bound to it.
    if (const Expr *Init = VD->getInit()) {
      llvm::SmallVector<const Stmt *, 8> Work{Init};
      int Base = -1;
      while (!Work.empty() && Base < 0) {
        const Stmt *Cur = Work.pop_back_val();
        if (!Cur || isa<LambdaExpr>(Cur))
          continue;
        if (const auto *E = dyn_cast<Expr>(Cur)) {
          Target T = targetOf(E);
          if (T.isHandle() && static_cast<int>(T.Index) != H &&
              (isa<DeclRefExpr>(strip(E)) || isa<MemberExpr>(strip(E))))
            Base = T.Index;
        }
        for (const Stmt *Child : Cur->children())
          Work.push_back(Child);
      }
      if (Base < 0 && H >= 0 &&
          F.Handles[H].Kind == HandleKind::Transaction)
        F.Handles[H].OpenedOnParam = paramIn(Init);
      if (Base < 0 && H < 0 && isDbType(VD->getType()))
        if (int P = paramIn(Init); P >= 0)
          BoundToParam[VD] = P;
      if (Base >= 0) {
        if (H >= 0 && F.Handles[H].Kind == HandleKind::Transaction) {
          F.Handles[H].OpenedOn = Base;
        } else if (H < 0 && isDbType(VD->getType())) {
          BoundTo[VD] = Base;
          F.UseDecls[Base].push_back(VD);
        }
      }
    }
  }
}

/// A guard constructed with the address of a local database handle
/// (`SqlConnRAII Guard(&Conn, &Pool)`, whose constructor writes a pooled
/// connection into Conn and whose destructor gives it back): a use of the
/// local is a use of the guard, which must outlive it.
void FactCollector::bindOutArguments(unsigned H, const Expr *Init) {
  const auto *Ctor = dyn_cast_or_null<CXXConstructExpr>(strip(Init));
  if (!Ctor)
    return;
  for (const Expr *Arg : Ctor->arguments()) {
    const auto *UO = dyn_cast<UnaryOperator>(strip(Arg));
    if (!UO || UO->getOpcode() != UO_AddrOf)
      continue;
    const auto *DRE = dyn_cast<DeclRefExpr>(strip(UO->getSubExpr()));
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (VD && isLocal(VD) && isDbType(VD->getType()) &&
        !llvm::is_contained(F.UseDecls[H], VD))
      F.UseDecls[H].push_back(VD);
  }
}

void FactCollector::discoverBoundObject(const CFGElement &E) {
  const DeclStmt *DS = declStmtOf(E);
  if (!DS)
    return;
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    // A reference names an object owned elsewhere; a handle is not bound.
    if (!isLocal(VD) || VD->getType()->isReferenceType() ||
        handleOfVar(VD) >= 0 || Model.isSafeValueType(VD->getType()))
      continue;
    const Expr *Init = VD->getInit();
    TypeClass C = Model.classifyType(VD->getType());
    bool Typed = C && (C.Info->Kind == HandleKind::Bound ||
                       C.Info->Kind == HandleKind::Entity);
    BoundObject B;
    B.DeclaredBy = DS;
    // Made from another bound local: bound to what that one is bound to.
    auto MadeFrom = [&](const VarDecl *Parent, const BoundObject &PB) {
      B.Parent = Parent;
      B.Handle = PB.Handle;
      B.Param = PB.Param;
    };
    if (Typed) {
      B.Info = C.Info;
      B.Wrap = C.Wrap;
    } else {
      // A pointer into a bound object's storage (a column's text).
      const VarDecl *Owner =
          VD->getType()->isPointerType() && Init
              ? boundStorageOwner(Init, Model)
              : nullptr;
      const BoundObject *OB = F.boundObject(Owner);
      if (!OB)
        continue;
      MadeFrom(Owner, *OB);
      F.Bound[VD] = B;
      continue;
    }
    // What it was made from: a handle, another bound local, or the caller's
    // database; the first named in its initializer.
    if (Init)
      firstInside(Init, [&](const Expr *Sub) {
        const Expr *S = strip(Sub);
        const ValueDecl *Named = namedDecl(S);
        if (!Named)
          return false;
        if (!B.Via && heldType(Named->getType()))
          B.Via = Named;
        Target T = targetOf(S);
        if (T.isHandle()) {
          B.Handle = T.Index;
          return true;
        }
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
          if (const BoundObject *OB = F.boundObject(DRE->getDecl());
              OB && DRE->getDecl() != VD) {
            MadeFrom(cast<VarDecl>(DRE->getDecl()), *OB);
            return true;
          }
          const auto *PV = dyn_cast<VarDecl>(DRE->getDecl());
          if (int P = paramIndex(PV); P >= 0 && isDbType(PV->getType())) {
            B.Param = P;
            return true;
          }
        }
        return false;
      });
    // An entity is bound only when loaded through a session.
    if (C.Info->Kind == HandleKind::Entity && B.Handle < 0 && B.Param < 0 &&
        !B.Parent)
      continue;
    F.Bound[VD] = B;
  }
}

} // namespace clang::tidy::dbsession
