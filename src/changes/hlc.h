// Hybrid logical clock: a timestamp that follows wall time but never goes backwards and orders
// causally related events across nodes. Value = wall milliseconds << 16 | logical counter.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace baton {

struct HlcTime {
  uint64_t value = 0;
  int64_t wall_ms() const { return static_cast<int64_t>(value >> 16); }
  uint16_t counter() const { return static_cast<uint16_t>(value & 0xffff); }
  static HlcTime From(int64_t wall_ms, uint16_t counter) {
    return {(static_cast<uint64_t>(wall_ms) << 16) | counter};
  }
  // "0001700000000000-0000": 16 decimal digits of milliseconds, '-', 4 hex digits; sorts as text.
  std::string ToString() const;
  static Result<HlcTime> Parse(std::string_view text);
  auto operator<=>(const HlcTime&) const = default;
};

// Thread-safe.
class HybridLogicalClock {
 public:
  explicit HybridLogicalClock(const Clock& clock) : clock_(clock) {}
  // A timestamp greater than every one returned or observed before.
  HlcTime Now();
  // Folds in a timestamp from another node (on receiving its change sets).
  void Observe(HlcTime remote);

 private:
  const Clock& clock_;
  std::mutex mu_;
  HlcTime last_;  // guarded by mu_
};

}  // namespace baton
