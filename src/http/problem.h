// RFC 9457 problem details. The one place that maps a Status code to an HTTP status and a problem
// type: every error response of the API is built here.
#pragma once

#include <string_view>

#include "base/status.h"
#include "http/message.h"

namespace baton::http {

// application/problem+json with type "https://baton.example/problems/<slug>", title, status,
// detail and, for validation errors, "errors": [{"field": ..., "message": ...}].
Response ProblemFor(const Status& status);
int HttpStatusFor(Code code);
// For errors found by the HTTP layer itself (parse errors, limits, routing).
Response Problem(int http_status, std::string_view detail);
// Standard reason phrase ("Not Found"); "Unknown" for a code without one. Used as problem title
// and in the status line.
std::string_view ReasonPhrase(int http_status);

}  // namespace baton::http
