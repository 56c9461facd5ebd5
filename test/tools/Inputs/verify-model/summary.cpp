#include <hand-rolled-pool.h>

std::string summarize(app::SqlConnPool &Pool, app::LlmClient &Llm) {
  MYSQL *Conn = nullptr;
  app::SqlConnRAII Guard(&Conn, &Pool);
  app::query(Conn, "SELECT body FROM notes");
  return Llm.complete("Summarize the notes");
}
