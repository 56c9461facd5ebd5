// RUN: %check_clang_tidy -check-suffixes=DEFAULT %s dbsession-entity-escapes-session %t -- -- -isystem %S/Inputs/qt
// RUN: %check_clang_tidy -check-suffixes=OWN \
// RUN:   -config="{CheckOptions: [{key: dbsession-entity-escapes-session.AsyncFunctions, value: 'app::Executor::later;runLater'}]}" \
// RUN:   %s dbsession-entity-escapes-session %t -- -- -isystem %S/Inputs/qt
// RUN: %clang_tidy --load=%clang_tidy_plugin --checks='-*,dbsession-entity-escapes-session' --dump-config %s -- -std=c++17 | FileCheck --check-prefix=DUMP %s
// DUMP: dbsession-entity-escapes-session.AsyncFunctions
// DUMP: std::thread::thread;std::jthread::jthread;std::async;

// AsyncFunctions says which functions run a lambda later or elsewhere:
// the default list, or the project's own in its place.

#include <QtSql/QSqlDatabase>

namespace app {
struct Executor {
  template <typename F> void later(F f) {}
  template <typename F> void now(F f) { f(); }
  template <typename F> void submit(F f) {}
};
template <typename F> void runLater(F f) {}
} // namespace app

void handOff(QSqlDatabase db, app::Executor &ex) {
  QSqlQuery q(db);
  // Qualified: only app::Executor::later.
  ex.later([&q] { q.next(); });
  // CHECK-MESSAGES-OWN: :[[@LINE-1]]:12: warning: QSqlQuery 'q' is captured by reference by a lambda handed to 'app::Executor::later' [dbsession-entity-escapes-session]
  // A plain name: any function or method of that name.
  app::runLater([&q] { q.next(); });
  // CHECK-MESSAGES-OWN: :[[@LINE-1]]:17: warning: QSqlQuery 'q' is captured by reference by a lambda handed to 'app::runLater' [dbsession-entity-escapes-session]
  // 'submit' is in the default list, which the option replaces.
  ex.submit([&q] { q.next(); });
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:13: warning: QSqlQuery 'q' is captured by reference by a lambda handed to 'app::Executor::submit' [dbsession-entity-escapes-session]
  // Run in place: in no list, never a finding.
  ex.now([&q] { q.next(); });
}
