// REQUIRES: mysql-jdbc-headers, soci-headers
// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -I /usr/include/x86_64-linux-gnu

// The real MySQL Connector/C++ (JDBC-style API) and SOCI headers.

#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <memory>
#include <soci/soci.h>
#include <string>

// Driver::connect returns a connection the caller owns; execute throws
// sql::SQLException, leaving it behind.
void record(sql::Driver *driver, const std::string &event) {
  sql::Connection *con = driver->connect("tcp://127.0.0.1:3306", "app", "pw");
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: connection 'con' is not released on every path [dbsession-unreleased-connection]
  std::unique_ptr<sql::Statement> st(con->createStatement());
  // CHECK-NOTES: :[[@LINE-1]]:43: note: connection 'con' is still held if 'sql::Connection::createStatement' throws here
  st->execute("insert into events(name) values('" + event + "')");
  // CHECK-NOTES: :[[@LINE-1]]:7: note: connection 'con' is still held if 'sql::Statement::execute' throws here
  // CHECK-NOTES: :[[@LINE-6]]:20: note: call 'delete con' on every path, or hold it in 'std::unique_ptr<sql::Connection>' so that every path releases it
  delete con;
}

// Its corrected twin: a std::unique_ptr owns the connection.
void recordFixed(sql::Driver *driver, const std::string &event) {
  std::unique_ptr<sql::Connection> con(
      driver->connect("tcp://127.0.0.1:3306", "app", "pw"));
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("insert into events(name) values('" + event + "')");
}

// A session made with new and kept in a raw pointer.
int migrate(const std::string &info, bool dryRun) {
  soci::session *sql = new soci::session("postgresql", info);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: session 'sql' is not released on every path; fix available [dbsession-unreleased-connection]
  if (dryRun)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: session 'sql' is still held when the function returns here
  *sql << "create table if not exists t(id int)";
  // CHECK-NOTES: :[[@LINE-1]]:8: note: session 'sql' is still held if 'soci::session::operator<<' throws here
  // CHECK-NOTES: :[[@LINE-7]]:18: note: call 'delete sql' on every path, or hold it in 'std::unique_ptr<soci::session>' so that every path releases it
  delete sql;
  return 1;
}

// By value, the session's destructor closes it on every path.
int migrateByValue(const std::string &info, bool dryRun) {
  soci::session sql("postgresql", info);
  if (dryRun)
    return 0;
  sql << "create table if not exists t(id int)";
  return 1;
}
