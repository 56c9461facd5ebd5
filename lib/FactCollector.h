//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reads one function's CFG into its FunctionFacts. Private to the
/// analysis library; its work is split by phase:
///
///   * FactPlaces.cpp: what an expression denotes (a handle, a parameter,
///     a member) and where a value comes from (an acquisition, a move, a
///     copy);
///   * HandleDiscovery.cpp: which objects are handles, aliases of handles,
///     or bound to a handle (a first pass over every element);
///   * EventCollection.cpp: what each element does to them (a second
///     pass).
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_FACTCOLLECTOR_H
#define DBSESSION_TIDY_LIB_FACTCOLLECTOR_H

#include "ExprHelpers.h"
#include "FlowFacts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <map>
#include <tuple>
#include <optional>
#include <vector>

namespace clang::tidy::dbsession {

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
  /// A transaction's key: the local handle it was begun on, or the
  /// parameter and member.
  using TxnKey = std::tuple<int, int, const FieldDecl *>;
  std::map<TxnKey, unsigned> TxnHandles;
  llvm::DenseMap<const ValueDecl *, unsigned> BoundTo;
  /// Locals bound to a database parameter (a QSqlQuery made on the caller's
  /// connection): the parameter's index.
  llvm::DenseMap<const ValueDecl *, unsigned> BoundToParam;
  /// References and plain pointers to a handle owned elsewhere: other names
  /// for it, not owners.
  llvm::DenseMap<const VarDecl *, Place> Aliases;
  llvm::DenseMap<const CXXTryStmt *, unsigned> HandlerBlockOf;
  llvm::DenseMap<const CXXCatchStmt *, unsigned> CatchBlocks;
  /// Where an exception thrown at a statement lands (an index into
  /// FunctionFacts::Catches, or -1), and the same for everything inside one
  /// innermost `try` block, which shares it.
  llvm::DenseMap<const Stmt *, int> ThrowTargetAt;
  llvm::DenseMap<const CXXTryStmt *, int> ThrowTargetOfTry;
  /// Reverse indexes over the handles, extended as handles are added, so
  /// that a reference or a throwing call does not visit every handle:
  /// the handles a declaration's use counts for (from UseDecls), and the
  /// handles declared inside each `try` block.
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<unsigned, 1>> UsersOf;
  unsigned UsersIndexed = 0;
  llvm::DenseMap<const CXXTryStmt *, llvm::SmallVector<unsigned, 4>>
      DeclaredInTry;
  unsigned TriesIndexed = 0;
  llvm::ArrayRef<unsigned> usersOf(const ValueDecl *D);
  llvm::ArrayRef<unsigned> declaredInTry(const CXXTryStmt *Try);
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
  void discoverReusedParam(const Expr *LHS, const Expr *RHS);
  void discoverBound(const CFGElement &E);
  /// Records the locals bound to a session (FunctionFacts::Bound).
  void bindOutArguments(unsigned H, const Expr *Init);
  void discoverBoundObject(const CFGElement &E);
  void discoverAlias(const CFGElement &E);
  void collect(const CFGElement &E, ElementFacts &Out);
  void collectStmt(const Stmt *S, ElementFacts &Out);
  void assign(int Dst, const Source &Src, SourceLocation Loc,
              ElementFacts &Out);
  void collectCall(const Expr *E, ElementFacts &Out);
  void noteReceived(const Expr *A, CallFact &C) const;
  /// The handle a call works through when it gets \p E: a handle, the
  /// handle a bound object was made from, or a database parameter.
  Target throughWhich(const Expr *E) const;
  void collectRoles(const Expr *E, const CallFact &C, const Expr *Object,
                    llvm::ArrayRef<const Expr *> Args, ElementFacts &Out);
  void collectWrite(const Expr *E, const CallFact &C, const Expr *Object,
                    llvm::ArrayRef<const Expr *> Args, ElementFacts &Out);
  void collectSmartPointer(const CXXMemberCallExpr *MC, const CallFact &C,
                           const Expr *Object, ElementFacts &Out);
  void collectHandOver(const Expr *E, const CallFact &C, ElementFacts &Out);
  void collectContainerStore(const Expr *E, const FunctionDecl *Callee,
                             const Expr *Object,
                             llvm::ArrayRef<const Expr *> Args,
                             ElementFacts &Out);
  void collectStore(const Expr *TargetE, const Expr *Value, const Stmt *At,
                    ElementFacts &Out);
  void collectCapture(const LambdaExpr *L, ElementFacts &Out);
  /// The handle \p Value is, or the handle the bound local it names was
  /// made from (with that local).
  std::optional<std::pair<unsigned, const ValueDecl *>>
  storedValue(const Expr *Value) const;
  /// Where an assignment to \p TargetE stores, if it may outlive the
  /// function.
  std::optional<StoreTarget> storeTargetOf(const Expr *TargetE) const;
  /// The first database parameter named inside \p E, or -1.
  int paramIn(const Expr *E) const;
  /// Whether a helper of this unit begins a transaction somewhere (looked
  /// at once per helper): then it may be a begin wrapper.
  bool mayBeginForCaller(const FunctionDecl *Callee);
  llvm::DenseMap<const FunctionDecl *, bool> BeginsCache;
  /// Whether a helper of this unit registers a connection under a name
  /// computed at run time and returns a handle (looked at once per helper,
  /// through helpers it calls): then it may return the registration.
  bool mayRegisterForCaller(const FunctionDecl *Callee, unsigned Depth = 0);
  llvm::DenseMap<const FunctionDecl *, bool> RegistersCache;
  /// Registrations by a name computed at run time, by acquiring call.
  llvm::DenseMap<const Expr *, unsigned> NamedHandles;
  void discoverNamed(const Expr *Call, const CallInfo *Info,
                     llvm::ArrayRef<const Expr *> Args);
  void discoverReturnedRegistration(const Expr *Call);
  void addNamedHandle(const Expr *Call, HandleDesc D);
  /// Whether two name arguments name the same registration.
  bool sameName(const Expr *A, const Expr *B, const HandleDesc &D) const;
  void collectNamed(const Expr *E, const CallInfo *Info,
                    llvm::ArrayRef<const Expr *> Args, ElementFacts &Out);
  /// After an assignment to a parameter: its transactions end.
  void resetReplaced(const Expr *LHS, SourceLocation Loc, ElementFacts &Out);
  /// The first handle named inside \p E, or -1.
  int handleIn(const Expr *E) const;
  void push(ElementFacts &Out, Event::KindTy K, Target T, SourceLocation Loc);
  int throwTargetFor(const Stmt *S);
  bool throwsOut(const Stmt *S) const;
  void collectBranchEvents(const CFGBlock &B);
  /// The expression a call works through: its handle argument, its object,
  /// or the first argument that is a handle or a database parameter.
  const Expr *handleExprOf(const CallInfo *Info, const Expr *Object,
                           llvm::ArrayRef<const Expr *> Args) const;
  /// True if the call begins a transaction: the model's begin role (not
  /// `setAutoCommit(true)`), or BEGIN sent as SQL text.
  bool beginsTransaction(const Expr *E, const CallInfo *Info,
                         llvm::ArrayRef<const Expr *> Args) const;
  void collectTransactionText(const Expr *E, const CallFact &C,
                              const Expr *Object,
                              llvm::ArrayRef<const Expr *> Args,
                              ElementFacts &Out);
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

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_FACTCOLLECTOR_H
