// Scenario (b): the triage pipeline. Open tickets go to an LLM agent that
// classifies each one and drafts a first reply; the verdicts are stored on
// the tickets. A backlog takes minutes.

#include "service.h"

#include <soci/soci.h>

#include <stdexcept>
#include <utility>

namespace helpdesk {

// The agent: two model round trips per ticket. It needs text, not a session.
static Triage run_agent(const llm::Config &cfg, const std::string &subject,
                        const std::string &body) {
  const std::string ticket = subject + "\n\n" + body;
  Triage verdict;
  verdict.category = llm::complete(
      cfg, {{"system", "Classify this ticket. Answer with one word: billing, "
                       "bug, account or other."},
            {"user", ticket}});
  verdict.draft_reply = llm::complete(
      cfg, {{"system", "Draft a first reply to this " + verdict.category +
                           " ticket. Do not promise dates."},
            {"user", ticket}});
  return verdict;
}

// The agent stage as first written: it takes the rowset itself and reads
// each ticket from it as it goes.
static std::vector<std::pair<long long, Triage>>
run_agent_over_bad(const llm::Config &cfg, soci::rowset<soci::row> &tickets) {
  std::vector<std::pair<long long, Triage>> verdicts;
  for (const soci::row &t : tickets)
    verdicts.emplace_back(
        t.get<long long>(0),
        run_agent(cfg, t.get<std::string>(1), t.get<std::string>(2)));
  return verdicts;
}

// BUG: the rowset is a live statement on the session's connection, and it is
// handed to the agent. The lease, the statement and its cursor stay open
// through every model call for every ticket in the backlog.
void triage_backlog_bad(soci::connection_pool &pool, const llm::Config &cfg) {
  soci::session sql(pool);
  soci::rowset<soci::row> open =
      (sql.prepare
       << "select id, subject, body from tickets where status = 'open'");
  const auto verdicts = run_agent_over_bad(cfg, open);

  for (const auto &[id, verdict] : verdicts)
    sql << "update tickets set category = :category, draft_reply = :draft, "
           "status = 'triaged' where id = :id",
        soci::use(verdict.category), soci::use(verdict.draft_reply),
        soci::use(id);
}

// Fixed, stage two: a task takes a ticket ID, copies the fields the agent
// needs into strings under a short lease, runs the agent with no lease held
// and stores the verdict under a new one.
static void triage_ticket(soci::connection_pool &pool, const llm::Config &cfg,
                          long long ticket_id) {
  std::string subject, body;
  {
    soci::session sql(pool);
    sql << "select subject, body from tickets where id = :id",
        soci::use(ticket_id), soci::into(subject), soci::into(body);
    if (!sql.got_data())
      return; // deleted since the IDs were read
  }
  const Triage verdict = run_agent(cfg, subject, body);
  if (!store_triage(pool, ticket_id, verdict))
    throw std::runtime_error("could not store the triage of ticket " +
                             std::to_string(ticket_id));
}

// Fixed, stage one: collect the IDs, return the lease, then hand out IDs.
std::size_t triage_backlog(soci::connection_pool &pool,
                           const llm::Config &cfg) {
  std::vector<long long> ids;
  {
    soci::session sql(pool);
    soci::rowset<long long> open =
        (sql.prepare << "select id from tickets where status = 'open'");
    ids.assign(open.begin(), open.end());
  }
  for (long long id : ids)
    triage_ticket(pool, cfg, id);
  return ids.size();
}

} // namespace helpdesk
