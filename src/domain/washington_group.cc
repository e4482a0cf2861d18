#include "domain/washington_group.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace baton {
namespace {

constexpr int kNoDifficulty = 1;
constexpr int kALotOfDifficulty = 3;
constexpr int kCannotDoAtAll = 4;

bool IsDomain(std::string_view name) {
  const auto& domains = WgssDomains();
  return std::find(domains.begin(), domains.end(), name) != domains.end();
}

// The answer 1..4, or nullopt for anything else (a string, a fraction, true, null, 0, 5, ...).
std::optional<int> Answer(const Json& v) {
  if (v.is_number_unsigned()) {
    uint64_t n = v.get<uint64_t>();
    if (n >= kNoDifficulty && n <= kCannotDoAtAll) return static_cast<int>(n);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    if (n >= kNoDifficulty && n <= kCannotDoAtAll) return static_cast<int>(n);
  }
  return std::nullopt;
}

}  // namespace

const std::array<std::string_view, 6>& WgssDomains() {
  static constexpr std::array<std::string_view, 6> kDomains = {"seeing",      "hearing",   "walking",
                                                              "remembering", "self_care", "communicating"};
  return kDomains;
}

// A domain that was not asked is left out; null is not accepted in its place, so that "not asked"
// has one spelling.
Status CheckWgss(const Json& answers) {
  if (!answers.is_object()) return Status::InvalidField("wg_ss", "must be an object of answers");
  std::vector<FieldError> errors;
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    std::string field = "wg_ss." + it.key();
    if (!IsDomain(it.key())) {
      errors.push_back({field, "is not a Washington Group domain"});
    } else if (!Answer(*it)) {
      errors.push_back({field, "must be a whole number from 1 (no difficulty) to 4 (cannot do at all)"});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

// The Group's recommended cut-off: "a lot of difficulty" or "cannot do at all" in at least one
// domain. Answers CheckWgss would refuse count as not answered.
std::optional<bool> WgssDisability(const Json& answers) {
  if (!answers.is_object()) return std::nullopt;
  int answered = 0;
  for (std::string_view domain : WgssDomains()) {
    auto it = answers.find(std::string(domain));
    if (it == answers.end()) continue;
    std::optional<int> answer = Answer(*it);
    if (!answer) continue;
    if (*answer >= kALotOfDifficulty) return true;
    ++answered;
  }
  if (answered == static_cast<int>(WgssDomains().size())) return false;
  return std::nullopt;
}

}  // namespace baton
