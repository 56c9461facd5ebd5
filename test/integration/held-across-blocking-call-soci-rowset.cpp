// REQUIRES: soci-headers, cpp-httplib-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t

// The real SOCI and cpp-httplib headers. Every note is checked: the advice
// to end a lease's scope before the call is given only where that is
// possible.

#include <chrono>
#include <httplib.h>
#include <soci/soci.h>
#include <string>
#include <thread>

// The rowset reads through the lease on every iteration: its scope cannot
// end before the call, so there is no such hint.
void postEachRow(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  soci::rowset<soci::row> rs = (sql.prepare << "select id from jobs");
  for (const soci::row &r : rs) {
    cli.Post("/jobs", std::to_string(r.get<int>(0)), "text/plain");
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
    // CHECK-NOTES: :[[@LINE-5]]:17: note: session 'sql' leased from a pool here
    // CHECK-NOTES: :[[@LINE+2]]:1: note: session 'sql' is released here
  }
}

// Nothing needs the lease after the write: ending its scope is the fix.
void writeThenWait(soci::connection_pool &pool) {
  soci::session sql(pool);
  sql << "update jobs set state = 'waiting'";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'std::this_thread::sleep_for' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: session 'sql' leased from a pool here
  // CHECK-NOTES: :[[@LINE+2]]:1: note: session 'sql' is released here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: end the scope of 'sql' before the call to give the lease back
}
