// Each answer of "Modelling your own API" in docs/model-format.md, on the
// wrapper and the model file that section shows.
// RUN: %check_clang_tidy \
// RUN:   -config="{CheckOptions: [{key: dbsession.ModelFiles, value: '%S/Inputs/own-api/mydb.json'}]}" \
// RUN:   %s dbsession-held-across-blocking-call,dbsession-unfinished-transaction %t -- -- -isystem %S/Inputs/own-api

#include <mydb.h>

// A query method needs no entry: a call that receives the connection is the
// work it is held for, and the constructor taking a DSN acquires (the type
// is a connection).
void queryThenFetch() {
  mydb::Conn c("dbname=app");
  auto rows = c.query("select id from jobs");
  net::fetch("http://x");
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: connection 'c' is held across blocking call to 'net::fetch' (network.http); fix available [dbsession-held-across-blocking-call]
// CHECK-NOTES: :[[@LINE-5]]:14: note: connection 'c' acquired here
// CHECK-NOTES: :[[@LINE-3]]:1: note: connection 'c' is released here

// `"params": [], "roles": []` says that the default constructor does
// nothing of note: nothing is held, so nothing fires.
void notConnected() {
  mydb::Conn c;
  net::fetch("http://x");
}

// ...and connect() is the acquisition.
void connectedLater() {
  mydb::Conn c;
  c.connect("dbname=app");
  net::fetch("http://x");
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: connection 'c' is held across blocking call to 'net::fetch' (network.http); fix available [dbsession-held-across-blocking-call]
// CHECK-NOTES: :[[@LINE-4]]:3: note: connection 'c' acquired here
// CHECK-NOTES: :[[@LINE-3]]:1: note: connection 'c' is released here

// The constructor of a transaction type begins it; an UPDATE sent through it
// is a write, seen in the SQL text without a `write` role.
void txnNotCommitted(mydb::Conn &c) {
  mydb::Txn t(c);
  t.exec("update jobs set done = 1");
}
// CHECK-NOTES: :[[@LINE-3]]:13: warning: transaction 't' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
// CHECK-NOTES: :[[@LINE-3]]:3: note: transaction 't' writes here
// CHECK-NOTES: :[[@LINE-3]]:1: note: transaction 't' ends here without commit or rollback
// CHECK-NOTES: :[[@LINE-6]]:13: note: call 't.commit()' before the end of its scope if the writes are to stay, or 't.rollback()' to drop them on purpose

// Committed on every path: nothing fires.
void txnCommitted(mydb::Conn &c) {
  mydb::Txn t(c);
  t.exec("update jobs set done = 1");
  t.commit();
}

// A factory returning std::unique_ptr<Txn>: an `acquire` entry with
// `"acquires": "transaction"`.
void factoryTxn(mydb::Conn &c) {
  auto t = mydb::beginTxn(c);
  t->exec("update jobs set done = 1");
  net::fetch("http://x");
  t->commit();
}
// CHECK-NOTES: :[[@LINE-3]]:3: warning: transaction 't' is held across blocking call to 'net::fetch' (network.http) [dbsession-held-across-blocking-call]
// CHECK-NOTES: :[[@LINE-6]]:8: note: transaction 't' opened here
// CHECK-NOTES: :[[@LINE-4]]:3: note: transaction 't' is committed here; do it before the call

void factoryTxnNotCommitted(mydb::Conn &c) {
  auto t = mydb::beginTxn(c);
  t->exec("update jobs set done = 1");
}
// CHECK-NOTES: :[[@LINE-3]]:8: warning: transaction 't' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
// CHECK-NOTES: :[[@LINE-3]]:3: note: transaction 't' writes here
// CHECK-NOTES: :[[@LINE-3]]:1: note: transaction 't' ends here without commit or rollback
