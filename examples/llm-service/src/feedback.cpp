// Scenarios (e) and (f): the paths that end a request early.
//
// (e) The audit export reads the last hour of the audit log over a direct
//     libpq connection (it must not take a pooled lease for a long COPY).
// (f) Recording a user's rating of an assistant reply: two writes that
//     belong together, in one transaction on a pooled session.

#include "service.h"

#include <libpq-fe.h>
#include <soci/soci.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace helpdesk {

// BUG: when the database refuses the connection (a failover, too many
// clients) the early return skips PQfinish. PQconnectdb allocates a PGconn
// even when connecting fails, and every failed export leaks one; while the
// server is restarting, the exporter's retries leak one each.
std::size_t export_audit_bad(const std::string &dsn) {
  PGconn *conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK)
    return 0;
  PGresult *res = PQexec(
      conn, "select count(*) from audit where at > now() - interval '1 hour'");
  std::size_t rows = 0;
  if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
    rows = std::stoul(PQgetvalue(res, 0, 0));
  PQclear(res);
  PQfinish(conn);
  return rows;
}

// Fixed: an owner releases the connection on every path.
std::size_t export_audit(const std::string &dsn) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(dsn.c_str()),
                                                    &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK)
    return 0;
  std::unique_ptr<PGresult, decltype(&PQclear)> res(
      PQexec(conn.get(),
             "select count(*) from audit where at > now() - interval '1 hour'"),
      &PQclear);
  if (PQresultStatus(res.get()) != PGRES_TUPLES_OK || PQntuples(res.get()) != 1)
    return 0;
  return std::stoul(PQgetvalue(res.get(), 0, 0));
}

// BUG: a rating for a reply that was deleted in the meantime returns early
// with the transaction begun on the leased session still open. The lease
// goes back to the pool idle in transaction, holding the row lock of the
// first insert; the next request that gets this session runs inside the
// stale transaction, and PostgreSQL ends it when
// idle_in_transaction_session_timeout strikes.
bool record_feedback_bad(soci::connection_pool &pool, long long reply_id,
                         int rating) {
  soci::session sql(pool);
  sql.begin();
  sql << "insert into feedback(reply_id, rating) values(:id, :rating)",
      soci::use(reply_id), soci::use(rating);
  int exists = 0;
  sql << "select count(*) from replies where id = :id", soci::use(reply_id),
      soci::into(exists);
  if (exists == 0)
    return false;
  sql << "update replies set rated = true where id = :id", soci::use(reply_id);
  sql.commit();
  return true;
}

// Fixed: a transaction object rolls back on every exit that does not
// commit, including the exceptions SOCI throws; the early return rolls back
// on purpose.
bool record_feedback(soci::connection_pool &pool, long long reply_id,
                     int rating) {
  soci::session sql(pool);
  soci::transaction tr(sql);
  sql << "insert into feedback(reply_id, rating) values(:id, :rating)",
      soci::use(reply_id), soci::use(rating);
  int exists = 0;
  sql << "select count(*) from replies where id = :id", soci::use(reply_id),
      soci::into(exists);
  if (exists == 0) {
    tr.rollback();
    return false;
  }
  sql << "update replies set rated = true where id = :id", soci::use(reply_id);
  tr.commit();
  return true;
}

} // namespace helpdesk
