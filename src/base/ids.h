// Time-ordered ids made on any node without coordination: UUIDv7 (RFC 9562).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace baton {

class IdGenerator {
 public:
  IdGenerator(const Clock& clock, Random& random) : clock_(clock), random_(random) {}
  // Lower-case canonical UUIDv7 text. Ids from one generator sort strictly in the order they were
  // made, also within one millisecond and if the clock steps back: the 12 bits after the
  // timestamp are a counter (RFC 9562 §6.2, method 1), started at a random value below 2048 each
  // millisecond. Thread-safe.
  std::string NewId();

 private:
  const Clock& clock_;
  Random& random_;
  std::mutex mu_;
  uint64_t last_ms_ = 0;
  uint32_t counter_ = 0;
};

// True for the canonical lower-case 36-character form of any UUID.
bool IsUuid(std::string_view text);

}  // namespace baton
