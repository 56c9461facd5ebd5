// Scenario (a), streaming: POST /chats/<id>/messages stores the user's
// message, streams the assistant's reply back token by token and stores it.

#include "service.h"

#include <soci/soci.h>

namespace helpdesk {

// Stores the user's turn; returns the conversation, oldest message first.
static std::vector<llm::Message> record_user_turn(soci::session &sql,
                                                  long long chat_id,
                                                  const std::string &text) {
  sql << "insert into chat_messages(chat_id, role, content) "
         "values(:chat, 'user', :text)",
      soci::use(chat_id), soci::use(text);

  std::vector<llm::Message> history{
      {"system", "You are the helpdesk assistant. Be brief and concrete."}};
  soci::rowset<soci::row> rows =
      (sql.prepare << "select role, content from chat_messages "
                      "where chat_id = :chat order by id",
       soci::use(chat_id));
  for (const soci::row &r : rows)
    history.push_back({r.get<std::string>(0), r.get<std::string>(1)});
  return history;
}

static void record_reply(soci::session &sql, long long chat_id,
                         const std::string &reply) {
  sql << "insert into chat_messages(chat_id, role, content) "
         "values(:chat, 'assistant', :text)",
      soci::use(chat_id), soci::use(reply);
}

// BUG: the lease is held from the user's message to the last token of the
// reply: as long as the model keeps writing, and as slow as the client that
// reads the stream. All that time the connection does nothing, and no other
// request can have it.
std::string reply_in_chat_bad(soci::connection_pool &pool,
                              const llm::Config &cfg, long long chat_id,
                              const std::string &text,
                              const llm::Stream::OnDelta &on_delta) {
  soci::session sql(pool);
  const std::vector<llm::Message> history =
      record_user_turn(sql, chat_id, text);

  llm::Stream stream(cfg, history, on_delta);
  const CURLcode rc = curl_easy_perform(stream.handle());
  stream.check(rc);

  record_reply(sql, chat_id, stream.text());
  return stream.text();
}

// Fixed: the history is copied into plain messages and the lease returned
// before the stream starts; a new lease stores the finished reply.
std::string reply_in_chat(soci::connection_pool &pool, const llm::Config &cfg,
                          long long chat_id, const std::string &text,
                          const llm::Stream::OnDelta &on_delta) {
  std::vector<llm::Message> history;
  {
    soci::session sql(pool);
    history = record_user_turn(sql, chat_id, text);
  } // the lease goes back to the pool here

  llm::Stream stream(cfg, history, on_delta);
  const CURLcode rc = curl_easy_perform(stream.handle());
  stream.check(rc);

  soci::session sql(pool);
  record_reply(sql, chat_id, stream.text());
  return stream.text();
}

} // namespace helpdesk
