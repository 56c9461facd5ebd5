// Advice to end a scope or release early holds for everything bound to what
// it would release: a connection a guard wrote into a local, a statement
// prepared on a leased session. Nothing below may suggest ending a scope
// while such an object is still used after the call.
// RUN: %check_clang_tidy \
// RUN:   -config="{CheckOptions: [{key: dbsession.ModelFiles, value: '%S/Inputs/held-across/hand-rolled-pool.json'}]}" \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/held-across -isystem %S/Inputs/soci -isystem %S/Inputs/httplib

#include <hand-rolled-pool.h>
#include <httplib.h>
#include <soci/soci.h>

// The model-format worked example: the guard's constructor writes the
// pooled connection into Conn, and Conn is used after the call, so the
// guard is needed there; ending its scope would break the second query.
std::string summarize(app::SqlConnPool &Pool, app::LlmClient &Llm) {
  MYSQL *Conn = nullptr;
  app::SqlConnRAII Guard(&Conn, &Pool);
  app::query(Conn, "SELECT body FROM notes");
  std::string Summary = Llm.complete("Summarize the notes");
  app::query(Conn, "INSERT INTO summaries VALUES (...)");
  return Summary;
}
// CHECK-NOTES: :[[@LINE-4]]:29: warning: lease 'Guard' is held across blocking call to 'app::LlmClient::complete' (network.llm) [dbsession-held-across-blocking-call]
// CHECK-NOTES: :[[@LINE-7]]:20: note: lease 'Guard' leased from a pool here
// CHECK-NOTES: :[[@LINE-4]]:3: note: lease 'Guard' is released here
// CHECK-NOTES: :[[@LINE-7]]:29: note: 'Guard' is used after the call: copy what is needed, release it before the call and acquire it again afterwards

// Conn is not used after the call: ending the guard's scope before it is
// the advice, and it holds.
std::string summarizeOnly(app::SqlConnPool &Pool, app::LlmClient &Llm) {
  MYSQL *Conn = nullptr;
  app::SqlConnRAII Guard(&Conn, &Pool);
  app::query(Conn, "SELECT body FROM notes");
  std::string Summary = Llm.complete("Summarize the notes");
  return Summary;
}
// CHECK-NOTES: :[[@LINE-3]]:29: warning: lease 'Guard' is held across blocking call to 'app::LlmClient::complete' (network.llm) [dbsession-held-across-blocking-call]
// CHECK-NOTES: :[[@LINE-6]]:20: note: lease 'Guard' leased from a pool here
// CHECK-NOTES: :[[@LINE-4]]:3: note: lease 'Guard' is released here
// CHECK-NOTES: :[[@LINE-6]]:29: note: end the scope of 'Guard' before the call to give the lease back

// A statement prepared on the leased session and executed after the call
// needs the session there: no advice to end the lease's scope.
void statementAfter(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  soci::statement st(sql);
  cli.Get("/x");
  st.execute(true);
}
// CHECK-NOTES: :[[@LINE-3]]:7: warning: session 'sql' is held across blocking call to 'httplib::Client::Get' (network.http) [dbsession-held-across-blocking-call]
// CHECK-NOTES: :[[@LINE-6]]:17: note: session 'sql' leased from a pool here
// CHECK-NOTES: :[[@LINE-3]]:1: note: session 'sql' is released here
// CHECK-NOTES: :[[@LINE-6]]:7: note: 'sql' is used after the call: copy what is needed, release it before the call and acquire it again afterwards
