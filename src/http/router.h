// Maps method + path pattern to a handler. Patterns are literal segments and {name} parameters,
// e.g. "/api/v1/sites/{id}". An unknown path gets 404, a known path with another method 405 with
// an Allow header; both as problem+json.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace baton::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Fills request.params and calls the matching handler.
  Response Dispatch(Request& request) const;
  // (method, pattern) of every route, in the order added; for the OpenAPI check.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace baton::http
