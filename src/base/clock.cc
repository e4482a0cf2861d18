#include "base/clock.h"

#include <sodium.h>

#include <chrono>
#include <cstring>
#include <ctime>

namespace baton {

int64_t SystemClock::NowMs() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

uint64_t Random::NextU64() {
  uint8_t b[8];
  Fill(b);
  uint64_t v;
  std::memcpy(&v, b, sizeof v);
  return v;
}

void SystemRandom::Fill(std::span<uint8_t> out) { randombytes_buf(out.data(), out.size()); }

SystemRandom& SystemRandom::Instance() {
  static SystemRandom random;
  return random;
}

SeededRandom::SeededRandom(uint64_t seed) : seed_(seed) {}

void SeededRandom::Fill(std::span<uint8_t> out) {
  // Each call draws from a fresh stream keyed by (seed, call number), so concurrent calls differ.
  uint8_t key[randombytes_SEEDBYTES] = {};
  uint64_t n = counter_.fetch_add(1);
  std::memcpy(key, &seed_, sizeof seed_);
  std::memcpy(key + 8, &n, sizeof n);
  randombytes_buf_deterministic(out.data(), out.size(), key);
}

std::string FormatTimestamp(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int millis = static_cast<int>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    secs -= 1;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, millis);
  return out;
}

}  // namespace baton
