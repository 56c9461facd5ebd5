// Fixes that change what the program does go on a note and are applied
// only with --fix-notes. The fixed file compiles and is clean.
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- --fix-notes -- -isystem %S/Inputs/pqxx -isystem %S/Inputs/cppdb -isystem %S/Inputs/mysql -isystem %S/Inputs/httplib
// RUN: %clang -fsyntax-only -std=c++17 -isystem %S/Inputs/pqxx -isystem %S/Inputs/cppdb -isystem %S/Inputs/mysql -isystem %S/Inputs/httplib %t.cpp
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-held-across-blocking-call' %t.cpp -- -std=c++17 -isystem %S/Inputs/pqxx -isystem %S/Inputs/cppdb -isystem %S/Inputs/mysql -isystem %S/Inputs/httplib 2>&1 | FileCheck --allow-empty --check-prefix=CLEAN %s
// CLEAN-NOT: {{warning|error}}:

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
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: call 'tx.commit()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  tx.commit();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Post("/charge", "{}", "application/json");{{$}}
}

// Copies of a shared session would be closed too.
void shared(httplib::Client &cli) {
  cppdb::session s("sqlite3:db=app.db");
  s.prepare("delete from t").exec();
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 's' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: call 's.close()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  s.close();{{$}}
}

// A raw connection still has to be deleted.
void raw(sql::Driver *driver, httplib::Client &cli) {
  sql::Connection *con = driver->connect("tcp://db", "u", "p");
  con->setAutoCommit(true);
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'con' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: call 'con->close()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  con->close();{{$}}
}
