// Mock of the parts of cpp-httplib 0.11 (httplib.h) the tests use.
#ifndef MOCK_HTTPLIB_H
#define MOCK_HTTPLIB_H

#include <string>

namespace httplib {

struct Response {
  int status = -1;
  std::string body;
};

class Result {
public:
  bool operator==(std::nullptr_t) const;
  bool operator!=(std::nullptr_t) const;
  const Response &value() const;
  const Response &operator*() const;
  const Response *operator->() const;
  explicit operator bool() const;
};

class ClientImpl {
public:
  explicit ClientImpl(const std::string &host);
  virtual ~ClientImpl();
  Result Get(const std::string &path);
  Result Post(const std::string &path, const std::string &body,
              const std::string &content_type);
};

class Client {
public:
  explicit Client(const std::string &scheme_host_port);
  ~Client();
  Result Get(const std::string &path);
  Result Post(const std::string &path, const std::string &body,
              const std::string &content_type);
  Result Put(const std::string &path, const std::string &body,
             const std::string &content_type);
};

} // namespace httplib

#endif
