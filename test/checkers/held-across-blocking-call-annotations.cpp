// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -I %S/../../include

#include <dbsession/annotations.h>
#include <string>

// A project's own pool and clients, described by annotations.
class DBSESSION_LEASE PooledConn {
public:
  PooledConn(PooledConn &&other);
  ~PooledConn();
  DBSESSION_RELEASE void giveBack();
  DBSESSION_WRITE int exec(const std::string &sql);
};

class DBSESSION_POOL ConnPool {
public:
  DBSESSION_ACQUIRE PooledConn get();
};

DBSESSION_BLOCKING("network.llm") std::string complete(const std::string &);
DBSESSION_BLOCKING() void waitForWorkers();
DBSESSION_NOT_BLOCKING void flushLocalCache();

void annotated(ConnPool &pool) {
  PooledConn c = pool.get();
  c.exec("select 1");
  complete("hello");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lease 'c' is held across blocking call to 'complete' (network.llm) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:14: note: lease 'c' leased from a pool here
  waitForWorkers();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lease 'c' is held across blocking call to 'waitForWorkers' (custom) [dbsession-held-across-blocking-call]
  flushLocalCache();
  c.giveBack();
  complete("bye");
}
