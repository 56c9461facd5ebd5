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

// Assigned rather than initialised, then returned: handed to the caller
// all the same, quiet.
QSqlDatabase openAssigned() {
  QSqlDatabase db;
  db = QSqlDatabase::addDatabase("QSQLITE", uniqueName());
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

// The handle itself kept in a member, copied there by `new` or assigned:
// the object removes it later (a reset, its destructor), quiet.
struct Library {
  QSqlDatabase *db = nullptr;
  QSqlDatabase other;
  bool init() {
    db = new QSqlDatabase(QSqlDatabase::addDatabase("QSQLITE", uniqueName()));
    if (!db->open())
      return false;
    return true;
  }
  void initOther() {
    other = QSqlDatabase::addDatabase("QSQLITE", uniqueName());
  }
};

// The caller of a helper that returns a registration holds it, and must
// remove it by the name it has: here it never does.
void useForThread() {
  QSqlDatabase db = openForThread();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: connection named 'db.connectionName()' is not released on every path [dbsession-unreleased-connection]
  migrate(db);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection named 'db.connectionName()' is still held at the end of the function
// CHECK-NOTES: :[[@LINE-5]]:21: note: call 'QSqlDatabase::removeDatabase(db.connectionName())' on every path, once no handle to the connection is left

// Removed by its name once the last handle is gone (a real fix): quiet.
void useForThreadFixed() {
  QString name = uniqueName();
  {
    QSqlDatabase db = openForThread();
    migrate(db);
    name = db.connectionName();
  }
  QSqlDatabase::removeDatabase(name);
}

// Passed on to the caller, directly or through a local: quiet here; their
// callers hold the registration in turn.
QSqlDatabase reopen() { return openForThread(); }
QSqlDatabase reopenVia() {
  QSqlDatabase db = openOrNothing();
  return db;
}
// `a` is removed by its name (quiet), `b` is not.
void useReopened() {
  QSqlDatabase a = reopen();
  QSqlDatabase b = reopenVia();
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: connection named 'b.connectionName()' is not released on every path [dbsession-unreleased-connection]
  QSqlDatabase::removeDatabase(a.connectionName());
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: connection named 'b.connectionName()' is still held at the end of the function
// CHECK-NOTES: :[[@LINE-5]]:20: note: call 'QSqlDatabase::removeDatabase(b.connectionName())' on every path, once no handle to the connection is left

// A helper that registers a connection but returns another handle leaves
// nothing to its caller: quiet.
QSqlDatabase probe() {
  QString name = uniqueName();
  {
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
    db.open();
  }
  QSqlDatabase::removeDatabase(name);
  return QSqlDatabase::database();
}
void useProbe() { QSqlDatabase db = probe(); }

// Storing what a call computed from the handle is not storing the handle:
// the registration is still this function's to remove.
int countRows(QSqlDatabase &db);
struct Model {
  int rows = 0;
  void load() {
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", uniqueName());
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: connection named 'uniqueName()' is not released on every path [dbsession-unreleased-connection]
    rows = countRows(db);
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: connection named 'uniqueName()' is still held at the end of the function
  // CHECK-NOTES: :[[@LINE-5]]:23: note: call 'QSqlDatabase::removeDatabase(uniqueName())' on every path, once no handle to the connection is left
};
