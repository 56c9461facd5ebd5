// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=SHALLOW \
// RUN:   -config='{CheckOptions: [{key: dbsession-held-across-blocking-call.MaxChainDepth, value: 2}]}' \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib
// RUN: %check_clang_tidy -check-suffixes=NOHELPERS \
// RUN:   -config='{CheckOptions: [{key: dbsession-held-across-blocking-call.IncludeHelpers, value: false}]}' \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/soci -isystem %S/Inputs/httplib

#include <httplib.h>
#include <soci/soci.h>
#include <string>

// Blocking three helpers deep: summarize -> call_llm -> post_json -> Post.
std::string post_json(httplib::Client &cli, const std::string &body) {
  return cli.Post("/v1/chat", body, "application/json")->body;
}
std::string call_llm(httplib::Client &cli, const std::string &prompt) {
  return post_json(cli, "{\"prompt\": \"" + prompt + "\"}");
}
std::string summarize(httplib::Client &cli, const std::string &text) {
  return call_llm(cli, "summarize: " + text);
}

void threeDeep(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  sql << "select body from tickets";
  std::string s = summarize(cli, "text");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: session 'sql' is held across blocking call to 'summarize' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:17: note: session 'sql' leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: 'summarize' calls 'call_llm' here
  // CHECK-MESSAGES: :[[@LINE-13]]:10: note: 'call_llm' calls 'post_json' here
  // CHECK-MESSAGES: :[[@LINE-17]]:14: note: 'post_json' calls 'httplib::Client::Post' (network.http) here
  sql << "update tickets set summary = :s", soci::use(s);
}

// One helper deep is within every depth.
void oneDeep(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  post_json(cli, "{}");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'post_json' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: session 'sql' is held across blocking call to 'post_json' (network.http) [dbsession-held-across-blocking-call]
}

// Direct calls to the catalog count whatever IncludeHelpers says.
void direct(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-NOHELPERS: :[[@LINE-3]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
}

// A DB helper that receives the session does the work it is held for.
void saveTicket(soci::session &sql, int id) {
  sql << "insert into tickets values(:id)", soci::use(id);
}
void loadThenSave(soci::session &sql, int id) {
  saveTicket(sql, id);
  saveTicket(sql, id + 1);
}
void dbHelpers(soci::connection_pool &pool) {
  soci::session sql(pool);
  loadThenSave(sql, 1);
}

// A helper that receives the session and also blocks on something else
// blocks: reported at the call in the function that holds the session, and
// not inside the helper, whose session belongs to its caller.
void saveAndNotify(soci::session &sql, httplib::Client &cli, int id) {
  sql << "insert into tickets values(:id)", soci::use(id);
  cli.Post("/notify", "{}", "application/json");
}
void notifying(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  saveAndNotify(sql, cli, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'saveAndNotify' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: session 'sql' is held across blocking call to 'saveAndNotify' (network.http) [dbsession-held-across-blocking-call]
}

// The same names in another namespace are not the catalog's.
namespace mock {
struct Client {
  int Post(const char *path, const char *body, const char *type);
};
void sleep(int seconds);
} // namespace mock
void otherNamespace(soci::connection_pool &pool, mock::Client &cli) {
  soci::session sql(pool);
  cli.Post("/x", "{}", "application/json");
  mock::sleep(1);
}

// Recursion: the blocking call is found through the cycle.
int pingB(httplib::Client &cli, int n);
int pingA(httplib::Client &cli, int n) { return n <= 0 ? 0 : pingB(cli, n - 1); }
int pingB(httplib::Client &cli, int n) {
  if (n == 3)
    cli.Get("/ping");
  return pingA(cli, n);
}
void recursive(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  pingA(cli, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: session 'sql' is held across blocking call to 'pingA' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:3: warning: session 'sql' is held across blocking call to 'pingA' (network.http) [dbsession-held-across-blocking-call]
}

// A helper that only declares a function it never calls does not block.
void unknownCallee();
void callsUnknown(soci::connection_pool &pool) {
  soci::session sql(pool);
  unknownCallee();
}

// A helper that returns a new lease acquires it for its caller.
soci::session open_session(soci::connection_pool &pool) {
  soci::session s(pool);
  return s;
}
void acquiredByHelper(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql = open_session(pool);
  cli.Get("/x");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-SHALLOW: :[[@LINE-2]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES-NOHELPERS: :[[@LINE-3]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
}

// A helper that closes the session it is given releases it.
void finish(soci::session &sql) { sql.close(); }
void releasedByHelper(httplib::Client &cli) {
  soci::session sql("postgresql://db");
  finish(sql);
  cli.Get("/x");
}
