// Loopback tests of the real server, spoken to over plain POSIX sockets.
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "http/problem.h"

namespace baton::http {
namespace {

using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
};

// A tiny blocking HTTP/1.1 client: enough to drive the server byte by byte.
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response; nullopt on timeout, close or a malformed response.
  std::optional<RawResponse> Read(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return std::nullopt;
    }
    RawResponse response;
    const std::string head = buffer_.substr(0, header_end);
    buffer_.erase(0, header_end + 4);
    size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.rfind("HTTP/1.1 ", 0) != 0) return std::nullopt;
    response.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) return std::nullopt;
      response.headers[line.substr(0, colon)] = line.substr(colon + 2);
    }
    size_t length = 0;
    if (auto it = response.headers.find("Content-Length"); it != response.headers.end()) {
      length = std::stoul(it->second);
    }
    while (buffer_.size() < length) {
      if (!Fill(deadline)) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return response;
  }

  // True when the server closes the connection (EOF or reset) within the timeout.
  bool WaitClosed(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char chunk[4096];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return true;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  const std::string& unread() const { return buffer_; }

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

std::string Get(std::string_view target) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n\r\n";
}

std::string Post(std::string_view target, std::string_view body) {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

Response TestHandler(Request& request) {
  Response response;
  response.content_type = "text/plain";
  if (request.path == "/echo" || request.path == "/echo/import") {
    response.body = request.body;
    if (auto q = request.query_param("q")) response.set_header("X-Q", std::string(*q));
  } else if (request.path == "/throw") {
    throw std::runtime_error("secret internals");
  } else if (request.path == "/slow") {
    std::this_thread::sleep_for(300ms);
    response.body = "slow done";
  } else if (request.path == "/cached") {
    response.set_header("Cache-Control", "max-age=60");
    response.body = "cached";
  } else if (request.path == "/bad-header") {
    response.set_header("X-Evil", "a\r\nSet-Cookie: x=1");
    response.body = "ok";
  } else {
    response.body = "path=" + request.path + " remote=" + request.remote_address;
  }
  return response;
}

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = {}) {
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 4;
    options.log_sink = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    server_ = std::make_unique<Server>(std::move(options), TestHandler);
    ASSERT_TRUE(server_->Start().ok());
    run_ = std::thread([this] { server_->Run(false, 5000); });
  }

  void TearDown() override {
    if (server_) server_->Stop();
    if (run_.joinable()) run_.join();
    server_.reset();
  }

  std::vector<std::string> Log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

  uint16_t port() const { return server_->port(); }

  std::unique_ptr<Server> server_;
  std::thread run_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

void ExpectProblem(const RawResponse& r, int status, std::string_view slug) {
  EXPECT_EQ(r.status, status);
  EXPECT_EQ(r.headers.at("Content-Type"), "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["status"], status);
  EXPECT_EQ(body["type"], "https://baton.example/problems/" + std::string(slug));
}

TEST_F(ServerTest, EchoesBodyWithStandardHeaders) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Post("/echo?q=a%20b", "hello, world")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello, world");
  EXPECT_EQ(r->headers["Content-Length"], "12");
  EXPECT_EQ(r->headers["Content-Type"], "text/plain");
  EXPECT_EQ(r->headers["X-Q"], "a b");
  EXPECT_EQ(r->headers["Cache-Control"], "no-store");
  EXPECT_EQ(r->headers["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(r->headers["Server"], "baton");
  const std::string id = r->headers["X-Request-Id"];
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST_F(ServerTest, SetsPathAndRemoteAddress) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/a%20b/c?x=1")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "path=/a b/c remote=127.0.0.1");
}

TEST_F(ServerTest, HandlerCacheControlIsKept) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/cached")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->headers["Cache-Control"], "max-age=60");
}

TEST_F(ServerTest, HeaderWithLineBreakIsDropped) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/bad-header")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers.count("X-Evil"), 0u);
  EXPECT_EQ(r->headers.count("Set-Cookie"), 0u);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Post("/echo", "one")));
  auto first = client.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "one");
  ASSERT_TRUE(client.Send(Post("/echo", "two")));
  auto second = client.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "two");
  EXPECT_NE(first->headers["X-Request-Id"], second->headers["X-Request-Id"]);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Post("/echo", "one") + Get("/slow") + Post("/echo", "three")));
  auto a = client.Read();
  auto b = client.Read();
  auto c = client.Read();
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->body, "one");
  EXPECT_EQ(b->body, "slow done");
  EXPECT_EQ(c->body, "three");
}

TEST_F(ServerTest, ChunkedBody) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello world");
}

TEST_F(ServerTest, ExpectContinue) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("abc"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abc");
}

TEST_F(ServerTest, Http10ClosesUnlessKeepAlive) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send("GET /x HTTP/1.0\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["Connection"], "close");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send("GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->headers["Connection"], "close");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, OversizeBodyIs413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send(Post("/echo", std::string(5000, 'x'))));
  auto r = client.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 413, "payload-too-large");
  EXPECT_EQ(r->headers["Connection"], "close");
  EXPECT_TRUE(client.WaitClosed());
}

// A chunked POST of `chunks` chunks of `size` bytes each (size in hex on the wire).
std::string ChunkedPost(const std::string& path, int chunks, size_t size) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "%zx", size);
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < chunks; ++i) request += std::string(hex) + "\r\n" + std::string(size, 'y') + "\r\n";
  return request + "0\r\n\r\n";
}

TEST_F(ServerTest, OversizeChunkedBodyIs413) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send(ChunkedPost("/echo", 5, 512)));
  auto r = client.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 413, "payload-too-large");
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send(Post("/echo", std::string(1024, 'x'))));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), 1024u);
}

TEST_F(ServerTest, UploadPathsTakeLargerBodiesAndOthersDoNot) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  options.upload_path_suffixes = {"/import"};
  options.max_upload_bytes = 8192;
  StartServer(options);
  {
    Client client(port());
    ASSERT_TRUE(client.Send(Post("/echo/import?dry_run=true", std::string(8000, 'x'))));
    auto r = client.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body.size(), 8000u);
  }
  {
    Client client(port());
    ASSERT_TRUE(client.Send(Post("/echo/import", std::string(9000, 'x'))));
    auto r = client.Read();
    ASSERT_TRUE(r);
    ExpectProblem(*r, 413, "payload-too-large");
    EXPECT_NE(r->body.find("8192"), std::string::npos) << r->body;
  }
  {
    // Anywhere else the ordinary limit holds, announced or chunked.
    Client client(port());
    ASSERT_TRUE(client.Send(Post("/echo", std::string(2000, 'x'))));
    auto r = client.Read();
    ASSERT_TRUE(r);
    ExpectProblem(*r, 413, "payload-too-large");
    EXPECT_NE(r->body.find("1024"), std::string::npos) << r->body;
  }
  {
    Client client(port());
    ASSERT_TRUE(client.Send(ChunkedPost("/echo", 5, 512)));
    auto r = client.Read();
    ASSERT_TRUE(r);
    ExpectProblem(*r, 413, "payload-too-large");
  }
}

TEST_F(ServerTest, HugeHeaderIs431) {
  ServerOptions options;
  options.max_header_bytes = 1024;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send("GET /x HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4000, 'h') + "\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 431, "header-fields-too-large");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, GarbageIs400AndClose) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send("GARBAGE\x01\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 400, "bad-request");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, TargetMustBeAPath) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("http://example.com/x")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 400, "bad-request");
}

TEST_F(ServerTest, BadPercentEncodingIs400) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/a%zz")));
  auto path = client.Read();
  ASSERT_TRUE(path);
  ExpectProblem(*path, 400, "bad-request");
  ASSERT_TRUE(client.Send(Get("/a%00")));
  auto nul = client.Read();
  ASSERT_TRUE(nul);
  EXPECT_EQ(nul->status, 400);
  ASSERT_TRUE(client.Send(Get("/a?x=%4")));
  auto query = client.Read();
  ASSERT_TRUE(query);
  ExpectProblem(*query, 400, "bad-request");
}

TEST_F(ServerTest, StalledRequestIs408) {
  ServerOptions options;
  options.request_timeout_ms = 300;
  StartServer(options);
  Client client(port());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.Send("GET /x HTTP/1.1\r\nHost: t\r\n"));
  auto r = client.Read(3s);
  ASSERT_TRUE(r);
  ExpectProblem(*r, 408, "request-timeout");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, StalledBodyIs408) {
  ServerOptions options;
  options.request_timeout_ms = 300;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  auto r = client.Read(3s);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
}

TEST_F(ServerTest, IdleConnectionIsClosed) {
  ServerOptions options;
  options.idle_timeout_ms = 200;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/x")));
  ASSERT_TRUE(client.Read());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitClosed(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
  EXPECT_TRUE(client.unread().empty());  // closed silently

  Client silent(port());
  EXPECT_TRUE(silent.WaitClosed(3s));
  EXPECT_TRUE(silent.unread().empty());
}

TEST_F(ServerTest, IdleTimeoutDoesNotCutASlowButActiveRequest) {
  ServerOptions options;
  options.idle_timeout_ms = 200;
  options.request_timeout_ms = 2000;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send("GET /x HTTP/1.1\r\n"));
  std::this_thread::sleep_for(400ms);
  ASSERT_TRUE(client.Send("Host: t\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(ServerTest, ConnectionsBeyondTheLimitAreRefused) {
  ServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  Client a(port());
  auto b = std::make_unique<Client>(port());
  ASSERT_TRUE(a.Send(Get("/x")));
  ASSERT_TRUE(a.Read());
  ASSERT_TRUE(b->Send(Get("/x")));
  ASSERT_TRUE(b->Read());

  Client c(port());
  auto refused = c.Read();
  ASSERT_TRUE(refused);
  ExpectProblem(*refused, 503, "unavailable");
  EXPECT_TRUE(c.WaitClosed());

  // The open connections are still served, and a new one is once another closes.
  ASSERT_TRUE(a.Send(Get("/x")));
  ASSERT_TRUE(a.Read());
  b.reset();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    Client d(port());
    if (d.Send(Get("/x"))) {
      auto r = d.Read(1s);
      served = r && r->status == 200;
    }
    if (!served) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerTest, ThrowingHandlerIs500AndServerKeepsServing) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/throw")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  ExpectProblem(*r, 500, "internal-error");
  EXPECT_EQ(r->body.find("secret"), std::string::npos);
  ASSERT_TRUE(client.Send(Get("/x")));
  auto next = client.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);

  bool logged = false;
  for (const auto& line : Log()) {
    if (line.find("\"level\":\"error\"") != std::string::npos && line.find("secret internals") != std::string::npos) {
      logged = true;
    }
  }
  EXPECT_TRUE(logged);
}

TEST_F(ServerTest, StopLetsAnInFlightRequestFinish) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/slow")));
  std::this_thread::sleep_for(100ms);
  server_->Stop();
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(r->headers["Connection"], "close");
  run_.join();  // Run returns once drained
  Client late(port());
  EXPECT_FALSE(late.connected() && late.Send(Get("/x")) && late.Read(500ms));
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndReturns) {
  StartServer();
  Client idle(port());
  ASSERT_TRUE(idle.Send(Get("/x")));
  ASSERT_TRUE(idle.Read());
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  server_->Stop();  // idempotent
  run_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(idle.WaitClosed(1s));
}

TEST_F(ServerTest, StopFromAHandler) {
  Server* self = nullptr;
  ServerOptions options;
  options.port = 0;
  options.access_log = false;
  Server server(options, [&self](Request&) {
    self->Stop();
    return Response{};
  });
  self = &server;
  ASSERT_TRUE(server.Start().ok());
  std::thread run([&] { server.Run(false); });
  Client client(server.port());
  ASSERT_TRUE(client.Send(Get("/stop")));
  auto r = client.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  run.join();
}

TEST_F(ServerTest, DestroyWithoutRun) {
  ServerOptions options;
  options.port = 0;
  options.access_log = false;
  Server server(options, TestHandler);
  ASSERT_TRUE(server.Start().ok());
  Client client(server.port());
  ASSERT_TRUE(client.Send(Get("/x")));
  ASSERT_TRUE(client.Read());
}

TEST_F(ServerTest, OccupiedPortIsUnavailable) {
  StartServer();
  ServerOptions options;
  options.port = port();
  options.access_log = false;
  Server second(options, TestHandler);
  Status status = second.Start();
  EXPECT_EQ(status.code(), Code::kUnavailable);
  EXPECT_NE(status.message().find("address already in use"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("127.0.0.1:" + std::to_string(port())), std::string::npos);
}

TEST_F(ServerTest, AccessLogLeavesOutTheQuery) {
  StartServer();
  Client client(port());
  ASSERT_TRUE(client.Send("GET /search?name=Amina HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer sekrit\r\n"
                          "Cookie: c=crumb\r\n\r\n"));
  auto r = client.Read();
  ASSERT_TRUE(r);
  // The line is written after the response; give it a moment.
  std::vector<std::string> log;
  for (int i = 0; i < 100 && log.empty(); ++i) {
    log = Log();
    if (log.empty()) std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(log.size(), 1u);
  const std::string& line = log[0];
  EXPECT_EQ(line.find("Amina"), std::string::npos) << line;
  EXPECT_EQ(line.find("sekrit"), std::string::npos);
  EXPECT_EQ(line.find("crumb"), std::string::npos);
  auto json = nlohmann::json::parse(line);
  EXPECT_EQ(json["path"], "/search");
  EXPECT_EQ(json["method"], "GET");
  EXPECT_EQ(json["status"], 200);
  EXPECT_EQ(json["remote"], "127.0.0.1");
  EXPECT_EQ(json["request_id"], r->headers["X-Request-Id"]);
  EXPECT_TRUE(json.contains("ts"));
  EXPECT_TRUE(json.contains("ms"));
  EXPECT_TRUE(json.contains("bytes"));
}

TEST_F(ServerTest, AccessLogCanBeSilenced) {
  ServerOptions options;
  options.access_log = false;
  StartServer(options);
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/x")));
  ASSERT_TRUE(client.Read());
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(Log().empty());
}

TEST_F(ServerTest, ManyConcurrentClients) {
  StartServer();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      Client client(port());
      for (int i = 0; i < 50; ++i) {
        const std::string body = std::to_string(t) + ":" + std::to_string(i);
        if (!client.Send(Post("/echo", body))) return;
        auto r = client.Read();
        if (r && r->body == body) ok.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 16 * 50);
}

}  // namespace
}  // namespace baton::http
