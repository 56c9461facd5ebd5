#include <httplib.h>
#include <soci/soci.h>

// The lease ends before the call: nothing to report.
void handlerClean(soci::connection_pool &pool, httplib::Client &cli) {
  {
    soci::session sql(pool);
    sql << "delete from cache";
  }
  cli.Get("/purged");
}
