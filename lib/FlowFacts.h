//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What one function does to database handles, read once from its CFG.
///
/// The handle-state analysis (HandleFlow) and the per-function summaries
/// (Summaries) both need the same raw facts about a function body: which
/// local objects are handles, which CFG element acquires, moves, releases or
/// commits which of them, which calls are blocking calls from the catalog,
/// and which arguments of each call are handles or parameters. This file
/// collects those facts without looking at any other function, so that the
/// summaries can be computed bottom-up and the flow analysis can interpret
/// calls through them later.
///
/// Implementation: the CFG is built with implicit and temporary destructors,
/// member initializers and every sub-expression as its own element. A first
/// pass over the elements creates the handles (local variables of a handle
/// type, members acquired into, temporaries that acquire); a second pass
/// records, per element, a small list of events. Nothing here names a
/// library: every type and call is classified by the ApiModel.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_FLOWFACTS_H
#define DBSESSION_TIDY_LIB_FLOWFACTS_H

#include "ApiModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::dbsession {

/// Which blocking calls a check counts: a filter over the facts, which
/// record every catalog call with its group whatever the check asks.
struct BlockingPolicy {
  /// Groups that count; empty or "*" means all. An entry ending in ".*"
  /// matches a group prefix ("network.*").
  std::vector<std::string> Groups;
  /// Whether calls to functions whose summary may block count.
  bool IncludeHelpers = true;
  /// The longest chain of helpers followed down to a catalog function.
  unsigned MaxChainDepth = 6;

  bool groupEnabled(llvm::StringRef Group) const;
};

/// Limits on the work the analysis does for one function; shared by every
/// check that asks for the same analysis.
/// The budget every check's analysis shares unless told otherwise: enough
/// for a function of 32,000 statements and 3,200 handles (bench/).
inline constexpr unsigned DefaultAnalysisBudget = 200000;

struct AnalysisLimits {
  /// Work allowed per function (CFG block visits); past it, or with more
  /// CFG blocks than a quarter of it, the function is skipped.
  unsigned Budget = DefaultAnalysisBudget;
};

/// Whether a call to \p FD is a blocking call from the catalog (the model
/// has merged in the options' extra and ignored functions), and in which
/// group.
bool isCatalogBlocking(const FunctionDecl *FD, const ApiModel &Model,
                       std::string *Group);

/// A place a call argument or object can come from, as far as handles go.
struct Target {
  enum KindTy : unsigned char { None, Handle, Param } Kind = None;
  unsigned Index = 0;
  static Target handle(unsigned I) { return {Handle, I}; }
  static Target param(unsigned I) { return {Param, I}; }
  bool isHandle() const { return Kind == Handle; }
  bool isParam() const { return Kind == Param; }
  bool operator==(const Target &O) const {
    return Kind == O.Kind && Index == O.Index;
  }
};

/// A handle this function may hold.
struct HandleDesc {
  /// What it is: a local variable, a member of a local or of `this`, a
  /// temporary, or a transaction begun on a handle owned elsewhere.
  const VarDecl *Var = nullptr;
  const FieldDecl *Field = nullptr;
  const CXXBindTemporaryExpr *Temp = nullptr;
  bool IsTxnOn = false;
  /// How it is named in diagnostics and in fix-its ("sql", "sql_", "p").
  std::string Name;
  HandleKind Kind = HandleKind::Connection;
  Wrapper Wrap = Wrapper::None;
  const HandleTypeInfo *Info = nullptr;
  /// Copies of a shared handle form a group: the group is held while any of
  /// them is, and is reported once.
  unsigned Group = 0;
  /// For a transaction object: the handle it was opened on, if tracked; for
  /// a transaction begun on a local handle (OnLocal), that handle.
  int OpenedOn = -1;
  /// A connection registered under a name computed at run time
  /// (`QSqlDatabase::addDatabase(type, name)`, or a helper returning one):
  /// the registration itself,
  /// which only a release by that name ends. NameExpr is the name's
  /// argument, NamedVia the local that received the handle, if any.
  bool IsNamed = false;
  const Expr *NameExpr = nullptr;
  const VarDecl *NamedVia = nullptr;
  /// The call that registered it: `QSqlDatabase::addDatabase(...)`, or a
  /// helper of this unit that returns a registration (its summary's
  /// ReturnsRegistration; NameExpr is then null).
  const Expr *RegisteredBy = nullptr;
  /// For a transaction opened or begun on a parameter: its index.
  int OpenedOnParam = -1;
  /// A transaction begun (`begin()`, `BEGIN` sent as SQL) on a handle this
  /// function owns; the handle itself is what the other checks follow.
  bool OnLocal = false;
  /// The statement that declares a local; null for the others.
  const DeclStmt *DeclaredBy = nullptr;
};

/// Where and how a handle was acquired; the note points here.
struct AcquireSite {
  SourceLocation Loc;
  HandleKind Kind = HandleKind::Connection;
  /// Acquired by a helper's return value: its summary says the kind.
  const FunctionDecl *Helper = nullptr;
};

/// Where a store puts a handle or a bound object: somewhere that may
/// outlive the function.
enum class StoreTarget : unsigned char {
  Member,    ///< a member of `this`
  Global,    ///< a global or a class's static member
  Static,    ///< a function-local static
  Container, ///< a standard container (push_back, insert, operator[])
  OutParam,  ///< the object a reference or pointer parameter names
};

/// One thing an element does to a handle. Events on a parameter (Dst < 0,
/// Param >= 0) are read by the summaries only. Made by the named
/// constructors below.
struct Event {
  enum KindTy : unsigned char {
    Acquire,          ///< Dst becomes held at Site
    AcquireIfReturns, ///< held if Callee's summary returns a new handle
    Release,          ///< explicit release of Dst
    Destroy,          ///< destructor or end of scope of Dst
    Commit,           ///< commits Dst (a transaction)
    Rollback,         ///< rolls back Dst
    MoveTo,           ///< Src moved into Dst (Dst < 0: into another owner)
    CopyTo,           ///< Src copied into Dst (shared handles)
    Transfer,         ///< Dst's ownership leaves this function
    Escape,           ///< Dst is stored where we cannot follow it
    Reset,            ///< Dst now holds nothing
    // What happens through a handle, not to its state:
    Write,            ///< a write through Dst (the model's write role, or
                      ///< SQL text that modifies)
    Store,            ///< Dst, or Object bound to it, is stored at Into
    Capture,          ///< Dst, or Object bound to it, is captured by the
                      ///< lambda At (by reference if ByRef)
  } Kind;
  int Dst = -1;
  int Src = -1;
  unsigned Site = 0;
  const FunctionDecl *Callee = nullptr;
  /// For events on a parameter (summaries only).
  int Param = -1;
  SourceLocation Loc;
  /// Store and Capture: the bound object (a local bound to Dst), or null
  /// when it is the handle itself; the statement (the store, the lambda).
  const ValueDecl *Object = nullptr;
  const Stmt *At = nullptr;
  StoreTarget Into = StoreTarget::Member;
  bool ByRef = false;
  /// Store into a container: the container is a local of this function,
  /// which dies with it.
  bool IntoLocal = false;

  /// \p K with no handle; the named constructors below fill it in.
  explicit Event(KindTy K) : Kind(K) {}
  /// \p K on handle \p H.
  static Event on(KindTy K, unsigned H, SourceLocation Loc) {
    Event E(K);
    E.Dst = static_cast<int>(H);
    E.Loc = Loc;
    return E;
  }
  /// \p K on the caller's object passed as parameter \p P.
  static Event onParam(KindTy K, unsigned P, SourceLocation Loc) {
    Event E(K);
    E.Param = static_cast<int>(P);
    E.Loc = Loc;
    return E;
  }
  static Event acquire(int H, unsigned Site, SourceLocation Loc) {
    Event E(Acquire);
    E.Dst = H;
    E.Site = Site;
    E.Loc = Loc;
    return E;
  }
  static Event acquireIfReturns(int H, unsigned Site,
                                const FunctionDecl *Callee,
                                SourceLocation Loc) {
    Event E = acquire(H, Site, Loc);
    E.Kind = AcquireIfReturns;
    E.Callee = Callee;
    return E;
  }
  /// Src moved (MoveTo) or copied (CopyTo) into Dst.
  static Event moveOrCopy(KindTy K, int Dst, unsigned Src,
                          SourceLocation Loc) {
    Event E(K);
    E.Dst = Dst;
    E.Src = static_cast<int>(Src);
    E.Loc = Loc;
    return E;
  }
  /// \p H may be -1: a bound object whose session is not a handle here.
  static Event store(int H, const ValueDecl *Object, StoreTarget Into,
                     const Stmt *At, SourceLocation Loc) {
    Event E(Store);
    E.Dst = H;
    E.Loc = Loc;
    E.Object = Object;
    E.Into = Into;
    E.At = At;
    return E;
  }
  static Event capture(int H, const ValueDecl *Object, bool ByRef,
                       const Stmt *Lambda, SourceLocation Loc) {
    Event E(Capture);
    E.Dst = H;
    E.Loc = Loc;
    E.Object = Object;
    E.ByRef = ByRef;
    E.At = Lambda;
    return E;
  }
};

/// A local bound to a session: an object made through a handle or a
/// database parameter (a statement, rowset, stream, query, an entity
/// loaded through it), or through another bound local (a `Column` of a
/// `Statement`, a text pointer into it).
struct BoundObject {
  /// The handle whose session it needs (for a chain, the first link's), or
  /// -1 when the session is not a handle of this function.
  int Handle = -1;
  /// The caller's database it was made on, or -1.
  int Param = -1;
  /// The bound local it was made from, for a chain.
  const VarDecl *Parent = nullptr;
  /// Its type in the model: null for a pointer into a bound object.
  const HandleTypeInfo *Info = nullptr;
  Wrapper Wrap = Wrapper::None;
  /// The statement that declares it.
  const DeclStmt *DeclaredBy = nullptr;
  /// What its session came through: the handle, parameter, member or
  /// local named in its initializer, if any.
  const ValueDecl *Via = nullptr;
};

/// A call (or construction) and what it receives.
struct CallFact {
  const Expr *E = nullptr;
  const FunctionDecl *Callee = nullptr;
  const CallInfo *Info = nullptr;
  /// The implicit object and the arguments, aligned with the callee's
  /// parameters.
  Target Object;
  llvm::SmallVector<Target, 4> Args;
  /// Per argument: passed with std::move into a by-value or rvalue-reference
  /// parameter.
  llvm::SmallVector<bool, 4> ArgMoved;
  /// Direct blocking call from the catalog, and its group (whichever
  /// groups a check counts).
  bool DirectBlocking = false;
  std::string Group;
  /// The call receives a value of a handle or bound type (DB work), and
  /// which tracked handles it receives, directly or through bound objects.
  bool ReceivesDbValue = false;
  llvm::SmallVector<unsigned, 2> ReceivesHandles;
  bool MayThrow = true;
  /// Per argument: the transaction begun on it here, if the callee may
  /// begin one for its caller (a begin wrapper), and the site its begin
  /// would have; -1 otherwise.
  llvm::SmallVector<int, 4> ArgTxn;
  llvm::SmallVector<unsigned, 4> ArgTxnSite;
};

/// Everything recorded for one CFG element.
struct ElementFacts {
  int Call = -1; ///< index into Calls, or -1
  llvm::SmallVector<Event, 2> Events;
  /// Where an exception thrown here lands: indexes into Catches.
  int Throws = -1;
  /// An exception thrown here (a `throw`, or a call that may throw) leaves
  /// the function: no enclosing `try` block (whose handlers are taken to
  /// catch it; exception types are not matched).
  bool ThrowsOut = false;
  /// A `throw` here: its expression. For a rethrow (`throw;`), the `try`
  /// statement whose handler it is in, if any: it throws only what that
  /// `try` block threw.
  const CXXThrowExpr *Throw = nullptr;
  const CXXTryStmt *RethrowOf = nullptr;
  /// A reference to these handles (or objects bound to them).
  llvm::SmallVector<unsigned, 1> Uses;
  /// A reference that is the handle of a call ending it (close, commit,
  /// reset, delete): not a use that needs the handle alive.
  llvm::SmallVector<unsigned, 1> ReleaseUses;
  /// A `return` of a value that is a fresh handle (for summaries).
  bool ReturnsAcquired = false;
  HandleKind ReturnsAcquiredKind = HandleKind::Connection;
  int ReturnsHandle = -1;
  const FunctionDecl *ReturnsCallResult = nullptr;
};

/// Where an exception from one element goes: the handler blocks, and the
/// handles destroyed on the way there.
struct ThrowTarget {
  llvm::SmallVector<unsigned, 2> HandlerBlocks;
  llvm::SmallVector<unsigned, 4> Unwound;
};

/// The facts of one function.
class FunctionFacts {
public:
  /// Reads \p FD. Returns null when it has no body, is a dependent context,
  /// or is larger than the budget allows.
  static std::unique_ptr<FunctionFacts> build(const FunctionDecl *FD,
                                              ASTContext &Ctx,
                                              const ApiModel &Model,
                                              const AnalysisLimits &Limits);

  const FunctionDecl *function() const { return FD; }
  const CFG &cfg() const { return *Graph; }
  ASTContext &context() const { return *Ctx; }
  const ParentMap &parents() const { return *Parents; }

  std::vector<HandleDesc> Handles;
  std::vector<AcquireSite> Sites;
  std::vector<CallFact> Calls;
  std::vector<ThrowTarget> Catches;
  /// Indexed by block ID, then by element index.
  std::vector<std::vector<ElementFacts>> Elements;
  /// The blocks, by ID.
  std::vector<const CFGBlock *> Blocks;
  /// Blocks that start a catch handler: entered only through Catches.
  llvm::SmallVector<bool, 16> IsHandlerBlock;
  /// Events that happen on one edge out of a block only: where a branch
  /// tests a raw-pointer handle for null (on the null edge it holds
  /// nothing), or tests the result of a commit (it committed only on the
  /// edge where it succeeded).
  struct EdgeEvent {
    /// Successor index: 0 where the condition is true, 1 where false.
    unsigned Succ = 0;
    Event Ev;
  };
  llvm::DenseMap<unsigned, llvm::SmallVector<EdgeEvent, 1>> EdgeEvents;
  /// Per handle: variables whose use means the handle is still needed
  /// (itself and objects bound to it).
  std::vector<llvm::SmallVector<const ValueDecl *, 2>> UseDecls;
  /// The locals bound to a session, in declaration order.
  llvm::MapVector<const VarDecl *, BoundObject> Bound;
  /// The bound object \p VD is, or null.
  const BoundObject *boundObject(const ValueDecl *VD) const {
    const auto *V = llvm::dyn_cast_or_null<VarDecl>(VD);
    auto It = V ? Bound.find(V) : Bound.end();
    return It == Bound.end() ? nullptr : &It->second;
  }

  /// The statement inside a compound statement that contains \p S.
  const Stmt *enclosingStatement(const Stmt *S) const;
  /// True if \p Inner is \p Outer or nested in it.
  bool isWithin(const Stmt *Inner, const Stmt *Outer) const;
  /// The transaction objects opened on handle \p H (`pqxx::work tx(conn)`):
  /// they need it while they are open, so ending H first breaks them.
  llvm::SmallVector<unsigned, 2> transactionsOn(unsigned H) const;

  /// More handles than this in one function and the function is given up
  /// (counted as skipped), never analysed with some of them left out.
  static constexpr unsigned MaxHandles = 4096;
  /// Set when discovery met more than MaxHandles handles.
  bool TooManyHandles = false;

private:
  FunctionFacts() = default;
  const FunctionDecl *FD = nullptr;
  ASTContext *Ctx = nullptr;
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> Parents;
  friend class FactCollector;
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_FLOWFACTS_H
