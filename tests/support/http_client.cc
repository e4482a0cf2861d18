#include "support/http_client.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <strings.h>

namespace baton::test {
namespace {

constexpr int kTimeoutSeconds = 60;

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

int Connect(const std::string& host, uint16_t port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res); rc != 0) {
    error = std::string("getaddrinfo: ") + ::gai_strerror(rc);
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    timeval tv{kTimeoutSeconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    error = std::string("connect: ") + std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(res);
  return fd;
}

bool SendAll(int fd, std::string_view data, std::string& error) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::string("send: ") + std::strerror(errno);
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads more bytes into buf; false at end of stream or on error.
bool ReadMore(int fd, std::string& buf, std::string& error) {
  char chunk[16384];
  for (;;) {
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      buf.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    error = std::string("recv: ") + std::strerror(errno);
    return false;
  }
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headers_named(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) out.push_back(v);
  }
  return out;
}

Json HttpResponse::json() const { return Json::parse(body, nullptr, false); }

std::string HttpResponse::Describe() const {
  if (status == 0) return "no response: " + error;
  std::string b = body.size() > 600 ? body.substr(0, 600) + "..." : body;
  return "HTTP " + std::to_string(status) + " " + b;
}

HttpResponse ReadResponse(int fd) {
  HttpResponse r;
  std::string buf;
  size_t head_end = std::string::npos;
  while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(fd, buf, r.error)) {
      if (r.error.empty()) r.error = "connection closed before a response" + (buf.empty() ? "" : ": " + buf);
      return r;
    }
  }
  std::string_view head(buf.data(), head_end);
  size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  size_t sp1 = status_line.find(' ');
  if (sp1 == std::string_view::npos || !status_line.starts_with("HTTP/1.")) {
    r.error = "malformed status line: " + std::string(status_line);
    return r;
  }
  size_t sp2 = status_line.find(' ', sp1 + 1);
  int status = std::atoi(std::string(status_line.substr(sp1 + 1, sp2 - sp1 - 1)).c_str());
  r.reason = sp2 == std::string_view::npos ? "" : std::string(status_line.substr(sp2 + 1));
  std::string_view rest = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  while (!rest.empty()) {
    size_t e = rest.find("\r\n");
    std::string_view line = rest.substr(0, e);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) r.headers.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
    if (e == std::string_view::npos) break;
    rest.remove_prefix(e + 2);
  }
  std::string body = buf.substr(head_end + 4);
  auto length = r.header("Content-Length");
  auto encoding = r.header("Transfer-Encoding");
  if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
    body.clear();
  } else if (encoding && encoding->find("chunked") != std::string::npos) {
    std::string decoded;
    size_t pos = 0;
    for (;;) {
      size_t eol;
      while ((eol = body.find("\r\n", pos)) == std::string::npos) {
        if (!ReadMore(fd, body, r.error)) {
          r.error = "connection closed inside a chunked body";
          return r;
        }
      }
      size_t size = std::strtoul(body.substr(pos, eol - pos).c_str(), nullptr, 16);
      pos = eol + 2;
      while (body.size() < pos + size + 2) {
        if (!ReadMore(fd, body, r.error)) {
          r.error = "connection closed inside a chunk";
          return r;
        }
      }
      if (size == 0) break;
      decoded.append(body, pos, size);
      pos += size + 2;
    }
    body = std::move(decoded);
  } else if (length) {
    size_t want = std::strtoul(length->c_str(), nullptr, 10);
    while (body.size() < want) {
      if (!ReadMore(fd, body, r.error)) {
        r.error = "connection closed after " + std::to_string(body.size()) + " of " + std::to_string(want) +
                  " body bytes";
        return r;
      }
    }
    body.resize(want);
  } else {
    while (ReadMore(fd, body, r.error)) {
    }
  }
  r.body = std::move(body);
  r.status = status;
  return r;
}

HttpResponse HttpClient::Raw(const std::string& bytes) const {
  HttpResponse r;
  int fd = Connect(host_, port_, r.error);
  if (fd < 0) return r;
  if (!SendAll(fd, bytes, r.error)) {
    // The server may answer (e.g. 413) and close before reading everything: still read it.
    HttpResponse early = ReadResponse(fd);
    ::close(fd);
    return early.status != 0 ? early : r;
  }
  r = ReadResponse(fd);
  ::close(fd);
  return r;
}

HttpResponse HttpClient::Request(const std::string& method, const std::string& path, const Headers& headers,
                                 const std::string& body) const {
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                    "\r\nConnection: close\r\n";
  bool has_length = false;
  for (const auto& [k, v] : headers) {
    req += k + ": " + v + "\r\n";
    has_length = has_length || IEquals(k, "Content-Length");
  }
  if (!has_length && (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT")) {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n";
  req += body;
  return Raw(req);
}

namespace {
Headers WithAuth(const std::string& token, Headers extra, bool json_body) {
  if (!token.empty()) extra.emplace_back("Authorization", "Bearer " + token);
  if (json_body) extra.emplace_back("Content-Type", "application/json");
  return extra;
}
}  // namespace

HttpResponse HttpClient::Get(const std::string& path, const std::string& token) const {
  return Request("GET", path, WithAuth(token, {}, false));
}

HttpResponse HttpClient::Post(const std::string& path, const Json& body, const std::string& token,
                              Headers extra) const {
  return Request("POST", path, WithAuth(token, std::move(extra), true), body.dump());
}

HttpResponse HttpClient::Patch(const std::string& path, const Json& body, const std::string& token,
                               Headers extra) const {
  return Request("PATCH", path, WithAuth(token, std::move(extra), true), body.dump());
}

HttpResponse HttpClient::Put(const std::string& path, const Json& body, const std::string& token, Headers extra) const {
  return Request("PUT", path, WithAuth(token, std::move(extra), true), body.dump());
}

HttpResponse HttpClient::Delete(const std::string& path, const std::string& token, Headers extra) const {
  return Request("DELETE", path, WithAuth(token, std::move(extra), false));
}

std::string UrlEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace baton::test
