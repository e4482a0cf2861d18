// Time-ordered ids made on any node without coordination: UUIDv7 (RFC 9562).
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"

namespace baton {

class IdGenerator {
 public:
  IdGenerator(const Clock& clock, Random& random) : clock_(clock), random_(random) {}
  // Lower-case canonical UUIDv7 text; ids sort by creation time (millisecond resolution).
  std::string NewId();

 private:
  const Clock& clock_;
  Random& random_;
};

// True for the canonical lower-case 36-character form of any UUID.
bool IsUuid(std::string_view text);

}  // namespace baton
