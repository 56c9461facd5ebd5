// Mock of the parts of SOCI 4.x (soci/soci.h) the tests use.
#ifndef MOCK_SOCI_SOCI_H
#define MOCK_SOCI_SOCI_H

#include <cstddef>
#include <string>

namespace soci {

class session;
class connection_pool;

namespace details {
class once_temp_type {
public:
  explicit once_temp_type(session &s);
  once_temp_type(once_temp_type const &o);
  ~once_temp_type() noexcept(false);
  template <typename T> once_temp_type &operator<<(T const &t);
  once_temp_type &operator,(int);
};
class prepare_temp_type {
public:
  explicit prepare_temp_type(session &s);
  prepare_temp_type(prepare_temp_type const &o);
  ~prepare_temp_type();
  template <typename T> prepare_temp_type &operator<<(T const &t);
};

class prepare_type {
public:
  template <typename T> prepare_temp_type operator<<(T const &t);
};
} // namespace details

class session {
public:
  session();
  explicit session(std::string const &connectString);
  session(std::string const &backendName, std::string const &connectString);
  explicit session(connection_pool &pool);
  session(session &&other);
  session &operator=(session &&other);
  ~session();

  void open(std::string const &connectString);
  void open(std::string const &backendName, std::string const &connectString);
  void close();
  void reconnect();
  bool is_connected() const noexcept;

  void begin();
  void commit();
  void rollback();

  template <typename T> details::once_temp_type operator<<(T const &t) {
    return details::once_temp_type(*this) << t;
  }

  details::prepare_type prepare;
};

class connection_pool {
public:
  explicit connection_pool(std::size_t size);
  ~connection_pool();
  session &at(std::size_t pos);
  std::size_t lease();
  bool try_lease(std::size_t &pos, int timeout);
  void give_back(std::size_t pos);
};

class transaction {
public:
  explicit transaction(session &sql);
  ~transaction();
  void commit();
  void rollback();
};

class row {
public:
  template <typename T> T get(std::size_t pos) const;
};

template <typename T> class rowset_iterator {
public:
  bool operator!=(rowset_iterator const &other) const;
  rowset_iterator &operator++();
  T const &operator*() const;
};

template <typename T = row> class rowset {
public:
  rowset(details::prepare_temp_type const &prep);
  rowset(rowset const &other);
  ~rowset();
  rowset_iterator<T> begin() const;
  rowset_iterator<T> end() const;
};

class statement {
public:
  explicit statement(session &s);
  statement(statement const &other);
  ~statement();
  bool execute(bool withDataExchange = false);
  bool fetch();
};

template <typename T> int use(T const &t);
template <typename T> int into(T &t);

} // namespace soci

#endif
