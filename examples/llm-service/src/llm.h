// Client side of an OpenAI-style chat completion endpoint.
//
// Building requests and reading replies never blocks. What blocks is the
// round trip itself: httplib::Client::Post for a whole reply, or
// curl_easy_perform on a Stream for a token-by-token one. Either can take
// tens of seconds while the model generates.

#ifndef HELPDESK_LLM_H
#define HELPDESK_LLM_H

#include <curl/curl.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace helpdesk::llm {

struct Config {
  std::string base_url; // scheme://host[:port]
  std::string api_key;
  std::string model;
  std::chrono::seconds timeout{120};
};

struct Message {
  std::string role;
  std::string content;
};

inline constexpr char kChatPath[] = "/v1/chat/completions";

/// A client for the endpoint with authentication and timeouts set. It
/// connects on first use.
httplib::Client make_client(const Config &cfg);

/// The JSON body of a chat completion request.
std::string chat_body(const Config &cfg, const std::vector<Message> &messages,
                      bool stream = false);

/// The assistant's text in a complete reply; throws if the call failed.
std::string reply_text(const httplib::Result &res);

/// A streaming chat completion prepared on a curl easy handle. Nothing is
/// sent until curl_easy_perform(handle()) runs the transfer; each piece of
/// text is passed to the callback as it arrives.
class Stream {
public:
  using OnDelta = std::function<void(const std::string &)>;

  Stream(const Config &cfg, const std::vector<Message> &messages,
         OnDelta on_delta);
  Stream(const Stream &) = delete;
  Stream &operator=(const Stream &) = delete;

  CURL *handle() const { return curl_.get(); }
  /// Throws unless the transfer that returned \p rc succeeded.
  void check(CURLcode rc) const;
  /// The text received so far.
  const std::string &text() const { return text_; }

private:
  static size_t on_data(char *data, size_t size, size_t count, void *self);
  void feed(const char *data, size_t size);

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl_;
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers_;
  std::string url_;
  std::string body_;
  std::string pending_; // an incomplete server-sent-event line
  std::string text_;
  OnDelta on_delta_;
};

/// One chat completion round trip; blocks until the whole reply is in.
inline std::string complete(const Config &cfg,
                            const std::vector<Message> &messages) {
  httplib::Client cli = make_client(cfg);
  return reply_text(
      cli.Post(kChatPath, chat_body(cfg, messages), "application/json"));
}

} // namespace helpdesk::llm

#endif // HELPDESK_LLM_H
