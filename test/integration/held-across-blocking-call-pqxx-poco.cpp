// REQUIRES: libpqxx-headers, poco-data-headers, sqlitecpp-headers, cpp-httplib-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t

// The real libpqxx, POCO Data, SQLiteCpp and cpp-httplib headers.

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>
#include <pqxx/pqxx>
#include <unistd.h>

void pqxxWork(pqxx::connection &conn, httplib::Client &cli) {
  pqxx::work tx(conn);
  tx.exec("insert into orders values (1)");
  cli.Post("/charge", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  tx.commit();
  cli.Post("/done", "{}", "application/json");
}

void pqxxConnection(httplib::Client &cli) {
  pqxx::connection conn("dbname=app");
  {
    pqxx::work tx(conn);
    tx.exec("select 1");
    tx.commit();
  }
  cli.Get("/after");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
}

void pocoLease(Poco::Data::SessionPool &pool) {
  Poco::Data::Session s = pool.get();
  s << "delete from cache", Poco::Data::Keywords::now;
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 's' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
}

void pocoClosed(Poco::Data::SessionPool &pool) {
  Poco::Data::Session s = pool.get();
  s << "delete from cache", Poco::Data::Keywords::now;
  s.close();
  sleep(1);
}

void sqlite(httplib::Client &cli) {
  {
    SQLite::Database db("app.db", SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    db.exec("insert into t values (1)");
    tx.commit();
  }
  cli.Get("/x");
}
