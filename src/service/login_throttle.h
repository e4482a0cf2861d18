// Slows password guessing: too many failed logins for one username or from one address within a
// window lock that username or address until the window has passed. In memory, per process.
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
  LoginThrottle(const Clock& clock, int max_per_user, int max_per_address, int64_t window_ms)
      : clock_(clock), max_per_user_(max_per_user), max_per_address_(max_per_address), window_ms_(window_ms) {}

  // kTooManyRequests when either key has reached its limit within the window.
  Status Check(std::string_view username, std::string_view address);
  void RecordFailure(std::string_view username, std::string_view address);
  // A successful login clears the username's failures (not the address's).
  void RecordSuccess(std::string_view username);

 private:
  using Failures = std::deque<int64_t>;  // times of failures, oldest first
  int Count(std::unordered_map<std::string, Failures>& map, std::string_view key, int64_t now);

  const Clock& clock_;
  const int max_per_user_;
  const int max_per_address_;
  const int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Failures> by_user_;     // guarded by mu_
  std::unordered_map<std::string, Failures> by_address_;  // guarded by mu_
};

}  // namespace baton
