// RUN: %check_clang_tidy -check-suffixes=DEFAULT %s dbsession-unfinished-transaction %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/soci -isystem %S/Inputs/vendor
// RUN: %check_clang_tidy -check-suffixes=FINISHED \
// RUN:   -config="{CheckOptions: [{key: dbsession-unfinished-transaction.TransactionFinishingFunctions, value: 'vendor::finishWork;app::commitAll'}]}" \
// RUN:   %s dbsession-unfinished-transaction %t -- -- -isystem %S/Inputs/libpq -isystem %S/Inputs/soci -isystem %S/Inputs/vendor
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-unfinished-transaction' --dump-config %s -- -std=c++17 | FileCheck --check-prefix=DUMP %s
// DUMP: dbsession-unfinished-transaction.TransactionFinishingFunctions
// DUMP-NOT: dbsession-unfinished-transaction.OwnershipTakingFunctions

#include <soci/soci.h>
#include <vendor/db.h>

bool valid(int);

namespace app {
// Defined in another translation unit.
void commitAll(soci::session &sql);
} // namespace app

// Nor is a function whose body is not here.
void elsewhere(soci::session &sql, int id) {
  sql.begin();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: transaction on 'sql' is left open on some path [dbsession-unfinished-transaction]
  if (!valid(id)) {
    sql.rollback();
    return;
  }
  app::commitAll(sql);
}

// A library function in a system header is not taken to touch the
// transaction: without the option it is left open at the end.
void batch(soci::session &sql, int id) {
  sql.begin();
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: transaction on 'sql' is left open on some path [dbsession-unfinished-transaction]
  if (!valid(id)) {
    sql.rollback();
    return;
  }
  vendor::finishWork(sql, true);
}

// Finishing counts as a commit: committing again is on a finished
// transaction. Without the option the commit finishes it and all is well.
void twice(soci::session &sql) {
  sql.begin();
  vendor::finishWork(sql, true);
  sql.commit();
  // CHECK-MESSAGES-FINISHED: :[[@LINE-1]]:3: warning: commit of transaction on 'sql', which is already committed [dbsession-unfinished-transaction]
}

// Finished only where it is called: the early return leaves it open.
// Without the option the function leaves its caller's transaction open on
// every exit, so it is taken to be a wrapper that begins one: quiet.
void early(soci::session &sql, int id) {
  sql.begin();
  // CHECK-MESSAGES-FINISHED: :[[@LINE-1]]:3: warning: transaction on 'sql' is left open on some path [dbsession-unfinished-transaction]
  if (!valid(id))
    return;
  vendor::finishWork(sql, true);
}
