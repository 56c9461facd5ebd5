//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The handle-state analysis of one function, for every check: which
/// handles it may hold at each point, and in which states it leaves.
///
/// Every handle the API model describes and that this function owns (a
/// local, a member of a local, a smart pointer, a temporary, a member of
/// `this` acquired here, a transaction begun here on a handle owned
/// elsewhere) moves through these states:
///
/// \code
///                    acquire: constructor, acquiring call, open(),
///                    begin(), member initializer, make_unique
///   [Unheld] ------------------------------------------------> [Held]
///                                                               |
///      +--------------------------------------------------------+
///      |  destructor, close() / give-back call, reset(), delete
///      +--> [Released]
///      |  commit()
///      +--> [Committed]
///      |  rollback()
///      +--> [RolledBack]
///      |  std::move into another local (that local is now [Held])
///      +--> [MovedAway]
///      |  moved or passed into another owner, returned, taken over
///      +--> [Transferred]
///      |  a raw pointer stored where it cannot be followed
///      +--> [Escaped]
///
///   Every state goes back to [Held] on a new acquisition. Copies of a
///   shared handle are handles of one group: the group is held while any
///   of them is [Held].
/// \endcode
///
/// Only [Held] is held. The state of a handle at a point is the set of
/// states it may be in on some path there (the analysis is flow-sensitive,
/// not path-sensitive): a handle released on one branch only is still held
/// after the join.
///
/// What a check reads, after one solve:
///   * the state set of every handle at the entry of each block, and a
///     replay of a block element by element with the state before each;
///   * the exits of the function with the states there, by kind: a
///     `return`, falling off the end, an explicit `throw` that leaves the
///     function, a call that may throw outside any `try` that catches
///     everything, and the end of a handle's scope (its destructor).
/// Checks decide what a state means for them (held across a blocking call,
/// not released at an exit, not committed at the end of its scope); this
/// file says nothing about messages.
///
/// Exceptions: a call that may throw inside a `try` block sends the state
/// before the call to the block's handlers, with the handles declared inside
/// the `try` block destroyed on the way; a `throw` does the same.
///
/// Implementation: the lattice (a state set per handle, union as join) and
/// the transfer function (apply(), the events collected by FunctionFacts,
/// calls to helpers interpreted through their summaries) are kept apart
/// from the solver, a worklist over CFG blocks. The number of block visits
/// is bounded; past the bound the function is given up and says so.
///
//===----------------------------------------------------------------------===//

#ifndef DBSESSION_TIDY_LIB_HANDLEFLOW_H
#define DBSESSION_TIDY_LIB_HANDLEFLOW_H

#include "FlowFacts.h"
#include "Summaries.h"

#include "clang/Basic/SourceLocation.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

namespace clang::tidy::dbsession {

/// The states a handle can be in; a state set is a bit mask of these.
enum HandleStateBit : unsigned {
  StUnheld = 1u << 0,
  StHeld = 1u << 1,
  StReleased = 1u << 2,
  StCommitted = 1u << 3,
  StRolledBack = 1u << 4,
  StMovedAway = 1u << 5,
  StTransferred = 1u << 6,
  StEscaped = 1u << 7,
  /// Not a state but a fact carried with it: a transaction wrote (through
  /// itself or its connection) since it was begun, on some path here.
  StWritten = 1u << 8,
  /// The states proper, without such facts.
  StStates = (1u << 8) - 1,
};

/// The possible states of one handle at a point, and where it was acquired
/// on the paths where it is held (an index into FunctionFacts::Sites).
struct HandleState {
  static constexpr uint16_t NoSite = 0xFFFF;
  uint16_t Bits = StUnheld;
  uint16_t Site = NoSite;

  bool operator==(const HandleState &O) const {
    return Bits == O.Bits && Site == O.Site;
  }
  bool held() const { return (Bits & StHeld) != 0; }
  /// Held on every path here.
  bool surelyHeld() const { return (Bits & StStates) == StHeld; }
  /// The states proper (without StWritten).
  unsigned states() const { return Bits & StStates; }
  bool written() const { return (Bits & StWritten) != 0; }
  /// Joins \p From into this state; true if it changed.
  bool join(const HandleState &From);
  /// Sets the state to \p NewBits (the site is kept only while held).
  void set(uint16_t NewBits);
};

/// The states of every handle of a function, indexed like
/// FunctionFacts::Handles.
///
/// Kept at the entry of every block, so copies must be cheap when a
/// function has thousands of handles: copies share one table of chunks of
/// states, and a write (through the non-const operator[]) copies only the
/// table and the chunk it touches, when they are shared. A copy costs one
/// count; a block that changes one handle, one table and one chunk. Not
/// thread-safe: one function's analysis runs on one thread.
class HandleStates {
public:
  HandleStates() = default;
  explicit HandleStates(unsigned Size);
  HandleStates(const HandleStates &O) : T(O.T) { retain(T); }
  HandleStates(HandleStates &&O) noexcept : T(O.T) { O.T = nullptr; }
  HandleStates &operator=(HandleStates O) noexcept {
    std::swap(T, O.T);
    return *this;
  }
  ~HandleStates() { release(T); }

  unsigned size() const { return T ? T->Size : 0; }
  const HandleState &operator[](unsigned I) const {
    return T->Chunks[I / ChunkSize]->States[I % ChunkSize];
  }
  /// Writable access; copies the table and the chunk of \p I first if they
  /// are shared.
  HandleState &operator[](unsigned I);
  /// Joins \p From (of the same size) into these states; true if any
  /// changed.
  bool join(const HandleStates &From);

private:
  static constexpr unsigned ChunkSize = 64;
  struct Chunk {
    unsigned Refs = 1;
    HandleState States[ChunkSize];
  };
  struct Table {
    unsigned Refs = 1;
    unsigned Size = 0;
    std::vector<Chunk *> Chunks;
    ~Table();
  };
  Table *T = nullptr;

  static void retain(Table *X) {
    if (X)
      ++X->Refs;
  }
  static void release(Table *X) {
    if (X && --X->Refs == 0)
      delete X;
  }
  /// Makes the table this object's own.
  void ownTable();
};

/// How a function is left, or a handle's life ends.
enum class ExitKind : unsigned char {
  Return,       ///< a `return` statement (States after it, and after the
                ///< destructors it runs)
  FallOffEnd,   ///< the end of the body (after the destructors there)
  Throw,        ///< an explicit `throw` that leaves the function (States
                ///< before it; locals are then destroyed by unwinding)
  ThrowingCall, ///< a call that may throw, outside any `try` that catches
                ///< everything (States before the call)
  ScopeEnd,     ///< the destructor of Handle at the end of its scope, on a
                ///< normal path (States just before it)
};

/// One exit, with the states there.
struct FunctionExit {
  ExitKind Kind = ExitKind::Return;
  /// The statement: the `return`, the `throw`, the call; for ScopeEnd the
  /// statement whose end destroys the handle (may be null); null for
  /// FallOffEnd.
  const Stmt *S = nullptr;
  SourceLocation Loc;
  /// The element, for replaying up to it.
  unsigned Block = 0, Index = 0;
  /// For ScopeEnd: the handle destroyed. For ThrowingCall: the call (an
  /// index into FunctionFacts::Calls). Otherwise -1.
  int Handle = -1;
  int Call = -1;
  HandleStates States;
};

/// What a finding says of an exit: its kind, where, and for a throwing
/// call the function called.
struct ExitNote {
  ExitKind Kind = ExitKind::Return;
  SourceLocation Loc;
  const FunctionDecl *Callee = nullptr;

  static ExitNote of(const FunctionExit &X, const FunctionFacts &F) {
    ExitNote N;
    N.Kind = X.Kind;
    N.Loc = X.Loc;
    if (X.Kind == ExitKind::ThrowingCall && X.Call >= 0)
      N.Callee = F.Calls[X.Call].Callee;
    return N;
  }
};

/// One function's handle states, solved once.
class FunctionFlow {
public:
  /// Solves \p Facts; helpers are interpreted through \p Summaries.
  FunctionFlow(std::shared_ptr<const FunctionFacts> Facts,
               SummaryTable &Summaries, const AnalysisLimits &Limits);
  /// A function that could not be analysed (over budget).
  static std::unique_ptr<FunctionFlow> skipped(const FunctionDecl *FD);

  const FunctionDecl *function() const { return FD; }
  /// True if the function was given up (too large, or over the budget).
  bool isSkipped() const { return Skipped; }
  /// The facts; null when skipped.
  const FunctionFacts *facts() const { return Facts.get(); }
  SummaryTable &summaries() const { return *Summaries; }

  bool reached(unsigned Block) const { return Reached[Block]; }
  /// The states at the entry of \p Block (all unheld if not reached).
  const HandleStates &entry(unsigned Block) const { return In[Block]; }

  /// Calls \p Visit(Index, Element, StatesBefore) for each element of
  /// \p Block, applying each element after the call.
  template <typename Fn> void replay(unsigned Block, Fn Visit) const {
    HandleStates S = In[Block];
    const auto &Elems = Facts->Elements[Block];
    for (unsigned I = 0; I != Elems.size(); ++I) {
      Visit(I, Elems[I], static_cast<const HandleStates &>(S));
      apply(Elems[I], S);
    }
  }
  /// The states just before element \p Index of \p Block.
  HandleStates before(unsigned Block, unsigned Index) const;

  /// Every exit of the function, in CFG order.
  const std::vector<FunctionExit> &exits() const { return Exits; }

  /// The exits where \p Counts says handle \p H matters, grouped by the
  /// acquisition site of H there (one finding per acquisition), each group
  /// in source order.
  std::map<uint16_t, std::vector<const FunctionExit *>>
  exitsBySite(unsigned H,
              llvm::function_ref<bool(const FunctionExit &)> Counts) const;

  /// The transfer function: what element \p E does to \p S.
  void apply(const ElementFacts &E, HandleStates &S) const;
  /// \p S after the edge from \p Block to its successor number \p Succ
  /// (a null test or a commit test on the way).
  HandleStates alongEdge(unsigned Block, unsigned Succ,
                         const HandleStates &S) const;

  /// Which session a handle's transactions belong to: the connection
  /// handle, the parameter, or the transaction alone when neither is known.
  std::pair<int, int> sessionOf(unsigned H) const;
  /// True if \p Ev (on a handle, or on a parameter) acts on the session of
  /// transaction \p T: on T itself, its connection, or its parameter.
  bool onSessionOf(const Event &Ev, unsigned T) const {
    if (Ev.Dst >= 0)
      return Ev.Dst == static_cast<int>(T) || sessionOf(Ev.Dst) == sessionOf(T);
    return Ev.Param >= 0 && sessionOf(T) == std::make_pair(1, Ev.Param);
  }

  /// True if the handle's destructor runs when an exception unwinds
  /// through its scope (a local object or smart pointer, not a raw pointer
  /// or a handle owned elsewhere).
  bool destroyedOnUnwind(unsigned H) const;

private:
  FunctionFlow() = default;
  const FunctionDecl *FD = nullptr;
  std::shared_ptr<const FunctionFacts> Facts;
  SummaryTable *Summaries = nullptr;
  bool Skipped = false;
  std::vector<HandleStates> In;
  std::vector<bool> Reached;
  std::vector<FunctionExit> Exits;
  /// The transactions among the handles (what a write, a commit or a new
  /// connection acts on), so that events need not visit every handle.
  std::vector<unsigned> Transactions;

  bool solve(const AnalysisLimits &Limits);
  void finishSession(int H, uint16_t Bits, HandleStates &S) const;
  void collectExits();
};

} // namespace clang::tidy::dbsession

#endif // DBSESSION_TIDY_LIB_HANDLEFLOW_H
