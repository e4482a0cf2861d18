#include "http/api/api_support.h"

#include <algorithm>
#include <charconv>

#include "service/record_view.h"

namespace baton::http {
namespace {

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  auto header = request.header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    size_t eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

bool IsUnsafe(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

}  // namespace

Response JsonResponse(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response RecordResponse(int status, const Record& record) {
  Response r = JsonResponse(status, RecordView(record));
  r.set_header("ETag", "\"" + std::to_string(record.version) + "\"");
  return r;
}

Response ViewResponse(int status, const Json& view) {
  Response r = JsonResponse(status, view);
  r.set_header("ETag", "\"" + std::to_string(view.value("version", int64_t{0})) + "\"");
  return r;
}

Result<Json> ReadJsonBody(const Request& request) {
  auto type = request.header("Content-Type");
  std::string media(type ? type->substr(0, type->find(';')) : "");
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json") {
    return Status::UnsupportedMediaType("send the body as Content-Type: application/json");
  }
  try {
    Json body = Json::parse(request.body);
    if (!body.is_object()) return Status::InvalidField("body", "must be a JSON object");
    return body;
  } catch (const Json::parse_error& e) {
    return Status::Invalid("body is not valid JSON (byte " + std::to_string(e.byte) + ")");  // 400: syntax
  } catch (const Json::exception& e) {
    // e.g. a number beyond the range of a double (1e400)
    return Status::Invalid("body holds a value JSON cannot represent here: a number out of range");
  }
}

Result<Caller> Authenticate(const Request& request, Services& services) {
  Caller caller;
  std::string token;
  if (auto auth = request.header("Authorization")) {
    std::string scheme(auth->substr(0, 7));
    for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auth->size() <= 7 || scheme != "bearer ") {
      return Status::Unauthenticated("use Authorization: Bearer <token>");
    }
    token = std::string(auth->substr(7));
  } else if (auto cookie = CookieValue(request, kSessionCookie)) {
    token = *cookie;
    caller.from_cookie = true;
  } else {
    return Status::Unauthenticated("sign in first");
  }
  BATON_ASSIGN_OR_RETURN(caller.session, services.auth.Authenticate(token));
  caller.session.token = token;
  if (caller.from_cookie && IsUnsafe(request.method)) {
    auto csrf = request.header("X-CSRF-Token");
    if (!csrf || !crypto::ConstantTimeEquals(*csrf, caller.session.csrf_token)) {
      return Status::Forbidden("missing or wrong X-CSRF-Token for a cookie session");
    }
  }
  return caller;
}

Result<std::optional<int64_t>> IfMatchVersion(const Request& request) {
  auto h = request.header("If-Match");
  if (!h) return std::optional<int64_t>();
  std::string_view v = *h;
  if (v == "*") return std::optional<int64_t>();
  // A weak tag never matches for If-Match (RFC 9110 §13.1.1).
  if (v.starts_with("W/")) return Status::PreconditionFailed("If-Match must name a strong ETag such as \"3\"");
  if (v.size() < 3 || v.front() != '"' || v.back() != '"') {
    return Status::InvalidField("If-Match", "must be an ETag such as \"3\"");
  }
  int64_t version = 0;
  auto r = std::from_chars(v.data() + 1, v.data() + v.size() - 1, version);
  if (r.ec != std::errc() || r.ptr != v.data() + v.size() - 1) {
    return Status::InvalidField("If-Match", "must be an ETag such as \"3\"");
  }
  return std::optional<int64_t>(version);
}

Response WithCaller(Request& request, Services& services,
                    const std::function<Result<Response>(const Caller&)>& handler) {
  auto caller = Authenticate(request, services);
  if (!caller.ok()) return ProblemFor(caller.status());
  auto response = handler(*caller);
  if (!response.ok()) return ProblemFor(response.status());
  return std::move(response).value();
}

Response Idempotent(Request& request, Services& services, const Caller& caller,
                    const std::function<Result<Response>()>& handler,
                    const std::function<std::string(const std::string& body)>& remember) {
  auto run = [&] {
    auto r = handler();
    return r.ok() ? std::move(r).value() : ProblemFor(r.status());
  };
  auto key = request.header("Idempotency-Key");
  if (!key) return run();
  auto ticket = services.idempotency.Begin(*key, caller.session.principal.user_id,
                                           request.method + " " + request.path + "\n" + request.body);
  if (!ticket.ok()) return ProblemFor(ticket.status());
  if (ticket->replay) {
    const IdempotentResponse& s = ticket->stored;
    Response r;
    r.status = s.status;
    r.body = s.body;
    r.content_type = s.status >= 400 ? "application/problem+json" : "application/json";
    if (!s.location.empty()) r.set_header("Location", s.location);
    r.set_header("Idempotent-Replayed", "true");
    return r;
  }
  Response r;
  try {
    r = run();
  } catch (...) {
    services.idempotency.Abandon(*ticket);
    throw;  // the server answers 500 and logs it
  }
  if (r.status >= 500) {
    services.idempotency.Abandon(*ticket);  // worth retrying: not remembered
  } else {
    const std::string kept = remember && r.status < 300 ? remember(r.body) : r.body;
    services.idempotency.Finish(*ticket, r.status, kept, std::string(r.header("Location").value_or("")));
  }
  return r;
}

Result<int> IntParam(const Request& request, std::string_view name, int fallback, int min, int max) {
  auto v = request.query_param(name);
  if (!v) return fallback;
  int out = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), out);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size() || out < min || out > max) {
    return Status::InvalidField(std::string(name), "must be a whole number from " + std::to_string(min) + " to " +
                                                       std::to_string(max));
  }
  return out;
}

std::function<std::string(const std::string&)> KeepOnly(std::vector<std::string> fields) {
  return [fields = std::move(fields)](const std::string& body) {
    Json full = Json::parse(body, nullptr, false);
    Json kept = Json::object();
    for (const std::string& f : fields) {
      if (full.is_object() && full.contains(f)) kept[f] = full[f];
    }
    return kept.dump();
  };
}

Status OnlyParams(const Request& request, std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : request.query) {
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      return Status::InvalidField(k, "is not a parameter here");
    }
  }
  return Status::Ok();
}

std::string QueryText(const Request& request, std::string_view name) {
  return std::string(request.query_param(name).value_or(""));
}

Response CreatedResponse(const Json& view, const std::string& location_prefix) {
  Response out = ViewResponse(201, view);
  out.set_header("Location", location_prefix + view.value("id", ""));
  return out;
}

}  // namespace baton::http
