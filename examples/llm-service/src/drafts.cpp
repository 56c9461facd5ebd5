// Scenario (g): drafting first replies in the background. The request
// returns at once; a worker thread asks the model for a draft per open
// ticket and stores it.

#include "service.h"
#include "workers.h"

#include <soci/soci.h>

#include <future>
#include <string>
#include <vector>

namespace helpdesk {

// Asks the model for a draft and stores it under a lease of its own.
static void store_draft(soci::connection_pool &pool, const llm::Config &cfg,
                        long long ticket_id, const std::string &body) {
  const std::string draft = llm::complete(
      cfg, {{"system", "Draft a first reply to this ticket."},
            {"user", body}});
  soci::session sql(pool);
  sql << "update tickets set draft_reply = :draft where id = :id",
      soci::use(draft), soci::use(ticket_id);
}

// BUG: the job is handed the open rowset itself, by reference. It runs on a
// worker after this function has returned: the rowset, its cursor and the
// session it reads through are gone (or back in the pool, serving another
// request) by the time the worker iterates.
std::future<void> draft_replies_bad(soci::connection_pool &pool,
                                    Workers &workers, const llm::Config &cfg) {
  soci::session sql(pool);
  soci::rowset<soci::row> open =
      (sql.prepare << "select id, body from tickets where status = 'open'");
  return workers.submit([&open, &pool, &cfg] {
    for (const soci::row &t : open)
      store_draft(pool, cfg, t.get<long long>(0), t.get<std::string>(1));
  });
}

// Fixed: pass IDs, not rows. The IDs are read under a short lease; the job
// gets them by value and reads each ticket under a lease of its own.
std::future<void> draft_replies(soci::connection_pool &pool, Workers &workers,
                                const llm::Config &cfg) {
  std::vector<long long> ids;
  {
    soci::session sql(pool);
    soci::rowset<long long> open =
        (sql.prepare << "select id from tickets where status = 'open'");
    ids.assign(open.begin(), open.end());
  }
  return workers.submit([ids, &pool, &cfg] {
    for (long long id : ids) {
      std::string body;
      {
        soci::session sql(pool);
        sql << "select body from tickets where id = :id", soci::use(id),
            soci::into(body);
        if (!sql.got_data())
          continue; // deleted since the IDs were read
      }
      store_draft(pool, cfg, id, body);
    }
  });
}

} // namespace helpdesk
