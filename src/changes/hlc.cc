#include "changes/hlc.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace baton {

std::string HlcTime::ToString() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016lld-%04x", static_cast<long long>(wall_ms()),
                static_cast<unsigned>(counter()));
  return buf;
}

Result<HlcTime> HlcTime::Parse(std::string_view text) {
  if (text.size() != 21 || text[16] != '-') return Status::Invalid("not an HLC timestamp");
  long long ms = 0;
  unsigned counter = 0;
  auto r1 = std::from_chars(text.data(), text.data() + 16, ms);
  auto r2 = std::from_chars(text.data() + 17, text.data() + 21, counter, 16);
  if (r1.ec != std::errc() || r1.ptr != text.data() + 16 || r2.ec != std::errc() ||
      r2.ptr != text.data() + 21 || ms < 0) {
    return Status::Invalid("not an HLC timestamp");
  }
  return HlcTime::From(ms, static_cast<uint16_t>(counter));
}

HlcTime HybridLogicalClock::Now() {
  std::lock_guard lock(mu_);
  HlcTime wall = HlcTime::From(clock_.NowMs(), 0);
  // The counter overflows into the millisecond part, which keeps the order strict.
  last_ = wall > last_ ? wall : HlcTime{last_.value + 1};
  return last_;
}

void HybridLogicalClock::Observe(HlcTime remote) {
  std::lock_guard lock(mu_);
  last_ = std::max(last_, remote);
}

}  // namespace baton
