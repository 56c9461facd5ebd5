#include "shared.h"

// Its own finding, besides the header's.
void handlerB(soci::connection_pool &pool, httplib::Client &cli) {
  soci::session sql(pool);
  sql << "delete from cache";
  cli.Get("/purged");
}
