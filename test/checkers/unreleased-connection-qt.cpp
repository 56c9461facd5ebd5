// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/qt

// Qt keeps every connection added with QSqlDatabase::addDatabase in a
// registry under its name until removeDatabase(name). A name fixed in the
// source is one registration for the life of the program; a name computed
// at run time (unique per call: per thread, per request) is a new one each
// time, and must be removed on every path.

#include <QtSql/QSqlDatabase>

QString uniqueName();
bool migrate(QSqlDatabase &db);

bool exportRows(const QString &path) {
  const QString name = uniqueName();
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
  if (!db.open())
    return false;
  bool ok = migrate(db);
  db.close();
  db = QSqlDatabase();
  QSqlDatabase::removeDatabase(name);
  return ok;
}
// CHECK-NOTES: :[[@LINE-9]]:21: warning: connection named 'name' is not released on every path [dbsession-unreleased-connection]
// CHECK-NOTES: :[[@LINE-8]]:5: note: connection named 'name' is still held when the function returns here
// CHECK-NOTES: :[[@LINE-11]]:21: note: call 'QSqlDatabase::removeDatabase(name)' on every path, once no handle to the connection is left

// Removed on every path, by its name or by the handle's connectionName().
bool removedByName(const QString &name) {
  {
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
    if (!db.open()) {
      db = QSqlDatabase();
      QSqlDatabase::removeDatabase(name);
      return false;
    }
  }
  QSqlDatabase::removeDatabase(name);
  return true;
}

void removedByHandle(const QSqlDatabase &source) {
  QSqlDatabase copy = QSqlDatabase::cloneDatabase(source, uniqueName());
  copy.open();
  QString name = copy.connectionName();
  copy = QSqlDatabase();
  QSqlDatabase::removeDatabase(name);
}

// A fixed name (a literal, the default) belongs to the registry: quiet.
void fixedNames() {
  QSqlDatabase a = QSqlDatabase::addDatabase("QSQLITE", "cache");
  QSqlDatabase b = QSqlDatabase::addDatabase("QPSQL");
  a.open();
  b.open();
}

// Handed to the caller, who removes it: quiet.
QSqlDatabase openForThread() {
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", uniqueName());
  db.open();
  return db;
}

// Handed to the caller on the path that returns it, but left registered on
// the path that returns an empty handle instead (a real fix removed it
// there): the warning's note is that return only.
QSqlDatabase openOrNothing() {
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", uniqueName());
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: connection named 'uniqueName()' is not released on every path [dbsession-unreleased-connection]
  if (!db.open())
    return QSqlDatabase();
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection named 'uniqueName()' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:21: note: call 'QSqlDatabase::removeDatabase(uniqueName())' on every path, once no handle to the connection is left
  return db;
}

// The name belongs to an object kept in a member (a per-thread pool), whose
// owner removes it later: quiet.
struct Connection {
  QString name() const;
};
struct Storage {
  Connection *pool[8];
  void addConnection(int thread, Connection *connection) {
    pool[thread] = connection;
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", connection->name());
    db.open();
  }
};
