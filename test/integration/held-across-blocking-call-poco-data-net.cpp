// REQUIRES: poco-data-headers, poco-net-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t

// The real POCO Data and POCO Net headers.

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>
#include <Poco/Data/Transaction.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <istream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

using namespace Poco::Data::Keywords;
using Poco::Net::HTTPClientSession;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;

// Loads a webhook payload, then posts it with the pooled session still
// leased.
void deliverWebhook(Poco::Data::SessionPool &pool, HTTPClientSession &http) {
  Poco::Data::Session session = pool.get();
  std::string payload;
  session << "select payload from webhooks where id = 1", into(payload), now;
  HTTPRequest request(HTTPRequest::HTTP_POST, "/hook");
  request.setContentLength(static_cast<std::streamsize>(payload.size()));
  http.sendRequest(request) << payload;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: session 'session' is held across blocking call to 'Poco::Net::HTTPClientSession::sendRequest' (poco.net) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-7]]:23: note: session 'session' leased from a pool here
  HTTPResponse response;
  http.receiveResponse(response);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: session 'session' is held across blocking call to 'Poco::Net::HTTPClientSession::receiveResponse' (poco.net) [dbsession-held-across-blocking-call]
  session << "update webhooks set delivered = true where id = 1", now;
}

// An open transaction while waiting for the remote side. The transaction
// holds the leased session too: both are reported at once, so one pass
// shows all that the call holds.
void reserveStock(Poco::Data::SessionPool &pool, HTTPClientSession &http) {
  Poco::Data::Session session = pool.get();
  Poco::Data::Transaction tx(session);
  tx.execute("update stock set reserved = reserved + 1 where sku = 'a1'");
  HTTPRequest request(HTTPRequest::HTTP_GET, "/warehouse/a1");
  http.sendRequest(request);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: session 'session' is held across blocking call to 'Poco::Net::HTTPClientSession::sendRequest' (poco.net) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-6]]:23: note: session 'session' leased from a pool here
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: transaction 'tx' is open on 'session' at the call; it must end before 'session' is released
  // CHECK-MESSAGES: :[[@LINE-4]]:8: warning: transaction 'tx' is held across blocking call to 'Poco::Net::HTTPClientSession::sendRequest' (poco.net) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-8]]:27: note: transaction 'tx' opened here
  tx.commit();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: note: transaction 'tx' is committed here; do it before the call
}

// The lease ends with its scope before the request: nothing fires.
void scopedLease(Poco::Data::SessionPool &pool, HTTPClientSession &http) {
  std::string payload;
  {
    Poco::Data::Session session = pool.get();
    session << "select payload from webhooks where id = 2", into(payload), now;
  }
  HTTPRequest request(HTTPRequest::HTTP_POST, "/hook");
  http.sendRequest(request) << payload;
}

// The session is closed, which gives the lease back, before the request:
// nothing fires.
void closedLease(Poco::Data::SessionPool &pool, HTTPClientSession &http) {
  Poco::Data::Session session = pool.get();
  session << "delete from webhooks where delivered", now;
  session.close();
  HTTPResponse response;
  http.receiveResponse(response);
}

// The session is moved into a longer-lived owner: it is no longer held
// here, so nothing fires.
void keepForLater(Poco::Data::SessionPool &pool,
                  std::vector<Poco::Data::Session> &parked,
                  HTTPClientSession &http) {
  Poco::Data::Session session = pool.get();
  parked.push_back(std::move(session));
  HTTPRequest request(HTTPRequest::HTTP_GET, "/ping");
  http.sendRequest(request);
}

// A helper that receives the session does DB work: nothing fires at the
// call.
void markDelivered(Poco::Data::Session &session, int id) {
  session << "update webhooks set delivered = true where id = ?", use(id), now;
}

void acknowledge(Poco::Data::SessionPool &pool, int id) {
  Poco::Data::Session session = pool.get();
  markDelivered(session, id);
}
