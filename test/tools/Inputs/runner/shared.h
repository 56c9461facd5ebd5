// Included by both units: its finding is reported once.
#include <httplib.h>
#include <soci/soci.h>

inline void notifyWithSession(soci::connection_pool &pool,
                              httplib::Client &cli) {
  soci::session sql(pool);
  sql << "insert into log values(1)";
  cli.Post("/notify", "{}", "application/json");
}
