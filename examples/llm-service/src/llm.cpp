#include "llm.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace helpdesk::llm {

using nlohmann::json;

httplib::Client make_client(const Config &cfg) {
  httplib::Client cli(cfg.base_url);
  cli.set_bearer_token_auth(cfg.api_key);
  cli.set_connection_timeout(std::chrono::seconds(10));
  cli.set_read_timeout(cfg.timeout);
  return cli;
}

std::string chat_body(const Config &cfg, const std::vector<Message> &messages,
                      bool stream) {
  json body{
      {"model", cfg.model}, {"stream", stream}, {"messages", json::array()}};
  for (const Message &m : messages)
    body["messages"].push_back({{"role", m.role}, {"content", m.content}});
  return body.dump();
}

std::string reply_text(const httplib::Result &res) {
  if (!res)
    throw std::runtime_error("LLM request failed: " +
                             httplib::to_string(res.error()));
  if (res->status != 200)
    throw std::runtime_error("LLM returned HTTP " +
                             std::to_string(res->status));
  return json::parse(res->body)
      .at("choices")
      .at(0)
      .at("message")
      .at("content")
      .get<std::string>();
}

Stream::Stream(const Config &cfg, const std::vector<Message> &messages,
               OnDelta on_delta)
    : curl_(curl_easy_init(), &curl_easy_cleanup),
      headers_(nullptr, &curl_slist_free_all), url_(cfg.base_url + kChatPath),
      body_(chat_body(cfg, messages, /*stream=*/true)),
      on_delta_(std::move(on_delta)) {
  if (!curl_)
    throw std::runtime_error("curl_easy_init failed");
  const std::string auth = "Authorization: Bearer " + cfg.api_key;
  curl_slist *headers = curl_slist_append(nullptr, auth.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers_.reset(headers);

  CURL *h = curl_.get();
  curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_.get());
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body_.c_str());
  curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(cfg.timeout.count()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Stream::on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
}

void Stream::check(CURLcode rc) const {
  if (rc != CURLE_OK)
    throw std::runtime_error(std::string("LLM stream failed: ") +
                             curl_easy_strerror(rc));
}

size_t Stream::on_data(char *data, size_t size, size_t count, void *self) {
  static_cast<Stream *>(self)->feed(data, size * count);
  return size * count;
}

// The body is a sequence of server-sent events, one "data: {json}" line per
// chunk, ending with "data: [DONE]".
void Stream::feed(const char *data, size_t size) {
  static const auto content = "/choices/0/delta/content"_json_pointer;
  pending_.append(data, size);
  for (size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
    std::string line = pending_.substr(0, eol);
    pending_.erase(0, eol + 1);
    if (line.rfind("data: ", 0) != 0 || line.rfind("data: [DONE]", 0) == 0)
      continue;
    const json chunk = json::parse(line.substr(6), nullptr,
                                   /*allow_exceptions=*/false);
    if (!chunk.contains(content) || !chunk[content].is_string())
      continue;
    const std::string delta = chunk[content].get<std::string>();
    text_ += delta;
    on_delta_(delta);
  }
}

} // namespace helpdesk::llm
