// RUN: %check_clang_tidy -check-suffixes=NET %s dbsession-held-across-blocking-call %t -- \
// RUN:   -config="{CheckOptions: {dbsession-held-across-blocking-call.BlockingGroups: 'network.*'}}" \
// RUN:   -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=LISTS %s dbsession-held-across-blocking-call %t -- \
// RUN:   -config="{CheckOptions: {dbsession-held-across-blocking-call.ExtraBlockingFunctions: 'app::waitForReply', dbsession-held-across-blocking-call.IgnoredFunctions: 'httplib::Client::Get'}}" \
// RUN:   -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=BUDGET %s dbsession-held-across-blocking-call %t -- \
// RUN:   -config="{CheckOptions: {dbsession-held-across-blocking-call.AnalysisBudget: 1, dbsession-held-across-blocking-call.ReportSkippedFunctions: true}}" \
// RUN:   -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-held-across-blocking-call' --dump-config %s -- -std=c++17 | FileCheck --check-prefix=DEFAULTS %s
// DEFAULTS-DAG: dbsession-held-across-blocking-call.BlockingGroups: '*'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.IncludeHelpers: 'true'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.MaxChainDepth: '6'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.AnalysisBudget: '20000'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.ReportSkippedFunctions: 'false'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.ExtraBlockingFunctions: ''
// DEFAULTS-DAG: dbsession-held-across-blocking-call.IgnoredFunctions: ''

#include <httplib.h>
#include <soci/soci.h>
#include <unistd.h>

namespace app {
void waitForReply();
}

void groups(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  sleep(1);
  // CHECK-MESSAGES-LISTS: :[[@LINE-1]]:3: warning: lease 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  cli.Get("/x");
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:7: warning: lease 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  cli.Post("/x", "{}", "application/json");
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:7: warning: lease 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-LISTS: :[[@LINE-2]]:7: warning: lease 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  app::waitForReply();
  // CHECK-MESSAGES-LISTS: :[[@LINE-1]]:3: warning: lease 'sql' is held across blocking call to 'app::waitForReply' (custom) [dbsession-held-across-blocking-call]
}

// With a budget of one block visit, every function holding a handle is
// skipped, quietly, and counted.
// CHECK-MESSAGES-BUDGET: dbsession-held-across-blocking-call: 1 function(s) skipped over the analysis budget
