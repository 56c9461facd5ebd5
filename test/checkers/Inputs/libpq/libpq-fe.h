// Mock of the parts of libpq (libpq-fe.h) the tests use.
#ifndef MOCK_LIBPQ_FE_H
#define MOCK_LIBPQ_FE_H

extern "C" {
typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef enum { CONNECTION_OK, CONNECTION_BAD } ConnStatusType;
PGconn *PQconnectdb(const char *conninfo);
PGconn *PQsetdbLogin(const char *host, const char *port, const char *options,
                     const char *tty, const char *db, const char *login,
                     const char *pwd);
PGconn *PQconnectStart(const char *conninfo);
ConnStatusType PQstatus(const PGconn *conn);
char *PQerrorMessage(const PGconn *conn);
void PQfinish(PGconn *conn);
PGresult *PQexec(PGconn *conn, const char *query);
void PQclear(PGresult *res);
}

#endif
