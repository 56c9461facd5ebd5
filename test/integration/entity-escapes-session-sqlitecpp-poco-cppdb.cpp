// REQUIRES: sqlitecpp-headers, poco-data-headers, cppdb-headers
// RUN: %check_clang_tidy %s dbsession-entity-escapes-session %t -- -- -I /usr/include/x86_64-linux-gnu

// The real SQLiteCpp, POCO Data and CppDB headers: a function-local static
// statement, a column's text returned past its statement, a Poco statement
// captured by a thread, a cppdb result returned past its session.

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/Statement.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cppdb/frontend.h>

#include <string>
#include <thread>

class JobStore {
public:
  int pending();

private:
  SQLite::Database db_{"jobs.db"};
};

int JobStore::pending() {
  static SQLite::Statement q(db_, "SELECT count(*) FROM jobs WHERE done = 0");
  q.reset();
  q.executeStep();
  return q.getColumn(0).getInt();
}
// CHECK-NOTES: :[[@LINE-5]]:28: warning: Statement 'q' is a function-local static: it outlives connection 'db_' and is shared by every call [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-6]]:28: note: Statement 'q' is bound to connection 'db_' here
// CHECK-NOTES: :[[@LINE-7]]:28: note: make it a local, or a member of the object that owns the connection

const char *title(SQLite::Database &db) {
  SQLite::Statement st(db, "SELECT title FROM jobs LIMIT 1");
  st.executeStep();
  return st.getColumn(0).getText();
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: a pointer into its storage is returned but Statement 'st' is destroyed when the function returns [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-3]]:10: note: it points into Statement 'st' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what it points to (into a std::string) while Statement 'st' is alive

// A copy of the text outlives the statement safely.
std::string titleCopy(SQLite::Database &db) {
  SQLite::Statement st(db, "SELECT title FROM jobs LIMIT 1");
  st.executeStep();
  return st.getColumn(0).getString();
}

void countInThread(Poco::Data::Session &session) {
  Poco::Data::Statement st(session);
  st << "SELECT count(*) FROM jobs";
  std::thread t([&st] { st.execute(); });
  t.join();
}
// CHECK-NOTES: :[[@LINE-3]]:17: warning: Statement 'st' is captured by reference by a lambda handed to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-6]]:25: note: Statement 'st' is bound to session 'session' here
// CHECK-NOTES: :[[@LINE-5]]:17: note: hand the lambda ids or plain values and open a session where it runs

cppdb::result openJobs(const std::string &dsn) {
  cppdb::session sql(dsn);
  cppdb::result r = sql << "SELECT id FROM jobs";
  return r;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: result 'r' is returned but session 'sql' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:17: note: result 'r' is bound to session 'sql' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what is needed into plain values while session 'sql' is open

// A record set returned past the pooled session it reads through keeps the
// connection out of the pool.
Poco::Data::RecordSet recent(Poco::Data::SessionPool &pool) {
  Poco::Data::Session s(pool.get());
  Poco::Data::Statement st(s);
  st << "SELECT id FROM jobs", Poco::Data::Keywords::now;
  return Poco::Data::RecordSet(st);
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: a RecordSet is returned but session 's' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-3]]:10: note: it is made on session 's' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what is needed into plain values while session 's' is open

// The count copied out is a plain value.
std::size_t recentCount(Poco::Data::SessionPool &pool) {
  Poco::Data::Session s(pool.get());
  Poco::Data::Statement st(s);
  st << "SELECT id FROM jobs", Poco::Data::Keywords::now;
  Poco::Data::RecordSet rs(st);
  return rs.rowCount();
}
