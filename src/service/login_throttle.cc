#include "service/login_throttle.h"

namespace baton {

int LoginThrottle::Count(std::unordered_map<std::string, Failures>& map, std::string_view key, int64_t now) {
  auto it = map.find(std::string(key));
  if (it == map.end()) return 0;
  Failures& f = it->second;
  while (!f.empty() && f.front() <= now - window_ms_) f.pop_front();
  if (f.empty()) {
    map.erase(it);
    return 0;
  }
  return static_cast<int>(f.size());
}

Status LoginThrottle::Check(std::string_view username, std::string_view address) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowMs();
  if (Count(by_user_, username, now) >= max_per_user_ || Count(by_address_, address, now) >= max_per_address_) {
    return Status::TooManyRequests("too many failed sign-in attempts; wait " +
                                   std::to_string(window_ms_ / 60000) + " minutes and try again");
  }
  return Status::Ok();
}

void LoginThrottle::RecordFailure(std::string_view username, std::string_view address) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowMs();
  by_user_[std::string(username)].push_back(now);
  by_address_[std::string(address)].push_back(now);
  // Bound memory under a spray of random usernames: forget the oldest keys' stale entries.
  if (by_user_.size() > 100'000) by_user_.clear();
  if (by_address_.size() > 100'000) by_address_.clear();
}

void LoginThrottle::RecordSuccess(std::string_view username) {
  std::lock_guard lock(mu_);
  by_user_.erase(std::string(username));
}

}  // namespace baton
