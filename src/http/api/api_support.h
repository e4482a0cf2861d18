// What every API handler shares: reading JSON bodies, finding the caller, rendering records with
// their ETag, and replaying POSTs that carry an Idempotency-Key.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "http/message.h"
#include "http/problem.h"
#include "service/services.h"

namespace baton::http {

inline constexpr std::string_view kSessionCookie = "baton_session";

struct Caller {
  SignedIn session;
  bool from_cookie = false;
};

// JSON response with the given status.
Response JsonResponse(int status, const Json& body);
// A record with `ETag: "<version>"`.
Response RecordResponse(int status, const Record& record);
// A service's view of a record with `ETag: "<its "version" field>"` (0 when it has none).
Response ViewResponse(int status, const Json& view);

// The body as a JSON object: 415 unless Content-Type is application/json, 400 naming the
// position for malformed JSON or invalid UTF-8.
Result<Json> ReadJsonBody(const Request& request);

// The signed-in caller from `Authorization: Bearer` or the session cookie. A cookie session must
// send X-CSRF-Token matching its session on every unsafe method.
Result<Caller> Authenticate(const Request& request, Services& services);

// If-Match: "<version>" -> version; nullopt when absent; kInvalid when unreadable.
Result<std::optional<int64_t>> IfMatchVersion(const Request& request);

// Runs `handler` for an authenticated caller and turns a failed Status into a problem.
Response WithCaller(Request& request, Services& services, const std::function<Result<Response>(const Caller&)>& handler);

// For POST: when Idempotency-Key is present, a repeated request with the same key, caller and
// body gets the stored answer (with Idempotent-Replayed: true); the same key with another body,
// or while the first request is still running, is a conflict. Answers are kept 24 hours.
// `remember`, when given, chooses what of a successful body is kept (and replayed): answers that
// carry a person's identifying fields keep only what holds none, since the store keeps answers in
// clear and an erasure must leave nothing behind.
Response Idempotent(Request& request, Services& services, const Caller& caller,
                    const std::function<Result<Response>()>& handler,
                    const std::function<std::string(const std::string& body)>& remember = nullptr);

// A `remember` for Idempotent that keeps only `fields` of the answer (those that identify no one).
std::function<std::string(const std::string&)> KeepOnly(std::vector<std::string> fields);

// A query parameter's value, "" when absent.
std::string QueryText(const Request& request, std::string_view name);

// The answer to a POST that created a record: 201 with the record's view and ETag, and Location
// `location_prefix` + its id.
Response CreatedResponse(const Json& view, const std::string& location_prefix);

// kInvalid naming the first query parameter that is not one of `known`.
Status OnlyParams(const Request& request, std::initializer_list<std::string_view> known);

// Integer query parameter within [min, max], or `fallback` when absent.
Result<int> IntParam(const Request& request, std::string_view name, int fallback, int min, int max);

}  // namespace baton::http
