// The hand-rolled pool of the model-format worked example.
#include <string>
typedef struct st_mysql MYSQL;
namespace app {
class SqlConnPool {
public:
  MYSQL *GetConn();            // waits while every connection is taken
  void FreeConn(MYSQL *Conn);
};
class SqlConnRAII {
public:
  SqlConnRAII(MYSQL **Conn, SqlConnPool *Pool); // Conn = Pool->GetConn()
  ~SqlConnRAII();                               // Pool->FreeConn(Conn)
};
struct LlmClient {
  std::string complete(const std::string &Prompt); // an HTTP round trip
};
int query(MYSQL *Conn, const char *Sql);
} // namespace app