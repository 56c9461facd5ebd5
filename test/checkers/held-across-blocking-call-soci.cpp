// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib

#include <httplib.h>
#include <soci/soci.h>
#include <unistd.h>

// RAII session from a connection string: held until its destructor.
void raiiSession(httplib::Client &cli) {
  soci::session sql("postgresql://db");
  sql << "insert into log values(1)";
  cli.Post("/notify", "{}", "application/json");
  // CHECK-FIXES: {{^}}  sql.close();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Post("/notify", "{}", "application/json");{{$}}
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-6]]:17: note: session 'sql' acquired here
  // CHECK-MESSAGES: :[[@LINE+1]]:1: note: session 'sql' is released here
}

// A pool lease counts from acquisition until destruction, not its last use.
void poolLease(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  int n = 0;
  sql << "select count(*) from t", soci::into(n);
  cli.Post("/count", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:17: note: session 'sql' leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: end the scope of 'sql' before the call to give the lease back
}

// Explicit form: open() acquires, close() releases.
void explicitOpenClose(httplib::Client &cli) {
  soci::session sql;
  sleep(1); // Not connected yet: the default constructor does not connect.
  sql.open("postgresql://db");
  sql << "delete from jobs";
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: session 'sql' acquired here
  sql.close();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: session 'sql' is released here; do it before the call
  cli.Post("/done", "{}", "application/json"); // Closed: quiet.
}

// An inner scope that ends before the call gives the lease back.
void innerScope(soci::connection_pool &pool, httplib::Client &cli) {
  {
    soci::session sql(pool);
    sql << "update t set x = 1";
  }
  cli.Post("/after", "{}", "application/json");
}

// A transaction is open from its constructor to commit().
void transactionOpen(soci::session &sql, httplib::Client &cli) {
  soci::transaction tr(sql);
  sql << "insert into t values(1)";
  cli.Post("/audit", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction 'tr' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: transaction 'tr' opened here
  tr.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: transaction 'tr' is committed here; do it before the call
  cli.Post("/committed", "{}", "application/json"); // Committed: quiet.
}

// The session-level transaction begun here on a session owned by the
// caller is held here, from begin() to commit().
void sessionBegin(soci::session &sql, httplib::Client &cli) {
  sql.begin();
  sql << "insert into t values(2)";
  cli.Post("/audit", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction on 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: transaction on 'sql' opened here
  sql.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: transaction on 'sql' is committed here
}

// The caller's session, no transaction begun here: the caller reports it.
void receivesSession(soci::session &sql, httplib::Client &cli) {
  sql << "insert into t values(3)";
  cli.Post("/audit", "{}", "application/json");
}

// Writing through the session is what it is held for, not a blocking call.
void dbWorkOnly(soci::connection_pool &pool) {
  soci::session sql(pool);
  sql << "insert into t values(4)";
  soci::statement st(sql);
  st.execute(true);
}

// A second lease while holding one waits on the pool: with one connection
// left, forever.
void secondLeaseWhileHolding(soci::connection_pool &pool) {
  soci::session a(pool);
  soci::session b(pool);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: session 'a' is held across blocking call to 'soci::session::session' (db.pool-wait) [dbsession-held-across-blocking-call]
  a << "select 1";
  b << "select 2";
}

// The first lease is given back before the second is taken.
void secondLeaseAfterScope(soci::connection_pool &pool) {
  { soci::session a(pool); }
  soci::session b(pool);
  b << "select 1";
}

// A pool's sessions opened through a reference to each slot belong to the
// pool: once the reference's scope ends, the lease taken later holds nothing
// of this function's (the shape of SOCI's own pool test): quiet.
void openPoolSlots(soci::connection_pool &pool) {
  for (std::size_t i = 0; i != 4; ++i) {
    soci::session &slot = pool.at(i);
    slot.open("postgresql://db");
  }
  soci::session sql(pool);
  sql << "select 1";
}
void openPoolSlotsByPointer(soci::connection_pool &pool) {
  for (std::size_t i = 0; i != 4; ++i) {
    soci::session *slot = &pool.at(i);
    slot->open("postgresql://db");
  }
  soci::session sql(pool);
  sql << "select 1";
}

// Within the reference's scope, the session it opened is held all the same.
void openSlotThenPost(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session &slot = pool.at(0);
  slot.open("postgresql://db");
  cli.Post("/opened", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'slot' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: session 'slot' acquired here
}

// The caller holds the lease across a helper that receives it and blocks:
// the session cannot end before the call, so no scope hint and no fix; the
// note says to split the work instead.
void callsBlockingHelper(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  receivesSession(sql, cli);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'receivesSession' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-3]]:17: note: session 'sql' leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-65]]:7: note: 'receivesSession' calls 'httplib::Client::Post' (network.http) here
  // CHECK-MESSAGES: :[[@LINE+3]]:1: note: session 'sql' is released here
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: 'sql' is passed to the call: do the database work first, release it, then make the blocking call with plain values
  // CHECK-MESSAGES-NOT: end the scope of 'sql'
}
