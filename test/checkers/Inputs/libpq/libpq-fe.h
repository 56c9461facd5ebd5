// Mock of the parts of libpq (libpq-fe.h) the tests use.
#ifndef MOCK_LIBPQ_FE_H
#define MOCK_LIBPQ_FE_H

extern "C" {
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
PGconn *PQconnectdb(const char *conninfo);
void PQfinish(PGconn *conn);
PGresult *PQexec(PGconn *conn, const char *query);
void PQclear(PGresult *res);
}

#endif
