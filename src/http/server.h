// The HTTP/1.1 server (Boost.Beast over Asio). Owns sockets, limits, timeouts, the thread pools
// and the access log; hands each complete request to a Handler and writes back its Response.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <string_view>

#include "base/status.h"
#include "http/message.h"

namespace baton::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int io_threads = 0;      // 0: one per core
  int worker_threads = 0;  // handlers run here (they may block on the store); 0: 8 per core
  size_t max_body_bytes = 1 << 20;
  // Paths ending in one of these (e.g. "/import") may carry bodies up to max_upload_bytes.
  std::vector<std::string> upload_path_suffixes;
  size_t max_upload_bytes = 64 << 20;
  size_t max_header_bytes = 16 << 10;
  int request_timeout_ms = 30'000;  // whole request must arrive within this
  int idle_timeout_ms = 60'000;     // keep-alive connection closed after this much quiet
  int max_connections = 1024;       // further connections are refused
  bool access_log = true;           // one JSON line per request on stderr
  // Receives every log line (access lines and errors; one JSON object, no newline) instead of
  // stderr. Called from several threads at once: must be thread-safe. Empty: stderr.
  std::function<void(std::string_view)> log_sink;
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts accepting. kUnavailable with a one-line reason when the address is in use or
  // cannot be bound.
  Status Start();
  // The bound port (useful with port 0).
  uint16_t port() const;
  // Blocks until Stop() is called or SIGINT/SIGTERM arrives (when handle_signals), then drains:
  // stops accepting, lets in-flight requests finish (up to drain_timeout_ms), closes idle ones.
  void Run(bool handle_signals = true, int drain_timeout_ms = 10'000);
  // Thread-safe; may be called from a handler or another thread.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baton::http
