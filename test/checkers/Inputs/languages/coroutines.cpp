// C++20: a coroutine and a constrained template.
#include <coroutine>
#include <soci/soci.h>
#include <unistd.h>
#include <concepts>

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
struct later {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

task handler(soci::connection_pool &pool) {
  soci::session sql(pool);
  sql << "select 1";
  co_await later{};
  sleep(1);
  co_return;
}

template <typename T>
concept Session = requires(T &s) { s << "select 1"; };

template <Session S> void query(S &s) { s << "select 1"; sleep(1); }

void useConcept(soci::connection_pool &pool) {
  soci::session sql(pool);
  query(sql);
}
