//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Escapes.h"
#include "ExprHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <optional>

namespace clang::tidy::dbsession {

const char DefaultAsyncFunctions[] =
    "std::thread::thread;std::jthread::jthread;std::async;"
    "boost::asio::post;boost::asio::dispatch;boost::asio::defer;"
    "boost::asio::co_spawn;boost::asio::spawn;QtConcurrent::run;"
    "QThreadPool::start;QTimer::singleShot;QTimer::callOnTimeout;"
    "QObject::connect;post;dispatch;defer;submit;enqueue;schedule;"
    "push_task;detach_task;add_task;run_async;Async;AsyncNoSpan";

AsyncFunctions::AsyncFunctions(const std::vector<std::string> &Names) {
  for (const std::string &N : Names)
    (N.find("::") == std::string::npos ? Plain : Qualified).push_back(N);
}

bool AsyncFunctions::matches(const FunctionDecl *FD) const {
  if (!FD ||
      (!FD->getDeclName().isIdentifier() && !isa<CXXConstructorDecl>(FD)))
    return false;
  if (FD->getDeclName().isIdentifier() &&
      llvm::is_contained(Plain, FD->getName()))
    return true;
  if (Qualified.empty())
    return false;
  return llvm::is_contained(Qualified, ApiModel::modelName(FD));
}

namespace {

/// True if \p E names storage that outlives the function: a member of
/// `this`, a global, a static, or a member of one.
bool outlivesFunction(const Expr *E) {
  E = strip(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD && VD->hasGlobalStorage();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return VD->hasGlobalStorage();
    const Expr *Base = strip(ME->getBase());
    return isa<CXXThisExpr>(Base) || outlivesFunction(Base);
  }
  return false;
}

/// Where a lambda goes: a function that runs it elsewhere or later, or
/// storage that keeps it.
struct Sink {
  const FunctionDecl *HandedTo = nullptr;
  bool Kept = false;
  explicit operator bool() const { return HandedTo || Kept; }
};

class Finder {
public:
  Finder(const FunctionFlow &Flow, const ApiModel &Model,
         const AsyncFunctions &Async)
      : Flow(Flow), F(*Flow.facts()), Model(Model), Async(Async),
        SM(F.context().getSourceManager()) {}

  std::vector<EscapeFinding> run();

private:
  const FunctionFlow &Flow;
  const FunctionFacts &F;
  const ApiModel &Model;
  const AsyncFunctions &Async;
  const SourceManager &SM;
  std::vector<EscapeFinding> Out;
  /// Per handle: where it is released, committed or rolled back.
  std::vector<llvm::SmallVector<std::pair<SourceLocation, SessionEnd>, 1>>
      Ends;
  /// The handle each local handle variable is.
  llvm::DenseMap<const ValueDecl *, unsigned> LocalHandles;
  /// Per local handle variable: the registrations by name it received.
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<unsigned, 1>> Named;
  /// The first use of each bound object after its session ended.
  llvm::DenseMap<const VarDecl *, unsigned> UseFinding;

  struct Ended {
    SessionEnd How = SessionEnd::None;
    int By = -1; ///< the handle whose end it is
  };
  Ended ended(int H, const HandleStates &S) const;
  bool endsWithFunction(int H, const HandleStates &S) const;
  Ended endedAtSomeExit(int H) const;
  SourceLocation endLoc(const Ended &E, SourceLocation Before) const;
  bool before(SourceLocation A, SourceLocation B) const {
    return A.isValid() && B.isValid() && SM.isBeforeInTranslationUnit(A, B);
  }

  void visit(unsigned Block, unsigned Index, const ElementFacts &E,
             const HandleStates &S);
  /// The local a `return` returns (through a copy or a move), if any.
  const VarDecl *returnedLocal(const ReturnStmt *R) const;
  void visitReturn(const ReturnStmt *R, const HandleStates &S);
  void visitUse(const DeclRefExpr *Ref, const HandleStates &S);
  void visitStore(const Event &Ev, const HandleStates &S);
  void visitCapture(const Event &Ev);
  void visitHandOver(const CallFact &C);
  void visitRemoval(const CallFact &C);
  llvm::SmallVector<const CallExpr *, 2>
  producersOf(const VarDecl *Object, const BoundObject &B) const;
  bool namesConnectionOf(const Expr *Name, const VarDecl *Object,
                         const BoundObject &B) const;
  bool reassignedBetween(const VarDecl *Object, SourceLocation From,
                         SourceLocation To) const;
  /// The assignments (`v = ...` to a class object) to \p V in the body.
  llvm::SmallVector<const CXXOperatorCallExpr *, 2>
  assignmentsTo(const VarDecl *V) const;
  /// The removals by name met on the way (Qt's removeDatabase).
  llvm::SmallVector<const CallFact *, 2> Removals;
  void visitWrite(const CallFact &C, const HandleStates &S);
  Sink sinkOf(const Stmt *Lambda, unsigned Depth) const;
  EscapeFinding make(EscapeKind K, SourceLocation Loc,
                     const VarDecl *Object) const;
  /// "connection 'db'" for a declaration of a modelled type; else empty.
  std::string nameOf(const ValueDecl *D) const;
  /// How the first database named in \p E is named, or empty.
  std::string databaseIn(const Expr *E) const;
};

EscapeFinding Finder::make(EscapeKind K, SourceLocation Loc,
                           const VarDecl *Object) const {
  EscapeFinding X;
  X.Kind = K;
  X.Loc = Loc;
  X.Object = Object;
  if (const BoundObject *B = F.boundObject(Object)) {
    X.Info = B->Info;
    X.Parent = B->Parent;
    if (B->Handle >= 0)
      X.Session = &F.Handles[B->Handle];
    else if (B->Param >= 0)
      X.SessionName = nameOf(F.function()->getParamDecl(B->Param));
    X.BoundAt = Object->getLocation();
  }
  return X;
}

std::string Finder::nameOf(const ValueDecl *D) const {
  TypeClass C = Model.classifyType(D->getType());
  if (!C)
    return "";
  return kindWord(C.Info->Kind).str() + " '" + D->getNameAsString() + "'";
}

std::string Finder::databaseIn(const Expr *E) const {
  std::string Name;
  firstInside(E, [&](const Expr *Sub) {
    const ValueDecl *D = namedDecl(Sub);
    TypeClass C = D ? Model.classifyType(D->getType()) : TypeClass();
    if (C && isHeldKind(C.Info->Kind))
      Name = nameOf(D);
    return !Name.empty();
  });
  return Name;
}

Finder::Ended Finder::ended(int H, const HandleStates &S) const {
  if (H < 0)
    return {};
  const HandleDesc &D = F.Handles[H];
  unsigned St = S[H].states();
  if (!(St & StHeld)) {
    if (St & StReleased)
      return {D.IsNamed ? SessionEnd::Removed : SessionEnd::Closed, H};
    if (D.Kind == HandleKind::Transaction && (St & StCommitted))
      return {SessionEnd::Committed, H};
    if (D.Kind == HandleKind::Transaction && (St & StRolledBack))
      return {SessionEnd::RolledBack, H};
  }
  if (D.Var) {
    auto It = Named.find(D.Var);
    if (It != Named.end())
      for (unsigned R : It->second) {
        unsigned RS = S[R].states();
        if (!(RS & StHeld) && (RS & StReleased))
          return {SessionEnd::Removed, static_cast<int>(R)};
      }
  }
  return {};
}

bool Finder::endsWithFunction(int H, const HandleStates &S) const {
  if (H < 0)
    return false;
  const HandleDesc &D = F.Handles[H];
  // A shared_ptr may have been copied anywhere; a copy of a connection kept
  // in a registry by name (Qt's) is the registry's, which keeps it open.
  if (!Flow.destroyedOnUnwind(H) || D.Field || D.Wrap == Wrapper::SharedPtr ||
      (D.Info && D.Info->Own == Ownership::Shared &&
       !Model.releaseByNameFunction(D.Info->Library).empty()))
    return false;
  unsigned St = S[H].states();
  return (St & StHeld) && !(St & (StTransferred | StMovedAway | StEscaped));
}

Finder::Ended Finder::endedAtSomeExit(int H) const {
  // The states at an exit are after the destructors run there: only an
  // explicit close, commit or removal ends the session first.
  if (H < 0)
    return {};
  bool Explicit = !Ends[H].empty();
  if (const VarDecl *V = F.Handles[H].Var; V && !Explicit)
    if (auto It = Named.find(V); It != Named.end())
      Explicit = llvm::any_of(It->second,
                              [&](unsigned R) { return !Ends[R].empty(); });
  if (!Explicit)
    return {};
  for (const FunctionExit &X : Flow.exits())
    if (X.Kind == ExitKind::Return || X.Kind == ExitKind::FallOffEnd)
      if (Ended E = ended(H, X.States); E.How != SessionEnd::None)
        return E;
  return {};
}

SourceLocation Finder::endLoc(const Ended &E, SourceLocation Before) const {
  SourceLocation Best;
  if (E.By < 0)
    return Best;
  for (const auto &[Loc, How] : Ends[E.By])
    if ((!Before.isValid() || before(Loc, Before)) &&
        (Best.isInvalid() || before(Best, Loc)))
      Best = Loc;
  return Best;
}

const VarDecl *Finder::returnedLocal(const ReturnStmt *R) const {
  const Expr *V = R->getRetValue();
  if (!V)
    return nullptr;
  const Expr *Inner = movedFrom(V);
  const Expr *E = strip(Inner ? Inner : V);
  // The copy or move a return makes of a local.
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
      CE && CE->getNumArgs() == 1 &&
      CE->getConstructor()->isCopyOrMoveConstructor()) {
    Inner = movedFrom(CE->getArg(0));
    E = strip(Inner ? Inner : CE->getArg(0));
  }
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

void Finder::visitReturn(const ReturnStmt *R, const HandleStates &S) {
  const Expr *V = R->getRetValue();
  if (!V || F.function()->getReturnType()->isReferenceType())
    return;
  const VarDecl *Object = nullptr;
  int H = -1;
  const VarDecl *Owner = nullptr; // for a pointer into a bound object
  if (const VarDecl *Local = returnedLocal(R))
    if (const BoundObject *B = F.boundObject(Local)) {
      Object = Local;
      H = B->Handle;
      if (!B->Info)
        Owner = B->Parent;
    }
  EscapeFinding X = make(EscapeKind::Returned, R->getBeginLoc(), Object);
  if (!Object) {
    TypeClass C = Model.classifyType(V->getType());
    if (C && (C.Info->Kind == HandleKind::Bound ||
              C.Info->Kind == HandleKind::Entity)) {
      // A bound value made here: on the first local handle it names, or
      // the session of the first bound local.
      firstInside(V, [&](const Expr *Sub) {
        const auto *DRE = dyn_cast<DeclRefExpr>(Sub);
        if (!DRE)
          return false;
        if (const BoundObject *B = F.boundObject(DRE->getDecl()))
          H = B->Handle;
        else if (auto It = LocalHandles.find(DRE->getDecl());
                 It != LocalHandles.end())
          H = It->second;
        return H >= 0;
      });
      X.Info = C.Info;
      if (const auto *RD = V->getType()->getAsCXXRecordDecl();
          RD && RD->getDeclName().isIdentifier())
        X.ValueClass = RD->getName().str();
    } else if (V->getType()->isPointerType()) {
      Owner = boundStorageOwner(V, Model);
      if (!F.boundObject(Owner))
        return;
      X.Parent = Owner;
    } else {
      return;
    }
    if (H >= 0)
      X.Session = &F.Handles[H];
    X.BoundAt = V->getBeginLoc();
  }
  if (Owner) {
    // The object it points into is a local: destroyed on return.
    X.End = SessionEnd::WithFunction;
    X.EndsAt = R->getBeginLoc();
  } else if (Ended En = ended(H, S); En.How != SessionEnd::None) {
    X.End = En.How;
    X.EndsAt = endLoc(En, R->getBeginLoc());
  } else if (endsWithFunction(H, S)) {
    X.End = SessionEnd::WithFunction;
    X.EndsAt = R->getBeginLoc();
  } else {
    return;
  }
  Out.push_back(X);
}

void Finder::visitUse(const DeclRefExpr *Ref, const HandleStates &S) {
  const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
  const BoundObject *B = F.boundObject(VD);
  if (!B)
    return;
  // The state test first: the walks up the parents below cost more.
  Ended En = ended(B->Handle, S);
  if (En.How == SessionEnd::None ||
      (B->DeclaredBy && F.isWithin(Ref, B->DeclaredBy)))
    return;
  // Returned: the return says so.
  if (const auto *R = dyn_cast_or_null<ReturnStmt>(F.enclosingStatement(Ref));
      R && returnedLocal(R) == VD)
    return;
  // Assigning a new value binds it again.
  if (const auto *P = dyn_cast_or_null<Expr>(F.parents().getParent(Ref)))
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
        Op && Op->getOperator() == OO_Equal && Op->getArg(0) == Ref)
      return;
  auto It = UseFinding.find(VD);
  if (It != UseFinding.end()) {
    if (before(Ref->getLocation(), Out[It->second].Loc))
      Out[It->second].Loc = Ref->getLocation();
    return;
  }
  EscapeFinding X = make(EscapeKind::UsedAfterEnd, Ref->getLocation(), VD);
  X.End = En.How;
  X.EndsAt = endLoc(En, Ref->getLocation());
  UseFinding[VD] = Out.size();
  Out.push_back(X);
}

void Finder::visitStore(const Event &Ev, const HandleStates &S) {
  const auto *VD = dyn_cast_or_null<VarDecl>(Ev.Object);
  if (!VD)
    return;
  if (Ev.Into == StoreTarget::Static && isa_and_nonnull<DeclStmt>(Ev.At)) {
    // A function-local static made from, or of the type of, a bound object.
    TypeClass C = Model.classifyType(VD->getType());
    if (!C || (C.Info->Kind != HandleKind::Bound &&
               C.Info->Kind != HandleKind::Entity))
      return;
    EscapeFinding X = make(EscapeKind::StaticLocal, Ev.Loc, VD);
    X.Info = C.Info;
    X.BoundAt = VD->getLocation();
    if (Ev.Dst >= 0)
      X.Session = &F.Handles[Ev.Dst];
    else if (VD->getInit())
      X.SessionName = databaseIn(VD->getInit());
    Out.push_back(X);
    return;
  }
  const BoundObject *B = F.boundObject(VD);
  if (!B || (Ev.Into == StoreTarget::Container && Ev.IntoLocal))
    return;
  EscapeFinding X = make(EscapeKind::Stored, Ev.Loc, VD);
  X.Into = Ev.Into;
  if (Ev.Into == StoreTarget::Global || Ev.Into == StoreTarget::Static) {
    Out.push_back(X);
    return;
  }
  // A member, container or the caller's object outlives the session only
  // if the session ends here: with the function, or closed in it.
  if (!B->Info) {
    X.End = SessionEnd::WithFunction;
  } else if (endsWithFunction(B->Handle, S)) {
    X.End = SessionEnd::WithFunction;
  } else if (Ended En = endedAtSomeExit(B->Handle);
             En.How != SessionEnd::None) {
    X.End = En.How;
    X.EndsAt = endLoc(En, {});
  } else {
    return;
  }
  Out.push_back(X);
}

Sink Finder::sinkOf(const Stmt *Lambda, unsigned Depth) const {
  const Stmt *Cur = Lambda;
  for (unsigned Step = 0; Step != 12; ++Step) {
    const Stmt *P = F.parents().getParent(Cur);
    if (!P)
      return {};
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ParenExpr, ExprWithCleanups, CXXFunctionalCastExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      if (Async.matches(CE->getConstructor()))
        return {CE->getConstructor(), false};
      Cur = P; // a std::function or a task made from it
      continue;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P)) {
      // A callback assigned to a member or global is kept.
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          outlivesFunction(Op->getArg(0)))
        return {nullptr, true};
      return {};
    }
    if (const auto *Call = dyn_cast<CallExpr>(P)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (Async.matches(FD))
        return {FD, false};
      if (FD && FD->isInStdNamespace() && FD->getDeclName().isIdentifier() &&
          (FD->getName() == "bind" || FD->getName() == "move")) {
        Cur = P;
        continue;
      }
      // Appended to a container that outlives the function.
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
        if (const auto *MD = MC->getMethodDecl();
            MD && MD->getDeclName().isIdentifier() &&
            (MD->getName() == "push_back" || MD->getName() == "emplace_back" ||
             MD->getName() == "insert" || MD->getName() == "emplace") &&
            outlivesFunction(MC->getImplicitObjectArgument()))
          return {nullptr, true};
      return {};
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      const auto *V = DS->isSingleDecl() ? dyn_cast<VarDecl>(DS->getSingleDecl())
                                         : nullptr;
      if (!V)
        return {};
      if (V->hasGlobalStorage())
        return {nullptr, true};
      if (Depth != 0)
        return {};
      // A lambda kept in a local goes where the local is handed.
      Sink Found;
      llvm::SmallVector<const Stmt *, 16> Work{F.function()->getBody()};
      while (!Work.empty() && !Found) {
        const Stmt *S = Work.pop_back_val();
        if (!S)
          continue;
        if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
            DRE && DRE->getDecl() == V)
          Found = sinkOf(DRE, Depth + 1);
        for (const Stmt *Child : S->children())
          Work.push_back(Child);
      }
      return Found;
    }
    return {};
  }
  return {};
}

/// True if a copy of \p B still reads through its session: a shared
/// statement, a pointer, a shared_ptr, a pointer into a bound object.
static bool copySharesSession(const BoundObject &B) {
  return !B.Info || B.Wrap == Wrapper::Pointer ||
         B.Wrap == Wrapper::SharedPtr ||
         (B.Info->Kind == HandleKind::Bound &&
          B.Info->Own == Ownership::Shared);
}

void Finder::visitCapture(const Event &Ev) {
  const auto *VD = dyn_cast_or_null<VarDecl>(Ev.Object);
  const BoundObject *B = F.boundObject(VD);
  // A transaction is bound to its connection; the connection itself
  // crossing threads is not this check's business.
  const HandleDesc *Txn =
      !Ev.Object && Ev.Dst >= 0 &&
              F.Handles[Ev.Dst].Kind == HandleKind::Transaction &&
              F.Handles[Ev.Dst].Var
          ? &F.Handles[Ev.Dst]
          : nullptr;
  if (!B && !Txn)
    return;
  if (!Ev.ByRef && (Txn || !copySharesSession(*B)))
    return;
  Sink To = sinkOf(Ev.At, 0);
  if (!To)
    return;
  EscapeFinding X = make(EscapeKind::Captured, Ev.At->getBeginLoc(), VD);
  if (Txn) {
    X.Transaction = Txn;
    X.BoundAt = Txn->Var->getLocation();
    if (Txn->OpenedOn >= 0)
      X.Session = &F.Handles[Txn->OpenedOn];
    else if (Txn->OpenedOnParam >= 0)
      X.SessionName = nameOf(F.function()->getParamDecl(Txn->OpenedOnParam));
  }
  X.ByRef = Ev.ByRef;
  X.HandedTo = To.HandedTo;
  Out.push_back(X);
}

void Finder::visitHandOver(const CallFact &C) {
  // Only a bound local can be handed over; matching names costs a string.
  if (F.Bound.empty() || !Async.matches(C.Callee))
    return;
  const FunctionDecl *Callee = nullptr;
  const Expr *ObjectE = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  if (!callShape(C.E, Callee, ObjectE, Args))
    return;
  for (const Expr *A : Args) {
    bool ByRef = false;
    const Expr *E = strip(A);
    // std::ref(x), std::cref(x): x, by reference.
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *FD = Call->getDirectCallee();
          FD && FD->isInStdNamespace() && FD->getDeclName().isIdentifier() &&
          (FD->getName() == "ref" || FD->getName() == "cref") &&
          Call->getNumArgs() == 1) {
        ByRef = true;
        E = strip(Call->getArg(0));
      }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const BoundObject *B = DRE ? F.boundObject(DRE->getDecl()) : nullptr;
    if (!B)
      continue;
    // An entity handed over by value is still the one its session loaded:
    // the job should get its id.
    bool Entity = B->Info && B->Info->Kind == HandleKind::Entity;
    if (!ByRef && !Entity && !copySharesSession(*B))
      continue;
    EscapeFinding X = make(EscapeKind::HandedOver, A->getBeginLoc(),
                           cast<VarDecl>(DRE->getDecl()));
    X.ByRef = ByRef;
    X.HandedTo = C.Callee;
    Out.push_back(X);
  }
}

/// The calls that may have produced the connection \p B was made on:
/// those whose value is a connection or session in the initializer of the
/// local it came through or in what is assigned to that local, else in its
/// own initializer.
llvm::SmallVector<const CallExpr *, 2>
Finder::producersOf(const VarDecl *Object, const BoundObject &B) const {
  llvm::SmallVector<const Expr *, 2> From;
  if (const auto *V = dyn_cast_or_null<VarDecl>(B.Via)) {
    if (V->getInit())
      From.push_back(V->getInit());
    for (const CXXOperatorCallExpr *Op : assignmentsTo(V))
      From.push_back(Op->getArg(1));
  }
  if (From.empty() && Object->getInit())
    From.push_back(Object->getInit());
  llvm::SmallVector<const CallExpr *, 2> Calls;
  for (const Expr *E : From)
    if (const Expr *Call = firstInside(E, [&](const Expr *Sub) {
          TypeClass C = Model.classifyType(Sub->getType());
          return isa<CallExpr>(Sub) && C && isHeldKind(C.Info->Kind);
        }))
      Calls.push_back(cast<CallExpr>(Call));
  return Calls;
}

/// True if the name \p Name (a removal's argument) names the connection
/// \p B was made on: `db.connectionName()` of what it came through, or an
/// argument of the call that produced it (the same variable, the same
/// text).
bool Finder::namesConnectionOf(const Expr *Name, const VarDecl *Object,
                               const BoundObject &B) const {
  const Expr *N = strip(Name);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(N)) {
    const ValueDecl *D = namedDecl(MC->getImplicitObjectArgument());
    if (D && D == B.Via)
      return true;
  }
  const LangOptions &LO = F.context().getLangOpts();
  auto Text = [&](const Expr *E) {
    return Lexer::getSourceText(
        CharSourceRange::getTokenRange(E->getSourceRange()), SM, LO);
  };
  const auto *NR = dyn_cast<DeclRefExpr>(N);
  llvm::StringRef NT = Text(N);
  for (const CallExpr *Producer : producersOf(Object, B))
    for (const Expr *A : Producer->arguments()) {
      const Expr *AS = strip(A);
      if (const auto *AR = dyn_cast<DeclRefExpr>(AS); AR && NR) {
        if (AR->getDecl() == NR->getDecl())
          return true;
        continue;
      }
      if (!NT.empty() && Text(AS) == NT)
        return true;
    }
  return false;
}

/// True if \p Object is given a new value between \p From and \p To: a
/// query assigned `QSqlQuery()` no longer uses its connection.
bool Finder::reassignedBetween(const VarDecl *Object, SourceLocation From,
                               SourceLocation To) const {
  return llvm::any_of(assignmentsTo(Object),
                      [&](const CXXOperatorCallExpr *Op) {
                        return before(From, Op->getBeginLoc()) &&
                               before(Op->getBeginLoc(), To);
                      });
}

llvm::SmallVector<const CXXOperatorCallExpr *, 2>
Finder::assignmentsTo(const VarDecl *V) const {
  llvm::SmallVector<const CXXOperatorCallExpr *, 2> Found;
  llvm::SmallVector<const Stmt *, 16> Work{F.function()->getBody()};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Op->getArg(0)));
          DRE && DRE->getDecl() == V)
        Found.push_back(Op);
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  return Found;
}

void Finder::visitRemoval(const CallFact &C) {
  const FunctionDecl *Callee = nullptr;
  const Expr *ObjectE = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  if (!callShape(C.E, Callee, ObjectE, Args) ||
      static_cast<unsigned>(C.Info->NameArg) >= Args.size())
    return;
  const Expr *Name = Args[C.Info->NameArg];
  SourceLocation Loc = C.E->getBeginLoc();
  for (const auto &[VD, B] : F.Bound) {
    if (!B.Info || B.Wrap == Wrapper::Pointer || !B.DeclaredBy ||
        UseFinding.count(VD))
      continue;
    // Declared before, in a scope that is still open here.
    const auto *Scope =
        dyn_cast_or_null<CompoundStmt>(F.parents().getParent(B.DeclaredBy));
    if (!Scope || !F.isWithin(C.E, Scope) ||
        !before(B.DeclaredBy->getEndLoc(), Loc) ||
        !namesConnectionOf(Name, VD, B) ||
        reassignedBetween(VD, B.DeclaredBy->getEndLoc(), Loc))
      continue;
    EscapeFinding X = make(EscapeKind::AliveAtRemoval, Loc, VD);
    if (X.SessionName.empty() && !X.Session && B.Via)
      X.SessionName = nameOf(B.Via);
    X.End = SessionEnd::Removed;
    X.EndsAt = Loc;
    X.DestroyedAt = Scope->getRBracLoc();
    Out.push_back(X);
  }
}

void Finder::visitWrite(const CallFact &C, const HandleStates &S) {
  if (!C.Info || !C.Info->has(RoleWrite) || C.Info->HandleArg >= 0 ||
      !(C.Object.isHandle() || C.Object.isParam()))
    return;
  const FunctionDecl *Callee = nullptr;
  const Expr *ObjectE = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  if (!callShape(C.E, Callee, ObjectE, Args) || !ObjectE)
    return;
  for (const Expr *A : Args) {
    const auto *DRE = dyn_cast<DeclRefExpr>(strip(A));
    const BoundObject *B = DRE ? F.boundObject(DRE->getDecl()) : nullptr;
    if (!B || !B->Info || B->Info->Kind != HandleKind::Entity)
      continue;
    // Loaded through another session, which is still open here.
    bool Other;
    if (B->Handle >= 0)
      Other = S[B->Handle].held() &&
              !(C.Object.isHandle() &&
                F.Handles[C.Object.Index].Group ==
                    F.Handles[B->Handle].Group);
    else
      Other = B->Param >= 0 &&
              !(C.Object.isParam() &&
                C.Object.Index == static_cast<unsigned>(B->Param));
    if (!Other)
      continue;
    EscapeFinding X = make(EscapeKind::AttachedTwice, C.E->getExprLoc(),
                           cast<VarDecl>(DRE->getDecl()));
    X.Callee = Callee;
    const Expr *O = strip(ObjectE);
    if (C.Object.isHandle())
      X.OtherSession = describeHandle(F.Handles[C.Object.Index]);
    else if (const auto *ODRE = dyn_cast<DeclRefExpr>(O))
      X.OtherSession = nameOf(ODRE->getDecl());
    Out.push_back(X);
  }
}

void Finder::visit(unsigned Block, unsigned Index, const ElementFacts &E,
                   const HandleStates &S) {
  const Stmt *St = nullptr;
  if (auto CS = (*F.Blocks[Block])[Index].getAs<CFGStmt>())
    St = CS->getStmt();
  if (const auto *R = dyn_cast_or_null<ReturnStmt>(St))
    visitReturn(R, S);
  else if (const auto *Ref = dyn_cast_or_null<DeclRefExpr>(St))
    visitUse(Ref, S);
  if (E.Call >= 0) {
    const CallFact &C = F.Calls[E.Call];
    visitWrite(C, S);
    visitHandOver(C);
    if (C.Info && C.Info->has(RoleRelease) && C.Info->NameArg >= 0)
      Removals.push_back(&C);
  }
  for (const Event &Ev : E.Events) {
    if (Ev.Kind == Event::Store)
      visitStore(Ev, S);
    else if (Ev.Kind == Event::Capture)
      visitCapture(Ev);
  }
}

std::vector<EscapeFinding> Finder::run() {
  // Nothing bound, stored, captured or returned bound: nothing to look at.
  TypeClass Returned = Model.classifyType(F.function()->getReturnType());
  bool ReturnsBound = Returned && (Returned.Info->Kind == HandleKind::Bound ||
                                   Returned.Info->Kind == HandleKind::Entity);
  if (F.Bound.empty() && !ReturnsBound &&
      llvm::none_of(F.Elements, [](const auto &Elems) {
        return llvm::any_of(Elems, [](const ElementFacts &E) {
          return llvm::any_of(E.Events, [](const Event &Ev) {
            return (Ev.Kind == Event::Store && Ev.Object) ||
                   Ev.Kind == Event::Capture;
          });
        });
      }))
    return {};
  Ends.resize(F.Handles.size());
  for (unsigned H = 0; H != F.Handles.size(); ++H) {
    const HandleDesc &D = F.Handles[H];
    if (D.IsNamed && D.NamedVia)
      Named[D.NamedVia].push_back(H);
    else if (D.Var && !D.Field && !D.IsTxnOn)
      LocalHandles.try_emplace(D.Var, H);
  }
  for (const auto &Elems : F.Elements)
    for (const ElementFacts &E : Elems)
      for (const Event &Ev : E.Events) {
        if (Ev.Dst < 0)
          continue;
        SessionEnd How = Ev.Kind == Event::Release
                             ? (F.Handles[Ev.Dst].IsNamed ? SessionEnd::Removed
                                                          : SessionEnd::Closed)
                         : Ev.Kind == Event::Commit   ? SessionEnd::Committed
                         : Ev.Kind == Event::Rollback ? SessionEnd::RolledBack
                                                      : SessionEnd::None;
        if (How != SessionEnd::None)
          Ends[Ev.Dst].push_back({Ev.Loc, How});
      }
  // A function without handles is not solved (no block is reached): its
  // bound objects are made on the caller's or the object's database, and
  // no state is needed to see them stored or captured.
  const bool Unsolved = F.Handles.empty();
  const HandleStates NoStates;
  for (unsigned B = 0; B != F.Blocks.size(); ++B) {
    if (!F.Blocks[B])
      continue;
    if (Unsolved) {
      for (unsigned I = 0; I != F.Elements[B].size(); ++I)
        visit(B, I, F.Elements[B][I], NoStates);
      continue;
    }
    if (Flow.reached(B))
      Flow.replay(B, [&](unsigned I, const ElementFacts &E,
                         const HandleStates &S) { visit(B, I, E, S); });
  }
  // Removals by name last: an object used after one is reported at the
  // use.
  for (const CallFact *C : Removals)
    visitRemoval(*C);
  std::stable_sort(Out.begin(), Out.end(),
                   [&](const EscapeFinding &A, const EscapeFinding &B) {
                     return before(A.Loc, B.Loc);
                   });
  return Out;
}

} // namespace

std::vector<EscapeFinding> findEscapes(const FunctionFlow &Flow,
                                       const ApiModel &Model,
                                       const AsyncFunctions &Async) {
  if (Flow.isSkipped() || !Flow.facts())
    return {};
  return Finder(Flow, Model, Async).run();
}

} // namespace clang::tidy::dbsession
