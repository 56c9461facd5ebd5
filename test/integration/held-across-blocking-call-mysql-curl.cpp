// REQUIRES: mysql-jdbc-headers, libcurl-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -I /usr/include/x86_64-linux-gnu

// The real MySQL Connector/C++ (JDBC-style API) and libcurl headers.

#include <chrono>
#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/statement.h>
#include <curl/curl.h>
#include <memory>
#include <thread>
#include <utility>

// Retries a payment with the raw connection still open across the backoff.
void settle(sql::Driver *driver) {
  sql::Connection *con = driver->connect("tcp://127.0.0.1:3306", "app", "");
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("update payments set attempts = attempts + 1 where id = 3");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'con' is held across blocking call to 'std::this_thread::sleep_for' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:20: note: connection 'con' acquired here
  delete con;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: connection 'con' is released here; do it before the call
}

// A transaction (autocommit off) left open across an HTTP call.
void chargeAndNotify(sql::Driver *driver, CURL *curl) {
  std::unique_ptr<sql::Connection> con(
      driver->connect("tcp://127.0.0.1:3306", "app", ""));
  con->setAutoCommit(false);
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->executeUpdate("update accounts set balance = balance - 10 where id = 1");
  curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'con' is held across blocking call to 'curl_easy_perform' (network.http) [dbsession-held-across-blocking-call]
  con->commit();
}

// The connection is closed and deleted before the request: nothing fires.
void closedFirst(sql::Driver *driver, CURL *curl) {
  sql::Connection *con = driver->connect("tcp://127.0.0.1:3306", "app", "");
  std::unique_ptr<sql::Statement> st(con->createStatement());
  st->execute("delete from outbox where sent");
  st.reset();
  con->close();
  delete con;
  curl_easy_perform(curl);
}

// The connection is handed to another owner before the sleep: nothing
// fires.
void handOver(sql::Driver *driver, std::unique_ptr<sql::Connection> &slot) {
  std::unique_ptr<sql::Connection> con(
      driver->connect("tcp://127.0.0.1:3306", "app", ""));
  slot = std::move(con);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

// A helper that receives the connection does DB work: nothing fires at the
// call.
void archive(sql::Connection &con) {
  std::unique_ptr<sql::Statement> st(con.createStatement());
  st->execute("insert into archive select * from outbox");
}

void nightly(sql::Driver *driver) {
  std::unique_ptr<sql::Connection> con(
      driver->connect("tcp://127.0.0.1:3306", "app", ""));
  archive(*con);
}
