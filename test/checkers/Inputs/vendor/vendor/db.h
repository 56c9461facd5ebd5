// A vendor's database toolkit, installed as a system header: the checks
// know nothing of what its functions do with a connection.
#pragma once

#include <libpq-fe.h>
#include <soci/soci.h>

namespace vendor {
/// Keeps the connection in the vendor's pool and finishes it there.
void adopt(PGconn *c);
/// Commits the transaction open on the session, or rolls it back.
void finishWork(soci::session &sql, bool ok);
} // namespace vendor
