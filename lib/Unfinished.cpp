//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "Unfinished.h"
#include "ExprHelpers.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <map>

namespace clang::tidy::dbsession {

namespace {

bool rollsBackOnDestroy(const HandleDesc &D) {
  return !D.IsTxnOn && D.Var && D.DeclaredBy && D.Info &&
         D.Wrap != Wrapper::Pointer &&
         D.Info->OnDestroy == DestroyAction::Rollback;
}

class Finder {
public:
  explicit Finder(const FunctionFlow &Flow)
      : Flow(Flow), F(*Flow.facts()), Summaries(Flow.summaries()),
        SM(F.context().getSourceManager()) {}

  TransactionFindings run();

private:
  const FunctionFlow &Flow;
  const FunctionFacts &F;
  SummaryTable &Summaries;
  const SourceManager &SM;
  TransactionFindings Out;

  bool before(SourceLocation A, SourceLocation B) const {
    return B.isInvalid() || (A.isValid() && SM.isBeforeInTranslationUnit(A, B));
  }
  bool openAt(const FunctionExit &X, unsigned T) const;
  bool finishesSession(const ElementFacts &E, unsigned T) const;
  bool beginsForCaller(unsigned T) const;
  bool keptByObject(unsigned T) const;
  void unfinished(unsigned T);
  void spellFinish(unsigned T, UnfinishedFinding &Found) const;
  SourceLocation firstWrite(unsigned T) const;
  void eventsInOrder();
  void checkEvent(const Event &Ev, const HandleStates &S,
                  const ElementFacts *E);
};

bool Finder::openAt(const FunctionExit &X, unsigned T) const {
  // Open on every path that reaches the exit: a transaction finished on
  // some of them is most often finished under a flag the analysis does not
  // follow (`if (!ok) { db.rollback(); error = true; }`), and an RAII one
  // committed under a condition is rolled back on purpose otherwise.
  if (!X.States[T].surelyHeld())
    return false;
  if (rollsBackOnDestroy(F.Handles[T]))
    // Only the normal end of its scope, and only after a write.
    return X.Kind == ExitKind::ScopeEnd && X.Handle == static_cast<int>(T) &&
           X.States[T].written();
  switch (X.Kind) {
  case ExitKind::Return:
  case ExitKind::FallOffEnd:
  case ExitKind::Throw:
    return true;
  case ExitKind::ThrowingCall:
    // A commit or rollback that throws is not an exception between begin
    // and commit.
    return callMayThrow(F.Calls[X.Call], Summaries) &&
           !finishesSession(F.Elements[X.Block][X.Index], T);
  case ExitKind::ScopeEnd:
    return false;
  }
  return false;
}

bool Finder::finishesSession(const ElementFacts &E, unsigned T) const {
  for (const Event &Ev : E.Events) {
    if (Ev.Kind != Event::Commit && Ev.Kind != Event::Rollback)
      continue;
    if (Flow.onSessionOf(Ev, T))
      return true;
  }
  return false;
}

/// A function that begins a transaction on its caller's handle and finishes
/// it on none of its exits is there to begin it. An exit before the begin
/// (a guard clause) does not count against it.
bool Finder::beginsForCaller(unsigned T) const {
  const HandleDesc &D = F.Handles[T];
  if (!D.IsTxnOn || D.OnLocal)
    return false;
  unsigned Open = 0;
  for (const FunctionExit &X : Flow.exits()) {
    if (X.Kind != ExitKind::Return && X.Kind != ExitKind::FallOffEnd)
      continue;
    unsigned States = X.States[T].states();
    if (States & ~unsigned(StUnheld | StHeld))
      return false;
    if (States & StHeld)
      ++Open;
  }
  return Open != 0;
}

/// A transaction begun on a local connection that this function hands to
/// its object or to a global (the connection itself, or its name:
/// `connection_ = db.connectionName(); db.transaction();`) is theirs to
/// finish, like the connection: the begin half of a start/finish pair.
bool Finder::keptByObject(unsigned T) const {
  const HandleDesc &D = F.Handles[T];
  if (!D.OnLocal || D.OpenedOn < 0)
    return false;
  const VarDecl *Session = F.Handles[D.OpenedOn].Var;
  if (!Session || !Session->hasLocalStorage())
    return false;
  const ValueDecl *Decls[] = {Session};
  return storesIntoOwner(F.function()->getBody(), Decls, nullptr);
}

SourceLocation Finder::firstWrite(unsigned T) const {
  SourceLocation First;
  for (unsigned B = 0; B != F.Blocks.size(); ++B) {
    if (!F.Blocks[B] || !Flow.reached(B))
      continue;
    Flow.replay(B, [&](unsigned, const ElementFacts &E,
                       const HandleStates &S) {
      if (!S[T].held())
        return;
      for (const Event &Ev : E.Events) {
        if (Ev.Kind != Event::Write)
          continue;
        if (Flow.onSessionOf(Ev, T) && before(Ev.Loc, First))
          First = Ev.Loc;
      }
    });
  }
  return First;
}

void Finder::spellFinish(unsigned T, UnfinishedFinding &Found) const {
  const HandleDesc &D = F.Handles[T];
  const ApiModel &Model = Summaries.model();
  // The transaction object's own calls, or the session's.
  QualType Type;
  std::string Object = D.Name;
  if (!D.IsTxnOn && D.Var)
    Type = D.Var->getType();
  else if (D.OpenedOn >= 0 && F.Handles[D.OpenedOn].Var)
    Type = F.Handles[D.OpenedOn].Var->getType();
  else if (D.Var)
    Type = D.Var->getType();
  else if (D.Field)
    Type = D.Field->getType();
  if (Type.isNull())
    return;
  Type = Type.getNonReferenceType();
  bool Pointer = Type->isPointerType();
  const CXXRecordDecl *RD = Pointer ? Type->getPointeeCXXRecordDecl()
                                    : Type->getAsCXXRecordDecl();
  std::string Access = Pointer ? "->" : ".";
  if (const CXXMethodDecl *M = methodWithRole(RD, RoleCommit, Model))
    Found.CommitCall = Object + Access + M->getName().str() + "()";
  if (const CXXMethodDecl *M = methodWithRole(RD, RoleRollback, Model))
    Found.RollbackCall = Object + Access + M->getName().str() + "()";
}

void Finder::unfinished(unsigned T) {
  if (beginsForCaller(T) || keptByObject(T))
    return;
  auto BySite =
      Flow.exitsBySite(T, [&](const FunctionExit &X) { return openAt(X, T); });
  for (const auto &Entry : BySite) {
    UnfinishedFinding Found;
    Found.Handle = &F.Handles[T];
    Found.BegunAt = F.Sites[Entry.first].Loc;
    Found.RollsBackOnDestroy = rollsBackOnDestroy(F.Handles[T]);
    Found.FirstWrite = firstWrite(T);
    spellFinish(T, Found);
    for (const FunctionExit *X : Entry.second)
      Found.Exits.push_back(ExitNote::of(*X, F));
    Out.Unfinished.push_back(std::move(Found));
  }
}

void Finder::checkEvent(const Event &Ev, const HandleStates &S,
                        const ElementFacts *E) {
  if (Ev.Dst < 0 || F.Handles[Ev.Dst].Kind != HandleKind::Transaction)
    return;
  unsigned T = Ev.Dst;
  const HandleDesc &D = F.Handles[T];
  if (Ev.Kind == Event::Commit || Ev.Kind == Event::Rollback) {
    // Leaving manual mode (setAutoCommit(true)) commits what is open, if
    // anything: never a finding itself.
    if (E && E->Call >= 0 && F.Calls[E->Call].Info &&
        F.Calls[E->Call].Info->has(RoleBegin))
      return;
    unsigned St = S[T].states();
    if (St != 0 && (St & ~(StCommitted | StRolledBack)) == 0)
      Out.FinishedTwice.push_back({&D, Ev.Loc, Ev.Kind == Event::Commit, St});
    return;
  }
  if (Ev.Kind != Event::Acquire)
    return;
  // Begun while a transaction is surely open on the same session: itself
  // (a second begin()), or another one.
  for (unsigned U = 0; U != S.size(); ++U) {
    if (F.Handles[U].Kind != HandleKind::Transaction || !S[U].surelyHeld())
      continue;
    if (U != T && (Flow.sessionOf(U).first == 2 ||
                   Flow.sessionOf(U) != Flow.sessionOf(T)))
      continue;
    SourceLocation OpenedAt;
    if (S[U].Site != HandleState::NoSite)
      OpenedAt = F.Sites[S[U].Site].Loc;
    Out.NestedBegins.push_back({&D, &F.Handles[U], Ev.Loc, OpenedAt});
    return;
  }
}

void Finder::eventsInOrder() {
  for (unsigned B = 0; B != F.Blocks.size(); ++B) {
    if (!F.Blocks[B] || !Flow.reached(B))
      continue;
    // Each event against the states before its element: a commit through
    // the connection and of the transaction on it are one commit.
    Flow.replay(B, [&](unsigned, const ElementFacts &E,
                       const HandleStates &S) {
      for (const Event &Ev : E.Events)
        checkEvent(Ev, S, &E);
    });
    // Commits tested by a branch happen on its edges.
    auto It = F.EdgeEvents.find(B);
    if (It == F.EdgeEvents.end())
      continue;
    HandleStates End =
        Flow.before(B, static_cast<unsigned>(F.Elements[B].size()));
    for (const FunctionFacts::EdgeEvent &E : It->second)
      checkEvent(E.Ev, End, nullptr);
  }
  auto ByLoc = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  };
  std::stable_sort(Out.FinishedTwice.begin(), Out.FinishedTwice.end(),
                   [&](const auto &A, const auto &B) {
                     return ByLoc(A.Loc, B.Loc);
                   });
  std::stable_sort(Out.NestedBegins.begin(), Out.NestedBegins.end(),
                   [&](const auto &A, const auto &B) {
                     return ByLoc(A.Loc, B.Loc);
                   });
}

TransactionFindings Finder::run() {
  for (unsigned T = 0; T != F.Handles.size(); ++T) {
    const HandleDesc &D = F.Handles[T];
    if (D.Kind != HandleKind::Transaction)
      continue;
    if (D.IsTxnOn || rollsBackOnDestroy(D))
      unfinished(T);
  }
  eventsInOrder();
  return std::move(Out);
}

} // namespace

TransactionFindings findTransactionMisuse(const FunctionFlow &Flow) {
  if (Flow.isSkipped() || Flow.facts()->Handles.empty())
    return {};
  return Finder(Flow).run();
}

} // namespace clang::tidy::dbsession
