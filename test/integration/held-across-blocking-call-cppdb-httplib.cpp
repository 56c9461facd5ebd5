// REQUIRES: cppdb-headers, cpp-httplib-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t

// The real CppDB and cpp-httplib headers.

#include <cppdb/frontend.h>
#include <httplib.h>
#include <string>
#include <utility>

// Reads a document, asks a remote service to translate it, writes the
// result back: the session is held for the whole round trip.
void translate(httplib::Client &cli, int id) {
  cppdb::session sql("sqlite3:db=docs.db");
  std::string text;
  sql << "select body from docs where id = ?" << id << cppdb::row >> text;
  auto res = cli.Post("/translate", text, "text/plain");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: session 'sql' acquired here
  // CHECK-MESSAGES: :[[@LINE-3]]:18: note: 'sql' is used after the call: copy what is needed, release it before the call and acquire it again afterwards
  sql << "update docs set translated = ? where id = ?" << res->body << id
      << cppdb::exec;
}

// A guarded transaction open across a GET.
void refreshRates(cppdb::session &sql, httplib::Client &cli) {
  cppdb::transaction guard(sql);
  sql << "delete from rates" << cppdb::exec;
  auto res = cli.Get("/rates");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: transaction 'guard' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:22: note: transaction 'guard' opened here
  sql << "insert into rates(body) values(?)" << res->body << cppdb::exec;
  guard.commit();
}

// A helper that calls the network: the warning names the helper.
std::string fetchProfile(httplib::Client &cli, const std::string &user) {
  auto res = cli.Get("/profiles/" + user);
  return res ? res->body : std::string();
}

void syncProfile(httplib::Client &cli, const std::string &user) {
  cppdb::session sql("sqlite3:db=users.db");
  sql << "update users set synced = 0 where name = ?" << user << cppdb::exec;
  std::string profile = fetchProfile(cli, user);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: session 'sql' is held across blocking call to 'fetchProfile' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-9]]:18: note: 'fetchProfile' calls 'httplib::Client::Get' (network.http) here
}

// The session is closed before the request: nothing fires.
void closedFirst(httplib::Client &cli) {
  cppdb::session sql("sqlite3:db=docs.db");
  sql << "delete from docs where expired = 1" << cppdb::exec;
  sql.close();
  cli.Post("/expired", "{}", "application/json");
}

// The session's scope ends before the request: nothing fires.
void scopedFirst(httplib::Client &cli) {
  std::string text;
  {
    cppdb::session sql("sqlite3:db=docs.db");
    sql << "select body from docs where id = 1" << cppdb::row >> text;
  }
  cli.Post("/translate", text, "text/plain");
}

// The session is moved into the caller's slot: nothing fires.
void openInto(cppdb::session &slot, httplib::Client &cli) {
  cppdb::session sql("sqlite3:db=docs.db");
  slot = std::move(sql);
  cli.Get("/ready");
}

// A helper that receives the session does DB work: nothing fires at the
// call.
void purge(cppdb::session &sql) {
  sql << "delete from docs where expired = 1" << cppdb::exec;
}

void maintenance() {
  cppdb::session sql("sqlite3:db=docs.db");
  purge(sql);
}
