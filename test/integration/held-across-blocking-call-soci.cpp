// REQUIRES: soci-headers, cpp-httplib-headers, libcurl-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -I /usr/include/x86_64-linux-gnu

// The real SOCI, cpp-httplib and libcurl headers (Debian's -dev packages).

#include <chrono>
#include <curl/curl.h>
#include <httplib.h>
#include <soci/soci.h>
#include <string>
#include <thread>

std::string callModel(httplib::Client &cli, const std::string &prompt) {
  auto res = cli.Post("/v1/chat", prompt, "application/json");
  return res ? res->body : std::string();
}

void handler(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  std::string text;
  sql << "select body from tickets where id = 1", soci::into(text);
  const std::string summary = callModel(cli, text);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: session 'sql' is held across blocking call to 'callModel' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:17: note: session 'sql' leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-11]]:18: note: 'callModel' calls 'httplib::Client::Post' (network.http) here
  sql << "update tickets set summary = :s where id = 1", soci::use(summary);
}

void streamed(soci::connection_pool &pool, CURL *curl) {
  soci::session sql(pool);
  sql << "update tickets set state = 'replying' where id = 1";
  curl_easy_perform(curl);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'curl_easy_perform' (network.http) [dbsession-held-across-blocking-call]
}

void retry(soci::connection_pool &pool) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    {
      soci::session sql(pool);
      soci::transaction tr(sql);
      sql << "insert into audit(kind) values('retry')";
      tr.commit();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void transactionAcrossSleep(soci::session &sql) {
  soci::transaction tr(sql);
  sql << "insert into audit(kind) values('slow')";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: transaction 'tr' is held across blocking call to 'std::this_thread::sleep_for' (sleep) [dbsession-held-across-blocking-call]
  tr.commit();
}
