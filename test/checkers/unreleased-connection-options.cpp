// RUN: %check_clang_tidy -check-suffixes=DEFAULT %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/soci -isystem %S/Inputs/vendor
// RUN: %check_clang_tidy -check-suffixes=OWNED \
// RUN:   -config="{CheckOptions: [{key: dbsession-unreleased-connection.OwnershipTakingFunctions, value: 'vendor::adopt;app::keep'}]}" \
// RUN:   %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/soci -isystem %S/Inputs/vendor
// The global option works the same way, and is what the other checks read.
// RUN: %check_clang_tidy -check-suffixes=OWNED \
// RUN:   -config="{CheckOptions: [{key: OwnershipTakingFunctions, value: 'vendor::adopt;app::keep'}]}" \
// RUN:   %s dbsession-unreleased-connection %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/soci -isystem %S/Inputs/vendor
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-unreleased-connection' --dump-config %s -- -std=c++17 | FileCheck --check-prefix=DUMP %s
// DUMP: dbsession-unreleased-connection.OwnershipTakingFunctions
// DUMP-NOT: dbsession-unreleased-connection.IgnoredFunctions

#include <libpq-fe.h>
#include <vendor/db.h>

namespace app {
// A project function whose body is not here: it may keep the connection,
// so a handle passed to it is never reported, option or not.
void store(PGconn *c);
// Defined here, and it keeps nothing: only the option says otherwise.
void keep(PGconn *c) { (void)c; }
} // namespace app

// A library function in a system header is not taken to keep what it is
// given: without the option the connection leaks at the return.
void handOver(const char *info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  if (PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return;
  }
  vendor::adopt(c);
}

// The option overrides the summary of a function defined here.
void keepIt(const char *info) {
  PGconn *c = PQconnectdb(info);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  app::keep(c);
}

// Quiet in every run: code without a body here may keep it.
void unseen(const char *info) {
  PGconn *c = PQconnectdb(info);
  app::store(c);
}

// Taken over only where it is passed: the early return still leaks it.
void earlyReturn(const char *info, bool ready) {
  PGconn *c = PQconnectdb(info);
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  // CHECK-MESSAGES-OWNED: :[[@LINE-2]]:11: warning: connection 'c' is not released on every path; fix available [dbsession-unreleased-connection]
  if (!ready)
    return;
  vendor::adopt(c);
}
