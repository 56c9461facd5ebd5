#include <httplib.h>
#include <soci/soci.h>

void notify(httplib::Client &cli) {
  soci::session sql("postgresql://db");
  sql << "insert into log values(1)";
  cli.Post("/notify", "{}", "application/json");
}
