#include "base/ids.h"

#include <array>
#include <cstdint>

namespace baton {

std::string IdGenerator::NewId() {
  std::array<uint8_t, 16> b{};
  random_.Fill(b);
  uint64_t ms = 0;
  uint32_t counter = 0;
  {
    std::lock_guard lock(mu_);
    const uint64_t now = static_cast<uint64_t>(clock_.NowMs());
    if (now > last_ms_) {
      last_ms_ = now;
      counter_ = ((uint32_t{b[6]} << 8) | b[7]) & 0x7ff;
    } else if (++counter_ > 0xfff) {  // 2048+ ids in one millisecond: borrow the next one
      ++last_ms_;
      counter_ = 0;
    }
    ms = last_ms_;
    counter = counter_;
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<uint8_t>(0x70 | (counter >> 8));  // version 7, counter's high 4 bits
  b[7] = static_cast<uint8_t>(counter & 0xff);
  b[8] = static_cast<uint8_t>(0x80 | (b[8] & 0x3f));  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  return out;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace baton
