// Mock of the parts of MySQL Connector/C++ (cppconn/driver.h) the tests use.
#ifndef MOCK_CPPCONN_DRIVER_H
#define MOCK_CPPCONN_DRIVER_H

#include <string>

namespace sql {

class Statement {
public:
  virtual ~Statement() {}
  virtual bool execute(const std::string &sql) = 0;
};

class Connection {
public:
  virtual ~Connection() {}
  virtual void close() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual void setAutoCommit(bool autoCommit) = 0;
  virtual Statement *createStatement() = 0;
};

class Driver {
public:
  virtual ~Driver() {}
  virtual Connection *connect(const std::string &hostName,
                              const std::string &userName,
                              const std::string &password) = 0;
};

} // namespace sql

sql::Driver *get_driver_instance();

#endif
