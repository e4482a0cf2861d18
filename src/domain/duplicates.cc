#include "domain/duplicates.h"

#include <cstdlib>

#include "domain/dates.h"
#include "domain/name_match.h"

namespace baton {
namespace {

constexpr int kMaxAgeDifference = 3;
constexpr int kSameNamePoints = 2;
constexpr int kSimilarNamePoints = 1;
constexpr int kSameBirthDatePoints = 1;

bool SexKnown(const std::string& sex) { return !sex.empty() && sex != "not_recorded"; }

struct NameOverlap {
  int same = 0;
  int similar = 0;
};

// Each token of one name pairs with at most one token of the other: equal tokens first, then
// phonetically equal ones among those left, so "Deng Deeng" against "Deng" counts one name, not
// two, and the count does not depend on which person is the candidate.
NameOverlap CompareNames(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  NameOverlap overlap;
  std::vector<bool> a_used(a.size(), false), b_used(b.size(), false);
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = 0; j < b.size(); ++j) {
      if (!b_used[j] && a[i] == b[j]) {
        a_used[i] = b_used[j] = true;
        ++overlap.same;
        break;
      }
    }
  }
  std::vector<std::string> b_keys;
  for (const std::string& t : b) b_keys.push_back(PhoneticKey(t));
  for (size_t i = 0; i < a.size(); ++i) {
    if (a_used[i]) continue;
    std::string key = PhoneticKey(a[i]);
    for (size_t j = 0; j < b.size(); ++j) {
      if (!b_used[j] && key == b_keys[j]) {
        b_used[j] = true;
        ++overlap.similar;
        break;
      }
    }
  }
  return overlap;
}

}  // namespace

std::optional<DuplicateMatch> MatchDuplicate(const PersonFacts& candidate, const PersonFacts& existing,
                                             const std::string& today) {
  if (candidate.site_id != existing.site_id) return std::nullopt;

  bool both_sexes_known = SexKnown(candidate.sex) && SexKnown(existing.sex);
  if (both_sexes_known && candidate.sex != existing.sex) return std::nullopt;

  // Ages in whole years on `today`, as a registration form shows them; estimated birth dates are
  // why a gap of a few years is still a match.
  bool both_ages_known = !candidate.birth_date.empty() && !existing.birth_date.empty();
  if (both_ages_known) {
    int gap = YearsBetween(candidate.birth_date, today) - YearsBetween(existing.birth_date, today);
    if (std::abs(gap) > kMaxAgeDifference) return std::nullopt;
  }

  NameOverlap names = CompareNames(NameTokensOf(candidate.name_parts), NameTokensOf(existing.name_parts));
  if (names.same == 0 && names.similar == 0) return std::nullopt;

  DuplicateMatch match;
  match.score = kSameNamePoints * names.same + kSimilarNamePoints * names.similar;
  if (names.same > 0) match.reasons.push_back("same_name");
  if (names.similar > 0) match.reasons.push_back("similar_name");
  if (both_sexes_known) match.reasons.push_back("same_sex");
  if (both_ages_known) {
    match.reasons.push_back("age_close");
    if (candidate.birth_date == existing.birth_date) match.score += kSameBirthDatePoints;
  }
  match.reasons.push_back("same_site");
  return match;
}

}  // namespace baton
