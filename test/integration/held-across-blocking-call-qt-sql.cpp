// REQUIRES: qt-sql-headers
// RUN: %check_clang_tidy %s dbsession-held-across-blocking-call %t -- -- %qt_flags -isystem /usr/include/x86_64-linux-gnu/qt5/QtNetwork

// The real Qt 5 SQL, Core and Network headers.

#include <QtCore/QEventLoop>
#include <QtCore/QThread>
#include <QtCore/QVariant>
#include <QtNetwork/QTcpSocket>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>
#include <utility>

// Polls a job table and backs off between rounds while the connection is
// still open.
void pollJobs() {
  QSqlDatabase db = QSqlDatabase::database("jobs");
  QSqlQuery query(db);
  query.exec("select id from jobs where state = 'new'");
  QThread::msleep(500);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'db' is held across blocking call to 'QThread::msleep' (qt.wait) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-5]]:16: note: connection 'db' acquired here
  // CHECK-MESSAGES: :[[@LINE+1]]:1: note: connection 'db' is released here
}

// An open transaction while a nested event loop waits for a reply. The
// transaction was begun on a connection acquired here, so the warning names
// the connection, which is held longer.
void saveWithConfirmation(QEventLoop &loop) {
  QSqlDatabase db = QSqlDatabase::database("orders");
  db.transaction();
  QSqlQuery query(db);
  query.exec("update orders set state = 'confirming' where id = 7");
  loop.exec();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: connection 'db' is held across blocking call to 'QEventLoop::exec' (qt.wait) [dbsession-held-across-blocking-call]
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: connection 'db' acquired here
  // CHECK-MESSAGES: :[[@LINE-3]]:8: note: 'db' is used after the call: copy what is needed, release it before the call and acquire it again afterwards
  db.commit();
}

// Reads a message from a peer with the connection open.
QByteArray forwardReply(QTcpSocket &peer) {
  QSqlDatabase db = QSqlDatabase::database("audit");
  QSqlQuery(db).exec("insert into audit(kind) values('forward')");
  peer.waitForReadyRead(3000);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: connection 'db' is held across blocking call to 'QAbstractSocket::waitForReadyRead' (qt.wait) [dbsession-held-across-blocking-call]
  return peer.readAll();
}

// The connection is closed before the sleep: nothing fires.
void closedFirst() {
  QSqlDatabase db = QSqlDatabase::database("jobs");
  QSqlQuery(db).exec("delete from jobs where state = 'done'");
  db.close();
  QThread::msleep(500);
}

// The handle's scope ends before the socket wait: nothing fires.
QByteArray scopedFirst(QTcpSocket &peer) {
  {
    QSqlDatabase db = QSqlDatabase::database("audit");
    QSqlQuery(db).exec("insert into audit(kind) values('wait')");
  }
  peer.waitForReadyRead(3000);
  return peer.readAll();
}

// A helper that receives the connection does DB work, not blocking work:
// nothing fires at the call.
void markDone(QSqlDatabase &db, int id) {
  QSqlQuery query(db);
  query.prepare("update jobs set state = 'done' where id = ?");
  query.addBindValue(id);
  query.exec();
}

void finishJob(int id) {
  QSqlDatabase db = QSqlDatabase::database("jobs");
  markDone(db, id);
}

// The transaction is committed before the sleep; the connection itself is
// still open, so the warning names the connection.
void commitThenSleep() {
  QSqlDatabase db = QSqlDatabase::database("orders");
  db.transaction();
  QSqlQuery(db).exec("update orders set state = 'paid' where id = 7");
  db.commit();
  QThread::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: connection 'db' is held across blocking call to 'QThread::sleep' (qt.wait) [dbsession-held-across-blocking-call]
}
