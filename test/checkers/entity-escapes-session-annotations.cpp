// RUN: %check_clang_tidy %s dbsession-entity-escapes-session %t -- -- -I %S/../../include

// A project's ORM described with annotations: the entity's id is the
// member annotated DBSESSION_ID, offered instead of the entity.

#include <dbsession/annotations.h>
#include <string>
#include <thread>

namespace orm {
class DBSESSION_ENTITY Order {
public:
  DBSESSION_ID long number() const;
  std::string customer;
};
class DBSESSION_ENTITY Note {
public:
  std::string text;
};
class DBSESSION_BOUND Cursor {
public:
  bool next();
};
class DBSESSION_SESSION Session {
public:
  DBSESSION_ACQUIRE explicit Session(const char *dsn);
  ~Session();
  Order find(long number);
  Note note(long id);
  Cursor scan(const char *table);
  DBSESSION_RELEASE void close();
};
} // namespace orm

orm::Order latest(long number) {
  orm::Session s("orders");
  orm::Order o = s.find(number);
  return o;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: Order 'o' is returned but session 's' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:14: note: Order 'o' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: pass 'o.number()' instead and load the entity again where it is needed

// Without an id member there is no id to offer.
orm::Note latestNote(long id) {
  orm::Session s("orders");
  orm::Note n = s.note(id);
  return n;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: Note 'n' is returned but session 's' ends with the function [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-4]]:13: note: Note 'n' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-4]]:3: note: copy what is needed into plain values while session 's' is open

void scanLater() {
  orm::Session s("orders");
  orm::Cursor c = s.scan("orders");
  std::thread t([&c] { while (c.next()) {} });
  t.join();
}
// CHECK-NOTES: :[[@LINE-3]]:17: warning: Cursor 'c' is captured by reference by a lambda handed to 'std::thread::thread' [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:15: note: Cursor 'c' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-5]]:17: note: hand the lambda ids or plain values and open a session where it runs

void scanAfterClose() {
  orm::Session s("orders");
  orm::Cursor c = s.scan("orders");
  s.close();
  c.next();
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: Cursor 'c' is used after session 's' is closed [dbsession-entity-escapes-session]
// CHECK-NOTES: :[[@LINE-5]]:15: note: Cursor 'c' is bound to session 's' here
// CHECK-NOTES: :[[@LINE-5]]:3: note: session 's' is closed here
// CHECK-NOTES: :[[@LINE-6]]:3: note: copy what is needed from 'c' before this

// Read while open, plain values out.
std::string customerOf(long number) {
  orm::Session s("orders");
  orm::Order o = s.find(number);
  return o.customer;
}
