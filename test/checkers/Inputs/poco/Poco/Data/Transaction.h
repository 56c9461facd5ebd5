// Mock of the parts of POCO Data 1.11 (Poco/Data/Transaction.h) the tests use.
#ifndef MOCK_POCO_DATA_TRANSACTION_H
#define MOCK_POCO_DATA_TRANSACTION_H

#include "Poco/Data/Session.h"

namespace Poco {
namespace Data {

class Transaction {
public:
  Transaction(Poco::Data::Session &session, bool start = true);
  ~Transaction();
  void execute(const std::string &sql, bool doCommit = true);
  void commit();
  void rollback();
  bool isActive();
};

} // namespace Data
} // namespace Poco

#endif
