// REQUIRES: soci-headers, libpqxx-headers
// RUN: %check_clang_tidy %s dbsession-entity-escapes-session %t -- -- -I /usr/include/x86_64-linux-gnu

// The real SOCI and libpqxx headers: a rowset handed to a thread, a
// statement returned past its session, a stream used after its transaction
// committed; a pqxx::result kept after the commit is a plain value.

#include <pqxx/pqxx>
#include <soci/soci.h>

#include <future>
#include <string>
#include <vector>

soci::statement prepared(const std::string &dsn, int &id) {
  soci::session sql(dsn);
  soci::statement st = (sql.prepare << "select id from jobs", soci::into(id));
  return st;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: statement 'st' is returned but session 'sql' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:19: note: statement 'st' is bound to session 'sql' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what is needed into plain values while session 'sql' is open

void exportLater(soci::connection_pool &pool) {
  soci::session sql(pool);
  soci::rowset<soci::row> rs = (sql.prepare << "select id, body from jobs");
  auto done = std::async(std::launch::async, [&rs] {
    for (const soci::row &r : rs)
      (void)r;
  });
  done.wait();
}
// CHECK-NOTES: :[[@LINE-6]]:46: warning: rowset 'rs' is captured by reference by a lambda handed to 'std::async' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-8]]:27: note: rowset 'rs' is bound to session 'sql' here
// CHECK-NOTES: :[[@LINE-8]]:46: note: hand the lambda ids or plain values and open a session where it runs

// Ids out, then the job opens its own session.
std::vector<int> jobIds(soci::connection_pool &pool) {
  soci::session sql(pool);
  std::vector<int> ids;
  soci::rowset<int> rs = (sql.prepare << "select id from jobs");
  for (int id : rs)
    ids.push_back(id);
  return ids;
}

void streamAfterCommit(pqxx::connection &c) {
  pqxx::work w(c);
  pqxx::stream_from s(w, "jobs");
  w.commit();
  s.complete();
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: stream_from 's' is used after transaction 'w' is committed [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:21: note: stream_from 's' is bound to transaction 'w' here
// CHECK-NOTES: :[[@LINE-5]]:3: note: transaction 'w' is committed here
// CHECK-NOTES: :[[@LINE-6]]:3: note: copy what is needed from 's' before this

pqxx::result keptAfterCommit(pqxx::connection &c) {
  pqxx::work w(c);
  pqxx::result r = w.exec("select id from jobs");
  w.commit();
  return r;
}
