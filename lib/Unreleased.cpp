//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Unreleased.h"
#include "ExprHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"


namespace clang::tidy::dbsession {

bool needsExplicitRelease(const HandleDesc &D) {
  if (D.IsNamed)
    return true;
  if (D.IsTxnOn || D.Field || D.Temp || !D.Var || !D.Info)
    return false;
  // A local declared here, or a by-value parameter given a new connection.
  if (!D.DeclaredBy && !isa<ParmVarDecl>(D.Var))
    return false;
  if (!isHeldKind(D.Kind) || D.Kind == HandleKind::Transaction)
    return false;
  if (namesOthersStorage(D.Var))
    return false;
  if (D.Wrap == Wrapper::Pointer)
    return true;
  return D.Wrap == Wrapper::None && D.Info->OnDestroy == DestroyAction::Nothing;
}

bool isConstructorMember(const HandleDesc &D, const FunctionDecl *FD) {
  if (!isa<CXXConstructorDecl>(FD) || !D.Field || D.Var || D.IsTxnOn ||
      D.IsNamed || !D.Info)
    return false;
  if (!isHeldKind(D.Kind) || D.Kind == HandleKind::Transaction)
    return false;
  return D.Wrap == Wrapper::Pointer ||
         (D.Wrap == Wrapper::None &&
          D.Info->OnDestroy == DestroyAction::Nothing);
}

namespace {

class Finder {
public:
  explicit Finder(const FunctionFlow &Flow)
      : Flow(Flow), F(*Flow.facts()), Summaries(Flow.summaries()),
        SM(F.context().getSourceManager()) {}

  std::vector<UnreleasedFinding> run();

private:
  const FunctionFlow &Flow;
  const FunctionFacts &F;
  SummaryTable &Summaries;
  const SourceManager &SM;

  bool handedToUnseenCode(unsigned H) const;
  bool namedHandedOver(unsigned H) const;
  llvm::SmallVector<const ValueDecl *, 4> namedBy(unsigned H) const;
  bool leaks(const FunctionExit &X, unsigned H) const;
  void spellRelease(unsigned H, UnreleasedFinding &Out) const;
  void fixBeforeReturn(const FunctionExit &X, unsigned H,
                       const UnreleasedFinding &Found, LeakingExit &Out) const;
};

/// A call into the project's own C++ code that this translation unit cannot
/// see (no body here, no model entry, not a library's) may keep the handle
/// when it receives it as something it could own: a non-const pointer or
/// reference. A C function (`PQstatus(const PGconn *)`) or a const
/// parameter cannot be told from a library's and is not taken to keep it.
bool Finder::handedToUnseenCode(unsigned H) const {
  for (const CallFact &C : F.Calls) {
    if (C.Info)
      continue;
    for (unsigned I = 0; I != C.Args.size(); ++I) {
      if (!(C.Args[I] == Target::handle(H)))
        continue;
      if (!C.Callee)
        return true; // through a pointer or a virtual call
      if (definitionOf(C.Callee) ||
          SM.isInSystemHeader(C.Callee->getLocation()) ||
          C.Callee->isExternC() || C.Callee->isInExternCContext())
        continue;
      if (I >= C.Callee->getNumParams())
        continue;
      QualType PT = C.Callee->getParamDecl(I)->getType();
      QualType Pointee = PT->isPointerType() || PT->isReferenceType()
                             ? PT->getPointeeType()
                             : QualType();
      if (!Pointee.isNull() && !Pointee.isConstQualified())
        return true;
    }
  }
  return false;
}

/// What names a registration: the local that received its handle, and
/// whatever its name is made from.
llvm::SmallVector<const ValueDecl *, 4> Finder::namedBy(unsigned H) const {
  const HandleDesc &D = F.Handles[H];
  llvm::SmallVector<const ValueDecl *, 4> Decls;
  if (D.NamedVia)
    Decls.push_back(D.NamedVia);
  firstInside(D.NameExpr, [&](const Expr *X) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      if (isa<VarDecl>(DRE->getDecl()))
        Decls.push_back(DRE->getDecl());
    return false;
  });
  return Decls;
}

/// A registration whose handle, name, or whatever its name is made from is
/// stored in a member or global is the object's to end
/// (`pool[thread] = conn; addDatabase(type, conn->name())`,
/// `db_ = new QSqlDatabase(QSqlDatabase::addDatabase(type, name))`), on
/// every path.
/// One returned is the caller's on the paths that return it (leaks()).
bool Finder::namedHandedOver(unsigned H) const {
  llvm::SmallVector<const ValueDecl *, 4> Decls = namedBy(H);
  const Expr *Call = F.Handles[H].RegisteredBy;
  if (Decls.empty() && !Call)
    return false;
  return storesIntoOwner(F.function()->getBody(), Decls, Call);
}

bool Finder::leaks(const FunctionExit &X, unsigned H) const {
  if (!X.States[H].held())
    return false;
  const HandleDesc &D = F.Handles[H];
  bool NoOpDestructor = D.Wrap == Wrapper::None;
  // A registration returned goes to the caller on that path: its handle,
  // its name, or the call that registered it.
  if (D.IsNamed && X.Kind == ExitKind::Return)
    if (const auto *Ret = dyn_cast_or_null<ReturnStmt>(X.S)) {
      const Expr *Value = Ret->getRetValue();
      if (refersTo(Value, namedBy(H)))
        return false;
      if (D.RegisteredBy && firstInside(Value, [&](const Expr *E) {
            return E == D.RegisteredBy;
          }))
        return false;
    }
  // The object under construction owns its members once it is built.
  if (isConstructorMember(D, F.function()) && X.Kind != ExitKind::Throw &&
      X.Kind != ExitKind::ThrowingCall)
    return false;
  switch (X.Kind) {
  case ExitKind::Return:
  case ExitKind::FallOffEnd:
  case ExitKind::Throw:
    return true;
  case ExitKind::ThrowingCall: {
    // The release itself throwing is not a path that skips it.
    for (const Event &Ev : F.Elements[X.Block][X.Index].Events)
      if (Ev.Dst == static_cast<int>(H) &&
          (Ev.Kind == Event::Release || Ev.Kind == Event::Transfer))
        return false;
    return callMayThrow(F.Calls[X.Call], Summaries);
  }
  case ExitKind::ScopeEnd:
    return NoOpDestructor && X.Handle == static_cast<int>(H);
  }
  return false;
}

void Finder::spellRelease(unsigned H, UnreleasedFinding &Out) const {
  const HandleDesc &D = F.Handles[H];
  if (D.IsNamed) {
    std::string Fn = Summaries.model().releaseByNameFunction("");
    if (!Fn.empty())
      Out.ReleaseCall = Fn + "(" + D.Name + ")";
    Out.ByName = true;
    return;
  }
  QualType T = D.Var ? D.Var->getType() : D.Field->getType();
  PrintingPolicy Policy(F.context().getLangOpts());
  Policy.SuppressScope = false;
  if (D.Wrap == Wrapper::Pointer) {
    QualType Pointee = T->getPointeeType().getUnqualifiedType();
    const CXXRecordDecl *RD = Pointee->getAsCXXRecordDecl();
    std::string Spelled = Pointee.getAsString(Policy);
    if (RD && D.Info->OnDestroy == DestroyAction::Release) {
      Out.ReleaseCall = "delete " + D.Name;
      Out.RaiiType = "std::unique_ptr<" + Spelled + ">";
      return;
    }
    std::vector<std::string> Fns =
        Summaries.model().releaseFunctions(D.Info->Library);
    if (!Fns.empty()) {
      Out.ReleaseCall = Fns.front() + "(" + D.Name + ")";
      Out.RaiiType =
          "std::unique_ptr<" + Spelled + ", decltype(&" + Fns.front() + ")>";
    }
    return;
  }
  if (const CXXMethodDecl *Release = methodWithRole(
          T->getAsCXXRecordDecl(), RoleRelease, Summaries.model()))
    Out.ReleaseCall = D.Name + "." + Release->getName().str() + "()";
}

void Finder::fixBeforeReturn(const FunctionExit &X, unsigned H,
                             const UnreleasedFinding &Found,
                             LeakingExit &Out) const {
  const auto *Ret = dyn_cast_or_null<ReturnStmt>(X.S);
  const HandleDesc &D = F.Handles[H];
  // A registration is ended once no handle to it is left, which an edit
  // before the return cannot see to.
  if (!Ret || Found.ReleaseCall.empty() || D.IsNamed)
    return;
  // Surely held just before the `return`, acquired where reported.
  unsigned Index = 0;
  for (const CFGElement &E : *F.Blocks.at(X.Block)) {
    if (auto S = E.getAs<CFGStmt>(); S && S->getStmt() == Ret)
      break;
    ++Index;
  }
  HandleStates AtReturn = Flow.before(X.Block, Index);
  HandleState Before = AtReturn[H];
  if (!Before.surelyHeld() || Before.Site != X.States[H].Site)
    return;
  // Not what is returned, and in scope at the return.
  if (refersTo(Ret->getRetValue(), F.UseDecls[H]))
    return;
  const Stmt *Scope =
      D.DeclaredBy ? F.parents().getParent(D.DeclaredBy) : nullptr;
  if (!Scope || !F.isWithin(Ret, Scope))
    return;
  SourceLocation Begin = Ret->getBeginLoc();
  // Nothing still needs it after the release: no transaction open on it,
  // no object bound to it whose destructor runs after the return.
  for (unsigned T : F.transactionsOn(H))
    if (AtReturn[T].held())
      return;
  for (const ValueDecl *Use : F.UseDecls[H]) {
    const auto *VD = dyn_cast<VarDecl>(Use);
    if (!VD || VD == D.Var || !VD->isLocalVarDecl())
      continue;
    const CXXRecordDecl *RD = VD->getType()->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor() ||
        !SM.isBeforeInTranslationUnit(VD->getLocation(), Begin))
      continue;
    // Declared before the return: in scope there unless its block closed.
    const BoundObject *B = F.boundObject(VD);
    const Stmt *VarScope =
        B && B->DeclaredBy ? F.parents().getParent(B->DeclaredBy) : nullptr;
    if (!VarScope || F.isWithin(Ret, VarScope))
      return;
  }
  if (Begin.isMacroID() || Ret->getEndLoc().isMacroID())
    return;
  if (isa_and_nonnull<CompoundStmt>(F.parents().getParent(Ret))) {
    std::string Text = insertionBefore(Begin, SM, Found.ReleaseCall);
    if (!Text.empty())
      Out.Insertions.push_back({Begin, Text});
    return;
  }
  // `if (...) return x;`: a block keeps the release under the condition.
  SourceLocation After = Lexer::findLocationAfterToken(
      Ret->getEndLoc(), tok::semi, SM, F.context().getLangOpts(),
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (After.isInvalid())
    return;
  Out.Insertions.push_back({Begin, "{ " + Found.ReleaseCall + "; "});
  Out.Insertions.push_back({After, " }"});
}

std::vector<UnreleasedFinding> Finder::run() {
  std::vector<UnreleasedFinding> Result;
  for (unsigned H = 0; H != F.Handles.size(); ++H) {
    bool Member = isConstructorMember(F.Handles[H], F.function());
    if (!(needsExplicitRelease(F.Handles[H]) || Member) ||
        handedToUnseenCode(H) || (F.Handles[H].IsNamed && namedHandedOver(H)))
      continue;
    // One finding per acquisition site.
    auto BySite = Flow.exitsBySite(
        H, [&](const FunctionExit &X) { return leaks(X, H); });
    for (const auto &Entry : BySite) {
      const AcquireSite &A = F.Sites[Entry.first];
      UnreleasedFinding Found;
      Found.Handle = &F.Handles[H];
      Found.ConstructorMember = Member;
      Found.AcquiredAt = A.Loc;
      Found.Kind = A.Kind;
      if (const FunctionSummary *HS = Summaries.get(A.Helper))
        Found.Kind = HS->ReturnedKind;
      // A checkout goes back to its pool, not to delete.
      if (Found.Kind == HandleKind::Lease)
        Found.GiveBack = true;
      else
        spellRelease(H, Found);
      for (const FunctionExit *X : Entry.second) {
        LeakingExit Out;
        static_cast<ExitNote &>(Out) = ExitNote::of(*X, F);
        if (X->Kind == ExitKind::Return)
          fixBeforeReturn(*X, H, Found, Out);
        Found.Exits.push_back(std::move(Out));
      }
      Result.push_back(std::move(Found));
    }
  }
  return Result;
}

} // namespace

std::vector<UnreleasedFinding> findUnreleased(const FunctionFlow &Flow) {
  if (Flow.isSkipped() || Flow.facts()->Handles.empty())
    return {};
  return Finder(Flow).run();
}

} // namespace clang::tidy::dbsession
