// Slows password guessing: too many failed attempts for one username or from one address within
// a window lock that username or address until the window has passed. In memory, per process.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"
#include "base/status.h"

namespace baton {

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, int max_per_user, int max_per_address, int64_t window_ms,
                size_t max_keys = 100'000)
      : clock_(clock), max_per_user_(max_per_user), max_per_address_(max_per_address), window_ms_(window_ms),
        max_keys_(max_keys) {}

  // Counts an attempt as a failure before the password is checked, so that a burst of parallel
  // guesses is counted too; kTooManyRequests (nothing counted) when either key is at its limit.
  Status Begin(std::string_view username, std::string_view address);
  // The attempt begun last succeeded: the username's failures are cleared and the address's
  // attempt is taken back (many staff may sign in from one office address).
  void Succeeded(std::string_view username, std::string_view address);

 private:
  using Attempts = std::deque<int64_t>;  // times of failed attempts, oldest first
  using Map = std::unordered_map<std::string, Attempts>;
  int Count(Map& map, std::string_view key, int64_t now);
  // Keeps the maps within max_keys_: expired keys go first, then those whose last failure is
  // oldest; a key under attack (recent failures) is the last to be forgotten.
  void Bound(Map& map, int64_t now);

  const Clock& clock_;
  const int max_per_user_;
  const int max_per_address_;
  const int64_t window_ms_;
  const size_t max_keys_;
  std::mutex mu_;
  Map by_user_;     // guarded by mu_
  Map by_address_;  // guarded by mu_
};

}  // namespace baton
