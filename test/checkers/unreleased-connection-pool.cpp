// RUN: %check_clang_tidy %s dbsession-unreleased-connection %t -- -- -I %S/../../include

// A project's own pool, described with annotations: a checkout is a raw
// pointer the caller must give back.

#include <dbsession/annotations.h>

struct DBSESSION_CONNECTION Conn {
  DBSESSION_WRITE void exec(const char *sql);
};

struct DBSESSION_POOL Pool {
  DBSESSION_ACQUIRE Conn *checkout();
  DBSESSION_RELEASE void giveBack(Conn *c);
};

bool valid(int);

int report(Pool &pool, int id) {
  Conn *c = pool.checkout();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  if (!valid(id))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection 'c' is still held when the function returns here
  // CHECK-NOTES: :[[@LINE-5]]:9: note: give it back to its pool on every path
  c->exec("update t set a = 1");
  pool.giveBack(c);
  return 0;
}

// Given back on every path: quiet (an annotated API is not taken to throw,
// and no edit is offered for a checkout: the pool's call is not the
// handle's).
int reportFixed(Pool &pool, int id) {
  Conn *c = pool.checkout();
  if (!valid(id)) {
    pool.giveBack(c);
    return -1;
  }
  c->exec("update t set a = 1");
  pool.giveBack(c);
  return 0;
}

// An annotated API says nothing about exceptions, so its own body decides:
// `put` is defined here and throws, so it may leave `checkin` with the
// connection still checked out.
struct Audit {
  DBSESSION_WRITE void put(Conn *c, int id) {
    if (id < 0)
      throw id;
    c->exec("insert into audit values (1)");
  }
};

void checkin(Pool &pool, Audit &audit, int id) {
  Conn *c = pool.checkout();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: connection 'c' is not released on every path [dbsession-unreleased-connection]
  audit.put(c, id);
  // CHECK-NOTES: :[[@LINE-1]]:9: note: connection 'c' is still held if 'Audit::put' throws here
  // CHECK-NOTES: :[[@LINE-4]]:9: note: give it back to its pool on every path
  pool.giveBack(c);
}
