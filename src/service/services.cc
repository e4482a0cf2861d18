#include "service/services.h"

namespace baton {

Status Housekeep(Store& store, int64_t now_ms) {
  BATON_RETURN_IF_ERROR(store.DeleteExpiredSessions(now_ms));
  return store.DeleteIdempotentBefore(now_ms - kIdempotencyKeepMs);
}

Result<std::unique_ptr<Services>> OpenServices(Store& store, const Clock& clock, Random& random,
                                               ServiceOptions options) {
  BATON_ASSIGN_OR_RETURN(std::optional<std::string> node, store.GetMeta("node_id"));
  if (!node) {
    node = IdGenerator(clock, random).NewId();
    BATON_RETURN_IF_ERROR(store.PutMeta("node_id", *node));
  }
  BATON_ASSIGN_OR_RETURN(std::optional<std::string> demo, store.GetMeta("demo"));
  options.node_id = *node;
  options.demo = demo.has_value() && *demo == "true";
  if (!options.data_key.empty()) {
    // The first key a store sees is its key; any other is refused before it can seal anything.
    const std::string check = DataKeys(options.data_key).CheckValue();
    BATON_ASSIGN_OR_RETURN(std::optional<std::string> known, store.GetMeta("data_key_check"));
    if (!known) {
      BATON_RETURN_IF_ERROR(store.PutMeta("data_key_check", check));
    } else if (*known != check) {
      return Status::Invalid("the data key does not belong to this store (wrong key file or passphrase)");
    }
  }
  auto services = std::make_unique<Services>(store, clock, random, std::move(options));
  BATON_RETURN_IF_ERROR(services->persons.UpgradeNameIndex().status());
  BATON_ASSIGN_OR_RETURN(auto head, store.Head());
  if (head.first > 0) {
    BATON_ASSIGN_OR_RETURN(std::vector<StoredEntry> last, store.ReadLog(head.first - 1, 1));
    if (!last.empty()) {
      auto entry = ParseEntry(last[0].body, last[0].hash);
      if (entry.ok()) services->ctx.ObserveHlc(entry->set.hlc);
    }
  }
  return services;
}

}  // namespace baton
