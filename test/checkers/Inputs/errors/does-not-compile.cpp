#include <libpq-fe.h>
#include <soci/soci.h>
#include <unistd.h>

// Free of errors: checked although the file does not compile.
void leaks(const char *info) {
  PGconn *c = PQconnectdb(info);
  if (PQstatus(c) != CONNECTION_OK)
    return;
  PQfinish(c);
}

void holds(soci::connection_pool &pool) {
  soci::session sql(pool);
  sleep(1);
}

// An error in its own body: not checked, its tree is the compiler's guess.
void broken(const char *info) {
  PGconn *c = PQconnectdb(info);
  if (undeclaredCheck(c))
    return;
  PQfinish(c);
}

// An error in a lambda of its body counts as well.
void brokenLambda(soci::connection_pool &pool) {
  soci::session sql(pool);
  auto f = [] { return undeclaredInLambda(); };
  sleep(1);
}

// An invalid declaration in its body.
void brokenDecl(soci::connection_pool &pool) {
  soci::session sql(pool);
  int n = "not a number";
  sleep(1);
}

// A constructor whose initializer has the error.
struct Holder {
  PGconn *c;
  int n;
  Holder(const char *info) : c(PQconnectdb(info)), n(undeclaredInit()) {
    if (PQstatus(c) != CONNECTION_OK)
      throw 1;
  }
};

// A helper with an error is not summarised: its callers see an unknown
// function, so the sleep in it is not taken to block for them.
void slowBroken() {
  sleep(1);
  undeclaredInHelper();
}
void callsSlowBroken(soci::connection_pool &pool) {
  soci::session sql(pool);
  slowBroken();
}
