// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/mysql -isystem %S/Inputs/soci
// The same findings when the library's headers are found with -I, as many
// compile databases have them (PQstatus is then not in a system header, and
// still not code that may keep the connection):
// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -I %S/Inputs/libpq -isystem %S/Inputs/mysql -isystem %S/Inputs/soci

#include <cppconn/driver.h>
#include <libpq-fe.h>
#include <memory>
#include <soci/soci.h>
#include <vector>

bool ready();
void work(int);

// An early return skips PQfinish: the release goes before the return.
int earlyReturn(const char *info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (PQstatus(c) != CONNECTION_OK) {
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
    // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  }
  work(1);
  PQfinish(c);
  return 0;
}
// CHECK-FIXES: {{^}}    PQfinish(c);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}

// Without braces, the fix adds them so the release stays under the `if`.
int braceless(const char *info) {
  PGconn *c = PQsetdbLogin("h", "5432", "", "", "db", "u", "p");
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  PQfinish(c);
  return 0;
}
// CHECK-FIXES: {{^}}    { PQfinish(c); return -1; }{{$}}

// An explicit throw leaves the function with the connection open; the
// advice names the release and the owner that would do it.
void throws(const char *info) {
  PGconn *c = PQconnectStart(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  if (PQstatus(c) == CONNECTION_BAD)
    throw 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the exception thrown here leaves the function
  // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  PQfinish(c);
}

// Falling off the end without a release on one branch.
void oneBranch(const char *info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  if (ready())
    PQfinish(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection 'c' is still held at the end of the function
// CHECK-NOTES: :[[@LINE-6]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it

// A null test: on the branch where the pointer is null there is nothing to
// release.
int nullChecked(const char *info) {
  PGconn *c = PQconnectdb(info);
  if (!c)
    return -1;
  if (c == nullptr)
    return -2;
  PQfinish(c);
  return 0;
}

// Conditional acquisition, released under the same condition.
void conditional(const char *info) {
  PGconn *c = nullptr;
  if (ready())
    c = PQconnectdb(info);
  work(2);
  if (c)
    PQfinish(c);
}

// Released on every path through a loop with break and continue.
void loops(const char *info) {
  for (int i = 0; i < 3; ++i) {
    PGconn *c = PQconnectdb(info);
    if (i == 1) {
      PQfinish(c);
      continue;
    }
    if (i == 2) {
      PQfinish(c);
      break;
    }
    PQfinish(c);
  }
}

// Ownership handed over: returned, moved into a smart pointer, stored in a
// member, a container or a global; none is a leak here.
PGconn *returned(const char *info) {
  PGconn *c = PQconnectdb(info);
  return c;
}

// ... but a return of something else leaks it.
PGconn *returnedOnOnePath(const char *info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready())
    return nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  return c;
}
// CHECK-FIXES: {{^}}    { PQfinish(c); return nullptr; }{{$}}

std::unique_ptr<PGconn, void (*)(PGconn *)> owned(const char *info) {
  PGconn *c = PQconnectdb(info);
  std::unique_ptr<PGconn, void (*)(PGconn *)> p(c, PQfinish);
  return p;
}

PGconn *globalConn;
struct Holder {
  PGconn *conn = nullptr;
  std::vector<PGconn *> all;
  void member(const char *info) {
    PGconn *c = PQconnectdb(info);
    conn = c;
  }
  void container(const char *info) {
    PGconn *c = PQconnectdb(info);
    all.push_back(c);
  }
  void global(const char *info) {
    PGconn *c = PQconnectdb(info);
    globalConn = c;
  }
};

// A helper that returns a new connection hands the duty to its caller,
// which is checked through the helper's summary.
PGconn *open(const char *info) { return PQconnectdb(info); }
void caller(const char *info) {
  PGconn *c = open(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  PQfinish(c);
}
// CHECK-FIXES: {{^}}    { PQfinish(c); return; }{{$}}

// A helper that releases what it is given.
void close(PGconn *c) { PQfinish(c); }
void closedByHelper(const char *info) {
  PGconn *c = PQconnectdb(info);
  close(c);
}

// Handed to the project's code this file cannot see, which may keep it:
// not reported.
void adopt(PGconn *c);
void unseen(const char *info) {
  PGconn *c = PQconnectdb(info);
  adopt(c);
}

// Only looked at by such code (a const pointer): still reported.
void inspect(const PGconn *c);
void looked(const char *info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  inspect(c);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection 'c' is still held at the end of the function
// CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it

// RAII handles are released by their destructors on every path.
int raii(const std::string &info) {
  soci::session sql(info);
  if (!ready())
    return -1;
  return 0;
}

// A `new`ed session kept in a raw pointer needs a delete.
int newSession(const std::string &info) {
  soci::session *sql = new soci::session(info);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: session 'sql' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: session 'sql' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:18: note: call 'delete sql' on every path, or hold it in 'std::unique_ptr<soci::session>' so that every path releases it
  delete sql;
  return 0;
}
// CHECK-FIXES: {{^}}    { delete sql; return -1; }{{$}}

// MySQL Connector/C++ throws: a call that throws between connect and
// delete leaves the connection behind. Inside a try block, the handler
// takes the exception.
void mysql(sql::Driver *driver) {
  sql::Connection *con = driver->connect("tcp://h", "u", "p");
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: connection 'con' is not released on every path [dbsession-unreleased-connection]
  sql::Statement *st = con->createStatement();
  // CHECK-NOTES: :[[@LINE-1]]:29: note: connection 'con' is still held if 'sql::Connection::createStatement' throws here
  st->execute("insert into t values (1)");
  // CHECK-NOTES: :[[@LINE-1]]:7: note: connection 'con' is still held if 'sql::Statement::execute' throws here
  // CHECK-NOTES: :[[@LINE-6]]:20: note: call 'delete con' on every path, or hold it in 'std::unique_ptr<sql::Connection>' so that every path releases it
  delete st;
  delete con;
}

void mysqlCaught(sql::Driver *driver) {
  sql::Connection *con = driver->connect("tcp://h", "u", "p");
  try {
    sql::Statement *st = con->createStatement();
    st->execute("insert into t values (1)");
    delete st;
  } catch (...) {
  }
  delete con;
}

// Catch and swallow, then release: quiet.
void swallow(const char *info) {
  PGconn *c = PQconnectdb(info);
  try {
    work(3);
  } catch (...) {
  }
  PQfinish(c);
}

// One warning per acquisition, in a template instantiated twice.
template <class T> void tmpl(T info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(c)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  PQfinish(c);
}
// CHECK-FIXES: {{^}}    { PQfinish(c); return; }{{$}}
template void tmpl<const char *>(const char *);
template void tmpl<char *>(char *);

// A by-value parameter given a new connection is this function's own (the
// shape of a real fix: a connect policy that threw on a bad status).
PGconn *reconnect(PGconn *orig, const char *info) {
  orig = PQconnectdb(info);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: connection 'orig' is not released on every path [dbsession-unreleased-connection]
  if (PQstatus(orig) != CONNECTION_OK)
    throw 1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'orig' is still held when the exception thrown here leaves the function
  // CHECK-NOTES: :[[@LINE-5]]:3: note: call 'PQfinish(orig)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  return orig;
}

// The caller's connection, only used: not this function's to release.
int usesCallers(PGconn *c) {
  if (PQstatus(c) != CONNECTION_OK)
    return -1;
  return 0;
}

// A constructor that acquires into a member and then throws: the object is
// never built, so its destructor, which would release the member, does not
// run (a real fix added PQfinish before the throw; another held the
// connection in a unique_ptr).
class PgConnection {
public:
  explicit PgConnection(const char *info) {
    conn_ = PQconnectdb(info);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: connection 'conn_' is not released on every path [dbsession-unreleased-connection]
    if (PQstatus(conn_) != CONNECTION_OK)
      throw 1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: connection 'conn_' is still held when the exception thrown here leaves the constructor; the destructor does not run
    // CHECK-NOTES: :[[@LINE-5]]:5: note: call 'PQfinish(conn_)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  }
  ~PgConnection() { PQfinish(conn_); }

private:
  PGconn *conn_;
};

// The same through the member initializer.
class PgConnectionInit {
public:
  explicit PgConnectionInit(const char *info) : conn_(PQconnectdb(info)) {
    // CHECK-NOTES: :[[@LINE-1]]:49: warning: connection 'conn_' is not released on every path [dbsession-unreleased-connection]
    if (PQstatus(conn_) != CONNECTION_OK)
      throw 1;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: connection 'conn_' is still held when the exception thrown here leaves the constructor; the destructor does not run
    // CHECK-NOTES: :[[@LINE-5]]:49: note: call 'PQfinish(conn_)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  }
  ~PgConnectionInit() { PQfinish(conn_); }

private:
  PGconn *conn_;
};

// Quiet: released before the throw, and a constructor that returns leaves
// the member to the object it built.
class PgConnectionFixed {
public:
  explicit PgConnectionFixed(const char *info) {
    conn_ = PQconnectdb(info);
    if (PQstatus(conn_) != CONNECTION_OK) {
      PQfinish(conn_);
      throw 1;
    }
  }
  explicit PgConnectionFixed(int) {
    conn_ = PQconnectdb("");
    if (PQstatus(conn_) != CONNECTION_OK)
      return;
  }
  ~PgConnectionFixed() { PQfinish(conn_); }

private:
  PGconn *conn_;
};

// Quiet: an owner member is destroyed when the constructor throws.
class PgConnectionOwned {
public:
  explicit PgConnectionOwned(const char *info)
      : conn_(PQconnectdb(info), &PQfinish) {
    if (PQstatus(conn_.get()) != CONNECTION_OK)
      throw 1;
  }

private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// A rethrow throws only what its `try` block may throw. This helper's try
// block calls only libpq, which does not throw, so calling it is not an
// exit (Qt's containers, read through -I, rethrow in handlers the same way).
int statusOf(PGconn *c) {
  try {
    return PQstatus(c);
  } catch (...) {
    throw;
  }
}
void quietRethrow(sql::Driver *driver, PGconn *pc) {
  sql::Connection *con = driver->connect("tcp://h", "u", "p");
  statusOf(pc);
  delete con;
}

// This one's try block calls MySQL Connector/C++, which throws: the rethrow
// passes it on, and a call to the helper is an exit.
void prepare(sql::Connection *other) {
  try {
    other->createStatement();
  } catch (...) {
    throw;
  }
}
void rethrowingHelper(sql::Driver *driver, sql::Connection *other) {
  sql::Connection *con = driver->connect("tcp://h", "u", "p");
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: connection 'con' is not released on every path [dbsession-unreleased-connection]
  prepare(other);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: connection 'con' is still held if 'prepare' throws here
  // CHECK-NOTES: :[[@LINE-4]]:20: note: call 'delete con' on every path, or hold it in 'std::unique_ptr<sql::Connection>' so that every path releases it
  delete con;
}

// A pointer to a pool's slot does not own the session it opens: the pool
// does. Quiet.
void openPoolSlotByPointer(soci::connection_pool &pool) {
  soci::session *slot = &pool.at(0);
  slot->open("postgresql://db");
  soci::session sql(pool);
}
