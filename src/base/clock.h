// Time and randomness come through these interfaces so tests can run on a fake clock and
// reproducible bytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>

namespace baton {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (wall time).
  virtual int64_t NowMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMs() const override;
  static SystemClock& Instance();
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  int64_t NowMs() const override { return now_.load(); }
  void Set(int64_t ms) { now_.store(ms); }
  void Advance(int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<int64_t> now_;
};

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(std::span<uint8_t> out) = 0;
  uint64_t NextU64();
};

// Cryptographically secure bytes from libsodium.
class SystemRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override;
  static SystemRandom& Instance();
};

// Reproducible bytes for tests (libsodium's deterministic generator under a seed). Thread-safe.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed);
  void Fill(std::span<uint8_t> out) override;

 private:
  std::atomic<uint64_t> counter_{0};
  uint64_t seed_;
};

// ISO 8601 UTC with milliseconds, e.g. 2017-08-15T09:30:00.000Z.
std::string FormatTimestamp(int64_t ms);

}  // namespace baton
