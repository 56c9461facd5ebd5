// REQUIRES: qt-sql-headers
// RUN: %check_clang_tidy %s dbsession-entity-escapes-session %t -- -- %qt_flags

// The real Qt SQL headers: a query used after its connection is closed, a
// query alive where its connection is removed (Qt: "connection is still in
// use, all queries will cease to work"), a query handed to a thread pool.
// QSqlRecord and QVariant are plain values.

#include <QtConcurrent/QtConcurrent>
#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <QtSql/QSqlRecord>

int countAfterClose() {
  QSqlDatabase db = QSqlDatabase::database();
  QSqlQuery q(db);
  q.exec(QStringLiteral("SELECT count(*) FROM jobs"));
  db.close();
  if (!q.next())
    return 0;
  return q.value(0).toInt();
}
// CHECK-NOTES: :[[@LINE-4]]:8: warning: QSqlQuery 'q' is used after connection 'db' is closed [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-8]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-7]]:3: note: connection 'db' is closed here
// CHECK-NOTES: :[[@LINE-8]]:3: note: copy what is needed from 'q' before this

void exportOnce() {
  const QString name = QUuid::createUuid().toString();
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
  db.open();
  QSqlQuery q(db);
  q.exec(QStringLiteral("SELECT id FROM jobs"));
  db.close();
  db = QSqlDatabase();
  QSqlDatabase::removeDatabase(name);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: QSqlQuery 'q' is still alive when connection 'db' is removed; every query on it stops working [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-7]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-3]]:1: note: QSqlQuery 'q' is destroyed here, after the removal
// CHECK-NOTES: :[[@LINE-5]]:3: note: end the scope of 'q' before the connection is removed

// The fix: the query's scope ends before the removal.
void exportOnceFixed() {
  const QString name = QUuid::createUuid().toString();
  {
    QSqlDatabase db =
        QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.open();
    QSqlQuery q(db);
    q.exec(QStringLiteral("SELECT id FROM jobs"));
  }
  QSqlDatabase::removeDatabase(name);
}

void summarizeInBackground(QSqlDatabase db) {
  QSqlQuery q(db);
  q.exec(QStringLiteral("SELECT body FROM tickets"));
  auto f = QtConcurrent::run([q]() mutable { return q.next(); });
  f.waitForFinished();
}
// CHECK-NOTES: :[[@LINE-3]]:30: warning: QSqlQuery 'q' is captured as a shared copy by a lambda handed to 'QtConcurrent::run' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-6]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-5]]:30: note: hand the lambda ids or plain values and open a session where it runs

// A record is a copy of the row: keeping it after close is fine.
QSqlRecord firstRow() {
  QSqlDatabase db = QSqlDatabase::database();
  QSqlQuery q(db);
  q.exec(QStringLiteral("SELECT * FROM jobs"));
  q.next();
  QSqlRecord r = q.record();
  db.close();
  return r;
}
