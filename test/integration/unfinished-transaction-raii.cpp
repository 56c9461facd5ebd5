// REQUIRES: libpqxx-headers, soci-headers, sqlitecpp-headers, poco-data-headers, cppdb-headers
// RUN: %check_clang_tidy %s dbsession-unfinished-transaction %t -- -- -I /usr/include/x86_64-linux-gnu

// The real libpqxx, SOCI, SQLiteCpp, POCO Data and CppDB headers: the
// transaction objects roll back when destroyed, so a transaction that wrote
// and ends without commit loses its writes.

#include <Poco/Data/Session.h>
#include <Poco/Data/Transaction.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <cppdb/frontend.h>
#include <pqxx/pqxx>
#include <soci/soci.h>
#include <string>

bool valid(long id);

// libpqxx: an early return after the first write.
void pqxxEarly(pqxx::connection &c, long id) {
  pqxx::work tx(c);
  tx.exec("insert into audit(item) values (1)");
  if (!valid(id))
    return;
    // CHECK-NOTES: :[[@LINE-4]]:14: warning: transaction 'tx' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction 'tx' writes here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction 'tx' ends here without commit or rollback
    // CHECK-NOTES: :[[@LINE-7]]:14: note: call 'tx.commit()' before the end of its scope if the writes are to stay, or 'tx.abort()' to drop them on purpose
  tx.exec("update items set seen = true");
  tx.commit();
}

// Its corrected twin.
void pqxxFixed(pqxx::connection &c, long id) {
  pqxx::work tx(c);
  tx.exec("insert into audit(item) values (1)");
  if (!valid(id)) {
    tx.abort();
    return;
  }
  tx.exec("update items set seen = true");
  tx.commit();
}

// A read-only transaction needs no commit.
std::string pqxxRead(pqxx::connection &c) {
  pqxx::work tx(c);
  pqxx::result r = tx.exec("select name from items limit 1");
  return r[0][0].c_str();
}

// SOCI: a transaction object over a loop that breaks out.
void sociLoop(soci::session &sql) {
  for (int i = 0; i < 10; ++i) {
    soci::transaction tr(sql);
    sql << "insert into t(v) values(:v)", soci::use(i);
    if (!valid(i))
      break;
      // CHECK-NOTES: :[[@LINE-4]]:23: warning: transaction 'tr' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: transaction 'tr' writes here
      // CHECK-NOTES: :[[@LINE-3]]:7: note: transaction 'tr' ends here without commit or rollback
      // CHECK-NOTES: :[[@LINE-7]]:23: note: call 'tr.commit()' before the end of its scope if the writes are to stay, or 'tr.rollback()' to drop them on purpose
    tr.commit();
  }
}

// SQLiteCpp.
void sqlite(SQLite::Database &db, long id) {
  SQLite::Transaction t(db);
  db.exec("DELETE FROM sessions WHERE expired = 1");
  if (!valid(id))
    return;
    // CHECK-NOTES: :[[@LINE-4]]:23: warning: transaction 't' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction 't' writes here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction 't' ends here without commit or rollback
    // CHECK-NOTES: :[[@LINE-7]]:23: note: call 't.commit()' before the end of its scope if the writes are to stay
  t.commit();
}

// POCO Data: a Transaction object, and the session-level begin left open
// when execute throws.
void poco(Poco::Data::Session &s, long id) {
  Poco::Data::Transaction tx(s);
  s << "UPDATE items SET seen = 1", Poco::Data::Keywords::now;
  if (!valid(id))
    return;
    // CHECK-NOTES: :[[@LINE-4]]:27: warning: transaction 'tx' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction 'tx' writes here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction 'tx' ends here without commit or rollback
    // CHECK-NOTES: :[[@LINE-7]]:27: note: call 'tx.commit()' before the end of its scope if the writes are to stay, or 'tx.rollback()' to drop them on purpose
  tx.commit();
}

void pocoBegin(Poco::Data::Session &s) {
  s.begin();
  s << "UPDATE items SET seen = 1", Poco::Data::Keywords::now;
  // CHECK-NOTES: :[[@LINE-2]]:3: warning: transaction on 's' is left open on some path [dbsession-unfinished-transaction]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: transaction on 's' writes here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction on 's' is still open if 'Poco::Data::Session::operator<<' throws here
  // CHECK-NOTES: :[[@LINE-5]]:3: note: call 's.commit()' or 's.rollback()' before leaving the function; on exception paths roll back in a handler, or use a transaction object that rolls back when destroyed
  s.commit();
}

// CppDB.
void cppdbTx(cppdb::session &sql, long id) {
  cppdb::transaction guard(sql);
  sql << "UPDATE items SET seen = 1" << cppdb::exec;
  if (!valid(id))
    return;
    // CHECK-NOTES: :[[@LINE-4]]:22: warning: transaction 'guard' wrote but is not committed on every path; its destructor rolls the writes back [dbsession-unfinished-transaction]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: transaction 'guard' writes here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: transaction 'guard' ends here without commit or rollback
    // CHECK-NOTES: :[[@LINE-7]]:22: note: call 'guard.commit()' before the end of its scope if the writes are to stay, or 'guard.rollback()' to drop them on purpose
  guard.commit();
}
