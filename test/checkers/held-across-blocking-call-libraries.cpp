// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/pqxx -isystem %S/Inputs/poco -isystem %S/Inputs/sqlitecpp -isystem %S/Inputs/libpq -isystem %S/Inputs/qt -isystem %S/Inputs/mysql -isystem %S/Inputs/cppdb -isystem %S/Inputs/httplib -isystem %S/Inputs/curl

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/Transaction.h>
#include <QtSql/QSqlDatabase>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cppconn/driver.h>
#include <cppdb/frontend.h>
#include <curl/curl.h>
#include <httplib.h>
#include <libpq-fe.h>
#include <memory>
#include <pqxx/pqxx>
#include <thread>

// libpqxx: a transaction open across an HTTP call.
void pqxxWork(pqxx::connection &conn, httplib::Client &cli) {
  pqxx::work tx(conn);
  tx.exec("insert into orders values (1)");
  cli.Post("/charge", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:14: note: transaction 'tx' opened here
  tx.commit();
}

// libpqxx: a nontransaction runs each statement on its own; it is named as
// what it is, not as a transaction.
void pqxxNontransaction(pqxx::connection &conn, httplib::Client &cli) {
  pqxx::nontransaction tx(conn);
  tx.exec("select 1");
  cli.Post("/charge", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: nontransaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http); fix available [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:24: note: nontransaction 'tx' opened here
}

// libpqxx: the transaction and the connection it pins are both reported at
// the call, in one pass.
void pqxxOwnConnection(httplib::Client &cli) {
  pqxx::connection conn("dbname=app");
  pqxx::work tx(conn);
  tx.exec("select 1");
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:7: note: transaction 'tx' is open on 'conn' at the call; it must end before 'conn' is released
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  tx.commit();
  cli.Get("/y");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http); fix available [dbsession-held-across-blocking-call]
}

// libpqxx explicit form: close() ends the connection.
void pqxxClose(httplib::Client &cli) {
  pqxx::connection conn("dbname=app");
  {
    pqxx::work tx(conn);
    tx.exec("select 1");
    tx.commit();
  }
  conn.close();
  cli.Get("/x");
}

// POCO: a session from SessionPool::get() is a lease, held until its last
// copy dies.
void pocoLease(Poco::Data::SessionPool &pool, httplib::Client &cli) {
  Poco::Data::Session s = pool.get();
  s << "delete from cache";
  Poco::Data::Session copy = s;
  cli.Post("/purged", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 's' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:23: note: session 's' leased from a pool here
}

// POCO explicit form: close() gives the session back.
void pocoClose(Poco::Data::SessionPool &pool, httplib::Client &cli) {
  Poco::Data::Session s = pool.get();
  s << "delete from cache";
  s.close();
  cli.Post("/purged", "{}", "application/json");
}

// POCO transaction on a session owned by the caller.
void pocoTransaction(Poco::Data::Session &s, httplib::Client &cli) {
  Poco::Data::Transaction tx(s);
  tx.execute("update t set x = 1", false);
  cli.Post("/x", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  tx.commit();
}

// SQLiteCpp: RAII database and transaction.
void sqlite(httplib::Client &cli) {
  SQLite::Database db("app.db", SQLite::OPEN_READWRITE);
  {
    SQLite::Transaction tx(db);
    db.exec("insert into t values (1)");
    tx.commit();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'db' is held across blocking call to 'std::this_thread::sleep_for' (sleep) [dbsession-held-across-blocking-call]
}

// libpq: only PQfinish releases.
void libpq(httplib::Client &cli) {
  PGconn *conn = PQconnectdb("dbname=app");
  PQclear(PQexec(conn, "select 1"));
  cli.Get("/a");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:11: note: connection 'conn' acquired here
  PQfinish(conn);
  cli.Get("/b");
}

// Qt SQL: explicit open/close on a registry handle.
void qt(httplib::Client &cli) {
  QSqlDatabase db = QSqlDatabase::database("main");
  QSqlQuery q(db);
  q.exec("update t set x = 1");
  db.close();
  cli.Get("/done");
}

void qtHeld(httplib::Client &cli) {
  QSqlDatabase db = QSqlDatabase::database("main");
  db.transaction();
  QSqlQuery q(db);
  q.exec("update t set x = 1");
  cli.Get("/during");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'db' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  db.commit();
}

// MySQL Connector/C++: a raw connection pointer, then a unique_ptr.
void mysqlRaw(sql::Driver *driver, CURL *curl) {
  sql::Connection *con = driver->connect("tcp://db", "u", "p");
  curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'con' is held across blocking call to 'curl_easy_perform' (network.http) [dbsession-held-across-blocking-call]
  delete con;
  curl_easy_perform(curl);
}

void mysqlUnique(sql::Driver *driver, CURL *curl) {
  std::unique_ptr<sql::Connection> con(driver->connect("tcp://db", "u", "p"));
  con->setAutoCommit(false);
  curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'con' is held across blocking call to 'curl_easy_perform' (network.http) [dbsession-held-across-blocking-call]
  con->commit();
  con.reset();
  curl_easy_perform(curl);
}

// CppDB: copies share one connection.
void cppdbShared(httplib::Client &cli) {
  cppdb::session a("sqlite3:db=app.db");
  {
    cppdb::session b = a;
    b.prepare("delete from t").exec();
  }
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'a' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
}

// libpq: a copy of the pointer is the same connection.
void libpqCopies() {
  PGconn *conn = PQconnectdb("dbname=app");
  PGconn *same = conn;
  PQclear(PQexec(same, "select 1"));
  PQfinish(same);
  std::this_thread::sleep_for(std::chrono::seconds(1));
}
