// Likely duplicates at registration (issue: the same person registered twice under two spellings).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace baton {

struct PersonFacts {
  std::vector<std::string> name_parts;  // given, family and other names, as typed
  std::string sex;                      // "female", "male", "not_recorded"
  std::string birth_date;               // "" when unknown (may be estimated)
  std::string site_id;
};

struct DuplicateMatch {
  int score = 0;                     // higher is more alike
  std::vector<std::string> reasons;  // codes: "same_name", "similar_name", "same_sex", "age_close", "same_site"
};

// `existing` is a likely duplicate of `candidate` when: same site; same sex (or either not
// recorded); ages within ±3 years on `today` (or either unknown); and at least one name token
// equal (same_name, 2 points each) or phonetically equal (similar_name, 1 point each). Otherwise
// nullopt. Exactly equal birth dates add 1 point.
std::optional<DuplicateMatch> MatchDuplicate(const PersonFacts& candidate, const PersonFacts& existing,
                                             const std::string& today);

}  // namespace baton
