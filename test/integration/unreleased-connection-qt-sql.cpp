// REQUIRES: qt-sql-headers
// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- %qt_flags

// The real Qt SQL headers: a connection registered under a name computed at
// run time (one per export) is not removed on the early return; names fixed
// in the source (QStringLiteral, QLatin1String, the default) are the
// registry's for the life of the program.

#include <QtCore/QUuid>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

bool exportRows() {
  const QString name = QUuid::createUuid().toString();
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
  if (!db.open())
    return false;
    // CHECK-NOTES: :[[@LINE-3]]:21: warning: connection named 'name' is not released on every path [dbsession-unreleased-connection]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: connection named 'name' is still held when the function returns here
    // CHECK-NOTES: :[[@LINE-5]]:21: note: call 'QSqlDatabase::removeDatabase(name)' on every path, once no handle to the connection is left
  QSqlQuery q(db);
  q.exec(QStringLiteral("select 1"));
  db.close();
  db = QSqlDatabase();
  QSqlDatabase::removeDatabase(name);
  return true;
}

// Its corrected twin: the handles live in a block, the registration is
// removed on both paths.
bool exportRowsFixed() {
  const QString name = QUuid::createUuid().toString();
  bool ok = false;
  {
    QSqlDatabase db =
        QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    if (db.open()) {
      QSqlQuery q(db);
      ok = q.exec(QStringLiteral("select 1"));
    }
  }
  QSqlDatabase::removeDatabase(name);
  return ok;
}

void fixedNames() {
  QSqlDatabase a = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                             QStringLiteral("cache"));
  QSqlDatabase b =
      QSqlDatabase::addDatabase(QLatin1String("QPSQL"), QLatin1String("main"));
  QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"));
  a.open();
  b.open();
  c.open();
}
