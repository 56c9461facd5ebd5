// REQUIRES: libpq-headers, boost-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- %pq_flags

// The real libpq and Boost.Asio headers.

#include <boost/asio.hpp>
#include <libpq-fe.h>
#include <string>

using boost::asio::ip::tcp;

// Records the request, then reads the upstream reply while the connection
// is still open.
std::string relay(tcp::socket &upstream) {
  PGconn *conn = PQconnectdb("dbname=gateway");
  PGresult *res = PQexec(conn, "insert into relays(state) values('open')");
  PQclear(res);
  char reply[512];
  boost::asio::read(upstream, boost::asio::buffer(reply));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'conn' is held across blocking call to 'boost::asio::read' (asio) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-6]]:11: note: connection 'conn' acquired here
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: connection 'conn' is released here; do it before the call
  PQfinish(conn);
  return std::string(reply, sizeof reply);
}

// Resolving a peer's name with the connection open.
void lookupPeer(boost::asio::io_context &io, const std::string &host) {
  PGconn *conn = PQconnectdb("dbname=gateway");
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(host, "443");
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: connection 'conn' is held across blocking call to 'boost::asio::ip::basic_resolver::resolve' (asio) [dbsession-held-across-blocking-call]
  PQclear(PQexec(conn, "update peers set resolved = now()"));
  PQfinish(conn);
}

// Connecting a socket inside an open transaction.
void notifyPeer(tcp::socket &sock, const tcp::endpoint &peer) {
  PGconn *conn = PQconnectdb("dbname=gateway");
  PQclear(PQexec(conn, "begin"));
  PQclear(PQexec(conn, "update peers set notified = true"));
  sock.connect(peer);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: connection 'conn' is held across blocking call to 'boost::asio::basic_socket::connect' (asio) [dbsession-held-across-blocking-call]
  PQclear(PQexec(conn, "commit"));
  PQfinish(conn);
}

// A helper that reads from the network: the warning names the helper and
// the notes follow the chain.
std::size_t readHeader(tcp::socket &sock, char (&header)[16]) {
  return boost::asio::read(sock, boost::asio::buffer(header));
}

void readFramed(tcp::socket &sock) {
  PGconn *conn = PQconnectdb("dbname=gateway");
  char header[16];
  readHeader(sock, header);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'conn' is held across blocking call to 'readHeader' (asio) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-4]]:11: note: connection 'conn' acquired here
  // CHECK-MESSAGES: :[[@LINE-9]]:10: note: 'readHeader' calls 'boost::asio::read' (asio) here
  PQfinish(conn);
}

// The connection is finished before the read: nothing fires.
std::size_t finishedFirst(tcp::socket &upstream) {
  PGconn *conn = PQconnectdb("dbname=gateway");
  PQclear(PQexec(conn, "insert into relays(state) values('read')"));
  PQfinish(conn);
  char reply[512];
  return boost::asio::read(upstream, boost::asio::buffer(reply));
}

// A helper that receives the connection does DB work with it: nothing fires
// at the call.
void recordPeer(PGconn *conn, const std::string &host) {
  const char *params[] = {host.c_str()};
  PQclear(PQexecParams(conn, "insert into peers(host) values($1)", 1, nullptr,
                       params, nullptr, nullptr, 0));
}

void registerPeer(const std::string &host) {
  PGconn *conn = PQconnectdb("dbname=gateway");
  recordPeer(conn, host);
  PQfinish(conn);
}
