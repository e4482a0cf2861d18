// The only file that includes Boost.Beast / Asio. Structure follows Beast's advanced async server:
// a Listener accepts, one Session per connection owns the socket and runs on its own strand. A
// complete request is handed to the worker pool (handlers may block on the store) and the response
// is posted back to the session's strand.
#include "http/server.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <limits>
#include <list>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include "http/problem.h"

namespace baton::http {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using SteadyTime = std::chrono::steady_clock::time_point;

// How long a connection that is being closed after an error may keep sending before it is cut; the
// response has been written, reading on only avoids a reset that could destroy it in transit.
constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr std::chrono::milliseconds kDrainLingerTime{200};
constexpr size_t kReadChunk = 16 << 10;
constexpr size_t kKeepBufferCapacity = 64 << 10;
constexpr size_t kKeepBodyCapacity = 64 << 10;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsValidHeader(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!IsTokenChar(c)) return false;
  }
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// Headers the server writes itself; a handler's values for them are ignored.
bool IsServerOwnedHeader(std::string_view name) {
  for (std::string_view owned : {"Content-Length", "Transfer-Encoding", "Connection", "Server", "Date",
                                 "X-Request-Id", "X-Content-Type-Options", "Content-Type", "Keep-Alive"}) {
    if (EqualsIgnoreCase(name, owned)) return true;
  }
  return false;
}

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20 || c >= 0x7f) {
      // Control characters and raw non-ASCII bytes: escaped so the line is always valid JSON.
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

std::string NewRequestId() {
  // Correlation ids, not secrets: a per-thread generator seeded once from the OS is enough.
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }());
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t value = generator();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i) {
    id[static_cast<size_t>(i)] = kHex[value & 15];
    value >>= 4;
  }
  return id;
}

// "Sun, 06 Nov 1994 08:49:37 GMT" for the current second, formatted once per second per thread.
std::string_view HttpDate() {
  struct Cache {
    std::time_t second = -1;
    char text[40] = {};
    size_t size = 0;
  };
  thread_local Cache cache;
  const std::time_t now = std::time(nullptr);
  if (now != cache.second) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&now, &tm);
    const int n = std::snprintf(cache.text, sizeof cache.text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900,
                                tm.tm_hour, tm.tm_min, tm.tm_sec);
    cache.size = n > 0 ? static_cast<size_t>(n) : 0;
    cache.second = now;
  }
  return {cache.text, cache.size};
}

// ISO 8601 UTC with milliseconds, for log lines.
std::string LogTimestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                              tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                              static_cast<int>(ms % 1000));
  return std::string(text, n > 0 ? static_cast<size_t>(n) : 0);
}

int DefaultThreads(int requested, int per_core) {
  if (requested > 0) return requested;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<int>(cores) * per_core;
}

// Parses one request straight into a baton::http::Request (no intermediate Beast message).
class RequestParser final : public bhttp::basic_parser<true> {
 public:
  explicit RequestParser(Request& request) : request_(request) {}

  bool expect_continue() const { return expect_continue_; }
  int version() const { return version_; }

 private:
  void on_request_impl(bhttp::verb, boost::beast::string_view method, boost::beast::string_view target,
                       int version, error_code&) override {
    version_ = version;
    request_.method.assign(method.data(), method.size());
    request_.target.assign(target.data(), target.size());
  }
  void on_response_impl(int, boost::beast::string_view, int, error_code&) override {}
  void on_field_impl(bhttp::field name, boost::beast::string_view name_string, boost::beast::string_view value,
                     error_code&) override {
    const std::string_view v(value.data(), value.size());
    if (name == bhttp::field::expect && EqualsIgnoreCase(v, "100-continue")) expect_continue_ = true;
    auto [it, inserted] = request_.headers.try_emplace(std::string(name_string.data(), name_string.size()), v);
    if (!inserted) {
      // A repeated field is equivalent to one comma-separated list (RFC 9110 §5.3).
      it->second += name == bhttp::field::cookie ? "; " : ", ";
      it->second.append(v);
    }
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, error_code&) override {
    // Reserved up to 1 MiB: the announced length is checked against the path's limit only after
    // this, and must not make every connection allocate the upload limit.
    if (content_length) request_.body.reserve(static_cast<size_t>(std::min<std::uint64_t>(*content_length, 1 << 20)));
  }
  std::size_t on_body_impl(boost::beast::string_view body, error_code&) override {
    request_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, boost::beast::string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body, error_code&) override {
    request_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  Request& request_;
  bool expect_continue_ = false;
  int version_ = 11;
};

}  // namespace

class Server::Impl {
 public:
  class Session;

  Impl(ServerOptions options, Server::Handler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        io_(DefaultThreads(options_.io_threads, 1)),
        work_(asio::make_work_guard(io_)),
        acceptor_(asio::make_strand(io_)),
        accept_retry_(acceptor_.get_executor()) {
    const auto tick = std::min(options_.idle_timeout_ms, options_.request_timeout_ms);
    tick_ = std::chrono::milliseconds(std::max(1, tick));
  }

  ~Impl() {
    RequestStop();
    if (started_ && !drained_) Drain(0);
  }

  Status Start();
  void Run(bool handle_signals, int drain_timeout_ms);
  void RequestStop() {
    {
      std::lock_guard lock(stop_mu_);
      stop_requested_ = true;
    }
    stop_cv_.notify_all();
  }

  void Log(std::string_view line) {
    if (options_.log_sink) {
      options_.log_sink(line);
      return;
    }
    std::string text;
    text.reserve(line.size() + 1);
    text.append(line);
    text.push_back('\n');
    // One write per line keeps lines whole when several threads log at once.
    const char* data = text.data();
    size_t left = text.size();
    while (left > 0) {
      const ssize_t n = ::write(STDERR_FILENO, data, left);
      if (n <= 0) break;
      data += n;
      left -= static_cast<size_t>(n);
    }
  }

  void LogError(std::string_view request_id, std::string_view message) {
    std::string line;
    line.reserve(96 + message.size());
    line += "{\"ts\":";
    AppendJsonString(line, LogTimestamp());
    line += ",\"level\":\"error\"";
    if (!request_id.empty()) {
      line += ",\"request_id\":";
      AppendJsonString(line, request_id);
    }
    line += ",\"msg\":";
    AppendJsonString(line, message);
    line += '}';
    Log(line);
  }

  const ServerOptions& options() const { return options_; }
  const Server::Handler& handler() const { return handler_; }
  asio::thread_pool& workers() { return *workers_; }
  bool draining() const { return draining_.load(std::memory_order_acquire); }
  std::chrono::milliseconds tick() const { return tick_; }
  uint16_t port() const { return port_; }

  // Session registry: touched once per connection, never per request.
  std::list<Session*>::iterator Register(Session* session) {
    std::lock_guard lock(sessions_mu_);
    sessions_.push_front(session);
    return sessions_.begin();
  }
  void Unregister(std::list<Session*>::iterator it) {
    std::lock_guard lock(sessions_mu_);
    sessions_.erase(it);
    if (sessions_.empty()) sessions_cv_.notify_all();
  }
  size_t connection_count() {
    std::lock_guard lock(sessions_mu_);
    return sessions_.size();
  }

 private:
  void DoAccept();
  void OnAccept(error_code ec, tcp::socket socket);
  void RefuseConnection(tcp::socket& socket);
  void Drain(int drain_timeout_ms);

  const ServerOptions options_;
  const Server::Handler handler_;
  std::chrono::milliseconds tick_{1000};

  // Declared before io_ so that sessions destroyed with io_'s pending handlers can still reach them.
  std::mutex sessions_mu_;
  std::condition_variable sessions_cv_;
  std::list<Session*> sessions_;

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stop_requested_ = false;

  std::atomic<bool> draining_{false};
  bool started_ = false;
  bool drained_ = false;
  uint16_t port_ = 0;

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::vector<std::thread> io_threads_;
  // Destroyed (joined) before io_: worker tasks hold sessions.
  std::optional<asio::thread_pool> workers_;
};

class Server::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket)
      : server_(server),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        registration_(server.Register(this)) {}

  ~Session() { server_.Unregister(registration_); }

  void Start() {
    asio::dispatch(socket_.get_executor(), [self = shared_from_this()] { self->Begin(); });
  }

  // Thread-safe.
  void PostShutdown() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->Shutdown(); });
  }

  // Posted by the server when it begins to drain: idle connections close now, busy ones after
  // their response.
  void Shutdown() {
    if (state_ == State::kIdle) Close();
  }

 private:
  enum class State { kIdle, kReading, kHandling, kWriting, kClosing, kClosed };
  using Clock = std::chrono::steady_clock;

  void Begin() {
    error_code ec;
    socket_.set_option(tcp::no_delay(true), ec);
    const auto endpoint = socket_.remote_endpoint(ec);
    if (!ec) {
      auto address = endpoint.address();
      if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
      }
      remote_ = address.to_string();
    }
    const auto now = Clock::now();
    deadline_ = now + std::chrono::milliseconds(server_.options().idle_timeout_ms);
    timer_expiry_ = std::min(deadline_, now + server_.tick());
    ArmTimer();
    StartRequest();
  }

  // --- timeouts: one timer per connection that wakes at most every tick and compares against
  // deadline_, so moving the deadline later (the common case) costs nothing.

  void SetDeadline(SteadyTime deadline) {
    deadline_ = deadline;
    if (deadline < timer_expiry_ && state_ != State::kClosed) {
      timer_expiry_ = deadline;
      ArmTimer();  // cancels the pending wait, which then returns operation_aborted
    }
  }

  void ArmTimer() {
    timer_.expires_at(timer_expiry_);
    timer_.async_wait([self = shared_from_this()](error_code ec) { self->OnTimer(ec); });
  }

  void OnTimer(error_code ec) {
    if (ec == asio::error::operation_aborted || state_ == State::kClosed) return;
    const auto now = Clock::now();
    if (now >= deadline_) {
      switch (state_) {
        case State::kIdle:
        case State::kWriting:
        case State::kClosing:
          Close();
          return;
        case State::kReading:
          // The pending read completes with operation_aborted and answers 408.
          timed_out_ = true;
          socket_.cancel(ec);
          deadline_ = SteadyTime::max();
          break;
        case State::kHandling:
        case State::kClosed:
          break;
      }
    }
    timer_expiry_ = std::min(deadline_, now + server_.tick());
    ArmTimer();
  }

  // --- reading

  void StartRequest() {
    if (server_.draining()) {
      Close();
      return;
    }
    ResetRequest();
    parser_.emplace(request_);
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(server_.options().max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // The largest limit until the header tells the path; then the path's own (ApplyBodyLimit).
    parser_->body_limit(static_cast<std::uint64_t>(
        std::max(server_.options().max_body_bytes, server_.options().max_upload_bytes)));
    body_limit_ = 0;
    continue_sent_ = false;
    if (buffer_.size() == 0) {
      state_ = State::kIdle;
      SetDeadline(Clock::now() + std::chrono::milliseconds(server_.options().idle_timeout_ms));
      ReadMore();
    } else {
      BeginReading();
      Parse();
    }
  }

  void ResetRequest() {
    request_.method.clear();
    request_.target.clear();
    request_.path.clear();
    request_.query.clear();
    request_.headers.clear();
    if (request_.body.capacity() > kKeepBodyCapacity) {
      std::string().swap(request_.body);
    } else {
      request_.body.clear();
    }
    request_.params.clear();
    request_.request_id.clear();
    if (request_.remote_address.empty()) request_.remote_address = remote_;
    if (buffer_.size() == 0 && buffer_.capacity() > kKeepBufferCapacity) buffer_.shrink_to_fit();
  }

  void BeginReading() {
    state_ = State::kReading;
    timed_out_ = false;
    started_ = Clock::now();
    SetDeadline(started_ + std::chrono::milliseconds(server_.options().request_timeout_ms));
  }

  void ReadMore() {
    socket_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](error_code ec, size_t n) { self->OnRead(ec, n); });
  }

  void OnRead(error_code ec, size_t n) {
    if (state_ == State::kClosed) return;
    if (ec) {
      if (state_ == State::kReading && timed_out_) {
        WriteError(408, "the request did not arrive in time");
        return;
      }
      if (state_ == State::kReading && ec == asio::error::eof && parser_->got_some()) {
        // Only a body delimited by end of stream could complete here; requests have none.
        Close();
        return;
      }
      Close();
      return;
    }
    buffer_.commit(n);
    if (state_ == State::kIdle) BeginReading();
    Parse();
  }

  void Parse() {
    for (;;) {
      if (parser_->is_done()) {
        OnRequest();
        return;
      }
      if (buffer_.size() == 0) break;
      error_code ec;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == bhttp::error::need_more) break;
      if (ec) {
        OnParseError(ec);
        return;
      }
      if (parser_->is_header_done() && body_limit_ == 0 && !ApplyBodyLimit()) return;
      if (parser_->is_header_done() && !parser_->is_done() && parser_->expect_continue() && !continue_sent_) {
        continue_sent_ = true;
        if (buffer_.size() == 0) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                            [self = shared_from_this()](error_code ec, size_t) {
                              if (ec) {
                                self->Close();
                              } else {
                                self->ReadMore();
                              }
                            });
          return;
        }
      }
      if (used == 0) break;
    }
    ReadMore();
  }

  // Sets the body limit of the request's path once its header is in; false (with a 413 sent) when
  // the announced length is already too much.
  bool ApplyBodyLimit() {
    body_limit_ = BodyLimitOfTarget();
    auto length = parser_->content_length();
    if (length && *length > body_limit_) {
      WriteError(413, "the request body exceeds " + std::to_string(body_limit_) + " bytes");
      return false;
    }
    if (!parser_->is_done()) parser_->body_limit(static_cast<std::uint64_t>(body_limit_));
    return true;
  }

  size_t BodyLimitOfTarget() const {
    const ServerOptions& o = server_.options();
    std::string_view target = request_.target;
    target = target.substr(0, target.find('?'));
    for (const std::string& suffix : o.upload_path_suffixes) {
      if (target.ends_with(suffix)) return o.max_upload_bytes;
    }
    return o.max_body_bytes;
  }

  void OnParseError(error_code ec) {
    if (ec == bhttp::error::body_limit) {
      size_t limit = body_limit_ != 0 ? body_limit_ : BodyLimitOfTarget();
      WriteError(413, "the request body exceeds " + std::to_string(limit) + " bytes");
    } else if (ec == bhttp::error::header_limit) {
      WriteError(431, "the request header exceeds " + std::to_string(server_.options().max_header_bytes) +
                          " bytes");
    } else {
      WriteError(400, "malformed HTTP request");
    }
  }

  // --- handling

  void OnRequest() {
    keep_alive_ = parser_->keep_alive();
    client_closes_ = !keep_alive_;
    http10_ = parser_->version() < 11;
    request_.request_id = NewRequestId();
    request_.remote_address = remote_;

    const std::string_view target = request_.target;
    if (target.empty() || target.front() != '/') {
      Respond(Problem(400, "the request target must be an absolute path"));
      return;
    }
    const size_t question = target.find('?');
    auto path = PercentDecode(target.substr(0, question), false);
    if (!path) {
      Respond(Problem(400, "malformed percent-encoding in the path"));
      return;
    }
    request_.path = std::move(*path);
    if (question != std::string_view::npos) {
      auto query = ParseQuery(target.substr(question + 1));
      if (!query) {
        Respond(Problem(400, "malformed query string"));
        return;
      }
      request_.query = std::move(*query);
    }

    state_ = State::kHandling;
    deadline_ = SteadyTime::max();
    asio::post(server_.workers(), [self = shared_from_this()] { self->RunHandler(); });
  }

  // Runs on a worker thread. The strand does not touch request_/response_ meanwhile: the session
  // is in kHandling until the response is posted back.
  void RunHandler() {
    Response response;
    try {
      response = server_.handler()(request_);
    } catch (const std::exception& e) {
      server_.LogError(request_.request_id, std::string("handler threw: ") + e.what());
      response = Problem(500, "internal error");
    } catch (...) {
      server_.LogError(request_.request_id, "handler threw a non-standard exception");
      response = Problem(500, "internal error");
    }
    response_ = std::move(response);
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->Write(); });
  }

  void Respond(Response response) {
    response_ = std::move(response);
    Write();
  }

  // Answers an error found while reading and closes the connection afterwards.
  void WriteError(int status, std::string_view detail) {
    keep_alive_ = false;
    client_closes_ = false;
    if (request_.request_id.empty()) request_.request_id = NewRequestId();
    if (request_.remote_address.empty()) request_.remote_address = remote_;
    if (started_ == SteadyTime{}) started_ = Clock::now();
    response_ = Problem(status, detail);
    Write();
  }

  // --- writing

  void Write() {
    if (state_ == State::kClosed) return;
    if (server_.draining()) keep_alive_ = false;
    Response& r = response_;
    if (r.status < 100 || r.status > 999) {
      server_.LogError(request_.request_id, "handler returned invalid status " + std::to_string(r.status));
      r = Problem(500, "internal error");
    }
    const bool no_body = r.status < 200 || r.status == 204 || r.status == 304;
    const bool head = request_.method == "HEAD";

    std::string& h = head_;
    h.clear();
    h += "HTTP/1.1 ";
    h += std::to_string(r.status);
    h += ' ';
    h += ReasonPhrase(r.status);
    h += "\r\nServer: baton\r\nDate: ";
    h += HttpDate();
    h += "\r\n";
    if (!no_body) {
      if (!r.content_type.empty() && IsValidHeader("Content-Type", r.content_type)) {
        h += "Content-Type: ";
        h += r.content_type;
        h += "\r\n";
      }
      h += "Content-Length: ";
      h += std::to_string(r.body.size());
      h += "\r\n";
    }
    h += "X-Request-Id: ";
    h += request_.request_id;
    h += "\r\nX-Content-Type-Options: nosniff\r\n";
    bool cache_control = false;
    for (const auto& [name, value] : r.headers) {
      if (IsServerOwnedHeader(name)) continue;
      if (!IsValidHeader(name, value)) {
        server_.LogError(request_.request_id, "dropped an invalid response header");
        continue;
      }
      if (EqualsIgnoreCase(name, "Cache-Control")) cache_control = true;
      h += name;
      h += ": ";
      h += value;
      h += "\r\n";
    }
    if (!cache_control) h += "Cache-Control: no-store\r\n";
    if (!keep_alive_) {
      h += "Connection: close\r\n";
    } else if (http10_) {
      h += "Connection: keep-alive\r\n";
    }
    h += "\r\n";

    if (no_body || head) r.body.clear();
    state_ = State::kWriting;
    SetDeadline(Clock::now() + std::chrono::milliseconds(server_.options().request_timeout_ms));
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(r.body)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this()](error_code ec, size_t n) { self->OnWrite(ec, n); });
  }

  void OnWrite(error_code ec, size_t) {
    LogAccess();
    if (state_ == State::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    started_ = SteadyTime{};
    if (!keep_alive_) {
      // A client that asked to close and sent nothing more can be closed at once.
      if (client_closes_ && buffer_.size() == 0) {
        Close();
      } else {
        LingerAndClose();
      }
      return;
    }
    StartRequest();
  }

  void LogAccess() {
    if (!server_.options().access_log) return;
    const auto elapsed = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
    const std::string_view target = request_.target;
    std::string line;
    line.reserve(200 + target.size());
    line += "{\"ts\":";
    AppendJsonString(line, LogTimestamp());
    line += ",\"request_id\":";
    AppendJsonString(line, request_.request_id);
    line += ",\"method\":";
    AppendJsonString(line, request_.method);
    // The raw path only: the query may hold names people searched for.
    line += ",\"path\":";
    AppendJsonString(line, target.substr(0, target.find('?')));
    line += ",\"status\":";
    line += std::to_string(response_.status);
    line += ",\"bytes\":";
    line += std::to_string(response_.body.size());
    char ms[32];
    const int n = std::snprintf(ms, sizeof ms, "%.3f", started_ == SteadyTime{} ? 0.0 : elapsed);
    line += ",\"ms\":";
    line.append(ms, n > 0 ? static_cast<size_t>(n) : 0);
    line += ",\"remote\":";
    AppendJsonString(line, remote_);
    line += '}';
    server_.Log(line);
  }

  // --- closing

  // Stops sending, then reads and discards what the client still sends for a short while, so that
  // closing with unread data does not reset the connection before the client reads the response.
  void LingerAndClose() {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) {
      Close();
      return;
    }
    state_ = State::kClosing;
    buffer_.clear();
    auto linger = std::min(kLingerTime, std::chrono::milliseconds(server_.options().request_timeout_ms));
    if (server_.draining()) linger = std::min(linger, kDrainLingerTime);
    SetDeadline(Clock::now() + linger);
    Discard();
  }

  void Discard() {
    socket_.async_read_some(buffer_.prepare(kReadChunk), [self = shared_from_this()](error_code ec, size_t) {
      if (ec || self->state_ == State::kClosed) {
        self->Close();
        return;
      }
      self->Discard();
    });
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
  }

  Impl& server_;
  tcp::socket socket_;  // its executor is this session's strand
  asio::steady_timer timer_;
  std::list<Session*>::iterator registration_;
  boost::beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  Request request_;
  Response response_;
  std::string head_;
  std::string remote_;
  State state_ = State::kIdle;
  SteadyTime deadline_{};
  SteadyTime timer_expiry_{};
  SteadyTime started_{};
  bool timed_out_ = false;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool client_closes_ = false;  // the request asked to close (Connection: close or HTTP/1.0)
  bool continue_sent_ = false;
  size_t body_limit_ = 0;  // the current request's, once its header is in (0 before)
};

Status Server::Impl::Start() {
  if (started_) return Status::Internal("server already started");
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  error_code ec;
  asio::ip::address address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    tcp::resolver resolver(io_);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || results.empty()) {
      return Status::Unavailable("cannot listen on " + where + ": cannot resolve host");
    }
    address = results.begin()->endpoint().address();
  }
  const tcp::endpoint endpoint(address, options_.port);
  auto fail = [&](error_code error) {
    acceptor_.close(ec);
    std::string reason = error == asio::error::address_in_use ? "address already in use"
                         : error == asio::error::access_denied ? "permission denied"
                         : error == boost::system::errc::address_not_available ? "address not available"
                                                                       : error.message();
    return Status::Unavailable("cannot listen on " + where + ": " + reason);
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail(ec);
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail(ec);
  acceptor_.bind(endpoint, ec);
  if (ec) return fail(ec);
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec);
  port_ = acceptor_.local_endpoint(ec).port();

  started_ = true;
  workers_.emplace(static_cast<size_t>(DefaultThreads(options_.worker_threads, 8)));
  const int io_threads = DefaultThreads(options_.io_threads, 1);
  io_threads_.reserve(static_cast<size_t>(io_threads));
  for (int i = 0; i < io_threads; ++i) {
    io_threads_.emplace_back([this] {
      for (;;) {
        try {
          io_.run();
          return;
        } catch (const std::exception& e) {
          LogError("", std::string("I/O thread caught: ") + e.what());
        }
      }
    });
  }
  asio::dispatch(acceptor_.get_executor(), [this] { DoAccept(); });
  return Status::Ok();
}

void Server::Impl::DoAccept() {
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void Server::Impl::OnAccept(error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Typically out of file descriptors: wait a little instead of spinning.
    LogError("", "accept failed: " + ec.message());
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) DoAccept();
    });
    return;
  }
  if (draining()) {
    error_code ignored;
    socket.close(ignored);
  } else if (connection_count() >= static_cast<size_t>(std::max(0, options_.max_connections))) {
    RefuseConnection(socket);
  } else {
    std::make_shared<Session>(*this, std::move(socket))->Start();
  }
  DoAccept();
}

// Best effort: one non-blocking send of a canned 503, then close.
void Server::Impl::RefuseConnection(tcp::socket& socket) {
  static const std::string kResponse = [] {
    const Response problem = Problem(503, "too many connections");
    return "HTTP/1.1 503 Service Unavailable\r\nServer: baton\r\nContent-Type: application/problem+json\r\n"
           "Content-Length: " +
           std::to_string(problem.body.size()) +
           "\r\nRetry-After: 1\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
           "Connection: close\r\n\r\n" +
           problem.body;
  }();
  error_code ec;
  socket.non_blocking(true, ec);
  socket.send(asio::buffer(kResponse), 0, ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

void Server::Impl::Run(bool handle_signals, int drain_timeout_ms) {
  if (!started_ || drained_) return;
  std::optional<asio::signal_set> signals;
  if (handle_signals) {
    signals.emplace(io_, SIGINT, SIGTERM);
    signals->async_wait([this](error_code ec, int) {
      if (!ec) RequestStop();
    });
  }
  {
    std::unique_lock lock(stop_mu_);
    stop_cv_.wait(lock, [this] { return stop_requested_; });
  }
  Drain(drain_timeout_ms);
  signals.reset();  // I/O threads are joined: safe to destroy from here
}

void Server::Impl::Drain(int drain_timeout_ms) {
  if (drained_) return;
  drained_ = true;
  draining_.store(true, std::memory_order_release);
  asio::dispatch(acceptor_.get_executor(), [this] {
    error_code ec;
    acceptor_.close(ec);
    accept_retry_.cancel();
  });
  // Collected under the lock but told (and released) outside it: the last reference to a session
  // runs its destructor, which takes the lock.
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(sessions_mu_);
    open.reserve(sessions_.size());
    for (Session* session : sessions_) {
      // A session whose last reference is going away is skipped: it is closing already.
      if (auto alive = session->weak_from_this().lock()) open.push_back(std::move(alive));
    }
  }
  for (auto& session : open) session->PostShutdown();
  open.clear();
  {
    std::unique_lock lock(sessions_mu_);
    sessions_cv_.wait_for(lock, std::chrono::milliseconds(std::max(0, drain_timeout_ms)),
                          [this] { return sessions_.empty(); });
  }
  work_.reset();
  io_.stop();
  for (auto& thread : io_threads_) thread.join();
  io_threads_.clear();
  error_code ec;
  acceptor_.close(ec);  // no I/O thread is left to race with
  if (workers_) workers_->join();
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Status Server::Start() { return impl_->Start(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Run(bool handle_signals, int drain_timeout_ms) { impl_->Run(handle_signals, drain_timeout_ms); }

void Server::Stop() { impl_->RequestStop(); }

}  // namespace baton::http
