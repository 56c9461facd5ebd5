// Scenario (a): POST /tickets/<id>/summary asks the LLM for a summary of a
// ticket and stores it on the ticket.

#include "service.h"

#include <soci/soci.h>

#include <stdexcept>

namespace helpdesk {

static std::vector<llm::Message> summary_prompt(const std::string &subject,
                                                const std::string &body) {
  return {{"system", "Summarize this support ticket in three sentences for "
                     "the engineer on call."},
          {"user", subject + "\n\n" + body}};
}

static void load_ticket(soci::session &sql, long long ticket_id,
                        std::string &subject, std::string &body) {
  sql << "select subject, body from tickets where id = :id",
      soci::use(ticket_id), soci::into(subject), soci::into(body);
  if (!sql.got_data())
    throw std::out_of_range("no ticket " + std::to_string(ticket_id));
}

static void save_summary(soci::session &sql, long long ticket_id,
                         const std::string &summary) {
  sql << "update tickets set summary = :summary where id = :id",
      soci::use(summary), soci::use(ticket_id);
}

// BUG: the lease taken at the top is kept while the model writes the summary,
// 10 s or more. Every request in flight parks one pooled connection this way;
// once the pool is empty the next request blocks in session(pool), and the
// whole service stalls behind the LLM.
std::string summarize_ticket_bad(soci::connection_pool &pool,
                                 const llm::Config &cfg, long long ticket_id) {
  soci::session sql(pool);
  std::string subject, body;
  load_ticket(sql, ticket_id, subject, body);

  httplib::Client cli = llm::make_client(cfg);
  const std::string request =
      llm::chat_body(cfg, summary_prompt(subject, body));
  const auto res = cli.Post(llm::kChatPath, request, "application/json");
  const std::string summary = llm::reply_text(res);

  save_summary(sql, ticket_id, summary);
  return summary;
}

// Fixed: read what the prompt needs into plain strings, give the lease back,
// call the LLM with no lease held, then take a lease again for the write.
std::string summarize_ticket(soci::connection_pool &pool,
                             const llm::Config &cfg, long long ticket_id) {
  std::string subject, body;
  {
    soci::session sql(pool);
    load_ticket(sql, ticket_id, subject, body);
  } // the lease goes back to the pool here

  httplib::Client cli = llm::make_client(cfg);
  const std::string request =
      llm::chat_body(cfg, summary_prompt(subject, body));
  const auto res = cli.Post(llm::kChatPath, request, "application/json");
  const std::string summary = llm::reply_text(res);

  soci::session sql(pool);
  save_summary(sql, ticket_id, summary);
  return summary;
}

} // namespace helpdesk
