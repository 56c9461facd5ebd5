// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/pqxx

// The false-positive shapes reported against the Clang Static Analyzer's
// blocking-in-critical-section check, ported to sessions: each is quiet.

#include <memory>
#include <pqxx/pqxx>
#include <soci/soci.h>
#include <unistd.h>

// unique_lock::unlock() then sleep: an explicit release before the call.
void explicitReleaseThenSleep() {
  soci::session sql("postgresql://db");
  sql << "update t set x = 1";
  sql.close();
  sleep(1);
}

void explicitCommitThenSleep(pqxx::connection &c) {
  pqxx::work tx(c);
  tx.exec("update t set x = 1");
  tx.commit();
  sleep(1);
}

void resetThenSleep(soci::connection_pool &pool) {
  auto sql = std::make_unique<soci::session>(pool);
  *sql << "update t set x = 1";
  sql.reset();
  sleep(1);
}

// std::defer_lock: the handle exists but is not acquired yet.
void deferredAcquisition() {
  soci::session sql;
  sleep(1);
  sql.open("postgresql://db");
  sql << "update t set x = 1";
}

void deferredUniquePtr(soci::connection_pool &pool) {
  std::unique_ptr<soci::session> sql;
  sleep(1);
  sql = std::make_unique<soci::session>(pool);
}

// A guard in a loop: each iteration's handle is gone before the sleep.
void handleInLoop(soci::connection_pool &pool) {
  for (int i = 0; i < 3; ++i) {
    {
      soci::session sql(pool);
      sql << "update t set x = 1";
    }
    sleep(1);
  }
}

void handleInLoopReleased(soci::connection_pool &pool) {
  for (int i = 0; i < 3; ++i) {
    soci::session sql(pool);
    sql << "update t set x = 1";
    sql.close();
    sleep(1);
  }
}

// For contrast, the shape that is a real finding: the sleep inside the
// handle's scope.
void handleInLoopHeld(soci::connection_pool &pool) {
  for (int i = 0; i < 3; ++i) {
    soci::session sql(pool);
    sql << "update t set x = 1";
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  }
}
