#include "shared.h"

void handlerA(soci::connection_pool &pool, httplib::Client &cli) {
  notifyWithSession(pool, cli);
}
