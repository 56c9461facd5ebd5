// REQUIRES: libpq-headers
// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- %pq_flags

// The real libpq header: every PQconnect* result needs PQfinish, even when
// connecting failed.

#include <libpq-fe.h>
#include <stdexcept>
#include <string>

// The shape of a real fix (a connect helper that threw on a bad status
// without PQfinish): the exception leaves with the connection open.
PGconn *connectOrThrow(const std::string &info) {
  PGconn *conn = PQconnectdb(info.c_str());
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'conn' is not released on every path [dbsession-unreleased-connection]
  if (PQstatus(conn) != CONNECTION_OK)
    throw std::runtime_error(PQerrorMessage(conn));
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'conn' is still held when the exception thrown here leaves the function
  // CHECK-NOTES: :[[@LINE-5]]:11: note: call 'PQfinish(conn)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  return conn;
}

// Its corrected twin: released before the throw.
PGconn *connectOrThrowFixed(const std::string &info) {
  PGconn *conn = PQconnectdb(info.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error(msg);
  }
  return conn;
}

// PQconnectdbParams, an early return on a failed query.
int countRows(const char *const *keys, const char *const *values) {
  PGconn *conn = PQconnectdbParams(keys, values, 0);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: connection 'conn' is not released on every path; fix available [dbsession-unreleased-connection]
  PGresult *res = PQexec(conn, "select count(*) from items");
  if (PQresultStatus(res) != PGRES_TUPLES_OK) {
    PQclear(res);
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'conn' is still held when the function returns here
    // CHECK-NOTES: :[[@LINE-7]]:11: note: call 'PQfinish(conn)' on every path, or hold it in 'std::unique_ptr<PGconn, decltype(&PQfinish)>' so that every path releases it
  }
  int n = atoi(PQgetvalue(res, 0, 0));
  PQclear(res);
  PQfinish(conn);
  return n;
}
// CHECK-FIXES: {{^}}    PQclear(res);{{$}}
// CHECK-FIXES-NEXT: {{^}}    PQfinish(conn);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}

// Null tested, owned by a smart pointer, returned: all quiet.
bool ping(const char *info) {
  PGconn *conn = PQconnectdb(info);
  if (conn == nullptr)
    return false;
  bool ok = PQstatus(conn) == CONNECTION_OK;
  PQfinish(conn);
  return ok;
}
