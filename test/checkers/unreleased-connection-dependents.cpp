// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/pqxx -isystem %S/Inputs/soci

#include <pqxx/pqxx>
#include <soci/soci.h>

// A release inserted before the early return would run before the
// transaction's destructor, which rolls back on the connection: no edit,
// only the advice.
int transactionOpenAtReturn(bool stop) {
  pqxx::connection *c = new pqxx::connection("dbname=app");
  pqxx::work tx(*c);
  tx.exec("select 1");
  if (stop)
    return 1;
  // CHECK-MESSAGES: :[[@LINE-5]]:21: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  // CHECK-FIXES: {{^}}    return 1;{{$}}
  tx.commit();
  delete c;
  return 0;
}

// A statement on the session is destroyed after the return: deleting the
// session before it would leave the statement's destructor a dangling
// session, so no edit.
int statementAtReturn(bool stop) {
  soci::session *sql = new soci::session("postgresql://db");
  soci::statement st(*sql);
  st.execute(true);
  if (stop)
    return 1;
  // CHECK-MESSAGES: :[[@LINE-5]]:18: warning: session 'sql' is not released on every path [dbsession-unreleased-connection]
  // CHECK-FIXES: {{^}}    return 1;{{$}}
  delete sql;
  return 0;
}

// Once the statement's scope has closed, the release before the return is
// safe and is the fix.
int statementScopeClosed(bool stop) {
  soci::session *sql = new soci::session("postgresql://db");
  {
    soci::statement st(*sql);
    st.execute(true);
  }
  if (stop)
    return 1;
  // CHECK-MESSAGES: :[[@LINE-7]]:18: warning: session 'sql' is not released on every path; fix available [dbsession-unreleased-connection]
  // CHECK-FIXES: {{^}}    { delete sql; return 1; }{{$}}
  delete sql;
  return 0;
}
