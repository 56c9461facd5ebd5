// Scenario (d): the nightly digest. A scheduler finds the users who want a
// digest, worker threads write one per user with the LLM, and the scheduler
// stores them.

#include "service.h"
#include "workers.h"

#include <soci/soci.h>

#include <future>

namespace helpdesk {

static std::vector<long long> users_due(soci::session &sql) {
  soci::rowset<long long> rows =
      (sql.prepare << "select id from users where wants_digest");
  return {rows.begin(), rows.end()};
}

// A worker's job: a short lease to read the day's updates, then the model
// call with no lease held.
static std::string write_digest(soci::connection_pool &pool,
                                const llm::Config &cfg, long long user_id) {
  std::string updates;
  {
    soci::session sql(pool);
    soci::rowset<std::string> subjects =
        (sql.prepare << "select subject from tickets where assignee_id = :user "
                        "and updated_at > now() - interval '1 day'",
         soci::use(user_id));
    for (const std::string &s : subjects)
      updates += "- " + s + "\n";
  }
  return llm::complete(
      cfg, {{"system", "Write a short digest of these ticket updates."},
            {"user", updates}});
}

// BUG: the scheduler keeps its lease while it waits for the workers, and the
// workers need leases of their own. With a small pool, or a few schedulers
// at once, the workers queue in session(pool) behind a lease nobody is using;
// with a pool of one they wait forever and so does the scheduler.
void send_digests_bad(soci::connection_pool &pool, Workers &workers,
                      const llm::Config &cfg) {
  soci::session sql(pool);
  const std::vector<long long> users = users_due(sql);

  std::vector<std::future<std::string>> jobs;
  for (long long user : users)
    jobs.push_back(workers.submit(
        [&pool, cfg, user] { return write_digest(pool, cfg, user); }));

  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const std::string digest = jobs[i].get();
    sql << "insert into digests(user_id, body) values(:user, :body)",
        soci::use(users[i]), soci::use(digest);
  }
}

// Fixed: the lease is returned before the scheduler waits; the digests are
// collected as plain strings and stored under a new lease afterwards.
void send_digests(soci::connection_pool &pool, Workers &workers,
                  const llm::Config &cfg) {
  std::vector<long long> users;
  {
    soci::session sql(pool);
    users = users_due(sql);
  } // the lease goes back to the pool here

  std::vector<std::future<std::string>> jobs;
  for (long long user : users)
    jobs.push_back(workers.submit(
        [&pool, cfg, user] { return write_digest(pool, cfg, user); }));
  std::vector<std::string> digests;
  for (std::future<std::string> &job : jobs)
    digests.push_back(job.get());

  soci::session sql(pool);
  soci::transaction tr(sql);
  for (std::size_t i = 0; i < users.size(); ++i)
    sql << "insert into digests(user_id, body) values(:user, :body)",
        soci::use(users[i]), soci::use(digests[i]);
  tr.commit();
}

} // namespace helpdesk
