// REQUIRES: qt-sql-headers, libpq-headers, mysql-jdbc-headers
// RUN: %check_clang_tidy %s dbsession-unfinished-transaction %t -- -- %qt_flags %pq_flags -I /usr/include/x86_64-linux-gnu

// The real Qt SQL, libpq and MySQL Connector/C++ headers: transactions
// begun by a call stay open at any exit of the function that began them.

#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <cppconn/connection.h>
#include <cppconn/statement.h>
#include <libpq-fe.h>
#include <memory>

// Qt: an early return on a failed query leaves the connection idle in a
// transaction (the shape of a real fix: a migration that returned without
// rollback when its commit failed).
bool migrate(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("ALTER TABLE shots ADD COLUMN grade INTEGER"))
    return false;
  if (!db.commit())
    return false;
    // CHECK-NOTES: :[[@LINE-7]]:8: warning: transaction on 'db' is left open on some path [dbsession-unfinished-transaction]
    // CHECK-NOTES: :[[@LINE-5]]:8: note: transaction on 'db' writes here
    // CHECK-NOTES: :[[@LINE-5]]:5: note: transaction on 'db' is still open when the function returns here
    // CHECK-NOTES: :[[@LINE-4]]:5: note: transaction on 'db' is still open when the function returns here
    // CHECK-NOTES: :[[@LINE-11]]:8: note: call 'db.commit()' or 'db.rollback()' before leaving the function
  return true;
}

// Its corrected twin: rolled back on both failure paths.
bool migrateFixed(QSqlDatabase &db) {
  if (!db.transaction())
    return false;
  QSqlQuery q(db);
  if (!q.exec("ALTER TABLE shots ADD COLUMN grade INTEGER")) {
    db.rollback();
    return false;
  }
  if (!db.commit()) {
    db.rollback();
    return false;
  }
  return true;
}

// A begin wrapper: leaves the transaction open on every exit, for its
// caller to finish. Not reported.
void beginBatch(QSqlDatabase &db) { db.transaction(); }

// libpq: BEGIN and COMMIT sent as SQL text.
int transfer(PGconn *c, bool ok) {
  PQclear(PQexec(c, "BEGIN"));
  PQclear(PQexec(c, "UPDATE accounts SET balance = balance - 1 WHERE id = 1"));
  if (!ok)
    return -1;
    // CHECK-NOTES: :[[@LINE-4]]:11: warning: transaction on 'c' is left open on some path [dbsession-unfinished-transaction]
    // CHECK-NOTES: :[[@LINE-4]]:11: note: transaction on 'c' writes here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction on 'c' is still open when the function returns here
    // CHECK-NOTES: :[[@LINE-7]]:11: note: commit or roll back before leaving the function
  PQclear(PQexec(c, "COMMIT"));
  return 0;
}

int transferFixed(PGconn *c, bool ok) {
  PQclear(PQexec(c, "BEGIN"));
  PQclear(PQexec(c, "UPDATE accounts SET balance = balance - 1 WHERE id = 1"));
  if (!ok) {
    PQclear(PQexec(c, "ROLLBACK"));
    return -1;
  }
  PQclear(PQexec(c, "COMMIT"));
  return 0;
}

// MySQL Connector/C++: manual mode, and execute throws sql::SQLException.
void record(sql::Connection *con) {
  con->setAutoCommit(false);
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("INSERT INTO events(name) VALUES ('x')");
  // CHECK-NOTES: :[[@LINE-3]]:3: warning: transaction on 'con' is left open on some path [dbsession-unfinished-transaction]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: transaction on 'con' writes here
  // CHECK-NOTES: :[[@LINE-4]]:43: note: transaction on 'con' is still open if 'sql::Connection::createStatement' throws here
  // CHECK-NOTES: :[[@LINE-4]]:7: note: transaction on 'con' is still open if 'sql::Statement::execute' throws here
  // CHECK-NOTES: :[[@LINE-7]]:3: note: call 'con->commit()' or 'con->rollback()' before leaving the function; on exception paths roll back in a handler, or use a transaction object that rolls back when destroyed
  con->commit();
  con->setAutoCommit(true);
}

void recordFixed(sql::Connection *con) {
  con->setAutoCommit(false);
  try {
    std::unique_ptr<sql::Statement> st(con->createStatement());
    st->execute("INSERT INTO events(name) VALUES ('x')");
    con->commit();
  } catch (...) {
    con->rollback();
    con->setAutoCommit(true);
    throw;
  }
  con->setAutoCommit(true);
}
