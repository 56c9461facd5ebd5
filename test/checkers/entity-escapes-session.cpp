// RUN: %check_clang_tidy %s dbsession-entity-escapes-session %t \
// RUN:   -config="{CheckOptions: [{key: dbsession.ModelFiles, value: '%S/Inputs/escapes/app-model.json'}]}" \
// RUN:   -- -- -isystem %S/Inputs/sqlitecpp -isystem %S/Inputs/qt -isystem %S/Inputs/soci -isystem %S/Inputs/pqxx -isystem %S/Inputs/escapes

// Objects bound to a session (statements, rowsets, streams, queries, the
// entities a session loads) must not outlive it: not returned, stored,
// handed to another thread or a kept callback, nor used after it ended.
// app::Session and app::User come from app-model.json, which names the
// entity's id member.

#include <QtSql/QSqlDatabase>
#include <SQLiteCpp/SQLiteCpp.h>
#include <app.h>
#include <pqxx/pqxx>
#include <soci/soci.h>

#include <thread>
#include <vector>

struct QTimer {
  template <typename F> static void singleShot(int msec, F f) {}
};

// Returning the entity: the session that loaded it ends with the function.
app::User findUser(int id) {
  app::Session s("dsn");
  app::User user = s.load(id);
  return user;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: User 'user' is returned but session 's' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:13: note: User 'user' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: pass 'user.id' instead and load the entity again where it is needed

// Returning its id is returning a plain value: nothing to report.
int findUserId(int id) {
  app::Session s("dsn");
  app::User user = s.load(id);
  return user.id;
}

// The session is the caller's: it goes on after the return.
app::User loadWith(app::Session &s, int id) {
  app::User user = s.load(id);
  return user;
}

// Closed before the return.
app::User loadThenClose(int id, app::Session *s) {
  app::Session own("dsn");
  app::User user = own.load(id);
  own.close();
  return user;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: User 'user' is returned but session 'own' is closed before the return [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: User 'user' is bound to session 'own' here
// CHECK-NOTES: :[[@LINE-5]]:3: note: session 'own' is closed here
// CHECK-NOTES: :[[@LINE-5]]:3: note: pass 'user.id' instead and load the entity again where it is needed

// A function-local static statement is kept across calls, connections and
// threads, whatever its database is.
struct JobStore {
  SQLite::Database db_;
  int count();
};
int JobStore::count() {
  static SQLite::Statement q(db_, "SELECT count(*) FROM jobs");
  q.executeStep();
  return q.getColumn(0).getInt();
}
// CHECK-NOTES: :[[@LINE-4]]:28: warning: Statement 'q' is a function-local static: it outlives connection 'db_' and is shared by every call [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:28: note: Statement 'q' is bound to connection 'db_' here
// CHECK-NOTES: :[[@LINE-6]]:28: note: make it a local, or a member of the object that owns the connection

// A callback that captures a query runs after the function returned.
void watch(QSqlDatabase db) {
  QSqlQuery q(db);
  q.exec("SELECT count(*) FROM jobs");
  QTimer::singleShot(1000, [&q] { q.next(); });
}
// CHECK-NOTES: :[[@LINE-2]]:28: warning: QSqlQuery 'q' is captured by reference by a lambda handed to 'QTimer::singleShot' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-4]]:28: note: hand the lambda ids or plain values and open a session where it runs

// A lambda run here and now may use the query.
void countNow(QSqlDatabase db) {
  QSqlQuery q(db);
  auto next = [&q] { return q.next(); };
  while (next()) {
  }
}

// A rowset handed to another thread by reference.
void reportInBackground() {
  soci::session sql("postgresql://dbname=jobs");
  soci::rowset<soci::row> rs = (sql.prepare << "select id from jobs");
  std::thread t([&rs] {
    for (auto it = rs.begin(); it != rs.end(); ++it) {
    }
  });
  t.join();
}
// CHECK-NOTES: :[[@LINE-6]]:17: warning: rowset 'rs' is captured by reference by a lambda handed to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-8]]:27: note: rowset 'rs' is bound to session 'sql' here
// CHECK-NOTES: :[[@LINE-8]]:17: note: hand the lambda ids or plain values and open a session where it runs

// A copy of a shared query is the same query.
void copyToThread(QSqlDatabase db) {
  QSqlQuery q(db);
  std::thread t([q]() mutable { q.next(); });
  t.detach();
}
// CHECK-NOTES: :[[@LINE-3]]:17: warning: QSqlQuery 'q' is captured as a shared copy by a lambda handed to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-5]]:17: note: hand the lambda ids or plain values and open a session where it runs

// Ids are plain values: a job handed ids opens its own session.
void idsToThread(QSqlDatabase db) {
  QSqlQuery q(db);
  q.exec("SELECT id FROM jobs");
  std::vector<int> ids;
  while (q.next())
    ids.push_back(q.value(0).toInt());
  std::thread t([ids] { (void)ids.size(); });
  t.join();
}

// Used after its connection was closed.
void usedAfterClose() {
  QSqlDatabase db = QSqlDatabase::database();
  QSqlQuery q(db);
  q.exec("SELECT 1");
  db.close();
  q.next();
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: QSqlQuery 'q' is used after connection 'db' is closed [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-6]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-5]]:3: note: connection 'db' is closed here
// CHECK-NOTES: :[[@LINE-6]]:3: note: copy what is needed from 'q' before this

// Closed on one path only: not every path uses a closed connection.
void closedOnOnePath(bool done) {
  QSqlDatabase db = QSqlDatabase::database();
  QSqlQuery q(db);
  if (done)
    db.close();
  q.next();
}

// A stream of a transaction ends with its commit.
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

// A pqxx::result is a plain value: kept after the commit, it is fine.
int keptResult() {
  pqxx::connection c;
  pqxx::result r;
  {
    pqxx::work w(c);
    r = w.exec("select count(*) from jobs");
    w.commit();
  }
  return r.size();
}

// A rowset iterated inside its session is what it is for.
int iterated() {
  soci::session sql("postgresql://dbname=jobs");
  soci::rowset<soci::row> rs = (sql.prepare << "select id from jobs");
  int n = 0;
  for (auto it = rs.begin(); it != rs.end(); ++it)
    ++n;
  return n;
}

// A column's text points into its statement, destroyed on return.
const char *firstName(SQLite::Database &db) {
  SQLite::Statement st(db, "SELECT name FROM users");
  st.executeStep();
  const char *name = st.getColumn(0).getText();
  return name;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: pointer 'name' is returned but Statement 'st' is destroyed when the function returns [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:15: note: 'name' points into Statement 'st' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what it points to (into a std::string) while Statement 'st' is alive

// The same, returned directly through the column's conversion.
const char *firstNameDirect(SQLite::Database &db) {
  SQLite::Statement st(db, "SELECT name FROM users");
  st.executeStep();
  return st.getColumn(0);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: a pointer into its storage is returned but Statement 'st' is destroyed when the function returns [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-3]]:10: note: it points into Statement 'st' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what it points to (into a std::string) while Statement 'st' is alive

// A copy of the text is the caller's own.
std::string firstNameCopy(SQLite::Database &db) {
  SQLite::Statement st(db, "SELECT name FROM users");
  st.executeStep();
  return st.getColumn(0).getText();
}

// Stored into a member and a member container while the session is local.
struct UserCache {
  app::User current;
  std::vector<app::User> all;
  void remember(int id);
};
void UserCache::remember(int id) {
  app::Session s("dsn");
  app::User u = s.load(id);
  current = u;
  all.push_back(u);
  // A local container dies with the function.
  std::vector<app::User> local;
  local.push_back(u);
}
// CHECK-NOTES: :[[@LINE-6]]:3: warning: User 'u' is stored in a member that outlives session 's' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-8]]:13: note: User 'u' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-8]]:3: note: pass 'u.id' instead and load the entity again where it is needed
// CHECK-NOTES: :[[@LINE-8]]:3: warning: User 'u' is stored in a container that outlives session 's' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-11]]:13: note: User 'u' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-10]]:3: note: pass 'u.id' instead and load the entity again where it is needed

// Into a global, whatever the session.
app::User lastSeen;
void rememberGlobally(app::Session &s, int id) {
  app::User u = s.load(id);
  lastSeen = u;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: User 'u' is stored in a global that outlives session 's' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:13: note: User 'u' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: pass 'u.id' instead and load the entity again where it is needed

// A query alive where its connection is removed by name stops working,
// and Qt says so at the removal.
void removeWhileAlive(const QString &name) {
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
  db.open();
  QSqlQuery q(db);
  q.exec("SELECT 1");
  db.close();
  db = QSqlDatabase();
  QSqlDatabase::removeDatabase(name);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: QSqlQuery 'q' is still alive when connection 'db' is removed; every query on it stops working [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-7]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-3]]:1: note: QSqlQuery 'q' is destroyed here, after the removal
// CHECK-NOTES: :[[@LINE-5]]:3: note: end the scope of 'q' before the connection is removed

// The query's scope ends first: the connection is removed when nothing
// uses it.
void removeAfterScope(const QString &name) {
  {
    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name);
    db.open();
    QSqlQuery q(db);
    q.exec("SELECT 1");
    db.close();
  }
  QSqlDatabase::removeDatabase(name);
}

// Loaded through one session and written through another while the first
// is open: attached to two sessions.
void copyUser(int id) {
  app::Session from("dsn-a");
  app::Session to("dsn-b");
  app::User u = from.load(id);
  to.add(u);
}
// CHECK-NOTES: :[[@LINE-2]]:6: warning: User 'u' is passed to 'Session::add' of session 'to' while session 'from' is still open; the object would be attached to two sessions [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:13: note: User 'u' is bound to session 'from' here
// CHECK-NOTES: :[[@LINE-4]]:6: note: pass 'u.id' and load the entity through session 'to', or close session 'from' first

// The first session is closed first: the object is free to attach.
void moveUser(int id) {
  app::Session from("dsn-a");
  app::User u = from.load(id);
  from.close();
  app::Session to("dsn-b");
  to.add(u);
}
// CHECK-NOTES: :[[@LINE-2]]:10: warning: User 'u' is used after session 'from' is closed [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-6]]:13: note: User 'u' is bound to session 'from' here
// CHECK-NOTES: :[[@LINE-6]]:3: note: session 'from' is closed here
// CHECK-NOTES: :[[@LINE-7]]:3: note: copy what is needed from 'u' before this

// Written back through the session that loaded it.
void touchUser(int id) {
  app::Session s("dsn");
  app::User u = s.load(id);
  s.add(u);
}

// Removed by a name fixed in the source, the one it was added under.
void removeByLiteral() {
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "export");
  QSqlQuery q(db);
  q.exec("SELECT 1");
  QSqlDatabase::removeDatabase("export");
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: QSqlQuery 'q' is still alive when connection 'db' is removed; every query on it stops working [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-3]]:1: note: QSqlQuery 'q' is destroyed here, after the removal
// CHECK-NOTES: :[[@LINE-5]]:3: note: end the scope of 'q' before the connection is removed

// Removed by the name read off the handle, wherever the handle came from.
QSqlDatabase openExport();
void removeByConnectionName() {
  QSqlDatabase db = openExport();
  QSqlQuery q(db);
  q.exec("SELECT 1");
  QSqlDatabase::removeDatabase(db.connectionName());
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: QSqlQuery 'q' is still alive when connection 'db' is removed; every query on it stops working [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-3]]:1: note: QSqlQuery 'q' is destroyed here, after the removal
// CHECK-NOTES: :[[@LINE-5]]:3: note: end the scope of 'q' before the connection is removed

// Added under the name later, through an assignment.
void removeAfterAssignment() {
  QSqlDatabase db;
  db = QSqlDatabase::addDatabase("QSQLITE", "export");
  QSqlQuery q(db);
  q.exec("SELECT 1");
  QSqlDatabase::removeDatabase("export");
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: QSqlQuery 'q' is still alive when connection 'db' is removed; every query on it stops working [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: QSqlQuery 'q' is bound to connection 'db' here
// CHECK-NOTES: :[[@LINE-3]]:1: note: QSqlQuery 'q' is destroyed here, after the removal
// CHECK-NOTES: :[[@LINE-5]]:3: note: end the scope of 'q' before the connection is removed

// The query let go of its result first: nothing uses the connection.
void removeAfterReset() {
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "export");
  QSqlQuery q(db);
  q.exec("SELECT 1");
  q = QSqlQuery();
  QSqlDatabase::removeDatabase("export");
}

// A connection kept in Qt's registry outlives the local handle: a query on
// it handed to the caller stays usable.
QSqlDatabase threadDb();
void retryQuery(QSqlQuery &query) {
  QSqlDatabase db = threadDb();
  QSqlQuery again(db);
  query = again;
}

// Returned without a name: the rowset still reads through the session.
soci::rowset<soci::row> openJobs() {
  soci::session sql("postgresql://dbname=jobs");
  return (sql.prepare << "select id from jobs");
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: a rowset is returned but session 'sql' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-3]]:10: note: it is made on session 'sql' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what is needed into plain values while session 'sql' is open

// Arguments of a thread: a rowset by std::ref, an entity by value. An id
// is a plain value.
void workOn(soci::rowset<soci::row> &rows);
void notify(app::User user);
void notifyById(int id);
void argumentsToThreads(int id) {
  soci::session sql("postgresql://dbname=jobs");
  soci::rowset<soci::row> rs = (sql.prepare << "select id from jobs");
  std::thread a(workOn, std::ref(rs));
  app::Session s("dsn");
  app::User u = s.load(id);
  std::thread b(notify, u);
  std::thread c(notifyById, u.id);
  a.join();
  b.join();
  c.join();
}
// CHECK-NOTES: :[[@LINE-9]]:25: warning: rowset 'rs' is handed by reference to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-11]]:27: note: rowset 'rs' is bound to session 'sql' here
// CHECK-NOTES: :[[@LINE-11]]:25: note: hand the job ids or plain values and open a session where it runs
// CHECK-NOTES: :[[@LINE-9]]:25: warning: User 'u' is handed as a copy to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-11]]:13: note: User 'u' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-11]]:25: note: pass 'u.id' instead and load the entity again where it is needed

// A transaction used from another thread.
void countJobs(pqxx::work &w);
void transactionToThread(pqxx::connection &c) {
  pqxx::work w(c);
  std::thread t([&w] { countJobs(w); });
  t.join();
}
// CHECK-NOTES: :[[@LINE-3]]:17: warning: transaction 'w' is captured by reference by a lambda handed to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:14: note: transaction 'w' is opened on connection 'c' here
// CHECK-NOTES: :[[@LINE-5]]:17: note: hand the lambda ids or plain values and open a session where it runs

// An entity read after its session closed: copy what is needed first.
std::string nameAfterClose(int id) {
  app::Session s("dsn");
  app::User u = s.load(id);
  s.close();
  return u.name;
}
// CHECK-NOTES: :[[@LINE-2]]:10: warning: User 'u' is used after session 's' is closed [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:13: note: User 'u' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-5]]:3: note: session 's' is closed here
// CHECK-NOTES: :[[@LINE-6]]:3: note: copy what is needed from 'u' before this
