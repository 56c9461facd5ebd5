// The service's operations. Each scenario comes twice: `<name>_bad` is the
// version that misused a database lease in production, `<name>` is the
// corrected one. The HTTP routes in main.cpp use only the corrected ones.

#ifndef HELPDESK_SERVICE_H
#define HELPDESK_SERVICE_H

#include "llm.h"

#include <cstddef>
#include <future>
#include <string>

namespace soci {
class connection_pool;
}

namespace helpdesk {

class Workers;

// (a) summarize.cpp: a request handler waiting on a complete LLM reply.
std::string summarize_ticket_bad(soci::connection_pool &pool,
                                 const llm::Config &cfg, long long ticket_id);
std::string summarize_ticket(soci::connection_pool &pool,
                             const llm::Config &cfg, long long ticket_id);

// (a) chat.cpp: the same with a streamed reply, forwarded as it arrives.
std::string reply_in_chat_bad(soci::connection_pool &pool,
                              const llm::Config &cfg, long long chat_id,
                              const std::string &text,
                              const llm::Stream::OnDelta &on_delta);
std::string reply_in_chat(soci::connection_pool &pool, const llm::Config &cfg,
                          long long chat_id, const std::string &text,
                          const llm::Stream::OnDelta &on_delta);

// (b) triage.cpp: a pipeline handing open tickets to an LLM agent.
void triage_backlog_bad(soci::connection_pool &pool, const llm::Config &cfg);
std::size_t triage_backlog(soci::connection_pool &pool, const llm::Config &cfg);

// (c) retry.cpp: storing an agent's verdict, retried on transient errors.
struct Triage {
  std::string category;
  std::string draft_reply;
};
bool store_triage_bad(soci::connection_pool &pool, long long ticket_id,
                      const Triage &triage);
bool store_triage(soci::connection_pool &pool, long long ticket_id,
                  const Triage &triage);

// (d) digests.cpp: a scheduler fanning LLM work out to worker threads.
void send_digests_bad(soci::connection_pool &pool, Workers &workers,
                      const llm::Config &cfg);
void send_digests(soci::connection_pool &pool, Workers &workers,
                  const llm::Config &cfg);

// (e) feedback.cpp: an audit export over a direct libpq connection.
std::size_t export_audit_bad(const std::string &dsn);
std::size_t export_audit(const std::string &dsn);

// (f) feedback.cpp: recording a rating in one transaction.
bool record_feedback_bad(soci::connection_pool &pool, long long reply_id,
                         int rating);
bool record_feedback(soci::connection_pool &pool, long long reply_id,
                     int rating);

// (g) drafts.cpp: a background job handed the open tickets.
std::future<void> draft_replies_bad(soci::connection_pool &pool,
                                    Workers &workers, const llm::Config &cfg);
std::future<void> draft_replies(soci::connection_pool &pool, Workers &workers,
                                const llm::Config &cfg);

} // namespace helpdesk

#endif // HELPDESK_SERVICE_H
