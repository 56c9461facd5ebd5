// Mock of the parts of POCO Data 1.11 (Poco/Data/Session.h) the tests use.
#ifndef MOCK_POCO_DATA_SESSION_H
#define MOCK_POCO_DATA_SESSION_H

#include <string>

namespace Poco {
namespace Data {

class SessionImpl;

class Statement {
public:
  std::size_t execute(bool reset = true);
};

class Session {
public:
  Session(const std::string &connector, const std::string &connectionString,
          std::size_t timeout = 0);
  explicit Session(const std::string &connection, std::size_t timeout = 0);
  Session(const Session &);
  Session &operator=(const Session &);
  Session(Session &&other) noexcept;
  Session &operator=(Session &&other) noexcept;
  ~Session();

  template <typename T> Statement operator<<(const T &t);

  void open(const std::string &connect = "");
  void close();
  bool isConnected();
  void begin();
  void commit();
  void rollback();
};

} // namespace Data
} // namespace Poco

#endif
