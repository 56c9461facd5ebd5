// Scenario (c): storing a triage verdict, retried with exponential backoff
// when the write fails for a transient reason (a serialization failure, a
// lock timeout, a failover).

#include "service.h"

#include <soci/soci.h>

#include <chrono>
#include <thread>

namespace helpdesk {

constexpr int kMaxAttempts = 5;
constexpr std::chrono::milliseconds kFirstBackoff{200};

// One attempt in its own transaction. On failure the transaction's destructor
// rolls it back.
static bool try_store(soci::session &sql, long long ticket_id,
                      const Triage &triage) {
  try {
    soci::transaction tr(sql);
    sql << "update tickets set category = :category, draft_reply = :draft, "
           "status = 'triaged' where id = :id",
        soci::use(triage.category), soci::use(triage.draft_reply),
        soci::use(ticket_id);
    sql << "insert into ticket_events(ticket_id, kind) values(:id, 'triaged')",
        soci::use(ticket_id);
    tr.commit();
    return true;
  } catch (const soci::soci_error &) {
    return false;
  }
}

// BUG: the backoff sleeps (up to 3 s in all) happen with the lease held. When
// the database has a bad minute, every writer ends up asleep on a pooled
// connection it is not using, and the pool is empty exactly when the
// database comes back.
bool store_triage_bad(soci::connection_pool &pool, long long ticket_id,
                      const Triage &triage) {
  soci::session sql(pool);
  std::chrono::milliseconds backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    if (try_store(sql, ticket_id, triage))
      return true;
    if (attempt == kMaxAttempts)
      return false;
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

// Fixed: each attempt takes its own lease and gives it back before the sleep.
bool store_triage(soci::connection_pool &pool, long long ticket_id,
                  const Triage &triage) {
  std::chrono::milliseconds backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    {
      soci::session sql(pool);
      if (try_store(sql, ticket_id, triage))
        return true;
    } // the lease goes back to the pool here
    if (attempt == kMaxAttempts)
      return false;
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

} // namespace helpdesk
