// A project's own wrapper around a database client, as docs/model-format.md
// models it in "Modelling your own API".
#include <memory>
#include <string>
#include <vector>

namespace mydb {
class Conn {
public:
  Conn();                              // not connected yet
  explicit Conn(const std::string &Dsn); // connects
  ~Conn();                             // disconnects
  void connect(const std::string &Dsn);
  void close();
  void exec(const std::string &Sql);
  std::vector<std::string> query(const std::string &Sql);
};
class Txn {
public:
  explicit Txn(Conn &C); // sends BEGIN
  ~Txn();                // rolls back if not committed
  void exec(const std::string &Sql);
  void commit();
  void rollback();
};
std::unique_ptr<Txn> beginTxn(Conn &C);
} // namespace mydb

namespace net {
std::string fetch(const std::string &Url); // an HTTP round trip
}
