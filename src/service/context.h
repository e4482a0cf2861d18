// What every service needs: the store, injected time and randomness, the node's identity and the
// clock that stamps change sets.
#pragma once

#include <string>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "changes/change_set.h"
#include "changes/hlc.h"
#include "domain/dates.h"
#include "domain/roles.h"
#include "service/data_keys.h"
#include "store/store.h"

namespace baton {

struct ServiceOptions {
  std::string node_id;  // the store's node id (meta "node_id")
  bool demo = false;    // a demo data directory: the demo password is accepted
  crypto::PasswordCost password_cost = crypto::PasswordCost::kInteractive;
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  int64_t session_cache_ms = 5'000;  // how long a checked session is trusted without a store read
  int max_failures_per_user = 5;     // within failure_window_ms, then locked for the window
  int max_failures_per_address = 30;
  int64_t failure_window_ms = 15LL * 60 * 1000;
  // The data key (32 raw bytes) that seals identifying fields; people cannot be registered or read
  // without it. From the data directory's key file or passphrase (docs/formats/data-directory.md).
  std::string data_key;
  // Where the programme is: "today" (registration and consent dates, ages, "not in the future")
  // is the date at this offset from UTC, so a record made in Bor (+02:00) just after midnight
  // carries the new day.
  int utc_offset_minutes = 0;
};

class ServiceContext {
 public:
  ServiceContext(Store& store, const Clock& clock, Random& random, ServiceOptions options)
      : store_(store), clock_(clock), random_(random), options_(std::move(options)),
        keys_(options_.data_key.empty() ? DataKeys() : DataKeys(options_.data_key)), hlc_(clock), ids_(clock, random) {
    options_.data_key.clear();  // only the derived keys are kept
  }

  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  const ServiceOptions& options() const { return options_; }
  const DataKeys& keys() const { return keys_; }
  // Today's date on the injected clock (UTC), "YYYY-MM-DD".
  std::string Today() const { return DateOfMs(clock_.NowMs() + int64_t{options_.utc_offset_minutes} * 60'000); }
  std::string NewId() { return ids_.NewId(); }
  // Folds in a time already in the log, so that new change sets sort after it even when this
  // machine's clock runs behind (a site laptop whose clock battery died).
  void ObserveHlc(HlcTime seen) { hlc_.Observe(seen); }
  // An empty change set stamped now, by `actor`, on this node.
  ChangeSet NewChangeSet(const Principal& actor) {
    ChangeSet set;
    set.id = ids_.NewId();
    set.hlc = hlc_.Now();
    set.node = options_.node_id;
    set.actor = actor.user_id;
    return set;
  }

 private:
  Store& store_;
  const Clock& clock_;
  Random& random_;
  ServiceOptions options_;
  DataKeys keys_;
  HybridLogicalClock hlc_;
  IdGenerator ids_;
};

}  // namespace baton
