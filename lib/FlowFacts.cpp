//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "FlowFacts.h"
#include "FactCollector.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::dbsession {

namespace {

bool hasPrefix(llvm::StringRef S, llvm::StringRef P) {
  return S.size() >= P.size() && S.substr(0, P.size()) == P;
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
  // Twice: a local may be bound to another one found later in block order.
  for (unsigned Round = 0; Round != 2; ++Round)
    for (const CFGBlock *B : G)
      if (B)
        for (const CFGElement &E : *B)
          discoverBoundObject(E);

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
    collectBranchEvents(*B);
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

llvm::SmallVector<unsigned, 2>
FunctionFacts::transactionsOn(unsigned H) const {
  llvm::SmallVector<unsigned, 2> Result;
  for (unsigned T = 0; T != Handles.size(); ++T)
    if (Handles[T].OpenedOn == static_cast<int>(H) && !Handles[T].OnLocal)
      Result.push_back(T);
  return Result;
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
  if (!Body || hasErrors(FD))
    return nullptr;
  CFG::BuildOptions Opts;
  Opts.AddImplicitDtors = true;
  Opts.AddTemporaryDtors = true;
  Opts.AddInitializers = true;
  Opts.AddCXXDefaultInitExprInCtors = true;
  Opts.AddEHEdges = false;
  // Only the statements the collector looks at become elements of their
  // own: casts, parentheses and literals would only be walked past.
  for (Stmt::StmtClass C :
       {Stmt::DeclStmtClass, Stmt::BinaryOperatorClass,
        Stmt::CompoundAssignOperatorClass, Stmt::CallExprClass,
        Stmt::CXXMemberCallExprClass, Stmt::CXXOperatorCallExprClass,
        Stmt::UserDefinedLiteralClass, Stmt::CXXConstructExprClass,
        Stmt::CXXTemporaryObjectExprClass, Stmt::CXXDeleteExprClass,
        Stmt::ReturnStmtClass, Stmt::CXXThrowExprClass,
        Stmt::CXXBindTemporaryExprClass, Stmt::DeclRefExprClass,
        Stmt::MemberExprClass, Stmt::LambdaExprClass})
    Opts.setAlwaysAdd(C);
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
  if (F->TooManyHandles)
    return nullptr;
  return F;
}

} // namespace clang::tidy::dbsession
