// libFuzzer target: request targets and headers as they arrive — percent-decoding, query
// parsing and routing with path parameters.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t q = text.find('?');
  std::string_view path = text.substr(0, q);
  (void)baton::http::PercentDecode(path, false);
  if (q != std::string_view::npos) (void)baton::http::ParseQuery(text.substr(q + 1));

  static baton::http::Router* router = [] {
    auto* r = new baton::http::Router();
    auto ok = [](baton::http::Request& req) {
      baton::http::Response res;
      res.body = req.params.count("id") ? req.params["id"] : "";
      return res;
    };
    r->Add("GET", "/api/v1/sites", ok);
    r->Add("GET", "/api/v1/sites/{id}", ok);
    r->Add("PATCH", "/api/v1/sites/{id}", ok);
    r->Add("POST", "/api/v1/users/{id}/password", ok);
    return r;
  }();
  baton::http::Request req;
  req.method = size > 0 && (data[0] & 1) ? "PATCH" : "GET";
  req.target = std::string(text);
  auto decoded = baton::http::PercentDecode(path, false);
  if (!decoded) return 0;
  req.path = *decoded;
  (void)router->Dispatch(req);
  return 0;
}
