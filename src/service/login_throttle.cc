#include "service/login_throttle.h"

#include <algorithm>
#include <vector>

namespace baton {

int LoginThrottle::Count(Map& map, std::string_view key, int64_t now) {
  auto it = map.find(std::string(key));
  if (it == map.end()) return 0;
  Attempts& f = it->second;
  while (!f.empty() && f.front() <= now - window_ms_) f.pop_front();
  if (f.empty()) {
    map.erase(it);
    return 0;
  }
  return static_cast<int>(f.size());
}

void LoginThrottle::Bound(Map& map, int64_t now) {
  if (map.size() < max_keys_) return;
  std::erase_if(map, [&](const auto& kv) { return kv.second.empty() || kv.second.back() <= now - window_ms_; });
  if (map.size() < max_keys_) return;
  std::vector<std::pair<int64_t, std::string>> by_age;
  by_age.reserve(map.size());
  for (const auto& [key, attempts] : map) by_age.emplace_back(attempts.back(), key);
  size_t drop = map.size() - max_keys_ * 9 / 10;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(drop), by_age.end());
  for (size_t i = 0; i < drop; ++i) map.erase(by_age[i].second);
}

Status LoginThrottle::Begin(std::string_view username, std::string_view address) {
  std::lock_guard lock(mu_);
  int64_t now = clock_.NowMs();
  if (Count(by_user_, username, now) >= max_per_user_ || Count(by_address_, address, now) >= max_per_address_) {
    return Status::TooManyRequests("too many failed sign-in attempts; wait " +
                                   std::to_string(window_ms_ / 60000) + " minutes and try again");
  }
  Bound(by_user_, now);
  Bound(by_address_, now);
  by_user_[std::string(username)].push_back(now);
  by_address_[std::string(address)].push_back(now);
  return Status::Ok();
}

void LoginThrottle::Succeeded(std::string_view username, std::string_view address) {
  std::lock_guard lock(mu_);
  by_user_.erase(std::string(username));
  auto it = by_address_.find(std::string(address));
  if (it != by_address_.end() && !it->second.empty()) {
    it->second.pop_back();
    if (it->second.empty()) by_address_.erase(it);
  }
}

}  // namespace baton
