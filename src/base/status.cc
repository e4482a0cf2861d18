#include "base/status.h"

namespace baton {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalid: return "invalid";
    case Code::kNotFound: return "not_found";
    case Code::kConflict: return "conflict";
    case Code::kPreconditionFailed: return "precondition_failed";
    case Code::kPreconditionRequired: return "precondition_required";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kForbidden: return "forbidden";
    case Code::kTooManyRequests: return "too_many_requests";
    case Code::kPayloadTooLarge: return "payload_too_large";
    case Code::kUnsupportedMediaType: return "unsupported_media_type";
    case Code::kUnavailable: return "unavailable";
    case Code::kCorruption: return "corruption";
    case Code::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace baton
