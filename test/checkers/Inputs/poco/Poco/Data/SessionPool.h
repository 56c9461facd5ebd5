// Mock of the parts of POCO Data 1.11 (Poco/Data/SessionPool.h) the tests use.
#ifndef MOCK_POCO_DATA_SESSIONPOOL_H
#define MOCK_POCO_DATA_SESSIONPOOL_H

#include "Poco/Data/Session.h"

namespace Poco {
namespace Data {

class SessionPool {
public:
  SessionPool(const std::string &connector, const std::string &connectionString,
              int minSessions = 1, int maxSessions = 32,
              int idleTime = 60);
  virtual ~SessionPool();
  Session get();
  int available() const;
};

} // namespace Data
} // namespace Poco

#endif
