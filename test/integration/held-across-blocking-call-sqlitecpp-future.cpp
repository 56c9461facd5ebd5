// REQUIRES: sqlitecpp-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t

// The real SQLiteCpp headers and the standard library's std::future.

#include <SQLiteCpp/SQLiteCpp.h>
#include <future>
#include <string>
#include <utility>

// Waits for a background computation with the database open.
int storeScore(std::future<int> &score) {
  SQLite::Database db("scores.db", SQLite::OPEN_READWRITE);
  db.exec("delete from scores where stale = 1");
  int value = score.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: connection 'db' is held across blocking call to 'std::future::get' (sync.wait) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: connection 'db' acquired here
  SQLite::Statement insert(db, "insert into scores(value) values(?)");
  insert.bind(1, value);
  insert.exec();
  return value;
}

// An open transaction while waiting on a shared result.
void importBatch(SQLite::Database &db, std::shared_future<std::string> batch) {
  SQLite::Transaction tx(db);
  db.exec("delete from staging");
  const std::string &rows = batch.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: transaction 'tx' is held across blocking call to 'std::shared_future::get' (sync.wait) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:23: note: transaction 'tx' opened here
  SQLite::Statement insert(db, "insert into staging(rows) values(?)");
  insert.bind(1, rows);
  insert.exec();
  tx.commit();
}

// The transaction is committed and the database closed (end of scope)
// before the wait: nothing fires.
int committedFirst(std::future<int> &score) {
  {
    SQLite::Database db("scores.db", SQLite::OPEN_READWRITE);
    SQLite::Transaction tx(db);
    db.exec("delete from scores where stale = 1");
    tx.commit();
  }
  return score.get();
}

// The database is moved into the caller's owner before the wait: nothing
// fires.
int openInto(std::unique_ptr<SQLite::Database> &slot, std::future<int> &n) {
  auto db = std::make_unique<SQLite::Database>("scores.db",
                                               SQLite::OPEN_READWRITE);
  slot = std::move(db);
  return n.get();
}

// A helper that receives the database does DB work: nothing fires at the
// call.
void prune(SQLite::Database &db) { db.exec("delete from scores where stale"); }

void housekeeping() {
  SQLite::Database db("scores.db", SQLite::OPEN_READWRITE);
  prune(db);
}
