// Fixes on the warning release the connection before each leaking early
// return, where it is surely held and not what is returned. The fixed file
// compiles and is clean on a second run.
// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/soci
// RUN: %clang -fsyntax-only -std=c++17 -isystem %S/Inputs/libpq -isystem %S/Inputs/soci %t.cpp
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-unreleased-connection' %t.cpp -- -std=c++17 -isystem %S/Inputs/libpq -isystem %S/Inputs/soci 2>&1 | FileCheck --allow-empty --check-prefix=CLEAN %s
// CLEAN-NOT: {{warning|error}}:

#include <libpq-fe.h>
#include <soci/soci.h>

bool ready();
int step();

// Two early returns, one in a block and one without braces.
int twoReturns(const char *info) {
  PGconn *conn = PQconnectdb(info);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: connection 'conn' is not released on every path; fix available [dbsession-unreleased-connection]
  if (PQstatus(conn) != CONNECTION_OK) {
    return -1;
  }
  if (step() < 0)
    return -2;
  else
    step();
  PQfinish(conn);
  return 0;
}
// CHECK-FIXES: {{^}}    PQfinish(conn);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
// CHECK-FIXES: {{^}}    { PQfinish(conn); return -2; }{{$}}

// A return inside a switch case.
int inSwitch(const char *info) {
  PGconn *conn = PQconnectdb(info);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: connection 'conn' is not released on every path; fix available [dbsession-unreleased-connection]
  switch (step()) {
  case 1:
    return 1;
  default:
    break;
  }
  PQfinish(conn);
  return 0;
}
// CHECK-FIXES: {{^}}    { PQfinish(conn); return 1; }{{$}}

// A `new`ed session: delete before the return.
bool session(const std::string &info) {
  soci::session *sql = new soci::session(info);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: session 'sql' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready()) {
    return false;
  }
  delete sql;
  return true;
}
// CHECK-FIXES: {{^}}    delete sql;{{$}}
// CHECK-FIXES-NEXT: {{^}}    return false;{{$}}
