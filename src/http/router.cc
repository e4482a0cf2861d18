#include "http/router.h"

#include <algorithm>

#include <string_view>

#include "http/problem.h"

namespace baton::http {
namespace {

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Splits "/a/b" into {"a", "b"}; "/" gives {""} and "/a/" gives {"a", ""}, so a trailing slash
// never matches a pattern without one. Requires a leading '/'.
template <class Out>
void SplitPath(std::string_view path, Out& out) {
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

// True when route a is more specific than b: at the first position where one has a literal
// segment and the other a parameter, the literal wins.
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const bool pa = IsParam(a[i]);
    const bool pb = IsParam(b[i]);
    if (pa != pb) return !pa;
  }
  return false;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  if (route.pattern.empty() || route.pattern.front() != '/') route.pattern.insert(0, 1, '/');
  std::vector<std::string_view> views;
  SplitPath(route.pattern, views);
  route.segments.assign(views.begin(), views.end());
  route.handler = std::move(handler);
  routes_.push_back(std::move(route));
}

Response Router::Dispatch(Request& request) const {
  // Match on the raw path when known and decode segment by segment, so an encoded '/' inside a
  // parameter ("a%2Fb") stays within its segment.
  std::string_view raw = request.path;
  bool encoded = false;
  if (!request.target.empty() && request.target.front() == '/') {
    raw = std::string_view(request.target).substr(0, request.target.find('?'));
    encoded = true;
  }
  if (raw.empty() || raw.front() != '/') return Problem(404, "no such resource");

  std::vector<std::string_view> segments;
  segments.reserve(8);
  SplitPath(raw, segments);
  std::vector<std::string> decoded;  // storage for segments that held escapes
  if (encoded && raw.find('%') != std::string_view::npos) {
    decoded.reserve(segments.size());
    for (auto& segment : segments) {
      if (segment.find('%') == std::string_view::npos) continue;
      auto text = PercentDecode(segment, false);
      if (!text) return Problem(400, "malformed percent-encoding in the path");
      decoded.push_back(std::move(*text));
      segment = decoded.back();
    }
  }

  std::vector<const Route*> matches;  // routes whose pattern fits the path, any method
  for (const Route& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    bool match = true;
    for (size_t i = 0; i < segments.size() && match; ++i) {
      const std::string& pattern = route.segments[i];
      match = IsParam(pattern) ? !segments[i].empty() : pattern == segments[i];
    }
    if (match) matches.push_back(&route);
  }
  if (matches.empty()) return Problem(404, "no such resource: " + std::string(raw.substr(0, 200)));

  // HEAD is answered by the GET handler; the server sends the headers without the body.
  auto best_for = [&](std::string_view method) {
    const Route* best = nullptr;
    for (const Route* route : matches) {
      if (route->method != method) continue;
      if (best == nullptr || MoreSpecific(route->segments, best->segments)) best = route;
    }
    return best;
  };
  const Route* best = best_for(request.method);
  if (best == nullptr && request.method == "HEAD") best = best_for("GET");

  if (best == nullptr) {
    std::vector<std::string_view> methods;
    for (const Route* route : matches) {
      if (std::find(methods.begin(), methods.end(), route->method) == methods.end()) methods.push_back(route->method);
      if (route->method == "GET" && std::find(methods.begin(), methods.end(), "HEAD") == methods.end()) {
        methods.push_back("HEAD");
      }
    }
    std::string allow;
    for (std::string_view m : methods) allow += (allow.empty() ? "" : ", ") + std::string(m);
    Response response = Problem(405, "method " + request.method + " not allowed here");
    response.set_header("Allow", std::move(allow));
    return response;
  }

  request.params.clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& pattern = best->segments[i];
    if (!IsParam(pattern)) continue;
    request.params.insert_or_assign(pattern.substr(1, pattern.size() - 2), std::string(segments[i]));
  }
  return best->handler(request);
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

}  // namespace baton::http
