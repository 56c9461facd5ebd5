//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "ExprHelpers.h"
#include "FlowFacts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::dbsession {

bool isHeldKind(HandleKind K) {
  return K == HandleKind::Connection || K == HandleKind::Session ||
         K == HandleKind::Lease || K == HandleKind::Transaction;
}

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

const ValueDecl *namedDecl(const Expr *E) {
  E = strip(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

const VarDecl *boundStorageOwner(const Expr *E, const ApiModel &Model) {
  // Each step is a member call on an object of a bound type; a chain ends
  // at a local.
  for (unsigned Depth = 0; E && Depth != 8; ++Depth) {
    E = strip(E);
    const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
    if (!MC)
      break;
    const Expr *Object = MC->getImplicitObjectArgument();
    TypeClass C = Object ? Model.classifyType(Object->getType()) : TypeClass();
    if (!C || C.Info->Kind != HandleKind::Bound)
      break;
    E = strip(Object);
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
  }
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

const Expr *throughConversion(const Expr *E) {
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    return M->getSubExpr();
  if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    return B->getSubExpr();
  if (const auto *C = dyn_cast<CXXConstructExpr>(E))
    return C->getNumArgs() >= 1 ? C->getArg(0) : nullptr;
  if (const auto *C = dyn_cast<ExplicitCastExpr>(E))
    return C->getSubExpr();
  return nullptr;
}

const Expr *firstInside(const Expr *E,
                        llvm::function_ref<bool(const Expr *)> Pred) {
  llvm::SmallVector<const Stmt *, 8> Work{E};
  while (!Work.empty()) {
    const Stmt *Cur = Work.pop_back_val();
    if (!Cur || isa<LambdaExpr>(Cur))
      continue;
    if (const auto *X = dyn_cast<Expr>(Cur); X && Pred(X))
      return X;
    for (const Stmt *Child : Cur->children())
      Work.push_back(Child);
  }
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

std::string insertionBefore(SourceLocation Loc, const SourceManager &SM,
                            llvm::StringRef Statement) {
  if (Loc.isInvalid() || Loc.isMacroID())
    return {};
  // Keep the indentation of the statement if it starts its line.
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return {};
  unsigned LineStart = Pos.second;
  while (LineStart > 0 && Buffer[LineStart - 1] != '\n')
    --LineStart;
  llvm::StringRef Before = Buffer.slice(LineStart, Pos.second);
  bool StartsLine = Before.find_first_not_of(" \t") == llvm::StringRef::npos;
  return Statement.str() + ";" + (StartsLine ? "\n" + Before.str() : " ");
}

llvm::StringRef kindWord(HandleKind K) {
  if (K == HandleKind::Bound)
    return "statement";
  return handleKindName(K);
}

std::string describeHandle(const HandleDesc &D) {
  if (D.IsNamed)
    return "connection named '" + D.Name + "'";
  if (D.IsTxnOn)
    return "transaction on '" + D.Name + "'";
  std::string Word = D.Info && !D.Info->Noun.empty() ? D.Info->Noun
                                                     : kindWord(D.Kind).str();
  if (D.Temp)
    return "temporary " + Word;
  return Word + " '" + D.Name + "'";
}

bool callShape(const Expr *E, const FunctionDecl *&Callee,
                      const Expr *&Object,
                      llvm::SmallVectorImpl<const Expr *> &Args) {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    Callee = CE->getConstructor();
    for (const Expr *A : CE->arguments())
      Args.push_back(A);
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    Callee = Op->getDirectCallee();
    unsigned First = 0;
    if (isa_and_nonnull<CXXMethodDecl>(Callee) && Op->getNumArgs() > 0) {
      Object = Op->getArg(0);
      First = 1;
    }
    for (unsigned I = First; I < Op->getNumArgs(); ++I)
      Args.push_back(Op->getArg(I));
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    Callee = MC->getMethodDecl();
    Object = MC->getImplicitObjectArgument();
    for (const Expr *A : MC->arguments())
      Args.push_back(A);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    Callee = Call->getDirectCallee();
    for (const Expr *A : Call->arguments())
      Args.push_back(A);
  } else {
    return false;
  }
  return true;
}

/// True if an assignment to \p LHS stores into something that outlives the
/// function: a member, a global, an element of one.
static bool outlivesFunction(const Expr *LHS) {
  const Expr *L = strip(LHS);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(L);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() >= 1)
    return outlivesFunction(Op->getArg(0));
  if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(L))
    return outlivesFunction(Sub->getBase());
  if (isa<MemberExpr>(L))
    return true;
  const auto *D = dyn_cast<DeclRefExpr>(L);
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  return V && V->hasGlobalStorage();
}

/// True if the value \p E is one of \p Decls or the registering call
/// \p Call, something read off one (`db.connectionName()`,
/// `connection->name()`), a copy of one (also one made by `new`), or a
/// concatenation with one. A value computed by a call that merely receives
/// one (`items = loadItems(db)`) is not.
static bool isValueOf(const Expr *E, llvm::ArrayRef<const ValueDecl *> Decls,
                      const Expr *Call) {
  E = strip(E);
  if (!E)
    return false;
  if (Call && E == strip(Call))
    return true;
  if (const auto *New = dyn_cast<CXXNewExpr>(E))
    return isValueOf(New->getInitializer(), Decls, Call);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return llvm::is_contained(Decls, DRE->getDecl());
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return isValueOf(MC->getImplicitObjectArgument(), Decls, Call);
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isValueOf(ME->getBase(), Decls, Call);
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Plus)
    return llvm::any_of(Op->arguments(),
                        [&](const Expr *A) { return isValueOf(A, Decls, Call); });
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_Add)
    return isValueOf(BO->getLHS(), Decls, Call) ||
           isValueOf(BO->getRHS(), Decls, Call);
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
      CE && CE->getNumArgs() == 1)
    return isValueOf(CE->getArg(0), Decls, Call);
  if (const auto *Cast = dyn_cast<CastExpr>(E))
    return isValueOf(Cast->getSubExpr(), Decls, Call);
  return false;
}

bool storesIntoOwner(const Stmt *Body, llvm::ArrayRef<const ValueDecl *> Decls,
                     const Expr *Call) {
  bool Found = false;
  auto Visit = [&](const Stmt *S, auto &Self) -> void {
    if (!S || Found)
      return;
    const Expr *LHS = nullptr, *RHS = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->getOpcode() == BO_Assign) {
      LHS = BO->getLHS();
      RHS = BO->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
               Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      LHS = Op->getArg(0);
      RHS = Op->getArg(1);
    }
    if (LHS && isValueOf(RHS, Decls, Call) && outlivesFunction(LHS))
      Found = true;
    for (const Stmt *Child : S->children())
      Self(Child, Self);
  };
  Visit(Body, Visit);
  return Found;
}

/// True if \p S holds an expression with errors or an invalid declaration.
/// An expression's error bit covers its subexpressions, but not the body of
/// a lambda in it, which is walked on its own.
static bool holdsErrors(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (E->containsErrors())
      return true;
    if (const auto *L = dyn_cast<LambdaExpr>(E))
      return holdsErrors(L->getBody());
    // Lambdas below an error-free expression still need a look.
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (D->isInvalidDecl())
        return true;
  for (const Stmt *Child : S->children())
    if (holdsErrors(Child))
      return true;
  return false;
}

bool hasErrors(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (FD->isInvalidDecl())
    return true;
  if (!FD->getASTContext().getDiagnostics().hasUncompilableErrorOccurred())
    return false;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getInit() && holdsErrors(Init->getInit()))
        return true;
  return holdsErrors(FD->getBody());
}

/// A local reference, or a local pointer initialised with an address
/// (`&pool.at(i)`): it names storage another owner holds.
bool namesOthersStorage(const VarDecl *V) {
  if (V->getType()->isReferenceType())
    return true;
  const auto *U = V->getType()->isPointerType() && V->getInit()
                      ? dyn_cast<UnaryOperator>(strip(V->getInit()))
                      : nullptr;
  return U && U->getOpcode() == UO_AddrOf;
}

} // namespace clang::tidy::dbsession
