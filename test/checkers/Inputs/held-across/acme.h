// A project's own session API, described by user-model.json.
#ifndef ACME_H
#define ACME_H

#include <string>

namespace acme {
class PooledConn {
public:
  PooledConn(PooledConn &&other);
  ~PooledConn();
  void giveBack();
  int query(const std::string &sql);
};
class Pool {
public:
  PooledConn acquire();
};
class Llm {
public:
  std::string complete(const std::string &prompt);
};
} // namespace acme

#endif
