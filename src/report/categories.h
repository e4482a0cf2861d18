// The categories a report breaks counts down by (MHPSS.md §5), for one programme: sex (female,
// male, not_recorded), the age bands of its profile and "unknown", its population groups and
// "not_recorded", and disability (yes, no, not_recorded). Categories are small indexes, so that
// counting a record is arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/age_bands.h"
#include "domain/indicators.h"

namespace baton::report {

using Json = nlohmann::json;

// A date as the number yyyymmdd: dates compare as numbers, and (later - earlier) / 10000 is the
// whole years between them. 0 for anything that is not a YYYY-MM-DD date.
int32_t DateKey(std::string_view iso);
// The date of a DateKey, "YYYY-MM-DD".
std::string DateText(int32_t key);

// What the breakdowns need of a registered person. Indexes are into Categories.
struct PersonFact {
  int32_t birth = 0;       // DateKey of birth_date_est; 0 unknown
  uint16_t group = 0;      // population group
  uint8_t sex = 0;
  uint8_t disability = 0;  // yes, no, not_recorded
};

class Categories {
 public:
  Categories(AgeBands bands, std::vector<std::string> population_groups);

  uint8_t SexIndex(std::string_view sex) const;               // not_recorded for anything else
  int16_t BandIndexOfCode(std::string_view band_code) const;  // unknown when not in the profile
  uint16_t GroupIndex(std::string_view group) const;          // not_recorded for anything else
  uint8_t DisabilityIndex(const Json& disability) const;      // true, false, null
  // The age band of a person on a date (unknown without a birth date).
  int16_t BandOn(const PersonFact& person, int32_t date) const;
  int Size(Dimension d) const;
  // The category of a person on a date along `d`.
  int Of(Dimension d, const PersonFact& person, int32_t date) const;

  const AgeBands& bands() const { return bands_; }
  // {"sex": [...], "age_band": [...], "population_group": [...], "disability": [...]}
  const Json& ToJson() const { return json_; }

 private:
  AgeBands bands_;
  std::vector<std::string> groups_;
  std::vector<int16_t> band_of_age_;  // by whole years 0..kMaxAgeInBand
  Json json_;
};

}  // namespace baton::report
