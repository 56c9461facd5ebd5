// RUN: %check_clang_tidy \
// RUN:   -config="{CheckOptions: [{key: dbsession.ModelFiles, value: '%S/Inputs/held-across/user-model.json'}]}" \
// RUN:   %s dbsession-held-across-blocking-call %t -- -- -isystem %S/Inputs/held-across

#include <acme.h>

void classify(acme::Pool &pool, acme::Llm &llm) {
  acme::PooledConn conn = pool.acquire();
  conn.query("select text from tickets");
  std::string label = llm.complete("classify");
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: lease 'conn' is held across blocking call to 'acme::Llm::complete' (network.llm) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: lease 'conn' leased from a pool here
  conn.query("update tickets set label = 1");
}

void givenBack(acme::Pool &pool, acme::Llm &llm) {
  acme::PooledConn conn = pool.acquire();
  conn.query("select text from tickets");
  conn.giveBack();
  llm.complete("classify");
}
