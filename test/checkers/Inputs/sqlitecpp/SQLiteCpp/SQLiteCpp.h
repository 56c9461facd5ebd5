// Mock of the parts of SQLiteCpp 3.x (SQLiteCpp/SQLiteCpp.h) the tests use.
#ifndef MOCK_SQLITECPP_H
#define MOCK_SQLITECPP_H

#include <string>

namespace SQLite {

const int OPEN_READONLY = 0x00000001;
const int OPEN_READWRITE = 0x00000002;
const int OPEN_CREATE = 0x00000004;

class Database {
public:
  Database(const char *apFilename, const int aFlags = OPEN_READONLY,
           const int aBusyTimeoutMs = 0, const char *apVfs = nullptr);
  Database(const std::string &aFilename, const int aFlags = OPEN_READONLY,
           const int aBusyTimeoutMs = 0, const std::string &aVfs = "");
  Database(Database &&aDatabase) = default;
  ~Database() = default;
  int exec(const char *apQueries);
  int exec(const std::string &aQueries);
};

class Transaction {
public:
  explicit Transaction(Database &aDatabase);
  ~Transaction();
  void commit();
  void rollback();
};

class Column {
public:
  Column(const Column &) = default;
  const char *getText(const char *apDefaultValue = "") const noexcept;
  int getInt() const noexcept;
  operator const char *() const;
};

class Statement {
public:
  Statement(const Database &aDatabase, const char *apQuery);
  Statement(const Database &aDatabase, const std::string &aQuery);
  Statement(Statement &&aStatement) noexcept;
  ~Statement();
  bool executeStep();
  int exec();
  void reset();
  Column getColumn(const int aIndex) const;
};

} // namespace SQLite

#endif
