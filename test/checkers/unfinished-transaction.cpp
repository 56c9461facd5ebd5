// RUN: %check_clang_tidy %s dbsession-unfinished-transaction %t -- -- -isystem %S/Inputs/pqxx -isystem %S/Inputs/soci -isystem %S/Inputs/qt -isystem %S/Inputs/libpq -isystem %S/Inputs/mysql -isystem %S/Inputs/drogon

#include <QtSql/QSqlDatabase>
#include <cppconn/driver.h>
#include <drogon/orm/DbClient.h>
#include <libpq-fe.h>
#include <memory>
#include <pqxx/pqxx>
#include <soci/soci.h>
#include <string>

bool valid(int);
void log(const char *);

// RAII: a transaction that wrote and returns early without commit loses
// its writes.
void lostWrites(pqxx::connection &c, int id) {
  pqxx::work tx(c);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction 'tx' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
  tx.exec("insert into audit values (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction 'tx' writes here
  if (!valid(id))
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction 'tx' ends here without commit or rollback
  // CHECK-NOTES: :[[@LINE-7]]:14: note: call 'tx.commit()' before the end of its scope if the writes are to stay, or 'tx.abort()' to drop them on purpose
  tx.exec("update items set seen = 1");
  tx.commit();
}

// An exit before the first write, a read-only transaction, and a throw
// (the rollback the destructor is for) are all fine.
void beforeFirstWrite(pqxx::connection &c, int id) {
  pqxx::work tx(c);
  if (!valid(id))
    return;
  tx.exec("insert into audit values (1)");
  if (!valid(id + 1))
    throw 1;
  tx.commit();
}

int readOnly(pqxx::connection &c) {
  pqxx::work tx(c);
  pqxx::result r = tx.exec("select count(*) from items");
  return r.size();
}

// nontransaction commits when destroyed: never a finding.
void autocommit(pqxx::connection &c) {
  pqxx::nontransaction tx(c);
  tx.exec("insert into audit values (1)");
}

// Drogon's transaction commits when its last copy dies: never a finding,
// whatever the exit.
void drogonCommits(drogon::orm::DbClient &client, int id) {
  auto tx = client.newTransaction();
  tx->execSqlSync("insert into audit values (1)");
  if (!valid(id))
    return;
  tx->execSqlSync("update items set seen = 1");
}

// A loop: break leaves the scope of the transaction uncommitted.
void loop(soci::session &sql) {
  for (int i = 0; i < 10; ++i) {
    soci::transaction tr(sql);
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: transaction 'tr' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
    sql << "insert into t values (1)";
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction 'tr' writes here
    if (!valid(i))
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: transaction 'tr' ends here without commit or rollback
    // CHECK-NOTES: :[[@LINE-7]]:23: note: call 'tr.commit()' before the end of its scope if the writes are to stay, or 'tr.rollback()' to drop them on purpose
    tr.commit();
  }
}

// Without RAII (Qt): any exit with the transaction open leaves the
// connection idle in transaction, written or not.
bool qtEarlyReturn(QSqlDatabase db, int id) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is left open on some path [dbsession-unfinished-transaction]
  QSqlQuery q(db);
  if (!q.exec("update items set seen = 1"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: note: transaction on 'db' writes here
  // CHECK-NOTES: :[[@LINE-2]]:5: note: transaction on 'db' is still open when the function returns here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: call 'db.commit()' or 'db.rollback()' before leaving the function
  return db.commit();
}

// Corrected twin: rolled back on the error path. A begin whose failure is
// tested began only where it succeeded.
bool qtFixed(QSqlDatabase db, int id) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("update items set seen = 1")) {
    db.rollback();
    return false;
  }
  return db.commit();
}

// A failed commit leaves the transaction open.
bool qtCommitFails(QSqlDatabase db) {
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is left open on some path [dbsession-unfinished-transaction]
  if (!db.commit()) {
    log("commit failed");
    return false;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction on 'db' is still open when the function returns here
    // CHECK-NOTES: :[[@LINE-6]]:3: note: call 'db.commit()' or 'db.rollback()' before leaving the function
  }
  return true;
}

// A wrapper whose job is to begin: its caller is responsible, and is
// checked through the wrapper's summary.
void beginWork(QSqlDatabase &db) { db.transaction(); }
void commitWork(QSqlDatabase &db) { db.commit(); }

bool callsTheWrapper(QSqlDatabase &db) {
  beginWork(db);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' is left open on some path [dbsession-unfinished-transaction]
  QSqlQuery q(db);
  if (!q.exec("update items set seen = 1"))
    return false;
  // CHECK-NOTES: :[[@LINE-2]]:8: note: transaction on 'db' writes here
  // CHECK-NOTES: :[[@LINE-2]]:5: note: transaction on 'db' is still open when the function returns here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: call 'db.commit()' or 'db.rollback()' before leaving the function
  commitWork(db);
  return true;
}

// A wrapper with a guard clause before its begin, on a member: the early
// return has no transaction to finish, so it is still a wrapper whose job is
// to begin (the shape of a real library's updateStarted/updateFinished):
// quiet.
void work();
struct Library {
  QSqlDatabase *db = nullptr;
  bool ready = false;
  void updateStarted() {
    if (!db)
      return;
    db->transaction();
    work();
  }
  void updateFinished() {
    if (db)
      db->commit();
  }
  QSqlDatabase other;
  void otherStarted() {
    if (!ready)
      return;
    other.transaction();
  }
};

// Begun on a local copy of a connection whose name (or the copy itself) the
// object keeps: a later method finishes it through what was kept, a
// start/finish pair (the shape of a real comic library model): quiet.
QSqlDatabase openLibrary(const QString &path);
int pendingRows(QSqlDatabase &db);
struct ComicModel {
  QString connection;
  QSqlDatabase kept;
  int pending = 0;
  void startTransaction() {
    QSqlDatabase db = openLibrary("library.ydb");
    connection = db.connectionName();
    db.transaction();
  }
  void finishTransaction() { QSqlDatabase::database(connection).commit(); }
  void startKept() {
    QSqlDatabase db = openLibrary("library.ydb");
    kept = db;
    db.transaction();
  }
  // What a call computed from the connection is not the connection: the
  // transaction is still this function's to finish.
  void startCounted() {
    QSqlDatabase db = openLibrary("library.ydb");
    pending = pendingRows(db);
    db.transaction();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction on 'db' is left open on some path [dbsession-unfinished-transaction]
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction on 'db' is still open at the end of the function
  // CHECK-NOTES: :[[@LINE-4]]:5: note: call 'db.commit()' or 'db.rollback()' before leaving the function
};

// Begun and finished through helpers on every path: quiet.
bool throughHelpers(QSqlDatabase &db) {
  beginWork(db);
  QSqlQuery q(db);
  bool ok = q.exec("update items set seen = 1");
  commitWork(db);
  return ok;
}

// SOCI's session-level begin: an exception from a throwing call leaves it
// open (no handler rolls back).
void sociBegin(soci::session &sql) {
  sql.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'sql' is left open on some path [dbsession-unfinished-transaction]
  sql << "insert into t values (1)";
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction on 'sql' writes here
  // CHECK-NOTES: :[[@LINE-2]]:7: note: transaction on 'sql' is still open if 'soci::session::operator<<' throws here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: call 'sql.commit()' or 'sql.rollback()' before leaving the function; on exception paths roll back in a handler, or use a transaction object that rolls back when destroyed
  sql.commit();
}

// A handler that rolls back: quiet.
void sociHandled(soci::session &sql) {
  sql.begin();
  try {
    sql << "insert into t values (1)";
    sql.commit();
  } catch (...) {
    sql.rollback();
    throw;
  }
}

// libpq: BEGIN sent as SQL; libpq does not throw, but an early return does
// leave it open.
int pq(PGconn *c, int n) {
  PQclear(PQexec(c, "BEGIN"));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: transaction on 'c' is left open on some path [dbsession-unfinished-transaction]
  PGresult *r = PQexec(c, "insert into t values (1)");
  // CHECK-NOTES: :[[@LINE-1]]:17: note: transaction on 'c' writes here
  PQclear(r);
  if (n < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction on 'c' is still open when the function returns here
  // CHECK-NOTES: :[[@LINE-8]]:11: note: commit or roll back before leaving the function
  PQclear(PQexec(c, "COMMIT"));
  return 0;
}

// MySQL: setAutoCommit(false) begins, setAutoCommit(true) ends manual
// mode (committing what is open) and is never a finding itself; the calls
// between them throw.
void mysqlManual(sql::Connection *con) {
  con->setAutoCommit(false);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'con' is left open on some path [dbsession-unfinished-transaction]
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("insert into t values (1)");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction on 'con' writes here
  // CHECK-NOTES: :[[@LINE-3]]:43: note: transaction on 'con' is still open if 'sql::Connection::createStatement' throws here
  // CHECK-NOTES: :[[@LINE-3]]:7: note: transaction on 'con' is still open if 'sql::Statement::execute' throws here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: call 'con->commit()' or 'con->rollback()' before leaving the function; on exception paths roll back in a handler, or use a transaction object that rolls back when destroyed
  con->setAutoCommit(true);
}

void mysqlHandled(sql::Connection *con) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::Statement> st(con->createStatement());
    st->execute("insert into t values (1)");
    con->commit();
  } catch (...) {
    con->rollback();
  }
  con->setAutoCommit(true);
}

// Commit after commit, and a nested begin.
void twice(pqxx::connection &c) {
  pqxx::work tx(c);
  tx.exec("insert into t values (1)");
  tx.commit();
  tx.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: commit of transaction 'tx', which is already committed [dbsession-unfinished-transaction]
}

// The nested begin is ignored: the first commit finishes the transaction,
// and the rollback after it has nothing to roll back.
void nested(QSqlDatabase &db) {
  db.transaction();
  db.transaction();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction on 'db' begins while transaction on 'db' is still open on the same session [dbsession-unfinished-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: transaction on 'db' opened here
  QSqlQuery q(db);
  q.exec("insert into t values (1)");
  db.commit();
  db.rollback();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: rollback of transaction on 'db', which is already committed [dbsession-unfinished-transaction]
}

// One session, one transaction state: a soci::transaction and the
// session-level commit share it.
void shared(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "insert into t values (1)";
  sql.commit();
}

void twoObjects(pqxx::connection &c) {
  pqxx::work a(c);
  pqxx::work b(c);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction 'b' begins while transaction 'a' is still open on the same session [dbsession-unfinished-transaction]
  // CHECK-NOTES: :[[@LINE-3]]:14: note: transaction 'a' opened here
  b.commit();
}

// Shapes met in real services, quiet:
// a read whose SQL is built by concatenation (the first keyword still
// shows: SELECT);
bool hasExtension(pqxx::connection &c, const std::string &name) {
  pqxx::work tx(c);
  std::string sql = "SELECT * FROM pg_extension WHERE extname = '" + name + "'";
  pqxx::result r = tx.exec(sql);
  return r.size() == 1;
}

// a begin wrapper that reconnects: the second begin is on a new connection;
QSqlDatabase reconnect();
bool beginTransaction(QSqlDatabase &db) {
  bool result = db.transaction();
  if (!valid(0)) {
    db = reconnect();
    result = db.transaction();
  }
  return result;
}

// every failure rolls back and sets a flag, success commits: finished on
// every path, though the analysis, not path-sensitive, cannot tell; it
// reports only exits where the transaction is open on every path.
bool flagged(QSqlDatabase db) {
  db.transaction();
  bool error = false;
  QSqlQuery q(db);
  if (!q.exec("insert into t values (1)")) {
    db.rollback();
    error = true;
  }
  if (!error)
    db.commit();
  return !error;
}
