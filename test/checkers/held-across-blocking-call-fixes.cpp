// Fixes on the warning keep the meaning: each handle is released before the
// blocking call instead of at the end of its scope. The fixed file compiles
// and is clean on a second run.
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/pqxx -isystem %S/Inputs/httplib
// RUN: %clang -fsyntax-only -std=c++17 -isystem %S/Inputs/soci -isystem %S/Inputs/pqxx -isystem %S/Inputs/httplib %t.cpp
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-held-across-blocking-call' %t.cpp -- -std=c++17 -isystem %S/Inputs/soci -isystem %S/Inputs/pqxx -isystem %S/Inputs/httplib 2>&1 | FileCheck --allow-empty --check-prefix=CLEAN %s
// CLEAN-NOT: {{warning|error}}:

#include <httplib.h>
#include <memory>
#include <pqxx/pqxx>
#include <soci/soci.h>

void session(httplib::Client &cli) {
  soci::session sql("postgresql://db");
  sql << "insert into log values(1)";
  cli.Post("/notify", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-FIXES: {{^}}  sql.close();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Post("/notify", "{}", "application/json");{{$}}
}

void uniquePtrLease(soci::connection_pool &pool, httplib::Client &cli) {
  auto sql = std::make_unique<soci::session>(pool);
  *sql << "insert into log values(2)";
  auto r = cli.Get("/status");
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-FIXES: {{^}}  sql.reset();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  auto r = cli.Get("/status");{{$}}
  (void)r;
}

void connection(httplib::Client &cli, bool ping) {
  pqxx::connection conn("dbname=app");
  {
    pqxx::work tx(conn);
    tx.exec("insert into log values(3)");
    tx.commit();
  }
  if (ping) { cli.Get("/ping"); }
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-FIXES: {{^}}  if (ping) { conn.close(); cli.Get("/ping"); }{{$}}
}

void underCaseLabel(httplib::Client &cli, int kind) {
  soci::session sql("postgresql://db");
  sql << "insert into log values(4)";
  switch (kind) {
  case 1:
    cli.Get("/one");
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
    // CHECK-FIXES: {{^}}    sql.close();{{$}}
    // CHECK-FIXES-NEXT: {{^}}    cli.Get("/one");{{$}}
    break;
  default: cli.Get("/other");
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
    // CHECK-FIXES: {{^}}  default: sql.close(); cli.Get("/other");{{$}}
  }
}

void beforeLoop(httplib::Client &cli) {
  soci::session sql("postgresql://db");
  sql << "insert into log values(5)";
  for (int i = 0; i < 3; ++i)
    cli.Get("/poll");
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-FIXES: {{^}}  sql.close();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int i = 0; i < 3; ++i){{$}}
}

// A transaction open on a connection, both held at the call: both are
// reported at once, and the fix on the connection's warning ends the
// transaction first, then the connection (each a reset, which does what the
// destructors would have done). The transaction's own warning carries no
// second copy of its release.
void transactionAndConnection(httplib::Client &cli) {
  auto conn = std::make_unique<pqxx::connection>("dbname=app");
  auto tx = std::make_unique<pqxx::work>(*conn);
  tx->exec("select 6");
  cli.Get("/after");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-FIXES: {{^}}  tx.reset();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  conn.reset();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Get("/after");{{$}}
}

// The same with the connection a plain local: its close() keeps the meaning
// once the transaction open on it has been reset.
void transactionOnLocalConnection(httplib::Client &cli) {
  pqxx::connection conn("dbname=app");
  auto tx = std::make_unique<pqxx::work>(conn);
  tx->exec("select 7");
  cli.Get("/after");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-FIXES: {{^}}  tx.reset();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  conn.close();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Get("/after");{{$}}
}
