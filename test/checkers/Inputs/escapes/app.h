// A project's own session and entity, described by app-model.json.
#ifndef APP_H
#define APP_H

#include <string>

namespace app {
struct User {
  int id;
  std::string name;
};
class Session {
public:
  explicit Session(const std::string &dsn);
  ~Session();
  User load(int id);
  void add(const User &user);
  void close();
};
} // namespace app

#endif
