#include "service/idempotency_service.h"

namespace baton {

Result<IdempotencyTicket> IdempotencyService::Begin(std::string_view key, std::string_view user_id,
                                                    std::string_view request_fingerprint) {
  if (key.empty() || key.size() > 200) return Status::InvalidField("Idempotency-Key", "must be 1 to 200 characters");
  Store& store = ctx_.store();
  // Keyed when the node has a data key: request bodies may hold names, and an unkeyed hash would
  // let anyone with the database confirm a guessed person.
  const std::string hash = ctx_.keys().present() ? ctx_.keys().Fingerprint(request_fingerprint)
                                                 : crypto::Blake2bHex(request_fingerprint);
  const int64_t now = ctx_.clock().NowMs();
  auto judge = [&](const IdempotentResponse& s) -> Result<IdempotencyTicket> {
    if (s.request_hash != hash) {
      return Status::ConflictField("Idempotency-Key", "was already used for a different request");
    }
    if (s.status == 0) {
      return Status::ConflictField("Idempotency-Key", "belongs to a request still in progress; retry shortly");
    }
    return IdempotencyTicket{true, s};
  };
  BATON_ASSIGN_OR_RETURN(std::optional<IdempotentResponse> stored, store.GetIdempotent(key, user_id));
  if (stored && stored->status == 0 && now - stored->created_ms > kIdempotencyAbandonedMs) {
    BATON_RETURN_IF_ERROR(store.DeleteIdempotent(key, user_id));
    stored.reset();
  }
  if (stored) return judge(*stored);

  // The reservation carries a mark of its own, so the one twin that wrote it knows it.
  const std::string mark = "pending:" + crypto::RandomToken(ctx_.random(), 16);
  IdempotentResponse reservation{std::string(key), std::string(user_id), hash, 0, mark, "", now};
  BATON_ASSIGN_OR_RETURN(IdempotentResponse kept, store.PutIdempotent(reservation));
  if (kept.body != mark) return judge(kept);
  return IdempotencyTicket{false, std::move(reservation)};
}

void IdempotencyService::Finish(IdempotencyTicket& ticket, int status, std::string body, std::string location) {
  ticket.stored.status = status;
  ticket.stored.body = std::move(body);
  ticket.stored.location = std::move(location);
  // The request has taken effect: its answer stands even if it cannot be remembered.
  (void)ctx_.store().FinishIdempotent(ticket.stored);
}

void IdempotencyService::Abandon(const IdempotencyTicket& ticket) {
  (void)ctx_.store().DeleteIdempotent(ticket.stored.key, ticket.stored.user_id);
}

}  // namespace baton
