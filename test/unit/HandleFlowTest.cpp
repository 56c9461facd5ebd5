//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The engine on small functions: the handle states at marked points, the
// exits and their states, the events the checks read, and the shared
// analysis that builds and solves each function once for every check.
//
// A point is marked by a comment `// [[name]]` at the end of a line: the
// states there are those before the first CFG element of the statement that
// begins on that line.
//
//===----------------------------------------------------------------------===//

#include "SharedAnalysis.h"
#include "SqlText.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include "gtest/gtest.h"

#include <cstring>
#include <map>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::dbsession;

namespace {

const char *MockModel = R"({
  "format": 1,
  "library": "mock",
  "types": [
    { "name": "db::session", "kind": "session" },
    { "name": "db::connection_pool", "kind": "pool" },
    { "name": "db::transaction", "kind": "transaction",
      "onDestroy": "rollback" },
    { "name": "db::statement", "kind": "bound", "ownership": "shared" },
    { "name": "pg_conn", "kind": "connection", "ownership": "raw",
      "onDestroy": "nothing" }
  ],
  "functions": [
    { "name": "db::session::session", "params": ["const char *"],
      "roles": ["acquire"] },
    { "name": "db::session::close", "roles": ["release"] },
    { "name": "db::session::operator<<", "roles": ["write"] },
    { "name": "db::session::query", "roles": [] },
    { "name": "db::session::begin", "roles": ["begin"] },
    { "name": "db::session::commit", "roles": ["commit"] },
    { "name": "db::session::rollback", "roles": ["rollback"] },
    { "name": "db::transaction::transaction", "roles": ["acquire", "begin"] },
    { "name": "db::transaction::commit", "roles": ["commit"] },
    { "name": "PQconnectdb", "roles": ["acquire"], "throws": false },
    { "name": "PQfinish", "roles": ["release"], "handleArg": 0,
      "throws": false },
    { "name": "PQexec", "roles": ["write"], "handleArg": 0, "throws": false }
  ],
  "blocking": { "sleep": ["sleep"] }
})";

const char *MockHeaders = R"cpp(
namespace std {
template <class T> struct vector { void push_back(const T &); };
}
extern "C" {
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGconn *PQconnectdb(const char *);
void PQfinish(PGconn *);
PGresult *PQexec(PGconn *, const char *);
unsigned sleep(unsigned);
}
namespace db {
struct connection_pool {};
struct statement { ~statement(); };
struct session {
  session(const char *);
  session(session &&);
  ~session();
  void close();
  session &operator<<(const char *);
  statement query(const char *);
  bool begin();
  bool commit();
  bool rollback();
};
struct transaction {
  transaction(session &);
  ~transaction();
  void commit();
};
}
void mayThrow();
bool cond();
)cpp";

class Snippet {
public:
  explicit Snippet(const std::string &Code) : Code(std::string(MockHeaders) + Code) {
    AST = tooling::buildASTFromCodeWithArgs(this->Code, {"-std=c++17"},
                                            "input.cc");
    std::vector<ModelDiagnostic> Diags;
    Model = ApiModel::create(
        {{"mock.json", MockModel, std::strlen(MockModel)}}, {}, Diags);
    EXPECT_TRUE(Diags.empty());
    Analysis = std::make_shared<SharedAnalysis>(ctx(), Model, Limits);
  }

  ASTContext &ctx() { return AST->getASTContext(); }

  const FunctionDecl *function(const std::string &Name) {
    auto Found =
        match(functionDecl(hasName(Name), isDefinition()).bind("f"), ctx());
    return Found.empty() ? nullptr : Found.front().getNodeAs<FunctionDecl>("f");
  }

  const FunctionFlow &flow(const std::string &Name) {
    const FunctionDecl *FD = function(Name);
    EXPECT_NE(FD, nullptr) << Name;
    return Analysis->flow(FD);
  }

  /// The line (1-based, in the whole buffer) of the mark `// [[Mark]]`.
  unsigned lineOf(const std::string &Mark) {
    size_t Pos = Code.find("// [[" + Mark + "]]");
    EXPECT_NE(Pos, std::string::npos) << Mark;
    return 1 + std::count(Code.begin(), Code.begin() + Pos, '\n');
  }

  /// Handle name -> state bits at the mark.
  std::map<std::string, unsigned> statesAt(const std::string &Fn,
                                           const std::string &Mark) {
    const FunctionFlow &Flow = flow(Fn);
    const FunctionFacts &F = *Flow.facts();
    const SourceManager &SM = ctx().getSourceManager();
    unsigned Line = lineOf(Mark);
    std::map<std::string, unsigned> Out;
    for (unsigned B = 0; B != F.Blocks.size() && Out.empty(); ++B) {
      if (!F.Blocks[B] || !Flow.reached(B))
        continue;
      unsigned Index = 0;
      for (const CFGElement &E : *F.Blocks[B]) {
        auto S = E.getAs<CFGStmt>();
        if (S && SM.getExpansionLineNumber(S->getStmt()->getBeginLoc()) ==
                     Line) {
          HandleStates States = Flow.before(B, Index);
          for (unsigned H = 0; H != F.Handles.size(); ++H)
            Out[F.Handles[H].Name] = States[H].Bits;
          break;
        }
        ++Index;
      }
    }
    EXPECT_FALSE(Out.empty()) << "no statement at " << Mark;
    return Out;
  }

  unsigned handleIndex(const FunctionFlow &Flow, const std::string &Name) {
    const auto &Hs = Flow.facts()->Handles;
    for (unsigned H = 0; H != Hs.size(); ++H)
      if (Hs[H].Name == Name)
        return H;
    ADD_FAILURE() << "no handle " << Name;
    return 0;
  }

  /// The events of one kind in \p Fn, as (handle name, line).
  std::vector<std::pair<std::string, unsigned>>
  events(const std::string &Fn, Event::KindTy Kind) {
    const FunctionFlow &Flow = flow(Fn);
    const FunctionFacts &F = *Flow.facts();
    const SourceManager &SM = ctx().getSourceManager();
    std::vector<std::pair<std::string, unsigned>> Out;
    for (const auto &Block : F.Elements)
      for (const ElementFacts &E : Block)
        for (const Event &Ev : E.Events)
          if (Ev.Kind == Kind && Ev.Dst >= 0)
            Out.push_back({F.Handles[Ev.Dst].Name,
                           SM.getExpansionLineNumber(Ev.Loc)});
    return Out;
  }

  std::string Code;
  std::unique_ptr<ASTUnit> AST;
  std::shared_ptr<ApiModel> Model;
  AnalysisLimits Limits;
  std::shared_ptr<SharedAnalysis> Analysis;
};

// The state sets are shared between copies until one is written: a copy
// written must not change the original, and a join says whether anything
// changed, across the chunks the states are stored in.
TEST(HandleStatesTest, CopiesAreIndependentAndJoinsReportChange) {
  HandleStates A(200);
  ASSERT_EQ(A.size(), 200u);
  for (unsigned I = 0; I != A.size(); ++I)
    EXPECT_EQ(A[I].Bits, StUnheld);
  HandleStates B = A;
  B[70].set(StHeld);
  B[199].set(StReleased);
  EXPECT_EQ(static_cast<const HandleStates &>(A)[70].Bits, StUnheld);
  EXPECT_EQ(static_cast<const HandleStates &>(A)[199].Bits, StUnheld);
  EXPECT_TRUE(A.join(B));
  EXPECT_EQ(A[70].Bits, StUnheld | StHeld);
  EXPECT_EQ(A[199].Bits, StUnheld | StReleased);
  EXPECT_EQ(A[0].Bits, StUnheld);
  EXPECT_FALSE(A.join(B));
  HandleStates C = A;
  EXPECT_FALSE(C.join(A));
  EXPECT_FALSE(HandleStates().join(HandleStates()));
}

TEST(HandleFlowTest, StatesAtPoints) {
  Snippet S(R"cpp(
void f() {
  db::session s("x");
  sleep(1); // [[held]]
  s.close();
  sleep(2); // [[released]]
}
)cpp");
  EXPECT_EQ(S.statesAt("f", "held")["s"], StHeld);
  EXPECT_EQ(S.statesAt("f", "released")["s"], StReleased);
}

TEST(HandleFlowTest, JoinKeepsEveryPath) {
  Snippet S(R"cpp(
void f() {
  PGconn *c = PQconnectdb("x");
  if (cond())
    PQfinish(c);
  sleep(1); // [[join]]
}
)cpp");
  EXPECT_EQ(S.statesAt("f", "join")["c"], StHeld | StReleased);
}

TEST(HandleFlowTest, MovesAndLoops) {
  Snippet S(R"cpp(
void take(db::session);
void f() {
  db::session a("x");
  for (int i = 0; i < 3; ++i) {
    sleep(1); // [[loop]]
    if (cond()) {
      take(static_cast<db::session &&>(a));
      break;
    }
  }
  sleep(2); // [[after]]
}
)cpp");
  EXPECT_EQ(S.statesAt("f", "loop")["a"], StHeld);
  EXPECT_EQ(S.statesAt("f", "after")["a"], StHeld | StTransferred);
}

TEST(HandleFlowTest, CatchReceivesTheStateBeforeTheThrowingCall) {
  Snippet S(R"cpp(
void f() {
  PGconn *c = PQconnectdb("x");
  try {
    mayThrow();
    PQfinish(c);
  } catch (...) {
    sleep(1); // [[handler]]
  }
}
)cpp");
  EXPECT_EQ(S.statesAt("f", "handler")["c"], StHeld);
}

TEST(HandleFlowTest, ExitsByKind) {
  Snippet S(R"cpp(
int f(int x) {
  PGconn *c = PQconnectdb("x");
  if (x == 1)
    return 1;
  if (x == 2)
    throw 2;
  mayThrow();
  PQfinish(c);
}
)cpp");
  const FunctionFlow &Flow = S.flow("f");
  unsigned C = S.handleIndex(Flow, "c");
  const SourceManager &SM = S.ctx().getSourceManager();
  std::map<ExitKind, std::pair<unsigned, unsigned>> Seen; // line, bits
  for (const FunctionExit &X : Flow.exits())
    Seen[X.Kind] = {SM.getExpansionLineNumber(X.Loc), X.States[C].Bits};
  unsigned Base = std::count(MockHeaders, MockHeaders + std::strlen(MockHeaders),
                             '\n') + 1;
  ASSERT_EQ(Seen.count(ExitKind::Return), 1u);
  EXPECT_EQ(Seen[ExitKind::Return].first, Base + 4);
  EXPECT_EQ(Seen[ExitKind::Return].second, StHeld);
  ASSERT_EQ(Seen.count(ExitKind::Throw), 1u);
  EXPECT_EQ(Seen[ExitKind::Throw].first, Base + 6);
  EXPECT_EQ(Seen[ExitKind::Throw].second, StHeld);
  ASSERT_EQ(Seen.count(ExitKind::ThrowingCall), 1u);
  EXPECT_EQ(Seen[ExitKind::ThrowingCall].first, Base + 7);
  EXPECT_EQ(Seen[ExitKind::ThrowingCall].second, StHeld);
  ASSERT_EQ(Seen.count(ExitKind::FallOffEnd), 1u);
  EXPECT_EQ(Seen[ExitKind::FallOffEnd].second, StReleased);
  // A raw pointer is not destroyed by unwinding; a local object is.
  EXPECT_FALSE(Flow.destroyedOnUnwind(C));
}

TEST(HandleFlowTest, ScopeEndOfATransaction) {
  Snippet S(R"cpp(
void f(db::session &s) {
  {
    db::transaction t(s);
    if (cond()) {
      t.commit();
      return;
    }
  }
  sleep(1);
}
)cpp");
  const FunctionFlow &Flow = S.flow("f");
  unsigned T = S.handleIndex(Flow, "t");
  unsigned Committed = 0, Open = 0;
  for (const FunctionExit &X : Flow.exits())
    if (X.Kind == ExitKind::ScopeEnd && X.Handle == static_cast<int>(T)) {
      if (X.States[T].Bits == StCommitted)
        ++Committed;
      else if (X.States[T].Bits == StHeld)
        ++Open;
    }
  // Destroyed after the commit on the return path, and uncommitted at the
  // end of the block on the other.
  EXPECT_EQ(Committed, 1u);
  EXPECT_EQ(Open, 1u);
  EXPECT_TRUE(Flow.destroyedOnUnwind(T));
}

TEST(HandleFlowTest, NoReturnCallIsNotAnExit) {
  Snippet S(R"cpp(
[[noreturn]] void die();
void f() {
  PGconn *c = PQconnectdb("x");
  if (cond())
    die();
  PQfinish(c);
}
)cpp");
  const FunctionFlow &Flow = S.flow("f");
  unsigned C = S.handleIndex(Flow, "c");
  for (const FunctionExit &X : Flow.exits()) {
    if (X.Kind == ExitKind::FallOffEnd || X.Kind == ExitKind::Return) {
      EXPECT_EQ(X.States[C].Bits, StReleased);
    }
  }
}

TEST(HandleFlowTest, WritesFromRolesAndSqlText) {
  Snippet S(R"cpp(
void f() {
  db::session s("x");
  s << "insert into t values (1)";
  s << "  -- note\n SELECT 1";
  s << "/* c */ (UPDATE t set a = 1)";
  const char *sql = "delete from t";
  s << sql;
  PGconn *c = PQconnectdb("x");
  PQexec(c, "select 1");
  PQexec(c, "TRUNCATE t");
  db::statement q = s.query("DELETE from t");
  PQfinish(c);
}
)cpp");
  auto W = S.events("f", Event::Write);
  unsigned Base =
      std::count(MockHeaders, MockHeaders + std::strlen(MockHeaders), '\n') + 1;
  // insert, update, the unseen text of `sql` (the role decides), TRUNCATE,
  // and a DELETE through a call the model says nothing about; not the two
  // SELECTs.
  std::vector<std::pair<std::string, unsigned>> Want = {
      {"s", Base + 3}, {"s", Base + 5}, {"s", Base + 7},
      {"c", Base + 10}, {"s", Base + 11}};
  EXPECT_EQ(W, Want);
}

TEST(HandleFlowTest, StoresAndCaptures) {
  Snippet S(R"cpp(
db::statement *global;
struct Job {
  db::statement st;
  std::vector<db::statement> all;
  void f() {
    db::session s("x");
    db::statement q = s.query("select 1");
    st = q;
    all.push_back(q);
    auto byRef = [&s] { s.close(); };
    auto byCopy = [q] {};
  }
};
)cpp");
  unsigned Base =
      std::count(MockHeaders, MockHeaders + std::strlen(MockHeaders), '\n') + 1;
  std::vector<std::pair<std::string, unsigned>> WantStores = {
      {"s", Base + 8}, {"s", Base + 9}};
  EXPECT_EQ(S.events("f", Event::Store), WantStores);
  std::vector<std::pair<std::string, unsigned>> WantCaptures = {
      {"s", Base + 10}, {"s", Base + 11}};
  EXPECT_EQ(S.events("f", Event::Capture), WantCaptures);
  // The kinds: a member, a container; by reference, by copy of a bound
  // object.
  const FunctionFacts &F = *S.flow("f").facts();
  std::vector<StoreTarget> Into;
  std::vector<bool> ByRef;
  for (const auto &Block : F.Elements)
    for (const ElementFacts &E : Block)
      for (const Event &Ev : E.Events) {
        if (Ev.Kind == Event::Store)
          Into.push_back(Ev.Into);
        if (Ev.Kind == Event::Capture) {
          ByRef.push_back(Ev.ByRef);
          EXPECT_EQ(Ev.Object != nullptr, !Ev.ByRef);
        }
      }
  EXPECT_EQ(Into,
            (std::vector<StoreTarget>{StoreTarget::Member,
                                      StoreTarget::Container}));
  EXPECT_EQ(ByRef, (std::vector<bool>{true, false}));
}

TEST(SharedAnalysisTest, EachFunctionBuiltAndSolvedOnce) {
  Snippet S(R"cpp(
void helper(db::session &s) { s << "update t set a = 1"; sleep(1); }
void a() { db::session s("x"); helper(s); }
void b() { db::session s("y"); helper(s); sleep(2); }
void plain() { sleep(3); }
)cpp");
  // Two checks ask for every function, in different orders.
  for (const char *Name : {"a", "b", "helper", "plain"})
    S.flow(Name);
  for (const char *Name : {"plain", "helper", "b", "a"})
    S.flow(Name);
  // One CFG each for the four functions (helper's facts serve its summary
  // and its flow), one solve each for the two that hold a handle (helper
  // works on its caller's).
  EXPECT_EQ(S.Analysis->factsBuilt(), 4u);
  EXPECT_EQ(S.Analysis->flowsSolved(), 2u);
  // Another check with the same model and budget gets the same analysis.
  auto One = SharedAnalysis::get(S.ctx(), S.Model, S.Limits);
  auto Two = SharedAnalysis::get(S.ctx(), S.Model, S.Limits);
  EXPECT_EQ(One.get(), Two.get());
  AnalysisLimits Other;
  Other.Budget = 5;
  EXPECT_NE(SharedAnalysis::get(S.ctx(), S.Model, Other).get(), One.get());
}

TEST(SharedAnalysisTest, OverBudgetIsSaidNotSilent) {
  Snippet S(R"cpp(
void f() {
  db::session s("x");
  for (int i = 0; i < 10; ++i)
    if (cond())
      sleep(1);
}
)cpp");
  S.Limits.Budget = 1;
  auto A = std::make_shared<SharedAnalysis>(S.ctx(), S.Model, S.Limits);
  EXPECT_TRUE(A->flow(S.function("f")).isSkipped());
  EXPECT_EQ(A->skipped(), 1u);
}

TEST(SqlTextTest, FirstKeyword) {
  EXPECT_EQ(classifySql("INSERT INTO t VALUES (1)"), SqlVerb::Write);
  EXPECT_EQ(classifySql("  update t"), SqlVerb::Write);
  EXPECT_EQ(classifySql("-- c\nDelete from t"), SqlVerb::Write);
  EXPECT_EQ(classifySql("/* x */ merge into t"), SqlVerb::Write);
  for (const char *W : {"upsert", "replace", "create", "alter", "drop",
                        "truncate"})
    EXPECT_EQ(classifySql(W), SqlVerb::Write) << W;
  EXPECT_EQ(classifySql("select 1"), SqlVerb::Read);
  EXPECT_EQ(classifySql("(SELECT 1)"), SqlVerb::Read);
  EXPECT_EQ(classifySql("with x as (delete from t) select 1"),
            SqlVerb::Unknown);
  EXPECT_EQ(classifySql("BEGIN"), SqlVerb::Begin);
  EXPECT_EQ(classifySql("start  transaction"), SqlVerb::Begin);
  EXPECT_EQ(classifySql("COMMIT"), SqlVerb::Commit);
  EXPECT_EQ(classifySql("end"), SqlVerb::Commit);
  EXPECT_EQ(classifySql("rollback"), SqlVerb::Rollback);
  EXPECT_EQ(classifySql(""), SqlVerb::Unknown);
  EXPECT_EQ(classifySql("insertion"), SqlVerb::Unknown);
}

} // namespace

namespace {
TEST(HandleFlowTest, NullTestRefinesTheNullBranch) {
  Snippet S(R"cpp(
void f() {
  PGconn *c = nullptr;
  if (cond())
    c = PQconnectdb("x");
  sleep(1); // [[maybe]]
  if (c)
    PQfinish(c);
  sleep(2); // [[after]]
}
)cpp");
  EXPECT_EQ(S.statesAt("f", "maybe")["c"], StUnheld | StHeld);
  EXPECT_EQ(S.statesAt("f", "after")["c"], StUnheld | StReleased);
}
} // namespace

namespace {
TEST(HandleFlowTest, TransactionsWrittenAndFinished) {
  Snippet S(R"cpp(
void f(db::session &p) {
  db::session s("x");
  s.begin();
  sleep(1); // [[begun]]
  s << "insert into t values (1)";
  sleep(2); // [[wrote]]
  if (!s.commit())
    sleep(3); // [[failed]]
  sleep(4); // [[after]]
  db::transaction t(p);
  p << "select 1";
  sleep(5); // [[read]]
  p << "update t set a = 1";
  p.commit();
  sleep(6); // [[shared]]
}
)cpp");
  // The transaction begun on the local session is a handle of its own,
  // named after the session; it follows its writes and its commit.
  const FunctionFlow &Flow = S.flow("f");
  unsigned Txn = 0, T = 0;
  for (unsigned H = 0; H != Flow.facts()->Handles.size(); ++H) {
    const HandleDesc &D = Flow.facts()->Handles[H];
    if (D.IsTxnOn && D.OnLocal)
      Txn = H;
    if (D.Name == "t")
      T = H;
  }
  ASSERT_TRUE(Flow.facts()->Handles[Txn].OnLocal);
  auto At = [&](const char *Mark, unsigned H) {
    const FunctionFacts &F = *Flow.facts();
    // statesAt keys by name, and two handles are named "s": by index here.
    const SourceManager &SM = S.ctx().getSourceManager();
    unsigned Line = S.lineOf(Mark);
    for (unsigned B = 0; B != F.Blocks.size(); ++B) {
      if (!F.Blocks[B] || !Flow.reached(B))
        continue;
      unsigned Index = 0;
      for (const CFGElement &E : *F.Blocks[B]) {
        auto St = E.getAs<CFGStmt>();
        if (St && SM.getExpansionLineNumber(St->getStmt()->getBeginLoc()) ==
                      Line)
          return static_cast<unsigned>(Flow.before(B, Index)[H].Bits);
        ++Index;
      }
    }
    ADD_FAILURE() << Mark;
    return 0u;
  };
  EXPECT_EQ(At("begun", Txn), StHeld);
  EXPECT_EQ(At("wrote", Txn), StHeld | StWritten);
  // The commit's result is tested: it committed only where it succeeded.
  EXPECT_EQ(At("failed", Txn), StHeld | StWritten);
  EXPECT_EQ(At("after", Txn), StHeld | StWritten | StCommitted);
  // A SELECT is a read, whatever the model says of operator<<.
  EXPECT_EQ(At("read", T), StHeld);
  // The session-level commit on the parameter finishes the transaction
  // object opened on it: one session, one transaction.
  EXPECT_EQ(At("shared", T), StCommitted);
}
} // namespace
