// RUN: %check_clang_tidy -check-suffixes=NET \
// RUN:   -config="{CheckOptions: [{key: dbsession-held-across-blocking-call.BlockingGroups, value: 'network.*'}]}" \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=LISTS \
// RUN:   -config="{CheckOptions: [{key: dbsession-held-across-blocking-call.ExtraBlockingFunctions, value: 'app::waitForReply'}, {key: dbsession-held-across-blocking-call.IgnoredFunctions, value: 'httplib::Client::Get'}]}" \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=BUDGET \
// RUN:   -config="{CheckOptions: [{key: dbsession-held-across-blocking-call.AnalysisBudget, value: 1}, {key: dbsession-held-across-blocking-call.ReportSkippedFunctions, value: true}]}" \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=SAID \
// RUN:   -config="{CheckOptions: [{key: dbsession-held-across-blocking-call.AnalysisBudget, value: 1}]}" \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-held-across-blocking-call' --dump-config %s -- -std=c++17 | FileCheck --check-prefix=DEFAULTS %s
// Every option is dumped (as `key: value`, or as a key/value list before
// LLVM 15), with its default.
// DEFAULTS-DAG: dbsession-held-across-blocking-call.AnalysisBudget
// DEFAULTS-DAG: '200000'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.BlockingGroups
// DEFAULTS-DAG: '*'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.ExtraBlockingFunctions
// DEFAULTS-DAG: dbsession-held-across-blocking-call.IgnoredFunctions
// DEFAULTS-DAG: dbsession-held-across-blocking-call.IncludeHelpers
// DEFAULTS-DAG: 'true'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.MaxChainDepth
// DEFAULTS-DAG: '6'
// DEFAULTS-DAG: dbsession-held-across-blocking-call.ReportSkippedFunctions
// DEFAULTS-DAG: 'false'

#include <httplib.h>
#include <soci/soci.h>
#include <unistd.h>

namespace app {
void waitForReply();
}

void groups(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  sleep(1);
  // CHECK-MESSAGES-LISTS: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'sleep' (sleep) [dbsession-held-across-blocking-call]
  cli.Get("/x");
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  cli.Post("/x", "{}", "application/json");
  // CHECK-MESSAGES-NET: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-LISTS: :[[@LINE-2]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
  app::waitForReply();
  // CHECK-MESSAGES-LISTS: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'app::waitForReply' (custom) [dbsession-held-across-blocking-call]
}

// With a budget of one block visit, every function holding a handle is
// skipped. That is always said, once per translation unit (SAID); with
// ReportSkippedFunctions each skipped function is named where it is (BUDGET).
// CHECK-MESSAGES-BUDGET: dbsession-tidy: 1 function(s) not analysed: over the analysis budget (AnalysisBudget 1) or with more than 4096 handles{{ *$}}
// CHECK-MESSAGES-BUDGET: :[[@LINE-17]]:6: warning: 'groups' is not analysed: over the analysis budget or with more than 4096 handles [dbsession-held-across-blocking-call]
// CHECK-MESSAGES-SAID: dbsession-tidy: 1 function(s) not analysed: over the analysis budget (AnalysisBudget 1) or with more than 4096 handles; set ReportSkippedFunctions to name them
