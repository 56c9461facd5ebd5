// helpdesk-assistant: a support-desk backend that uses an LLM to summarize
// tickets, answer chat messages (streamed), triage the open backlog and send
// nightly digests.
//
// Configuration comes from the environment: DATABASE_URL (a libpq connection
// string), DB_POOL_SIZE, LLM_BASE_URL (scheme://host[:port] of an
// OpenAI-style API), LLM_API_KEY, LLM_MODEL, LISTEN_PORT.

#include "service.h"
#include "workers.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstdlib>
#include <exception>
#include <iostream>

static std::string env(const char *name, const char *fallback) {
  const char *value = std::getenv(name);
  return value && *value ? value : fallback;
}

int main() {
  using namespace helpdesk;

  const llm::Config cfg{env("LLM_BASE_URL", "http://localhost:8000"),
                        env("LLM_API_KEY", ""),
                        env("LLM_MODEL", "gpt-4o-mini")};
  const std::size_t pool_size = std::stoul(env("DB_POOL_SIZE", "5"));
  soci::connection_pool pool(pool_size);
  try {
    for (std::size_t i = 0; i < pool_size; ++i)
      pool.at(i).open(soci::postgresql, env("DATABASE_URL", "dbname=helpdesk"));
  } catch (const soci::soci_error &e) {
    std::cerr << "cannot connect to the database: " << e.what() << '\n';
    return EXIT_FAILURE;
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  Workers workers(4);
  httplib::Server server;

  server.Post(R"(/tickets/(\d+)/summary)",
              [&](const httplib::Request &req, httplib::Response &res) {
                const long long id = std::stoll(req.matches[1]);
                res.set_content(summarize_ticket(pool, cfg, id), "text/plain");
              });

  server.Post(R"(/chats/(\d+)/messages)", [&](const httplib::Request &req,
                                              httplib::Response &res) {
    const long long chat = std::stoll(req.matches[1]);
    res.set_chunked_content_provider(
        "text/plain",
        [&pool, &cfg, chat, text = req.body](size_t, httplib::DataSink &sink) {
          try {
            reply_in_chat(pool, cfg, chat, text,
                          [&sink](const std::string &delta) {
                            sink.write(delta.data(), delta.size());
                          });
          } catch (const std::exception &e) {
            std::cerr << "chat " << chat << ": " << e.what() << '\n';
            return false; // drops the connection mid-reply
          }
          sink.done();
          return true;
        });
  });

  server.Post(
      "/jobs/triage", [&](const httplib::Request &, httplib::Response &res) {
        const std::size_t n = triage_backlog(pool, cfg);
        res.set_content(std::to_string(n) + " tickets triaged\n", "text/plain");
      });

  server.Post("/jobs/digests",
              [&](const httplib::Request &, httplib::Response &res) {
                send_digests(pool, workers, cfg);
                res.set_content("digests stored\n", "text/plain");
              });

  server.Post("/jobs/drafts",
              [&](const httplib::Request &, httplib::Response &res) {
                draft_replies(pool, workers, cfg);
                res.set_content("drafting started\n", "text/plain");
              });

  server.set_exception_handler([](const httplib::Request &,
                                  httplib::Response &res,
                                  std::exception_ptr error) {
    res.status = 500;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception &e) {
      res.set_content(std::string(e.what()) + "\n", "text/plain");
    } catch (...) {
      res.set_content("internal error\n", "text/plain");
    }
  });

  const int port = std::stoi(env("LISTEN_PORT", "8080"));
  std::cerr << "listening on port " << port << '\n';
  const bool ok = server.listen("0.0.0.0", port);
  curl_global_cleanup();
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
