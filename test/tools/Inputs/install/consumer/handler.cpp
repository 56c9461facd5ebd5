#include <dbsession/annotations.h>
#include <httplib.h>
#include <soci/soci.h>

void handler(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  sql << "delete from cache";
  cli.Get("/purged");
}
