// Mock of the parts of CppDB (cppdb/frontend.h) the tests use.
#ifndef MOCK_CPPDB_FRONTEND_H
#define MOCK_CPPDB_FRONTEND_H

#include <string>

namespace cppdb {

class statement {
public:
  void exec();
};

class session {
public:
  session();
  session(session const &);
  session const &operator=(session const &);
  ~session();
  explicit session(std::string const &connection_string);
  void open(std::string const &connection_string);
  void close();
  bool is_open();
  statement prepare(std::string const &query);
  void begin();
  void commit();
  void rollback();
};

class transaction {
public:
  explicit transaction(session &s);
  ~transaction();
  void commit();
  void rollback();
};

} // namespace cppdb

#endif
