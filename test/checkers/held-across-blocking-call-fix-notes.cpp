// A release that would change what the program does is advice in a note's
// text, never a replacement: fixes on notes are exported and applied by
// run-clang-tidy -fix like any other, so even --fix-notes leaves the code
// as it is (the CHECK-FIXES lines below are the original ones).
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- --fix-notes -- -isystem %S/Inputs/pqxx -isystem %S/Inputs/cppdb -isystem %S/Inputs/mysql -isystem %S/Inputs/httplib

#include <cppconn/driver.h>
#include <cppdb/frontend.h>
#include <httplib.h>
#include <pqxx/pqxx>

// The transaction would roll back at the end of its scope: committing
// earlier is what the author probably meant, but not the same program.
void transaction(pqxx::connection &c, httplib::Client &cli) {
  pqxx::work tx(c);
  tx.exec("insert into orders values(1)");
  cli.Post("/charge", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE+4]]:1: note: transaction 'tx' is rolled back here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: call 'tx.commit()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  tx.exec("insert into orders values(1)");{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Post("/charge", "{}", "application/json");{{$}}
}

// Copies of a shared session would be closed too.
void shared(httplib::Client &cli) {
  cppdb::session s("sqlite3:db=app.db");
  s.prepare("delete from t").exec();
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 's' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: call 's.close()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  s.prepare("delete from t").exec();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Get("/x");{{$}}
}

// A raw connection still has to be deleted.
void raw(sql::Driver *driver, httplib::Client &cli) {
  sql::Connection *con = driver->connect("tcp://db", "u", "p");
  con->setAutoCommit(true);
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'con' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: call 'con->close()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  con->setAutoCommit(true);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Get("/x");{{$}}
}
