// REQUIRES: libpqxx-headers, sqlitecpp-headers, poco-data-headers, cppdb-headers
// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -I /usr/include/x86_64-linux-gnu

// The real libpqxx, SQLiteCpp, POCO Data and CppDB headers: their
// connections close when destroyed, so only one made with `new` and kept in
// a raw pointer needs an explicit release (`delete`).

#include <Poco/Data/Session.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cppdb/frontend.h>
#include <memory>
#include <pqxx/pqxx>
#include <string>

bool valid(long id);

// libpqxx: an early return skips the delete.
int pqxxEarly(const std::string &info, long id) {
  pqxx::connection *c = new pqxx::connection(info);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!valid(id))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
  pqxx::nontransaction tx(*c);
  // CHECK-NOTES: :[[@LINE-1]]:24: note: connection 'c' is still held if 'pqxx::nontransaction::nontransaction' throws here
  tx.exec("select 1");
  // CHECK-NOTES: :[[@LINE-1]]:6: note: connection 'c' is still held if 'pqxx::transaction_base::exec' throws here
  // CHECK-NOTES: :[[@LINE-9]]:21: note: call 'delete c' on every path, or hold it in 'std::unique_ptr<pqxx::connection>' so that every path releases it
  delete c;
  return 0;
}

// SQLiteCpp: a database object opened with new and never deleted.
void sqliteNeverDeleted(const std::string &path) {
  SQLite::Database *db = new SQLite::Database(path, SQLite::OPEN_READWRITE);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: connection 'db' is not released on every path [dbsession-unreleased-connection]
  db->exec("update items set seen = 1");
  // CHECK-NOTES: :[[@LINE-1]]:7: note: connection 'db' is still held if 'SQLite::Database::exec' throws here
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection 'db' is still held at the end of the function
// CHECK-NOTES: :[[@LINE-6]]:21: note: call 'delete db' on every path, or hold it in 'std::unique_ptr<SQLite::Database>' so that every path releases it

// POCO Data: a session made with new, leaked when the check fails.
bool pocoEarly(const std::string &path, long id) {
  auto *s = new Poco::Data::Session("SQLite", path);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: session 's' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!valid(id))
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: session 's' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:9: note: call 'delete s' on every path, or hold it in 'std::unique_ptr<Poco::Data::Session>' so that every path releases it
  delete s;
  return true;
}

// CppDB: a session made with new and handed to nobody.
void cppdbNeverDeleted(const std::string &conn) {
  cppdb::session *sql = new cppdb::session(conn);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: session 'sql' is not released on every path [dbsession-unreleased-connection]
  *sql << "update items set seen = 1" << cppdb::exec;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: session 'sql' is still held at the end of the function
// CHECK-NOTES: :[[@LINE-5]]:19: note: call 'delete sql' on every path, or hold it in 'std::unique_ptr<cppdb::session>' so that every path releases it

// Quiet: by value, or owned by a smart pointer, every path releases them.
void owned(const std::string &info, const std::string &path, long id) {
  pqxx::connection c(info);
  auto db = std::make_unique<SQLite::Database>(path);
  std::unique_ptr<Poco::Data::Session> s(
      new Poco::Data::Session("SQLite", path));
  cppdb::session sql(info);
  if (!valid(id))
    return;
  db->exec("update items set seen = 1");
}
