// HTTP request and response as plain values: handlers are functions from Request to Response and
// know nothing about sockets or Boost.Beast (only server.cc includes Beast).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton::http {

// Header names compare case-insensitively.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;  // percent-decoded query parameters
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::string remote_address;  // peer IP, no port
  std::string request_id;      // random id, echoed as X-Request-Id
  std::map<std::string, std::string> params;  // path parameters filled by the Router

  // First value of a header or query parameter; nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // in addition to Content-Type
  std::string content_type = "application/json";
  std::string body;

  Response& set_header(std::string name, std::string value);
  std::optional<std::string_view> header(std::string_view name) const;
};

// Percent-decodes; nullopt for a malformed escape or an encoded NUL.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);
// Splits "a=1&b=x%20y" into decoded pairs; nullopt when any part is malformed.
std::optional<std::multimap<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace baton::http
