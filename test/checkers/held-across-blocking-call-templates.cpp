// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib

#include <httplib.h>
#include <soci/soci.h>
#include <string>

// Instantiated twice: one warning for the one source location.
template <typename Payload>
void publish(soci::connection_pool &pool, httplib::Client &cli,
             const Payload &p) {
  soci::session sql(pool);
  sql << "insert into outbox values(1)";
  cli.Post("/publish", std::to_string(p), "text/plain");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Post' (network.http) [dbsession-held-across-blocking-call]
}

// A template helper that blocks, instantiated twice and called from two
// places: one warning per calling site.
template <typename T> void notify(httplib::Client &cli, T value) {
  cli.Get("/n/" + std::to_string(value));
}

template <typename T> struct Repo {
  void save(soci::connection_pool &pool, httplib::Client &cli, T v) {
    soci::session sql(pool);
    notify(cli, v);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: session 'sql' is held across blocking call to 'notify' (network.http) [dbsession-held-across-blocking-call]
  }
};

// Not instantiated: nothing to report.
template <typename T> void unused(soci::connection_pool &pool, T &cli) {
  soci::session sql(pool);
  cli.Post("/x", "{}", "application/json");
}

void use(soci::connection_pool &pool, httplib::Client &cli) {
  publish(pool, cli, 1);
  publish(pool, cli, 2.5);
  Repo<int>().save(pool, cli, 1);
  Repo<long>().save(pool, cli, 2);
}
