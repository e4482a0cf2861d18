#include "http/problem.h"

#include <cstdio>

#include <string>

#include <nlohmann/json.hpp>

namespace baton::http {
namespace {

constexpr std::string_view kTypePrefix = "https://baton.example/problems/";

// Slug of the problem type for errors that carry no more meaning than their HTTP status.
std::string_view SlugForStatus(int http_status) {
  switch (http_status) {
    case 400: return "bad-request";
    case 401: return "unauthenticated";
    case 403: return "forbidden";
    case 404: return "not-found";
    case 405: return "method-not-allowed";
    case 406: return "not-acceptable";
    case 408: return "request-timeout";
    case 409: return "conflict";
    case 411: return "length-required";
    case 412: return "precondition-failed";
    case 413: return "payload-too-large";
    case 414: return "uri-too-long";
    case 415: return "unsupported-media-type";
    case 417: return "expectation-failed";
    case 422: return "validation-failed";
    case 428: return "precondition-required";
    case 429: return "too-many-requests";
    case 431: return "header-fields-too-large";
    case 500: return "internal-error";
    case 501: return "not-implemented";
    case 503: return "unavailable";
    case 505: return "http-version-not-supported";
    default: return http_status >= 500 ? "internal-error" : "bad-request";
  }
}

Response MakeProblem(int http_status, std::string_view slug, std::string_view detail,
                     const std::vector<FieldError>* errors) {
  nlohmann::json body;
  std::string type(kTypePrefix);
  type.append(slug);
  body["type"] = std::move(type);
  body["title"] = ReasonPhrase(http_status);
  body["status"] = http_status;
  body["detail"] = detail;
  if (errors != nullptr && !errors->empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : *errors) list.push_back({{"field", e.field}, {"message", e.message}});
    body["errors"] = std::move(list);
  }
  Response response;
  response.status = http_status;
  response.content_type = "application/problem+json";
  // Replace invalid UTF-8 rather than throw: details may echo user input.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace

std::string_view ReasonPhrase(int http_status) {
  switch (http_status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalid: return 400;  // ProblemFor answers 422 when the status names fields
    case Code::kNotFound: return 404;
    case Code::kConflict: return 409;
    case Code::kPreconditionFailed: return 412;
    case Code::kPreconditionRequired: return 428;
    case Code::kUnauthenticated: return 401;
    case Code::kForbidden: return 403;
    case Code::kTooManyRequests: return 429;
    case Code::kPayloadTooLarge: return 413;
    case Code::kUnsupportedMediaType: return 415;
    case Code::kUnavailable: return 503;
    case Code::kCorruption: return 500;
    case Code::kInternal: return 500;
  }
  return 500;
}

Response ProblemFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk:
      // A programming error upstream; answer as an internal error rather than a 200 problem.
      return MakeProblem(500, "internal-error", "unexpected ok status", nullptr);
    case Code::kInvalid:
      if (!status.errors().empty()) {
        return MakeProblem(422, "validation-failed", status.message(), &status.errors());
      }
      return MakeProblem(400, "bad-request", status.message(), nullptr);
    case Code::kUnauthenticated: {
      Response r = MakeProblem(401, "unauthenticated", status.message(), nullptr);
      r.set_header("WWW-Authenticate", "Bearer");
      return r;
    }
    case Code::kTooManyRequests: {
      Response r = MakeProblem(429, "too-many-requests", status.message(), nullptr);
      r.set_header("Retry-After", "60");
      return r;
    }
    case Code::kUnavailable: {
      Response r = MakeProblem(503, "unavailable", status.message(), nullptr);
      r.set_header("Retry-After", "5");
      return r;
    }
    case Code::kCorruption:
      return MakeProblem(500, "data-corruption", status.message(), nullptr);
    case Code::kInternal:
      // The cause stays in the server's log; the client learns only that it was not their fault.
      std::fprintf(stderr, "{\"level\":\"error\",\"internal\":%s}\n",
                   nlohmann::json(status.message()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      return MakeProblem(500, "internal-error", "an internal error occurred and was logged", nullptr);
    default: {
      const int http_status = HttpStatusFor(status.code());
      // A conflict may name the field at fault (e.g. a username already taken).
      return MakeProblem(http_status, SlugForStatus(http_status), status.message(),
                         status.errors().empty() ? nullptr : &status.errors());
    }
  }
}

Response Problem(int http_status, std::string_view detail) {
  if (http_status < 400 || http_status > 599) http_status = 500;
  Response r = MakeProblem(http_status, SlugForStatus(http_status), detail, nullptr);
  if (http_status == 401) r.set_header("WWW-Authenticate", "Bearer");
  return r;
}

}  // namespace baton::http
