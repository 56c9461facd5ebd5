//===----------------------------------------------------------------------===//
//
// Part of dbsession-tidy, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The classifier on real code: each test builds an AST from a snippet with
// mock library declarations and asks the model about its types and calls.
//
//===----------------------------------------------------------------------===//

#include "ApiModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::dbsession;

namespace {

/// A small library in the style of SOCI, libpqxx and libpq.
const char *MockModel = R"({
  "format": 1,
  "library": "mock",
  "types": [
    { "name": "db::session", "kind": "session" },
    { "name": "db::connection_pool", "kind": "pool" },
    { "name": "db::transaction", "kind": "transaction" },
    { "name": "db::statement", "kind": "bound", "ownership": "shared" },
    { "name": "db::base_conn", "kind": "connection" },
    { "name": "lib::session", "kind": "session" },
    { "name": "pg_conn", "kind": "connection", "ownership": "raw",
      "onDestroy": "nothing" }
  ],
  "safeTypes": ["db::result", "pg_result"],
  "functions": [
    { "name": "db::session::session", "params": ["db::connection_pool &"],
      "roles": ["acquire"], "acquires": "lease", "fromPool": true },
    { "name": "db::session::session", "params": ["const std::string &"],
      "roles": ["acquire"] },
    { "name": "db::session::close", "roles": ["release"] },
    { "name": "db::session::operator<<", "roles": ["write"] },
    { "name": "db::transaction::transaction", "roles": ["acquire", "begin"] },
    { "name": "db::transaction::commit", "roles": ["commit"] },
    { "name": "db::base_conn::close", "roles": ["release"] },
    { "name": "db::exec", "params": ["db::session &", "int"],
      "roles": ["write"] },
    { "name": "db::adopt", "takesOwnership": [1] },
    { "name": "PQconnectdb", "roles": ["acquire"] },
    { "name": "PQfinish", "roles": ["release"] },
    { "name": "PQexec", "roles": ["write"], "throws": false }
  ],
  "pools": [ { "type": "db::connection_pool",
               "acquire": ["db::connection_pool::lease"] } ],
  "blocking": {
    "sleep": ["sleep", "std::this_thread::sleep_for"],
    "network.http": ["http::Client::Post"]
  }
})";

const char *MockHeaders = R"cpp(
namespace std { inline namespace __1 {
template <class C> struct basic_string { basic_string(const C *); };
using string = basic_string<char>;
template <class T> struct default_delete {};
template <class T, class D = default_delete<T>> struct unique_ptr {
  T *operator->() const;
};
template <class T> struct shared_ptr { T *operator->() const; };
namespace this_thread { template <class R> void sleep_for(const R &); }
} }
extern "C" {
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGconn *PQconnectdb(const char *);
void PQfinish(PGconn *);
PGresult *PQexec(PGconn *, const char *);
unsigned sleep(unsigned);
}
namespace db {
struct connection_pool { int lease(); };
struct session {
  session(connection_pool &);
  session(const std::string &);
  session(int);
  void close();
  session &operator<<(const char *);
};
struct statement {};
struct result {};
template <class Isolation> struct transaction {
  transaction(session &);
  void commit();
};
struct serializable {};
using work = transaction<serializable>;
void exec(session &, int);
void exec(session &, const char *);
void adopt(int, session *) noexcept;
struct base_conn { virtual void close(); };
}
namespace lib { inline namespace v2 { struct session {}; } }
namespace http { struct Client { int Post(const char *); int Get(); }; }
)cpp";

EmbeddedModelFile embedded(const char *Name, const char *Text) {
  return {Name, Text, std::strlen(Text)};
}

/// One snippet, its AST and a model.
class Snippet {
public:
  explicit Snippet(const std::string &Code, ModelOptions Opts = {},
                   const char *Model = MockModel,
                   const std::string &FileName = "input.cc") {
    AST = tooling::buildASTFromCodeWithArgs(
        std::string(MockHeaders) + Code,
        {"-std=c++17", "-I" DBSESSION_UNIT_INCLUDE}, FileName);
    Diags.clear();
    this->Model = ApiModel::create({embedded("mock.json", Model)}, Opts, Diags);
  }

  ASTContext &ctx() { return AST->getASTContext(); }

  template <typename T, typename M> const T *find(const M &Matcher) {
    auto Found = match(Matcher.bind("x"), ctx());
    if (Found.empty())
      return nullptr;
    return Found.front().template getNodeAs<T>("x");
  }

  /// The callee of the first call to a function named \p Name in `test`.
  const FunctionDecl *calleeOf(const std::string &Name) {
    auto Calls =
        match(callExpr(callee(functionDecl(hasName(Name)).bind("f"))), ctx());
    if (!Calls.empty())
      return Calls.front().getNodeAs<FunctionDecl>("f");
    return find<FunctionDecl>(functionDecl(hasName(Name)));
  }

  /// The constructor used to build the variable \p Var.
  const CXXConstructorDecl *ctorOf(const std::string &Var) {
    auto Found = match(
        varDecl(hasName(Var), unless(parmVarDecl()),
                hasInitializer(ignoringImplicit(cxxConstructExpr().bind("c")))),
        ctx());
    if (Found.empty())
      return nullptr;
    return Found.front().getNodeAs<CXXConstructExpr>("c")->getConstructor();
  }

  QualType typeOf(const std::string &Var) {
    const VarDecl *V =
        find<VarDecl>(varDecl(hasName(Var), unless(parmVarDecl())));
    if (!V)
      V = find<VarDecl>(varDecl(hasName(Var)));
    return V ? V->getType() : QualType();
  }

  const CallInfo *call(const std::string &Name) {
    return Model->classifyCall(calleeOf(Name));
  }

  TypeClass type(const std::string &Var) {
    return Model->classifyType(typeOf(Var));
  }

  std::unique_ptr<ASTUnit> AST;
  std::shared_ptr<ApiModel> Model;
  std::vector<ModelDiagnostic> Diags;
};

TEST(ApiModelTest, ModelNames) {
  Snippet S(R"cpp(
namespace outer { namespace { struct Hidden { void m(); }; } }
template <class T> struct Box { void put(T); ~Box(); };
void test() { Box<int> B; B.put(1); }
)cpp");
  EXPECT_EQ(ApiModel::modelName(S.calleeOf("put")), "Box::put");
  EXPECT_EQ(ApiModel::modelName(S.calleeOf("sleep")), "sleep");
  EXPECT_EQ(ApiModel::modelName(S.ctorOf("B")), "Box::Box");
  EXPECT_EQ(ApiModel::modelName(S.find<CXXDestructorDecl>(
                cxxDestructorDecl(ofClass(hasName("Box"))))),
            "Box::~Box");
  EXPECT_EQ(ApiModel::modelName(
                S.find<FunctionDecl>(functionDecl(hasName("sleep_for")))),
            "std::this_thread::sleep_for");
  EXPECT_EQ(
      ApiModel::modelName(S.find<FunctionDecl>(functionDecl(hasName("m")))),
      "outer::(anonymous namespace)::Hidden::m");
  EXPECT_EQ(ApiModel::modelName(S.find<FunctionDecl>(
                functionDecl(hasOverloadedOperatorName("<<")))),
            "db::session::operator<<");
  EXPECT_TRUE(S.Diags.empty());
}

TEST(ApiModelTest, PlainClassesAndReferences) {
  Snippet S(R"cpp(
void test(db::session &Ref, const db::session *Ptr, db::statement St,
          db::connection_pool &Pool, int N) {}
)cpp");
  const FunctionDecl *Test =
      S.find<FunctionDecl>(functionDecl(hasName("test")));
  ASSERT_TRUE(Test);
  TypeClass Ref = S.Model->classifyType(Test->getParamDecl(0)->getType());
  ASSERT_TRUE(Ref);
  EXPECT_EQ(Ref.Info->Kind, HandleKind::Session);
  EXPECT_EQ(Ref.Wrap, Wrapper::None);
  EXPECT_EQ(Ref.Info->Library, "mock");
  EXPECT_EQ(Ref.Info->OnDestroy, DestroyAction::Release);
  TypeClass Ptr = S.Model->classifyType(Test->getParamDecl(1)->getType());
  ASSERT_TRUE(Ptr);
  EXPECT_EQ(Ptr.Wrap, Wrapper::Pointer);
  TypeClass St = S.Model->classifyType(Test->getParamDecl(2)->getType());
  ASSERT_TRUE(St);
  EXPECT_EQ(St.Info->Kind, HandleKind::Bound);
  EXPECT_EQ(St.Info->Own, Ownership::Shared);
  EXPECT_EQ(St.Info->OnDestroy, DestroyAction::Nothing);
  EXPECT_EQ(S.Model->classifyType(Test->getParamDecl(3)->getType()).Info->Kind,
            HandleKind::Pool);
  EXPECT_FALSE(S.Model->classifyType(Test->getParamDecl(4)->getType()));
}

TEST(ApiModelTest, AliasOfTemplateSpecialisation) {
  Snippet S(R"cpp(
typedef db::work MyWork;
void test(db::session &Ses) {
  db::work W(Ses);
  MyWork W2(Ses);
  W.commit();
}
)cpp");
  TypeClass W = S.type("W");
  ASSERT_TRUE(W);
  EXPECT_EQ(W.Info->Kind, HandleKind::Transaction);
  EXPECT_EQ(W.Info->OnDestroy, DestroyAction::Rollback);
  ASSERT_TRUE(S.type("W2"));
  // The member of the specialisation is the template's member.
  const CallInfo *Commit = S.call("commit");
  ASSERT_TRUE(Commit);
  EXPECT_TRUE(Commit->has(RoleCommit));
  EXPECT_EQ(Commit->HandleArg, -1);
  const CallInfo *Ctor = S.Model->classifyCall(S.ctorOf("W"));
  ASSERT_TRUE(Ctor);
  EXPECT_TRUE(Ctor->has(RoleAcquire));
  EXPECT_TRUE(Ctor->has(RoleBegin));
  EXPECT_EQ(Ctor->Acquires, HandleKind::Transaction);
}

TEST(ApiModelTest, DerivedClassIsItsModelledBase) {
  Snippet S(R"cpp(
struct MySession : db::session { using db::session::session; };
struct Wrapped : MySession { Wrapped(); };
struct MyConn : db::base_conn { void close() override; };
template <class T> struct Tx : db::transaction<T> {};
void test(MyConn &C) {
  Wrapped X;
  Tx<int> *T = nullptr;
  C.close();
}
)cpp");
  TypeClass X = S.type("X");
  ASSERT_TRUE(X);
  EXPECT_EQ(X.Info->Kind, HandleKind::Session);
  TypeClass T = S.type("T");
  ASSERT_TRUE(T);
  EXPECT_EQ(T.Info->Kind, HandleKind::Transaction);
  EXPECT_EQ(T.Wrap, Wrapper::Pointer);
  // An override of a modelled virtual method is that method.
  const CallInfo *Close = S.call("close");
  ASSERT_TRUE(Close);
  EXPECT_TRUE(Close->has(RoleRelease));
  EXPECT_EQ(ApiModel::modelName(S.calleeOf("close")), "MyConn::close");
}

TEST(ApiModelTest, InlineNamespacesAreTransparent) {
  Snippet S(R"cpp(
void test() {
  lib::session L;
  lib::v2::session L2;
  std::this_thread::sleep_for(1);
}
)cpp");
  ASSERT_TRUE(S.type("L"));
  EXPECT_EQ(S.type("L").Info->Kind, HandleKind::Session);
  ASSERT_TRUE(S.type("L2"));
  // A function template specialisation is its template.
  const CallInfo *Sleep = S.call("sleep_for");
  ASSERT_TRUE(Sleep);
  EXPECT_TRUE(Sleep->has(RoleBlocking));
  EXPECT_EQ(Sleep->BlockingGroup, "sleep");
}

TEST(ApiModelTest, ConstructorOverloadsAreNarrowedByParams) {
  Snippet S(R"cpp(
void test(db::connection_pool &Pool) {
  db::session FromPool(Pool);
  db::session FromString(std::string("dbname=x"));
  db::session FromInt(3);
}
)cpp");
  const CallInfo *Pooled = S.Model->classifyCall(S.ctorOf("FromPool"));
  ASSERT_TRUE(Pooled);
  EXPECT_TRUE(Pooled->has(RoleAcquire));
  EXPECT_TRUE(Pooled->FromPool);
  EXPECT_EQ(Pooled->Acquires, HandleKind::Lease);
  const CallInfo *Direct = S.Model->classifyCall(S.ctorOf("FromString"));
  ASSERT_TRUE(Direct);
  EXPECT_FALSE(Direct->FromPool);
  // `acquires` defaults to the kind of the constructed class.
  EXPECT_EQ(Direct->Acquires, HandleKind::Session);
  // No entry names the `int` overload.
  ASSERT_TRUE(S.ctorOf("FromInt"));
  EXPECT_EQ(S.Model->classifyCall(S.ctorOf("FromInt")), nullptr);
}

TEST(ApiModelTest, FunctionOverloadsAreNarrowedByParams) {
  Snippet S(R"cpp(
void test(db::session &Ses) { db::exec(Ses, 1); db::exec(Ses, "x"); }
)cpp");
  auto Calls =
      match(callExpr(callee(functionDecl(hasName("exec")).bind("f"))), S.ctx());
  ASSERT_EQ(Calls.size(), 2u);
  const auto *WithInt = Calls[0].getNodeAs<FunctionDecl>("f");
  const auto *WithText = Calls[1].getNodeAs<FunctionDecl>("f");
  const CallInfo *Info = S.Model->classifyCall(WithInt);
  ASSERT_TRUE(Info);
  EXPECT_TRUE(Info->has(RoleWrite));
  // A free function acts on its first handle argument.
  EXPECT_EQ(Info->HandleArg, 0);
  EXPECT_EQ(S.Model->classifyCall(WithText), nullptr);
}

TEST(ApiModelTest, SmartPointersAreLookedThrough) {
  Snippet S(R"cpp(
void test() {
  std::unique_ptr<db::session> U;
  std::shared_ptr<db::session> Sh;
  std::__1::shared_ptr<db::statement> St;
  std::unique_ptr<int> NotAHandle;
  std::unique_ptr<db::session> *PtrToSmart = nullptr;
}
)cpp");
  TypeClass U = S.type("U");
  ASSERT_TRUE(U);
  EXPECT_EQ(U.Wrap, Wrapper::UniquePtr);
  EXPECT_EQ(U.Info->Kind, HandleKind::Session);
  EXPECT_EQ(S.type("Sh").Wrap, Wrapper::SharedPtr);
  EXPECT_EQ(S.type("St").Info->Kind, HandleKind::Bound);
  EXPECT_FALSE(S.type("NotAHandle"));
  EXPECT_FALSE(S.type("PtrToSmart"));
}

TEST(ApiModelTest, CStructBehindPointer) {
  Snippet S(R"cpp(
void test() {
  PGconn *C = PQconnectdb("");
  PGresult *R = PQexec(C, "select 1");
  PQfinish(C);
}
)cpp");
  TypeClass C = S.type("C");
  ASSERT_TRUE(C);
  EXPECT_EQ(C.Info->Kind, HandleKind::Connection);
  EXPECT_EQ(C.Info->Own, Ownership::Raw);
  EXPECT_EQ(C.Wrap, Wrapper::Pointer);
  EXPECT_TRUE(S.Model->isSafeValueType(S.typeOf("R")));
  EXPECT_FALSE(S.Model->isSafeValueType(S.typeOf("C")));
  const CallInfo *Connect = S.call("PQconnectdb");
  ASSERT_TRUE(Connect);
  EXPECT_EQ(Connect->Acquires, HandleKind::Connection);
  const CallInfo *Finish = S.call("PQfinish");
  ASSERT_TRUE(Finish);
  EXPECT_TRUE(Finish->has(RoleRelease));
  EXPECT_EQ(Finish->HandleArg, 0);
  const CallInfo *Exec = S.call("PQexec");
  ASSERT_TRUE(Exec);
  EXPECT_FALSE(Exec->MayThrow);
}

TEST(ApiModelTest, ThrowsFollowsTheModelAndNoexcept) {
  Snippet S(R"cpp(
void test(db::session &Ses, db::session *P) { Ses.close(); db::adopt(1, P); }
)cpp");
  const CallInfo *Close = S.call("close");
  ASSERT_TRUE(Close);
  EXPECT_TRUE(Close->MayThrow);
  const CallInfo *Adopt = S.call("adopt");
  ASSERT_TRUE(Adopt);
  EXPECT_FALSE(Adopt->MayThrow);
  EXPECT_EQ(Adopt->Roles, 0u);
  ASSERT_EQ(Adopt->TakesOwnershipOf.size(), 1u);
  EXPECT_EQ(Adopt->TakesOwnershipOf[0], 1u);
}

TEST(ApiModelTest, PoolsAndBlockingGroups) {
  Snippet S(R"cpp(
void test(db::connection_pool &Pool, http::Client &Http) {
  int Pos = Pool.lease();
  Http.Post("/x");
  Http.Get();
  sleep(1);
}
)cpp");
  EXPECT_TRUE(S.Model->isPoolAcquire(S.calleeOf("lease")));
  const CallInfo *Lease = S.call("lease");
  ASSERT_TRUE(Lease);
  EXPECT_TRUE(Lease->has(RoleAcquire));
  EXPECT_TRUE(Lease->FromPool);
  EXPECT_FALSE(S.Model->isPoolAcquire(S.calleeOf("Post")));
  const CallInfo *Post = S.call("Post");
  ASSERT_TRUE(Post);
  EXPECT_EQ(Post->BlockingGroup, "network.http");
  EXPECT_EQ(S.call("Get"), nullptr);
  EXPECT_EQ(S.Model->blockingGroups(),
            (std::vector<std::string>{"network.http", "sleep"}));
}

TEST(ApiModelTest, CachesAnswersPerDeclaration) {
  Snippet S("void test(db::session &Ses) { Ses.close(); }");
  const CallInfo *First = S.call("close");
  EXPECT_EQ(First, S.call("close"));
  EXPECT_EQ(S.type("Ses").Info, S.type("Ses").Info);
}

TEST(ApiModelTest, CacheDoesNotOutliveItsAST) {
  Snippet S("void test(db::session &Ses) { Ses.close(); }");
  ASSERT_TRUE(S.call("close"));
  // ASTs of the same shape, built one after the other, tend to reuse the
  // addresses of the previous one: a stale answer would classify zz's close
  // as db's.
  for (int I = 0; I < 8; ++I) {
    bool Modelled = I % 2 == 0;
    std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
        std::string("namespace ") + (Modelled ? "db" : "zz") +
            " { struct session { void close(); }; }\n"
            "void test(" +
            (Modelled ? "db" : "zz") + "::session &O) { O.close(); }",
        {"-std=c++17"});
    auto Calls =
        match(callExpr(callee(functionDecl(hasName("close")).bind("f"))),
              AST->getASTContext());
    ASSERT_EQ(Calls.size(), 1u);
    const CallInfo *Info =
        S.Model->classifyCall(Calls[0].getNodeAs<FunctionDecl>("f"));
    EXPECT_EQ(Info != nullptr, Modelled) << I;
  }
}

TEST(ApiModelTest, RealStandardLibrary) {
  const char *Model = R"({
  "format": 1,
  "types": [ { "name": "app::Db", "kind": "session" } ],
  "functions": [ { "name": "app::Db::Db", "params": ["const std::string &"],
                   "roles": ["acquire"] } ],
  "blocking": { "sleep": ["std::this_thread::sleep_for"],
                "sync.wait": ["std::condition_variable::wait"] }
})";
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      R"cpp(
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
namespace app { struct Db { explicit Db(const std::string &); Db(int); }; }
void test(std::condition_variable &CV, std::unique_lock<std::mutex> &L) {
  auto U = std::make_unique<app::Db>(std::string("x"));
  std::shared_ptr<app::Db> S = std::make_shared<app::Db>(1);
  app::Db Direct(std::string("y"));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CV.wait(L);
}
)cpp",
      {"-std=c++17", "-resource-dir", DBSESSION_UNIT_RESOURCE_DIR});
  ASSERT_TRUE(AST);
  ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  std::vector<ModelDiagnostic> Diags;
  auto M = ApiModel::create({embedded("std.json", Model)}, {}, Diags);
  ASSERT_TRUE(Diags.empty());
  ASTContext &Ctx = AST->getASTContext();
  auto VarType = [&](const char *Name) {
    auto Found = match(varDecl(hasName(Name)).bind("v"), Ctx);
    return Found.front().getNodeAs<VarDecl>("v")->getType();
  };
  TypeClass U = M->classifyType(VarType("U"));
  ASSERT_TRUE(U);
  EXPECT_EQ(U.Wrap, Wrapper::UniquePtr);
  EXPECT_EQ(M->classifyType(VarType("S")).Wrap, Wrapper::SharedPtr);
  auto Callee = [&](const char *Name) {
    auto Found =
        match(callExpr(callee(functionDecl(hasName(Name)).bind("f"))), Ctx);
    return Found.empty() ? nullptr : Found.front().getNodeAs<FunctionDecl>("f");
  };
  const CallInfo *Sleep = M->classifyCall(Callee("sleep_for"));
  ASSERT_TRUE(Sleep);
  EXPECT_EQ(Sleep->BlockingGroup, "sleep");
  const CallInfo *Wait = M->classifyCall(Callee("wait"));
  ASSERT_TRUE(Wait);
  EXPECT_EQ(Wait->BlockingGroup, "sync.wait");
  auto Ctor = match(
      varDecl(hasName("Direct"),
              hasInitializer(ignoringImplicit(cxxConstructExpr().bind("c")))),
      Ctx);
  ASSERT_FALSE(Ctor.empty());
  const CallInfo *Acquire = M->classifyCall(
      Ctor.front().getNodeAs<CXXConstructExpr>("c")->getConstructor());
  ASSERT_TRUE(Acquire);
  EXPECT_TRUE(Acquire->has(RoleAcquire));
  EXPECT_EQ(Acquire->Acquires, HandleKind::Session);
}

TEST(ApiModelTest, EveryDeclarationOfTheStandardLibrary) {
  // Robustness and speed: the built-in models against every function and
  // the type of every declaration of a few real headers, twice (the second
  // pass is all cache hits).
  std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
      R"cpp(
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>
void test() {
  std::vector<std::string> V{"a"};
  std::map<int, std::shared_ptr<std::string>> M;
  auto F = std::async([] { return 1; });
  F.get();
}
)cpp",
      {"-std=c++17", "-resource-dir", DBSESSION_UNIT_RESOURCE_DIR});
  ASSERT_TRUE(AST);
  std::vector<ModelDiagnostic> Diags;
  std::shared_ptr<ApiModel> M = ApiModel::get({}, Diags);
  EXPECT_TRUE(Diags.empty());
  auto Functions = match(functionDecl().bind("f"), AST->getASTContext());
  auto Values = match(valueDecl().bind("v"), AST->getASTContext());
  ASSERT_GT(Functions.size(), 1000u);
  unsigned Blocking = 0;
  for (int Pass = 0; Pass < 2; ++Pass) {
    for (const BoundNodes &N : Functions) {
      const auto *FD = N.getNodeAs<FunctionDecl>("f");
      const CallInfo *CI = M->classifyCall(FD);
      Blocking += Pass == 0 && CI && CI->has(RoleBlocking);
      M->classifyType(FD->getReturnType());
    }
    for (const BoundNodes &N : Values)
      M->classifyType(N.getNodeAs<ValueDecl>("v")->getType());
  }
  // std::future::get and friends are in the built-in blocking catalog.
  EXPECT_GT(Blocking, 0u);
}

//===----------------------------------------------------------------------===//
// Options and merging through ApiModel
//===----------------------------------------------------------------------===//

TEST(ApiModelTest, UserFilesExtraBlockingAndIgnored) {
  ModelOptions Opts;
  Opts.BaseDirectory = DBSESSION_UNIT_INPUTS;
  Opts.ModelFiles = "pool-model.json";
  Opts.ExtraBlockingFunctions = "http::Client::Get; app::compute";
  Opts.IgnoredFunctions = "sleep";
  Snippet S(R"cpp(
typedef struct st_mysql MYSQL;
namespace app {
struct SqlConnPool { MYSQL *GetConn(); void FreeConn(MYSQL *); };
struct SqlConnRAII { SqlConnRAII(MYSQL **, SqlConnPool *); };
}
void test(app::SqlConnPool &Pool, http::Client &Http) {
  MYSQL *Conn = Pool.GetConn();
  Pool.FreeConn(Conn);
  MYSQL *Raw;
  app::SqlConnRAII Guard(&Raw, &Pool);
  Http.Get();
  sleep(1);
}
)cpp",
            Opts);
  EXPECT_TRUE(S.Diags.empty());
  TypeClass Conn = S.type("Conn");
  ASSERT_TRUE(Conn);
  EXPECT_EQ(Conn.Info->Library, "pool-model");
  EXPECT_FALSE(Conn.Info->Throws);
  const CallInfo *Get = S.call("GetConn");
  ASSERT_TRUE(Get);
  EXPECT_TRUE(Get->FromPool);
  EXPECT_EQ(Get->Acquires, HandleKind::Lease);
  EXPECT_FALSE(Get->MayThrow);
  EXPECT_TRUE(S.Model->isPoolAcquire(S.calleeOf("GetConn")));
  const CallInfo *Free = S.call("FreeConn");
  ASSERT_TRUE(Free);
  EXPECT_EQ(Free->HandleArg, 0);
  const CallInfo *Guard = S.Model->classifyCall(S.ctorOf("Guard"));
  ASSERT_TRUE(Guard);
  EXPECT_EQ(Guard->Acquires, HandleKind::Lease);
  const CallInfo *HttpGet = S.call("Get");
  ASSERT_TRUE(HttpGet);
  EXPECT_EQ(HttpGet->BlockingGroup, "custom");
  const CallInfo *Sleep = S.call("sleep");
  ASSERT_TRUE(Sleep);
  EXPECT_FALSE(Sleep->has(RoleBlocking));
  EXPECT_TRUE(Sleep->has(RoleNotBlocking));
}

TEST(ApiModelTest, OwnershipTakingAndFinishingOptions) {
  ModelOptions Opts;
  Opts.OwnershipTakingFunctions = "vendor::adopt";
  Opts.TransactionFinishingFunctions = "vendor::finish";
  Snippet S(R"cpp(
namespace vendor {
void adopt(int Tag, db::session *Ses, int Other);
void finish(int Tag, db::session &Ses);
void other(db::session &Ses);
}
void test(db::session *Ses) {
  vendor::adopt(1, Ses, 2);
  vendor::finish(1, *Ses);
  vendor::other(*Ses);
}
)cpp",
            Opts);
  EXPECT_TRUE(S.Diags.empty());
  // Every argument is taken over; nothing else about it is known, so it is
  // not taken to throw.
  const CallInfo *Adopt = S.call("adopt");
  ASSERT_TRUE(Adopt);
  EXPECT_EQ(std::vector<unsigned>(Adopt->TakesOwnershipOf.begin(),
                                  Adopt->TakesOwnershipOf.end()),
            (std::vector<unsigned>{0, 1, 2}));
  EXPECT_FALSE(Adopt->MayThrow);
  EXPECT_EQ(Adopt->Library, "options");
  EXPECT_TRUE(Adopt->ThrowsUnknown);
  // Finishing is a commit of the handle argument.
  const CallInfo *Finish = S.call("finish");
  ASSERT_TRUE(Finish);
  EXPECT_TRUE(Finish->has(RoleCommit));
  EXPECT_EQ(Finish->HandleArg, 1);
  EXPECT_FALSE(Finish->MayThrow);
  EXPECT_EQ(S.call("other"), nullptr);
  // The lists are part of what selects a cached model.
  std::vector<ModelDiagnostic> Diags;
  std::shared_ptr<ApiModel> A = ApiModel::get(Opts, Diags);
  Opts.TransactionFinishingFunctions.clear();
  EXPECT_NE(A, ApiModel::get(Opts, Diags));
}

TEST(ApiModelTest, BadUserFileKeepsBuiltins) {
  ModelOptions Opts;
  Opts.BaseDirectory = DBSESSION_UNIT_INPUTS;
  Opts.ModelFiles = "bad-kind.json;missing.json";
  Snippet S("void test(db::session &Ses) { Ses.close(); }", Opts);
  ASSERT_EQ(S.Diags.size(), 2u);
  EXPECT_EQ(S.Diags[0].format(),
            std::string(DBSESSION_UNIT_INPUTS) +
                "/bad-kind.json:5:34: /types/1/kind: unknown kind 'sesion' "
                "(expected one of connection, session, lease, transaction, "
                "bound, entity, pool)");
  EXPECT_EQ(S.Diags[1].format(), std::string(DBSESSION_UNIT_INPUTS) +
                                     "/missing.json: cannot open the model "
                                     "file");
  EXPECT_TRUE(S.call("close"));
}

TEST(ApiModelTest, DisabledGroupAndLibrary) {
  ModelOptions Opts;
  Opts.BaseDirectory = DBSESSION_UNIT_INPUTS;
  Opts.ModelFiles = "disable-sleep.json";
  Snippet S("void test(db::session &Ses) { sleep(1); Ses.close(); }", Opts);
  EXPECT_TRUE(S.Diags.empty());
  EXPECT_EQ(S.call("sleep"), nullptr);
  EXPECT_EQ(S.call("close"), nullptr);
  EXPECT_FALSE(S.type("Ses"));
  EXPECT_EQ(S.Model->blockingGroups(), (std::vector<std::string>{}));
}

TEST(ApiModelTest, GetCachesByOptions) {
  ModelOptions Opts;
  Opts.ExtraBlockingFunctions = "unit::onlyInThisTest";
  std::vector<ModelDiagnostic> Diags;
  std::shared_ptr<ApiModel> A = ApiModel::get(Opts, Diags);
  std::shared_ptr<ApiModel> B = ApiModel::get(Opts, Diags);
  EXPECT_EQ(A, B);
  Opts.IgnoredFunctions = "unit::other";
  EXPECT_NE(A, ApiModel::get(Opts, Diags));
  // The built-in models load without a problem.
  EXPECT_TRUE(Diags.empty());
}

//===----------------------------------------------------------------------===//
// Annotations
//===----------------------------------------------------------------------===//

const char *AnnotatedPool = R"cpp(
#include "dbsession/annotations.h"
namespace app {
struct DBSESSION_CONNECTION Conn { int fd; };
class DBSESSION_POOL Pool {
public:
  DBSESSION_ACQUIRE Conn *get();
  DBSESSION_RELEASE void put(Conn *C);
};
class DBSESSION_LEASE Lease {
public:
  DBSESSION_ACQUIRE explicit Lease(Pool &P);
  DBSESSION_RELEASE void giveBack();
};
class DBSESSION_TRANSACTION Tx {
public:
  DBSESSION_BEGIN explicit Tx(Lease &L);
  DBSESSION_COMMIT void commit();
  DBSESSION_ROLLBACK void abort();
  DBSESSION_COMMIT ~Tx();
};
class DBSESSION_SESSION Plain {};
class Child : public Lease { using Lease::Lease; };
DBSESSION_BLOCKING("network.llm") int complete(const char *Prompt);
DBSESSION_BLOCKING() void waitABit();
DBSESSION_WRITE void save(Lease &L, int Row);
void keep(int Tag, DBSESSION_TAKES_OWNERSHIP Lease *L);
DBSESSION_NOT_BLOCKING unsigned quickSleep(unsigned);
}
)cpp";

TEST(ApiModelTest, AnnotatedHandRolledPool) {
  Snippet S(std::string(AnnotatedPool) + R"cpp(
void test(app::Pool &P, app::Lease *Owned) {
  app::Conn *C = P.get();
  P.put(C);
  app::Lease L(P);
  app::Tx T(L);
  T.commit();
  T.abort();
  L.giveBack();
  app::Plain Pl;
  app::Child Ch(P);
  app::complete("hi");
  app::waitABit();
  app::save(L, 1);
  app::keep(1, Owned);
  app::quickSleep(1);
}
)cpp");
  EXPECT_EQ(S.type("P").Info->Kind, HandleKind::Pool);
  EXPECT_EQ(S.type("C").Info->Kind, HandleKind::Connection);
  EXPECT_EQ(S.type("C").Wrap, Wrapper::Pointer);
  TypeClass L = S.type("L");
  ASSERT_TRUE(L);
  EXPECT_EQ(L.Info->Kind, HandleKind::Lease);
  EXPECT_EQ(L.Info->Library, "annotation");
  EXPECT_EQ(L.Info->OnDestroy, DestroyAction::Release);
  TypeClass T = S.type("T");
  ASSERT_TRUE(T);
  EXPECT_EQ(T.Info->Kind, HandleKind::Transaction);
  // The destructor's annotation says what destroying an open one does.
  EXPECT_EQ(T.Info->OnDestroy, DestroyAction::Commit);
  EXPECT_EQ(S.type("Pl").Info->Kind, HandleKind::Session);
  EXPECT_EQ(S.type("Ch").Info->Kind, HandleKind::Lease);

  const CallInfo *Get = S.call("get");
  ASSERT_TRUE(Get);
  EXPECT_TRUE(Get->has(RoleAcquire));
  EXPECT_EQ(Get->Library, "annotation");
  // An acquire method of a pool takes from it.
  EXPECT_TRUE(Get->FromPool);
  EXPECT_TRUE(S.Model->isPoolAcquire(S.calleeOf("get")));
  // A pool's release method releases its handle argument, not `this`.
  const CallInfo *Put = S.call("put");
  ASSERT_TRUE(Put);
  EXPECT_TRUE(Put->has(RoleRelease));
  EXPECT_EQ(Put->HandleArg, 0);
  const CallInfo *LeaseCtor = S.Model->classifyCall(S.ctorOf("L"));
  ASSERT_TRUE(LeaseCtor);
  EXPECT_TRUE(LeaseCtor->has(RoleAcquire));
  EXPECT_EQ(LeaseCtor->Acquires, HandleKind::Lease);
  const CallInfo *TxCtor = S.Model->classifyCall(S.ctorOf("T"));
  ASSERT_TRUE(TxCtor);
  EXPECT_TRUE(TxCtor->has(RoleBegin));
  EXPECT_TRUE(S.call("commit")->has(RoleCommit));
  EXPECT_TRUE(S.call("abort")->has(RoleRollback));
  EXPECT_EQ(S.call("giveBack")->HandleArg, -1);
  // An inherited constructor is the base's constructor.
  const CallInfo *ChildCtor = S.Model->classifyCall(S.ctorOf("Ch"));
  ASSERT_TRUE(ChildCtor);
  EXPECT_TRUE(ChildCtor->has(RoleAcquire));

  const CallInfo *Complete = S.call("complete");
  ASSERT_TRUE(Complete);
  EXPECT_TRUE(Complete->has(RoleBlocking));
  EXPECT_EQ(Complete->BlockingGroup, "network.llm");
  EXPECT_EQ(S.call("waitABit")->BlockingGroup, "custom");
  const CallInfo *Save = S.call("save");
  ASSERT_TRUE(Save);
  EXPECT_TRUE(Save->has(RoleWrite));
  EXPECT_EQ(Save->HandleArg, 0);
  const CallInfo *Keep = S.call("keep");
  ASSERT_TRUE(Keep);
  ASSERT_EQ(Keep->TakesOwnershipOf.size(), 1u);
  EXPECT_EQ(Keep->TakesOwnershipOf[0], 1u);
  EXPECT_TRUE(S.call("quickSleep")->has(RoleNotBlocking));
  EXPECT_TRUE(S.Model->takeAnnotationDiagnostics().empty());
}

// The member annotated `dbsession::id` of an entity class is its id: a data
// member by its name, a method with its parentheses; an entity without one
// has none.
TEST(ApiModelTest, AnnotatedEntityId) {
  Snippet S(R"cpp(
struct [[clang::annotate("dbsession::entity")]] Order {
  [[clang::annotate("dbsession::id")]] long number;
};
struct [[clang::annotate("dbsession::entity")]] Note {
  [[clang::annotate("dbsession::id")]] int key() const;
};
struct [[clang::annotate("dbsession::entity")]] Plain {
  int id;
};
void test() {
  Order O;
  Note N;
  Plain P;
}
)cpp");
  ASSERT_TRUE(S.type("O"));
  EXPECT_EQ(S.type("O").Info->Kind, HandleKind::Entity);
  EXPECT_EQ(S.type("O").Info->IdMember, "number");
  EXPECT_EQ(S.type("N").Info->IdMember, "key()");
  EXPECT_EQ(S.type("P").Info->IdMember, "");
  EXPECT_TRUE(S.Model->takeAnnotationDiagnostics().empty());
}

TEST(ApiModelTest, AnnotationsDocumentationExample) {
  // The worked example of docs/annotations.md, as written there.
  Snippet S(R"cpp(
#include "dbsession/annotations.h"
namespace app {
struct DBSESSION_CONNECTION Conn;
class DBSESSION_POOL ConnPool {
public:
  DBSESSION_ACQUIRE Conn *get();
  DBSESSION_RELEASE void put(Conn *C);
};
class DBSESSION_LEASE PooledConn {
public:
  DBSESSION_ACQUIRE explicit PooledConn(ConnPool &Pool);
  ~PooledConn();
  DBSESSION_RELEASE void giveBack();
  DBSESSION_WRITE void exec(const std::string &Sql);
};
class DBSESSION_TRANSACTION Tx {
public:
  DBSESSION_BEGIN explicit Tx(PooledConn &C);
  DBSESSION_COMMIT void commit();
  DBSESSION_ROLLBACK void abort();
  ~Tx();
};
struct LlmClient {
  DBSESSION_BLOCKING("network.llm") std::string complete(const std::string &Prompt);
};
DBSESSION_NOT_BLOCKING std::string cachedAnswer(const std::string &Prompt);
void handOff(DBSESSION_TAKES_OWNERSHIP PooledConn *C);
}
std::string summarize(app::ConnPool &Pool, app::LlmClient &Llm) {
  app::PooledConn C(Pool);
  app::Tx T(C);
  C.exec("SELECT body FROM notes");
  std::string Summary = Llm.complete("Summarize the notes");
  C.exec("INSERT INTO summaries VALUES (...)");
  T.commit();
  app::Conn *Raw = Pool.get();
  Pool.put(Raw);
  app::handOff(&C);
  app::cachedAnswer("x");
  return Summary;
}
)cpp");
  ASSERT_FALSE(S.AST->getDiagnostics().hasErrorOccurred());
  EXPECT_EQ(S.type("C").Info->Kind, HandleKind::Lease);
  EXPECT_EQ(S.type("C").Info->OnDestroy, DestroyAction::Release);
  EXPECT_EQ(S.type("T").Info->Kind, HandleKind::Transaction);
  EXPECT_EQ(S.type("T").Info->OnDestroy, DestroyAction::Rollback);
  EXPECT_EQ(S.type("Raw").Info->Kind, HandleKind::Connection);
  EXPECT_TRUE(S.Model->classifyCall(S.ctorOf("C"))->has(RoleAcquire));
  EXPECT_EQ(S.Model->classifyCall(S.ctorOf("C"))->Acquires, HandleKind::Lease);
  EXPECT_TRUE(S.Model->classifyCall(S.ctorOf("T"))->has(RoleBegin));
  EXPECT_EQ(S.call("complete")->BlockingGroup, "network.llm");
  EXPECT_TRUE(S.call("exec")->has(RoleWrite));
  EXPECT_EQ(S.call("exec")->HandleArg, -1);
  EXPECT_EQ(S.call("get")->Acquires, HandleKind::Connection);
  EXPECT_EQ(S.call("put")->HandleArg, 0);
  EXPECT_TRUE(S.call("cachedAnswer")->has(RoleNotBlocking));
  ASSERT_EQ(S.call("handOff")->TakesOwnershipOf.size(), 1u);
  EXPECT_TRUE(S.Model->takeAnnotationDiagnostics().empty());
}

TEST(ApiModelTest, PoolReleaseOfAHandleArgument) {
  Snippet S(R"cpp(
#include "dbsession/annotations.h"
struct DBSESSION_CONNECTION Conn {};
struct Pool {
  DBSESSION_ACQUIRE Conn *take();
  DBSESSION_RELEASE void give(int Flags, Conn *C);
};
void test(Pool &P) { P.give(0, P.take()); }
)cpp");
  const CallInfo *Give = S.call("give");
  ASSERT_TRUE(Give);
  EXPECT_EQ(Give->HandleArg, 1);
  EXPECT_EQ(S.call("take")->Acquires, HandleKind::Connection);
}

TEST(ApiModelTest, NotBlockingAnnotationOverridesTheModel) {
  Snippet S(R"cpp(
extern "C" [[clang::annotate("dbsession::not_blocking")]] unsigned sleep(unsigned);
void test() { sleep(0); }
)cpp");
  const CallInfo *Sleep = S.call("sleep");
  ASSERT_TRUE(Sleep);
  EXPECT_FALSE(Sleep->has(RoleBlocking));
  EXPECT_TRUE(Sleep->has(RoleNotBlocking));
  EXPECT_EQ(Sleep->Library, "mock");
}

TEST(ApiModelTest, UnknownAnnotationIsReportedOnce) {
  Snippet S(R"cpp(
struct [[clang::annotate("dbsession::sesion")]] Typo {};
struct [[clang::annotate("other::thing")]] Unrelated {};
[[clang::annotate("dbsession::session")]] void misplaced();
void test() { Typo T; Typo T2; Unrelated U; misplaced(); }
)cpp",
            {}, MockModel, "annotated.cc");
  EXPECT_FALSE(S.type("T"));
  EXPECT_FALSE(S.type("T2"));
  EXPECT_FALSE(S.type("U"));
  EXPECT_EQ(S.call("misplaced"), nullptr);
  const auto *Typo = S.find<CXXRecordDecl>(cxxRecordDecl(hasName("Typo")));
  S.Model->checkAnnotations(Typo);
  std::vector<ModelDiagnostic> Diags = S.Model->takeAnnotationDiagnostics();
  ASSERT_EQ(Diags.size(), 2u);
  EXPECT_EQ(Diags[0].Message,
            "unknown dbsession annotation kind 'sesion' (expected "
            "connection, session, lease, transaction, bound, entity or pool "
            "on a class; acquire, release, begin, commit, rollback, write, "
            "blocking, blocking:<group>, not_blocking or takes_ownership on "
            "a function; id on a member)");
  const SourceManager &SM = S.ctx().getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(Diags[0].Loc);
  EXPECT_STREQ(P.getFilename(), "annotated.cc");
  EXPECT_EQ(Diags[0].Column, 10u);
  EXPECT_EQ(Diags[1].Message,
            "dbsession annotation 'session' is ignored here: it belongs on "
            "a class");
  // Taken diagnostics are not reported again.
  S.Model->checkAnnotations(Typo);
  EXPECT_TRUE(S.Model->takeAnnotationDiagnostics().empty());
}

} // namespace
