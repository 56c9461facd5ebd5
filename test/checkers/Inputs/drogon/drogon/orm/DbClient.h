// Mock of the parts of Drogon's ORM (drogon/orm/DbClient.h) the tests use.
#ifndef MOCK_DROGON_ORM_DBCLIENT_H
#define MOCK_DROGON_ORM_DBCLIENT_H

#include <memory>

namespace drogon {
namespace orm {

class Result {};

class Transaction {
public:
  virtual ~Transaction();
  void rollback();
  Result execSqlSync(const char *sql);
};

class DbClient {
public:
  std::shared_ptr<Transaction> newTransaction();
  Result execSqlSync(const char *sql);
};

} // namespace orm
} // namespace drogon

#endif
