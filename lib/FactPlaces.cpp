//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FactCollector.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::dbsession {

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
    // A by-value parameter given a new connection here is a local handle.
    if (PI >= 0 && !VarHandles.count(VD))
      P.Param = PI;
    else if (isLocal(VD) || PI >= 0)
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

} // namespace clang::tidy::dbsession
