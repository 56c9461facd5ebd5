// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib

#include <algorithm>
#include <chrono>
#include <functional>
#include <httplib.h>
#include <soci/soci.h>
#include <thread>
#include <vector>

// A lambda that blocks counts where it is called.
void called(soci::connection_pool &pool) {
  soci::session sql(pool);
  auto backoff = [] { std::this_thread::sleep_for(std::chrono::seconds(1)); };
  sql << "select 1";
  backoff();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to lambda 'backoff' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:17: note: session 'sql' leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-5]]:23: note: the lambda calls 'std::this_thread::sleep_for' (sleep) here
}

// Called on the spot.
void immediatelyInvoked(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  [&cli] { cli.Get("/x"); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to a lambda (network.http) [dbsession-held-across-blocking-call]
}

// Only created or stored: not a call.
std::vector<std::function<void()>> later;
void onlyCreated(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  auto notify = [&cli] { cli.Post("/n", "{}", "application/json"); };
  later.push_back([&cli] { cli.Get("/later"); });
  sql << "select 1";
}

// A lambda's own lease is reported in the lambda.
void leaseInsideLambda(soci::connection_pool &pool) {
  auto job = [&pool] {
    soci::session sql(pool);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'sql' is held across blocking call to 'std::this_thread::sleep_for' (sleep) [dbsession-held-across-blocking-call]
  };
  job();
}

// A lambda given the session does the DB work it is held for.
void dbWorkLambda(soci::connection_pool &pool) {
  soci::session sql(pool);
  auto save = [](soci::session &s) { s << "insert into t values(1)"; };
  save(sql);
}

// A lambda passed to an algorithm whose body is here is called there.
void passedToAlgorithm(soci::connection_pool &pool, std::vector<int> &ids) {
  soci::session sql(pool);
  std::for_each(ids.begin(), ids.end(), [](int) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: session 'sql' is held across blocking call to 'std::for_each' (sleep) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-3]]:5: note: the lambda calls 'std::this_thread::sleep_for' (sleep) here
  std::sort(ids.begin(), ids.end());
}
