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

// A transaction open on the connection at the call: closing the connection
// alone would break the transaction, whose destructor rolls back on it
// later. Both are reported at once; the advice ends them in order, and
// neither edit is made (the commit would change the program).
void transactionOnConnection(httplib::Client &cli) {
  pqxx::connection conn("dbname=app");
  pqxx::work tx(conn);
  tx.exec("insert into orders values(2)");
  cli.Post("/charge", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: call 'tx.commit()', then 'conn.close()' before the blocking call if the work on them is done
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: transaction 'tx' is open on 'conn' at the call; it must end before 'conn' is released
  // CHECK-MESSAGES: :[[@LINE-4]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:3: note: call 'tx.commit()' before the blocking call if the work on it is done
  // CHECK-FIXES: {{^}}  tx.exec("insert into orders values(2)");{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Post("/charge", "{}", "application/json");{{$}}
}

// The transaction is used after the call: the connection must stay open
// until then, so no release of it is offered, not even as advice.
void transactionUsedAfter(httplib::Client &cli) {
  pqxx::connection conn("dbname=app");
  pqxx::work tx(conn);
  tx.exec("insert into orders values(3)");
  cli.Post("/charge", "{}", "application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: connection 'conn' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-NOT: call 'conn.close()'
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: transaction 'tx' is open on 'conn' at the call; it must end before 'conn' is released
  // CHECK-MESSAGES: :[[@LINE-4]]:7: warning: transaction 'tx' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:7: note: 'tx' is used after the call: copy what is needed, release it before the call and acquire it again afterwards
  tx.exec("update orders set charged = true");
  tx.commit();
  // CHECK-FIXES: {{^}}  tx.exec("insert into orders values(3)");{{$}}
  // CHECK-FIXES-NEXT: {{^}}  cli.Post("/charge", "{}", "application/json");{{$}}
}
