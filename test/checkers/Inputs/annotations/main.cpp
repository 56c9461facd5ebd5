#include "db.h"

[[clang::annotate("dbsession::session")]] void misplaced();
[[clang::annotate("dbsession::id")]] int misplacedId();

void use() {
  Session *s = openSession();
  s->query("select 1");
}
