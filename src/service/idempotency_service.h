// Idempotency-Key on POST: the key is reserved per caller before the request runs, its answer is
// kept for kIdempotencyKeepMs, and a retry gets that answer instead of running again.
#pragma once

#include <string>
#include <string_view>

#include "service/context.h"

namespace baton {

inline constexpr int64_t kIdempotencyKeepMs = 24LL * 3600 * 1000;
// A reservation older than this belongs to a request that died (the server's request timeout is
// far shorter): a retry may take it over.
inline constexpr int64_t kIdempotencyAbandonedMs = 5LL * 60 * 1000;

struct IdempotencyTicket {
  bool replay = false;           // true: answer with `stored`; false: run the request, then Finish
  IdempotentResponse stored;     // the reservation (to run) or the remembered answer (to replay)
};

class IdempotencyService {
 public:
  explicit IdempotencyService(ServiceContext& ctx) : ctx_(ctx) {}

  // `request_fingerprint` identifies the request (method, path, body). kInvalid for a malformed
  // key; kConflict naming Idempotency-Key when the key was used for another request or its first
  // request is still running.
  Result<IdempotencyTicket> Begin(std::string_view key, std::string_view user_id,
                                  std::string_view request_fingerprint);
  // Remembers the answer of a request that ran.
  void Finish(IdempotencyTicket& ticket, int status, std::string body, std::string location);
  // Forgets the reservation of a request that failed in a way worth retrying.
  void Abandon(const IdempotencyTicket& ticket);

 private:
  ServiceContext& ctx_;
};

}  // namespace baton
