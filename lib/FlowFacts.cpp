//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FlowFacts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

#include <map>
#include <optional>

namespace clang::tidy::dbsession {

namespace {

bool hasPrefix(llvm::StringRef S, llvm::StringRef P) {
  return S.size() >= P.size() && S.substr(0, P.size()) == P;
}

/// The kinds of handles that are held (the others are bound objects,
/// entities and pools).
bool isHeldKind(HandleKind K) {
  return K == HandleKind::Connection || K == HandleKind::Session ||
         K == HandleKind::Lease || K == HandleKind::Transaction;
}

/// Strips what does not change which object an expression denotes.
const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreParens();
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *C = dyn_cast<FullExpr>(E))
      E = C->getSubExpr();
    else if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E);
             F && (F->getCastKind() == CK_NoOp ||
                   F->getCastKind() == CK_ConstructorConversion))
      E = F->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->isElidable() && CE->getNumArgs() == 1)
      E = CE->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

/// `std::move(x)`, `std::forward<T>(x)` or `static_cast<T &&>(x)`: x.
const Expr *movedFrom(const Expr *E) {
  E = strip(E);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && Call->getNumArgs() == 1 && FD->isInStdNamespace() &&
        FD->getDeclName().isIdentifier() &&
        (FD->getName() == "move" || FD->getName() == "forward"))
      return Call->getArg(0);
  }
  if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E))
    if (Cast->getTypeAsWritten()->isRValueReferenceType())
      return Cast->getSubExpr();
  return nullptr;
}

bool isSmartPointer(Wrapper W) {
  return W == Wrapper::UniquePtr || W == Wrapper::SharedPtr;
}

bool isCatchAll(const CXXTryStmt *Try) {
  for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I)
    if (!Try->getHandler(I)->getExceptionDecl())
      return true;
  return false;
}

bool isNoexcept(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (const auto *Proto = FD->getType()->getAs<FunctionProtoType>())
    return Proto->isNothrow();
  return false;
}

} // namespace

bool BlockingPolicy::groupEnabled(llvm::StringRef Group) const {
  if (Groups.empty())
    return true;
  for (const std::string &G : Groups) {
    llvm::StringRef P(G);
    if (P == "*" || P == Group)
      return true;
    if (P.size() > 2 && P.substr(P.size() - 2) == ".*" &&
        hasPrefix(Group, P.substr(0, P.size() - 1)))
      return true;
  }
  return false;
}

std::string describeFunction(const FunctionDecl *FD, bool Qualified) {
  if (!FD)
    return "<unknown>";
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (isLambdaCallOperator(MD))
      return "lambda";
  // Spelled as the model spells it: no template arguments, no inline
  // namespaces.
  if (Qualified)
    return ApiModel::modelName(FD);
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (!isa<CXXConstructorDecl>(MD) && MD->getParent()->getIdentifier())
      return (MD->getParent()->getName() + "::" + FD->getNameAsString()).str();
  return FD->getNameAsString();
}

std::string quotedFunction(const FunctionDecl *FD, bool Qualified) {
  std::string Name = describeFunction(FD, Qualified);
  return Name == "lambda" ? "the lambda" : "'" + Name + "'";
}

std::string describeCallee(const Expr *Call, const FunctionDecl *Callee) {
  std::string Name = describeFunction(Callee, true);
  if (Name != "lambda")
    return "'" + Name + "'";
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Call))
    if (Op->getNumArgs() > 0)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Op->getArg(0))))
        return "lambda '" + DRE->getDecl()->getNameAsString() + "'";
  return "a lambda";
}

bool isCatalogBlocking(const FunctionDecl *FD, const ApiModel &Model,
                       std::string *Group) {
  if (!FD)
    return false;
  const CallInfo *Info = Model.classifyCall(FD);
  if (!Info || !Info->has(RoleBlocking) || Info->has(RoleNotBlocking))
    return false;
  if (Group)
    *Group = Info->BlockingGroup;
  return true;
}

/// Reads one function into a FunctionFacts.
class FactCollector {
public:
  FactCollector(FunctionFacts &F, const ApiModel &Model)
      : F(F), Model(Model), Ctx(*F.Ctx) {}

  void run();

private:
  /// What an expression denotes, as far as handles go.
  struct Place {
    const VarDecl *Var = nullptr; ///< local variable (or the local whose
                                  ///< member it is)
    const FieldDecl *Field = nullptr;
    bool ThisMember = false;
    int Param = -1;
    const CXXBindTemporaryExpr *Temp = nullptr;
    explicit operator bool() const {
      return Var || Field || Param >= 0 || Temp;
    }
  };

  /// Where the value a handle is initialised or assigned with comes from.
  struct Source {
    enum KindTy { Nothing, Acquire, MaybeReturns, MoveFrom, CopyFrom, Null };
    KindTy Kind = Nothing;
    Place From;
    const FunctionDecl *Callee = nullptr;
    HandleKind Acquires = HandleKind::Connection;
  };

  FunctionFacts &F;
  const ApiModel &Model;
  ASTContext &Ctx;

  llvm::DenseMap<const VarDecl *, unsigned> VarHandles;
  /// The handle a local variable is, or -1.
  int handleOfVar(const VarDecl *VD) const {
    auto It = VarHandles.find(VD);
    return It == VarHandles.end() ? -1 : static_cast<int>(It->second);
  }
  std::map<std::pair<const VarDecl *, const FieldDecl *>, unsigned>
      MemberHandles;
  llvm::DenseMap<const CXXBindTemporaryExpr *, unsigned> TempHandles;
  llvm::DenseSet<const CXXBindTemporaryExpr *> DestroyedTemps;
  std::map<std::pair<int, const FieldDecl *>, unsigned> TxnHandles;
  llvm::DenseMap<const ValueDecl *, unsigned> BoundTo;
  /// References and plain pointers to a handle owned elsewhere: other names
  /// for it, not owners.
  llvm::DenseMap<const VarDecl *, Place> Aliases;
  llvm::DenseMap<const CXXTryStmt *, unsigned> HandlerBlockOf;
  llvm::DenseMap<const CXXCatchStmt *, unsigned> CatchBlocks;
  llvm::DenseMap<const Stmt *, int> ThrowCache;
  std::vector<unsigned> GroupParent;

  bool isLocal(const VarDecl *VD) const {
    return VD && VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
           VD->getDeclContext() == F.FD;
  }
  int paramIndex(const VarDecl *VD) const {
    const auto *P = dyn_cast_or_null<ParmVarDecl>(VD);
    if (!P || P->getDeclContext() != F.FD)
      return -1;
    return static_cast<int>(P->getFunctionScopeIndex());
  }

  TypeClass heldType(QualType T) const {
    TypeClass C = Model.classifyType(T);
    if (C && isHeldKind(C.Info->Kind))
      return C;
    return {};
  }
  bool isDbType(QualType T) const {
    TypeClass C = Model.classifyType(T);
    return C && C.Info->Kind != HandleKind::Pool &&
           C.Info->Kind != HandleKind::Entity;
  }

  Place placeOf(const Expr *E) const;
  Target lookup(const Place &P) const;
  Target targetOf(const Expr *E) const {
    if (!E)
      return {};
    return lookup(placeOf(E));
  }
  Source classifySource(const Expr *E) const;
  Source classifyConstruct(const CXXConstructExpr *CE) const;
  std::optional<Source> classifyMakeSmart(const CallExpr *Call,
                                          const FunctionDecl *FD) const;

  int createHandle(HandleDesc D, QualType T);
  int memberHandle(const Place &P, QualType T, bool Create);
  int txnHandle(const Place &Base, bool Create);
  unsigned newSite(SourceLocation Loc, HandleKind K) {
    F.Sites.push_back({Loc, K});
    return F.Sites.size() - 1;
  }

  void discover(const CFGElement &E);
  void discoverSink(const Expr *Target, const Expr *Value);
  void discoverBound(const CFGElement &E);
  void discoverAlias(const CFGElement &E);
  void collect(const CFGElement &E, ElementFacts &Out);
  void collectStmt(const Stmt *S, ElementFacts &Out);
  void assign(int Dst, const Source &Src, SourceLocation Loc,
              ElementFacts &Out);
  void collectCall(const Expr *E, ElementFacts &Out);
  int throwTargetFor(const Stmt *S);
  bool throwsOut(const Stmt *S) const;
  bool isReleaseUse(const Expr *Ref) const;
  bool isRawHandleParam(unsigned I) const {
    if (I >= F.FD->getNumParams())
      return false;
    TypeClass C = heldType(F.FD->getParamDecl(I)->getType());
    return C && C.Wrap == Wrapper::Pointer;
  }
  bool initialisesLocal(const Expr *E) const;
  unsigned findGroup(unsigned H) {
    while (GroupParent[H] != H)
      H = GroupParent[H] = GroupParent[GroupParent[H]];
    return H;
  }
};

FactCollector::Place FactCollector::placeOf(const Expr *E) const {
  Place P;
  if (!E)
    return P;
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E->IgnoreParens())) {
    P.Temp = B;
    return P;
  }
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E->IgnoreParens()))
    if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(
            M->getSubExpr()->IgnoreParenImpCasts())) {
      P.Temp = B;
      return P;
    }
  E = strip(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_Deref || U->getOpcode() == UO_AddrOf)
      return placeOf(U->getSubExpr());
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
        Op->getNumArgs() == 1)
      return placeOf(Op->getArg(0));
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getDeclName().isIdentifier() && MD->getName() == "get" &&
        MC->getNumArgs() == 0) {
      TypeClass C =
          Model.classifyType(MC->getImplicitObjectArgument()->getType());
      if (C && isSmartPointer(C.Wrap))
        return placeOf(MC->getImplicitObjectArgument());
    }
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return P;
    auto Alias = Aliases.find(VD);
    if (Alias != Aliases.end())
      return Alias->second;
    int PI = paramIndex(VD);
    if (PI >= 0)
      P.Param = PI;
    else if (isLocal(VD))
      P.Var = VD;
    return P;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return P;
    const Expr *Base = strip(ME->getBase());
    if (isa<CXXThisExpr>(Base)) {
      P.Field = FD;
      P.ThisMember = true;
      return P;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (isLocal(VD) && !ME->isArrow()) {
          P.Var = VD;
          P.Field = FD;
        }
    return P;
  }
  return P;
}

Target FactCollector::lookup(const Place &P) const {
  if (P.Temp) {
    auto It = TempHandles.find(P.Temp);
    return It == TempHandles.end() ? Target{} : Target::handle(It->second);
  }
  if (P.Param >= 0)
    return Target::param(P.Param);
  if (P.Field) {
    auto It = MemberHandles.find({P.Var, P.Field});
    return It == MemberHandles.end() ? Target{} : Target::handle(It->second);
  }
  if (P.Var) {
    auto It = VarHandles.find(P.Var);
    if (It != VarHandles.end())
      return Target::handle(It->second);
  }
  return {};
}

FactCollector::Source
FactCollector::classifyConstruct(const CXXConstructExpr *CE) const {
  Source S;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (!Ctor)
    return S;
  TypeClass TC = Model.classifyType(CE->getType());
  if (Ctor->isCopyConstructor() && CE->getNumArgs() >= 1) {
    S.Kind = Source::CopyFrom;
    S.From = placeOf(CE->getArg(0));
    return S;
  }
  if (Ctor->isMoveConstructor() && CE->getNumArgs() >= 1) {
    const Expr *Arg = CE->getArg(0);
    if (const Expr *From = movedFrom(Arg)) {
      S.Kind = Source::MoveFrom;
      S.From = placeOf(From);
      return S;
    }
    return classifySource(Arg);
  }
  // A smart pointer made from `new T(...)` or from another smart pointer.
  if (TC && isSmartPointer(TC.Wrap)) {
    if (CE->getNumArgs() == 0)
      return S;
    const Expr *Arg = CE->getArg(0);
    if (isa<CXXNullPtrLiteralExpr>(strip(Arg))) {
      S.Kind = Source::Null;
      return S;
    }
    if (const Expr *From = movedFrom(Arg)) {
      S.Kind = Source::MoveFrom;
      S.From = placeOf(From);
      return S;
    }
    return classifySource(Arg);
  }
  if (!TC || !isHeldKind(TC.Info->Kind))
    return S;
  if (const CallInfo *Info = Model.classifyCall(Ctor)) {
    if (Info->has(RoleAcquire)) {
      // What is constructed is what the type is; a pool hands out leases.
      S.Kind = Source::Acquire;
      S.Acquires = Info->FromPool ? HandleKind::Lease : TC.Info->Kind;
    } else if (Info->has(RoleBegin)) {
      S.Kind = Source::Acquire;
      S.Acquires = HandleKind::Transaction;
    }
    return S;
  }
  // Not described by the model: a constructor that is given something
  // connects or begins (the default constructor of a handle type does not).
  if (CE->getNumArgs() >= 1 && !Ctor->isCopyOrMoveConstructor()) {
    S.Kind = Source::Acquire;
    S.Acquires = TC.Info->Kind;
  }
  return S;
}

FactCollector::Source FactCollector::classifySource(const Expr *E) const {
  Source S;
  if (!E)
    return S;
  E = strip(E);
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E) ||
      (isa<IntegerLiteral>(E) && E->getType()->isIntegerType())) {
    S.Kind = Source::Null;
    return S;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    return classifyConstruct(CE);
  if (const auto *NE = dyn_cast<CXXNewExpr>(E)) {
    if (const CXXConstructExpr *CE = NE->getConstructExpr())
      return classifyConstruct(CE);
    return S;
  }
  if (const Expr *From = movedFrom(E)) {
    S.Kind = Source::MoveFrom;
    S.From = placeOf(From);
    return S;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD)
      return S;
    if (std::optional<Source> Made = classifyMakeSmart(Call, FD))
      return *Made;
    // `up.release()`: the raw pointer takes over from the smart pointer.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
      TypeClass OC =
          Model.classifyType(MC->getImplicitObjectArgument()->getType());
      if (OC && OC.Wrap == Wrapper::UniquePtr &&
          FD->getDeclName().isIdentifier() && FD->getName() == "release") {
        S.Kind = Source::MoveFrom;
        S.From = placeOf(MC->getImplicitObjectArgument());
        return S;
      }
    }
    const CallInfo *Info = Model.classifyCall(FD);
    if ((Info && Info->has(RoleAcquire)) || Model.isPoolAcquire(FD)) {
      TypeClass RC = heldType(Call->getType());
      if (RC) {
        S.Kind = Source::Acquire;
        // An annotation says only "acquire": the returned type says what.
        S.Acquires = Info && Info->Acquires != HandleKind::Connection
                         ? Info->Acquires
                         : RC.Info->Kind;
        if (Info && Info->FromPool && S.Acquires != HandleKind::Transaction)
          S.Acquires = HandleKind::Lease;
        return S;
      }
    }
    if (Info && Info->has(RoleBegin) && heldType(Call->getType())) {
      S.Kind = Source::Acquire;
      S.Acquires = HandleKind::Transaction;
      return S;
    }
    S.Kind = Source::MaybeReturns;
    S.Callee = FD;
    return S;
  }
  if (isa<DeclRefExpr>(E) || isa<MemberExpr>(E)) {
    S.Kind = Source::CopyFrom;
    S.From = placeOf(E);
  }
  return S;
}

/// `std::make_unique<T>(args)`, `std::make_shared<T>(args)`,
/// `std::allocate_shared<T>(alloc, args)`: what constructing a T from args
/// would be. The constructor is inside the library, out of the summaries'
/// sight (make_shared builds the object in place), so it is judged here
/// as an unmodelled constructor is: given something, it connects; given a
/// pool, it leases.
std::optional<FactCollector::Source>
FactCollector::classifyMakeSmart(const CallExpr *Call,
                                 const FunctionDecl *FD) const {
  if (!FD->isInStdNamespace() || !FD->getDeclName().isIdentifier())
    return std::nullopt;
  llvm::StringRef Name = FD->getName();
  unsigned First = Name == "allocate_shared" ? 1 : 0;
  if (Name != "make_unique" && Name != "make_shared" && First == 0)
    return std::nullopt;
  TypeClass TC = heldType(Call->getType());
  if (!TC || !isSmartPointer(TC.Wrap))
    return std::nullopt;
  Source S;
  if (Call->getNumArgs() <= First)
    return S; // a default-constructed handle
  S.Kind = Source::Acquire;
  S.Acquires = TC.Info->Kind;
  for (unsigned I = First; I < Call->getNumArgs(); ++I) {
    TypeClass AC = Model.classifyType(Call->getArg(I)->getType());
    if (AC && AC.Info->Kind == HandleKind::Pool)
      S.Acquires = HandleKind::Lease;
    // Made from another handle (a copy or a move): not a new acquisition.
    if (AC && AC.Info == TC.Info)
      return Source{};
  }
  return S;
}

int FactCollector::createHandle(HandleDesc D, QualType T) {
  if (F.Handles.size() >= FunctionFacts::MaxHandles)
    return -1;
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
  if (Base.Temp || (Base.Var && !Base.Field))
    return -1; // a local owned here: its own state says it all
  std::pair<int, const FieldDecl *> Key{Base.Param, Base.Field};
  if (Base.Var)
    return -1;
  auto It = TxnHandles.find(Key);
  if (It != TxnHandles.end())
    return It->second;
  if (!Create)
    return -1;
  HandleDesc D;
  D.IsTxnOn = true;
  D.Field = Base.Field;
  if (Base.Param >= 0) {
    const ParmVarDecl *P = F.FD->getParamDecl(Base.Param);
    D.Name = P->getName().str();
    D.Var = P;
  } else {
    D.Name = Base.Field->getName().str();
  }
  if (F.Handles.size() >= FunctionFacts::MaxHandles)
    return -1;
  D.Kind = HandleKind::Transaction;
  D.Group = F.Handles.size();
  F.Handles.push_back(D);
  F.UseDecls.emplace_back();
  GroupParent.push_back(F.Handles.size() - 1);
  int H = static_cast<int>(F.Handles.size() - 1);
  TxnHandles[Key] = H;
  return H;
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

void FactCollector::discoverAlias(const CFGElement &E) {
  auto CS = E.getAs<CFGStmt>();
  const auto *DS = CS ? dyn_cast<DeclStmt>(CS->getStmt()) : nullptr;
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
      }
    }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() == BO_Assign)
      discoverSink(BO->getLHS(), BO->getRHS());
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
    if (!Info)
      return;
    QualType RT = MC->getType();
    if (Info->has(RoleAcquire) && (RT->isVoidType() || RT->isBooleanType()) &&
        isHeldKind(Info->Acquires) && P.Field)
      memberHandle(P, Obj->getType(), true);
    if (Info->has(RoleBegin) && !heldType(MC->getType()) &&
        lookup(P).Kind != Target::Handle &&
        (P.Param >= 0 || (P.Field && P.ThisMember)))
      txnHandle(P, true);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    // A free function that begins a transaction on its handle argument.
    const FunctionDecl *FD = Call->getDirectCallee();
    const CallInfo *Info = FD ? Model.classifyCall(FD) : nullptr;
    if (Info && Info->has(RoleBegin) && Info->HandleArg >= 0 &&
        static_cast<unsigned>(Info->HandleArg) < Call->getNumArgs() &&
        !heldType(Call->getType())) {
      Place P = placeOf(Call->getArg(Info->HandleArg));
      if (lookup(P).Kind != Target::Handle &&
          (P.Param >= 0 || (P.Field && P.ThisMember)))
        txnHandle(P, true);
    }
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
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const auto *DS = dyn_cast<DeclStmt>(CS->getStmt());
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

void FactCollector::assign(int Dst, const Source &Src, SourceLocation Loc,
                           ElementFacts &Out) {
  Event Ev;
  Ev.Dst = Dst;
  Ev.Loc = Loc;
  switch (Src.Kind) {
  case Source::Acquire:
    Ev.Kind = Event::Acquire;
    Ev.Site = newSite(Loc, Src.Acquires);
    break;
  case Source::MaybeReturns:
    Ev.Kind = Event::AcquireIfReturns;
    Ev.Callee = Src.Callee;
    Ev.Site =
        newSite(Loc, Dst >= 0 ? F.Handles[Dst].Kind : HandleKind::Connection);
    F.Sites[Ev.Site].Helper = Src.Callee;
    break;
  case Source::MoveFrom:
  case Source::CopyFrom: {
    Target From = lookup(Src.From);
    if (From.isHandle()) {
      Ev.Kind = Src.Kind == Source::MoveFrom ? Event::MoveTo : Event::CopyTo;
      Ev.Src = From.Index;
      // A copy of a shared handle or of a raw pointer is another name for
      // the same connection.
      if (Ev.Kind == Event::CopyTo && Dst >= 0)
        GroupParent[findGroup(Dst)] = findGroup(From.Index);
      // Moving a raw pointer copies it: ownership goes with it.
      if (Ev.Kind == Event::CopyTo && Dst >= 0 &&
          F.Handles[From.Index].Wrap == Wrapper::Pointer)
        Ev.Kind = Event::MoveTo;
    } else if (From.isParam() &&
               (Src.Kind == Source::MoveFrom ||
                (isRawHandleParam(From.Index) &&
                 (Dst < 0 || isSmartPointer(F.Handles[Dst].Wrap))))) {
      // The caller's handle is moved, or its raw pointer stored, into an
      // owner here.
      Out.Events.push_back({Event::Transfer, -1, -1, 0, nullptr,
                            static_cast<int>(From.Index), Loc});
      Ev.Kind = Event::Reset;
    } else {
      Ev.Kind = Event::Reset;
    }
    break;
  }
  case Source::Null:
  case Source::Nothing:
    // Overwriting a held handle releases what it held (RAII types).
    Ev.Kind = Event::Reset;
    break;
  }
  if (Dst < 0 && Ev.Kind == Event::MoveTo) {
    Ev.Kind = Event::Transfer;
    Ev.Dst = Ev.Src;
    Ev.Src = -1;
  } else if (Dst < 0 && Ev.Kind == Event::CopyTo &&
             F.Handles[Ev.Src].Wrap == Wrapper::Pointer) {
    Ev.Kind = Event::Escape;
    Ev.Dst = Ev.Src;
    Ev.Src = -1;
  } else if (Dst < 0) {
    return;
  }
  Out.Events.push_back(Ev);
}

int FactCollector::throwTargetFor(const Stmt *S) {
  auto Cached = ThrowCache.find(S);
  if (Cached != ThrowCache.end())
    return Cached->second;
  ThrowTarget TT;
  const Stmt *Child = S;
  const Stmt *Cur = F.Parents->getParent(S);
  while (Cur) {
    if (const auto *Try = dyn_cast<CXXTryStmt>(Cur)) {
      if (Child == Try->getTryBlock()) {
        for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I) {
          auto It = CatchBlocks.find(Try->getHandler(I));
          if (It != CatchBlocks.end())
            TT.HandlerBlocks.push_back(It->second);
        }
        for (unsigned H = 0; H != F.Handles.size(); ++H) {
          const HandleDesc &D = F.Handles[H];
          const Stmt *Decl =
              D.DeclaredBy ? static_cast<const Stmt *>(D.DeclaredBy) : D.Temp;
          if (Decl && F.isWithin(Decl, Try->getTryBlock()) &&
              !llvm::is_contained(TT.Unwound, H))
            TT.Unwound.push_back(H);
        }
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
  ThrowCache[S] = Index;
  return Index;
}

bool FactCollector::throwsOut(const Stmt *S) const {
  const Stmt *Child = S;
  for (const Stmt *Cur = F.Parents->getParent(S); Cur;
       Child = Cur, Cur = F.Parents->getParent(Cur))
    if (const auto *Try = dyn_cast<CXXTryStmt>(Cur))
      if (Child == Try->getTryBlock() && isCatchAll(Try))
        return false;
  return true;
}

void FactCollector::collectCall(const Expr *E, ElementFacts &Out) {
  CallFact C;
  C.E = E;
  llvm::SmallVector<const Expr *, 4> Args;
  const Expr *Object = nullptr;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    C.Callee = CE->getConstructor();
    for (const Expr *A : CE->arguments())
      Args.push_back(A);
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    C.Callee = Op->getDirectCallee();
    unsigned First = 0;
    if (isa_and_nonnull<CXXMethodDecl>(C.Callee) && Op->getNumArgs() > 0) {
      Object = Op->getArg(0);
      First = 1;
    }
    for (unsigned I = First; I < Op->getNumArgs(); ++I)
      Args.push_back(Op->getArg(I));
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    C.Callee = MC->getMethodDecl();
    Object = MC->getImplicitObjectArgument();
    for (const Expr *A : MC->arguments())
      Args.push_back(A);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    C.Callee = Call->getDirectCallee();
    for (const Expr *A : Call->arguments())
      Args.push_back(A);
  } else {
    return;
  }
  // `std::move` itself is not a call anyone needs to hear about.
  if (C.Callee && movedFrom(E))
    return;
  C.Info = C.Callee ? Model.classifyCall(C.Callee) : nullptr;
  C.MayThrow = C.Info ? C.Info->MayThrow : !isNoexcept(C.Callee);
  if (isNoexcept(C.Callee))
    C.MayThrow = false;
  C.DirectBlocking = isCatalogBlocking(C.Callee, Model, &C.Group);

  auto Receives = [&](const Expr *A) {
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
  };
  Receives(Object);
  for (const Expr *A : Args)
    Receives(A);

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

  // Roles from the model: what the call does to its handle.
  if (C.Info) {
    Target Handle = C.Object;
    const Expr *HandleExpr = Object;
    if (C.Info->HandleArg >= 0 &&
        static_cast<unsigned>(C.Info->HandleArg) < Args.size()) {
      Handle = C.Args[C.Info->HandleArg];
      HandleExpr = Args[C.Info->HandleArg];
    }
    SourceLocation Loc = E->getBeginLoc();
    auto Push = [&](Event::KindTy K, Target T) {
      if (T.isHandle())
        Out.Events.push_back(
            {K, static_cast<int>(T.Index), -1, 0, nullptr, -1, Loc});
      else if (T.isParam())
        Out.Events.push_back(
            {K, -1, -1, 0, nullptr, static_cast<int>(T.Index), Loc});
    };
    bool ReturnsHandle = static_cast<bool>(heldType(E->getType()));
    Place HP = placeOf(HandleExpr);
    int Txn = txnHandle(HP, /*Create=*/false);
    if (C.Info->has(RoleRelease))
      Push(Event::Release, Handle);
    if (C.Info->has(RoleCommit) || C.Info->has(RoleRollback)) {
      Event::KindTy K =
          C.Info->has(RoleCommit) ? Event::Commit : Event::Rollback;
      Push(K, Handle);
      if (Txn >= 0)
        Push(K, Target::handle(Txn));
    }
    if (C.Info->has(RoleBegin) && !ReturnsHandle && Txn >= 0 &&
        !Handle.isHandle()) {
      Event Ev{Event::Acquire, Txn, -1, newSite(Loc, HandleKind::Transaction),
               nullptr,        -1,  Loc};
      Out.Events.push_back(Ev);
    }
    // `open()`: acquires into its object (a call that returns something,
    // a statement say, acquires that instead).
    QualType RT = E->getType();
    bool IntoObject = RT->isVoidType() || RT->isBooleanType();
    if (C.Info->has(RoleAcquire) && IntoObject && Handle.isHandle() &&
        isHeldKind(C.Info->Acquires) && !isa<CXXConstructExpr>(E)) {
      Event Ev{Event::Acquire,
               static_cast<int>(Handle.Index),
               -1,
               newSite(Loc, C.Info->Acquires),
               nullptr,
               -1,
               Loc};
      Out.Events.push_back(Ev);
    }
    for (unsigned I : C.Info->TakesOwnershipOf)
      if (I < C.Args.size())
        Push(Event::Transfer, C.Args[I]);
  }

  // Smart pointers: reset() releases, reset(p) re-seats, a discarded
  // release() gives up ownership.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    TypeClass OC = Object ? Model.classifyType(Object->getType()) : TypeClass{};
    // An owner we do not track takes over the caller's raw handle.
    if (MD && OC && isSmartPointer(OC.Wrap) && !C.Object.isHandle() &&
        MD->getDeclName().isIdentifier() && MD->getName() == "reset" &&
        MC->getNumArgs() == 1) {
      Target A = C.Args.empty() ? Target{} : C.Args[0];
      if (A.isParam() && isRawHandleParam(A.Index))
        Out.Events.push_back({Event::Transfer, -1, -1, 0, nullptr,
                              static_cast<int>(A.Index), E->getBeginLoc()});
    }
    if (MD && OC && isSmartPointer(OC.Wrap) &&
        MD->getDeclName().isIdentifier() && C.Object.isHandle()) {
      int H = C.Object.Index;
      if (MD->getName() == "reset") {
        if (MC->getNumArgs() == 0)
          Out.Events.push_back(
              {Event::Release, H, -1, 0, nullptr, -1, E->getBeginLoc()});
        else
          assign(H, classifySource(MC->getArg(0)), E->getBeginLoc(), Out);
      } else if (MD->getName() == "release" &&
                 isa_and_nonnull<CompoundStmt>(F.Parents->getParent(E))) {
        Out.Events.push_back(
            {Event::Transfer, H, -1, 0, nullptr, -1, E->getBeginLoc()});
      }
    }
  }

  // Moved into another owner: a by-value or rvalue-reference parameter
  // (constructing a handle from it is handled where the handle is made).
  bool IsHandleMove = false;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    IsHandleMove = CE->getConstructor()->isCopyOrMoveConstructor() &&
                   static_cast<bool>(Model.classifyType(CE->getType()));
    // Moving a handle into anything but a local of ours (a by-value
    // parameter, a temporary) hands it over.
    if (IsHandleMove && CE->getConstructor()->isMoveConstructor() &&
        CE->getNumArgs() == 1 && !initialisesLocal(CE))
      if (const Expr *From = movedFrom(CE->getArg(0))) {
        Target T = targetOf(From);
        if (T.isHandle())
          Out.Events.push_back({Event::Transfer, static_cast<int>(T.Index), -1,
                                0, nullptr, -1, E->getBeginLoc()});
        else if (T.isParam())
          Out.Events.push_back({Event::Transfer, -1, -1, 0, nullptr,
                                static_cast<int>(T.Index), E->getBeginLoc()});
      }
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E))
    IsHandleMove = Op->getOperator() == OO_Equal;
  if (!IsHandleMove)
    for (unsigned I = 0; I < C.Args.size(); ++I)
      if (C.ArgMoved[I]) {
        if (C.Args[I].isHandle())
          Out.Events.push_back({Event::Transfer,
                                static_cast<int>(C.Args[I].Index), -1, 0,
                                nullptr, -1, E->getBeginLoc()});
        else if (C.Args[I].isParam())
          Out.Events.push_back({Event::Transfer, -1, -1, 0, nullptr,
                                static_cast<int>(C.Args[I].Index),
                                E->getBeginLoc()});
      }

  if (C.MayThrow) {
    Out.Throws = throwTargetFor(E);
    Out.ThrowsOut = throwsOut(E);
  }
  F.Calls.push_back(std::move(C));
  Out.Call = static_cast<int>(F.Calls.size() - 1);
}

void FactCollector::collectStmt(const Stmt *S, ElementFacts &Out) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      const auto *VD = dyn_cast<VarDecl>(D);
      if (!isLocal(VD))
        continue;
      int H = handleOfVar(VD);
      if (H < 0)
        continue;
      const Expr *Init = VD->getInit();
      SourceLocation Loc = VD->getLocation();
      if (!Init) {
        Out.Events.push_back({Event::Reset, H, -1, 0, nullptr, -1, Loc});
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
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      Target T = targetOf(Op->getArg(0));
      assign(T.isHandle() ? static_cast<int>(T.Index) : -1,
             classifySource(Op->getArg(1)), Op->getBeginLoc(), Out);
    }
    collectCall(Op, Out);
    return;
  }
  if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S)) {
    collectCall(cast<Expr>(S), Out);
    return;
  }
  if (const auto *Del = dyn_cast<CXXDeleteExpr>(S)) {
    Target T = targetOf(Del->getArgument());
    if (T.isHandle())
      Out.Events.push_back({Event::Release, static_cast<int>(T.Index), -1, 0,
                            nullptr, -1, Del->getBeginLoc()});
    else if (T.isParam())
      Out.Events.push_back({Event::Release, -1, -1, 0, nullptr,
                            static_cast<int>(T.Index), Del->getBeginLoc()});
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
      Out.Events.push_back({Event::Transfer, static_cast<int>(T.Index), -1, 0,
                            nullptr, -1, Ret->getBeginLoc()});
    }
    return;
  }
  if (isa<CXXThrowExpr>(S)) {
    Out.Throws = throwTargetFor(S);
    Out.ThrowsOut = throwsOut(S);
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
    for (unsigned H = 0; H != F.Handles.size(); ++H)
      if (llvm::is_contained(F.UseDecls[H], DRE->getDecl()))
        (Release ? Out.ReleaseUses : Out.Uses).push_back(H);
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (!isa<CXXThisExpr>(strip(ME->getBase())))
      return;
    bool Release = isReleaseUse(ME);
    for (unsigned H = 0; H != F.Handles.size(); ++H)
      if (llvm::is_contained(F.UseDecls[H], ME->getMemberDecl()))
        (Release ? Out.ReleaseUses : Out.Uses).push_back(H);
  }
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
        Out.Events.push_back(
            {Event::Destroy, static_cast<int>(H), -1, 0, nullptr, -1, Loc});
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
    Out.Events.push_back({Event::Destroy, static_cast<int>(It->second), -1, 0,
                          nullptr, -1, Full->getEndLoc()});
    return;
  }
  if (auto Dtor = E.getAs<CFGMemberDtor>()) {
    Place P;
    P.Field = Dtor->getFieldDecl();
    P.ThisMember = true;
    Target T = lookup(P);
    if (T.isHandle())
      Out.Events.push_back({Event::Destroy, static_cast<int>(T.Index), -1, 0,
                            nullptr, -1, F.FD->getBodyRBrace()});
  }
}

void FactCollector::run() {
  const CFG &G = *F.Graph;
  for (const CFGBlock *B : G) {
    if (!B)
      continue;
    if (const auto *Catch = dyn_cast_or_null<CXXCatchStmt>(B->getLabel()))
      CatchBlocks[Catch] = B->getBlockID();
  }
  F.IsHandlerBlock.assign(G.getNumBlockIDs(), false);
  F.Blocks.assign(G.getNumBlockIDs(), nullptr);
  for (const CFGBlock *B : G)
    if (B)
      F.Blocks[B->getBlockID()] = B;
  for (auto &Entry : CatchBlocks)
    F.IsHandlerBlock[Entry.second] = true;

  for (const CFGBlock *B : G)
    if (B)
      for (const CFGElement &E : *B)
        if (auto Dtor = E.getAs<CFGTemporaryDtor>())
          DestroyedTemps.insert(Dtor->getBindTemporaryExpr());
  // Aliases first (twice: one may name another), then the handles.
  for (unsigned Round = 0; Round != 2; ++Round)
    for (const CFGBlock *B : G)
      if (B)
        for (const CFGElement &E : *B)
          discoverAlias(E);
  for (const CFGBlock *B : G)
    if (B)
      for (const CFGElement &E : *B)
        discover(E);
  for (auto &Entry : Aliases) {
    Target T = lookup(Entry.second);
    if (T.isHandle())
      F.UseDecls[T.Index].push_back(Entry.first);
  }
  for (const CFGBlock *B : G)
    if (B)
      for (const CFGElement &E : *B)
        discoverBound(E);

  F.Elements.resize(G.getNumBlockIDs());
  for (const CFGBlock *B : G) {
    if (!B)
      continue;
    auto &Out = F.Elements[B->getBlockID()];
    Out.resize(B->size());
    unsigned Index = 0;
    for (const CFGElement &E : *B) {
      collect(E, Out[Index]);
      ++Index;
    }
  }
  for (unsigned H = 0; H != F.Handles.size(); ++H)
    F.Handles[H].Group = findGroup(H);
}

const Stmt *FunctionFacts::enclosingStatement(const Stmt *S) const {
  const Stmt *Cur = S;
  while (const Stmt *P = Parents->getParent(Cur)) {
    if (isa<CompoundStmt>(P))
      return Cur;
    Cur = P;
  }
  return nullptr;
}

bool FunctionFacts::isWithin(const Stmt *Inner, const Stmt *Outer) const {
  for (const Stmt *Cur = Inner; Cur; Cur = Parents->getParent(Cur))
    if (Cur == Outer)
      return true;
  return false;
}

std::unique_ptr<FunctionFacts>
FunctionFacts::build(const FunctionDecl *FD, ASTContext &Ctx,
                     const ApiModel &Model, const AnalysisLimits &Limits) {
  if (!FD || FD->isDependentContext() || !FD->doesThisDeclarationHaveABody())
    return nullptr;
  Stmt *Body = FD->getBody();
  if (!Body)
    return nullptr;
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  Opts.AddEHEdges = false;
  Opts.setAllAlwaysAdd();
  std::unique_ptr<FunctionFacts> F(new FunctionFacts());
  F->FD = FD;
  F->Ctx = &Ctx;
  F->Graph = CFG::buildCFG(FD, Body, &Ctx, Opts);
  if (!F->Graph)
    return nullptr;
  // A CFG this large would not be analysed within budget anyway.
  if (F->Graph->getNumBlockIDs() > Limits.Budget / 4 + 16)
    return nullptr;
  F->Parents = std::make_unique<ParentMap>(Body);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getInit())
        F->Parents->addStmt(Init->getInit());
  FactCollector Collector(*F, Model);
  Collector.run();
  return F;
}

} // namespace clang::tidy::dbsession
