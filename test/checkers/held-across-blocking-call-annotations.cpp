// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- -I %S/../../include

#include <dbsession/annotations.h>
#include <memory>
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

// A raw connection handed to a function that takes it over is no longer
// held here: said by an annotation, or by what the callee's body does.
class DBSESSION_CONNECTION RawConn {
public:
  DBSESSION_RELEASE void close();
};
DBSESSION_ACQUIRE RawConn *openRaw();
void handOver(DBSESSION_TAKES_OWNERSHIP RawConn *c);

struct Registry {
  void keep(RawConn *c) { owned_.reset(c); }
  void closeIt(RawConn *c) { c->close(); }
  std::unique_ptr<RawConn> owned_;
};

void ownershipTaken(Registry &r) {
  RawConn *a = openRaw();
  handOver(a);
  complete("after hand-over");
  RawConn *b = openRaw();
  r.keep(b);
  complete("after keep");
  RawConn *c = openRaw();
  r.closeIt(c);
  complete("after close");
  RawConn *d = openRaw();
  complete("still held");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'd' is held across blocking call to 'complete' (network.llm) [dbsession-held-across-blocking-call]
  d->close();
}
