#include "db.h"

[[clang::annotate("dbsession::session")]] void misplaced();

void use() {
  Session *s = openSession();
  s->query("select 1");
}
