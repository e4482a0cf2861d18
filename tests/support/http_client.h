// A tiny blocking HTTP/1.1 client over POSIX sockets, for end-to-end tests. One connection per
// request (Connection: close), so a test never depends on the server's keep-alive handling
// unless it asks for it with Raw().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace baton::test {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;  // 0: no response (connection failed or closed early); see error
  std::string reason;
  Headers headers;
  std::string body;
  std::string error;  // why there is no response

  // First value of a header, compared case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  // All values of a header (e.g. several Set-Cookie lines).
  std::vector<std::string> headers_named(std::string_view name) const;
  // The body parsed as JSON; a discarded value when it is not JSON.
  Json json() const;
  // "HTTP 404 {...}" for assertion messages.
  std::string Describe() const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}

  HttpResponse Request(const std::string& method, const std::string& path, const Headers& headers = {},
                       const std::string& body = "") const;
  // Sends these bytes as they are on a new connection and reads one response.
  HttpResponse Raw(const std::string& bytes) const;

  // Conveniences with a bearer token (empty: none). Bodies are sent as application/json.
  HttpResponse Get(const std::string& path, const std::string& token = "") const;
  HttpResponse Post(const std::string& path, const Json& body, const std::string& token = "",
                    Headers extra = {}) const;
  HttpResponse Patch(const std::string& path, const Json& body, const std::string& token = "",
                     Headers extra = {}) const;
  HttpResponse Put(const std::string& path, const Json& body, const std::string& token = "",
                   Headers extra = {}) const;
  HttpResponse Delete(const std::string& path, const std::string& token = "", Headers extra = {}) const;

  const std::string& host() const { return host_; }
  uint16_t port() const { return port_; }

 private:
  std::string host_;
  uint16_t port_;
};

// Reads one HTTP/1.1 response from a connected socket (Content-Length, chunked or until close).
HttpResponse ReadResponse(int fd);

// Percent-encodes a query parameter value.
std::string UrlEncode(std::string_view text);

}  // namespace baton::test
