// A fixed set of worker threads fed from one queue.

#ifndef HELPDESK_WORKERS_H
#define HELPDESK_WORKERS_H

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace helpdesk {

class Workers {
public:
  explicit Workers(unsigned count) {
    for (unsigned i = 0; i < count; ++i)
      threads_.emplace_back([this] { run(); });
  }
  ~Workers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread &t : threads_)
      t.join();
  }
  Workers(const Workers &) = delete;
  Workers &operator=(const Workers &) = delete;

  /// Queues \p job; the future becomes ready when a worker has run it.
  template <typename F> std::future<std::invoke_result_t<F &>> submit(F job) {
    using Result = std::invoke_result_t<F &>;
    auto task = std::make_shared<std::packaged_task<Result()>>(std::move(job));
    std::future<Result> result = task->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.emplace_back([task] { (*task)(); });
    }
    ready_.notify_one();
    return result;
  }

private:
  void run() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty())
          return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

} // namespace helpdesk

#endif // HELPDESK_WORKERS_H
