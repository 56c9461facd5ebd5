// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib

#include <httplib.h>
#include <memory>
#include <soci/soci.h>
#include <stdexcept>
#include <unistd.h>
#include <utility>
#include <vector>

void keep(soci::session s);
void adopt(std::unique_ptr<soci::session> s);
struct Owner {
  void take(soci::session &&s);
  std::vector<soci::session> sessions;
};

// Released on one branch only: held on the other path.
void releaseOnOneBranch(soci::connection_pool &pool, bool done) {
  auto sql = std::make_unique<soci::session>(pool);
  *sql << "select 1";
  if (done)
    sql.reset();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
}

// Released on both branches: quiet.
void releaseOnBothBranches(soci::connection_pool &pool, bool done) {
  auto sql = std::make_unique<soci::session>(pool);
  if (done)
    sql.reset();
  else
    sql = nullptr;
  sleep(1);
}

// Moved into another owner before the call: quiet.
void movedIntoValueParameter(soci::connection_pool &pool) {
  soci::session sql(pool);
  keep(std::move(sql));
  sleep(1);
}

void movedIntoUniquePtrOwner(soci::connection_pool &pool) {
  auto sql = std::make_unique<soci::session>(pool);
  adopt(std::move(sql));
  sleep(1);
}

void movedIntoContainer(soci::connection_pool &pool, Owner &owner) {
  soci::session sql(pool);
  owner.sessions.push_back(std::move(sql));
  sleep(1);
}

void movedIntoRvalueReference(soci::connection_pool &pool, Owner &owner) {
  soci::session sql(pool);
  owner.take(std::move(sql));
  sleep(1);
}

// Moved into another local: that one holds it now.
void movedIntoLocal(soci::connection_pool &pool) {
  soci::session a(pool);
  soci::session b(std::move(a));
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'b' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: session 'b' leased from a pool here
}

// The unique_ptr gives up ownership; the raw pointer is deleted.
void releaseThenDelete(soci::connection_pool &pool) {
  std::unique_ptr<soci::session> up(new soci::session(pool));
  soci::session *raw = up.release();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'raw' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  delete raw;
  sleep(1);
}

// Loops: held inside the body; a handle per iteration is gone after it.
void loopBody(soci::connection_pool &pool, httplib::Client &cli) {
  for (int i = 0; i < 3; ++i) {
    soci::session sql(pool);
    sql << "select 1";
    if (i == 1)
      continue;
    cli.Post("/i", "{}", "text/plain");
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  }
  sleep(1);
}

void loopBreak(soci::connection_pool &pool) {
  while (true) {
    soci::session sql(pool);
    if (sql.is_connected())
      break;
  }
  sleep(1);
}

// Held across the back edge: acquired at the end of one iteration, the next
// one sleeps with it.
void loopBackEdge(soci::connection_pool &pool) {
  std::unique_ptr<soci::session> sql;
  for (int i = 0; i < 3; ++i) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
    sql.reset(new soci::session(pool));
    // The new lease is taken before reset() gives the old one back.
    // CHECK-MESSAGES: :[[@LINE-2]]:19: warning: session 'sql' is held across blocking call to 'soci::session::session' (db.pool-wait) [dbsession-held-across-blocking-call]
  }
}

// Early return: the destructor runs on the return path.
void earlyReturn(soci::connection_pool &pool, bool fast) {
  {
    soci::session sql(pool);
    if (fast)
      return;
    sql << "select 1";
  }
  sleep(1);
}

// goto out of the scope destroys the session.
void withGoto(soci::connection_pool &pool, bool again) {
retry:
  {
    soci::session sql(pool);
    if (again) {
      again = false;
      goto retry;
    }
  }
  sleep(1);
}

// Exceptions: a handler runs with the handles of the enclosing scope, not
// with those of the try block.
void catchOutside(soci::connection_pool &pool) {
  soci::session sql(pool);
  try {
    sql << "insert into t values(1)";
  } catch (const std::exception &) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  }
}

void catchInside(soci::connection_pool &pool) {
  try {
    soci::session sql(pool);
    sql << "insert into t values(1)";
  } catch (...) {
    sleep(1);
  }
}

void throwFromScope(soci::connection_pool &pool, bool bad) {
  try {
    soci::session sql(pool);
    if (bad)
      throw std::runtime_error("bad");
  } catch (const std::runtime_error &) {
    sleep(1);
  }
}

// Conditionally acquired: held on the path that acquired it.
void conditional(soci::connection_pool &pool, bool need) {
  std::unique_ptr<soci::session> sql;
  if (need)
    sql = std::make_unique<soci::session>(pool);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
}

// A temporary lease lives until the end of its full expression.
void temporary(soci::connection_pool &pool) {
  soci::session(pool) << "delete from t";
  sleep(1);
}

void useBoth(const soci::session &s, unsigned slept);
void temporaryAcrossArgument(soci::connection_pool &pool) {
  useBoth(soci::session(pool), sleep(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: temporary session is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:11: note: temporary session leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-3]]:40: note: temporary session is released here
}

// A member of this acquired here is held here until released.
class Worker {
public:
  explicit Worker(soci::connection_pool &pool) : pool_(pool), sql_(pool) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'sql_' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
    // CHECK-MESSAGES: :[[@LINE-3]]:63: note: session 'sql_' leased from a pool here
  }
  void refresh() {
    cache_ = std::make_unique<soci::session>(pool_);
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'cache_' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
    cache_.reset();
    sleep(1);
  }
  // Not acquired here: whoever acquired it reports it.
  void use() { sleep(1); }

private:
  soci::connection_pool &pool_;
  soci::session sql_;
  std::unique_ptr<soci::session> cache_;
};

// A member of a local acquired here.
struct Holder {
  soci::session sql;
  int retries = 0;
};
void memberOfLocal() {
  Holder h;
  h.sql.open("postgresql://db");
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'h.sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: session 'h.sql' acquired here
  h.sql.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: session 'h.sql' is released here; do it before the call
  sleep(2);
}

// A shared_ptr copied into a member: the local copy still holds the lease
// until it dies.
class Cache {
public:
  void fill(soci::connection_pool &pool) {
    auto s = std::make_shared<soci::session>(pool);
    shared_ = s;
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 's' is held across blocking call to 'sleep' (sleep); fix available [dbsession-held-across-blocking-call]
  }

private:
  std::shared_ptr<soci::session> shared_;
};

// References and plain pointers name a handle; they do not own one.
void aliasesEndWithTheirHandle(soci::connection_pool &pool) {
  {
    soci::session sql(pool);
    soci::session &ref = sql;
    soci::session *ptr = &sql;
    ref << "select 1";
    *ptr << "select 2";
  }
  sleep(1);
}

void releasedThroughAlias(soci::connection_pool &pool) {
  soci::session sql(pool);
  soci::session &ref = sql;
  ref << "select 1";
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  ref.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: session 'sql' is released here; do it before the call
  sleep(2);
}
