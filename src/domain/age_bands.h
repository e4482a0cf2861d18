// Age bands: the report profiles that break counts down by age (MHPSS.md §5). Bands are data: the
// built-in profiles are defaults and a programme may set its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace baton {

using Json = nlohmann::json;

struct AgeBand {
  std::string code;            // e.g. "18_59": a JSON key and column name in counts and exports
  int min_age = 0;             // whole years, inclusive
  std::optional<int> max_age;  // whole years, inclusive; nullopt for the open last band ("60_plus")
};

// A profile: bands in ascending order, contiguous from 0, the last one open-ended, so every age
// falls in exactly one band.
struct AgeBands {
  std::string name;  // e.g. "standard"
  std::vector<AgeBand> bands;
  const AgeBand* Find(std::string_view code) const;
  std::vector<std::string> Codes() const;
};

// Ages above this are refused wherever an age band is read from input.
inline constexpr int kMaxAgeInBand = 150;

// 0_5, 6_11, 12_17, 18_59, 60_plus (MHPSS.md §5 default).
const AgeBands& StandardAgeBands();
// 0_17, 18_59, 60_plus (MHPSS.md §5 coarse profile).
const AgeBands& CoarseAgeBands();

// The code of the band holding `age_years`; nullopt for a negative age or one no band holds.
// Exactly 18 is in 18_59; exactly 17 in 12_17 (or 0_17).
std::optional<std::string> AgeBandOf(int age_years, const AgeBands& bands);

// Checks a programme's "age_bands" field:
//   {"name": "under5", "bands": [{"code": "0_4", "min": 0, "max": 4}, ..., {"code": "60_plus", "min": 60}]}
// name: 1..40 characters; bands: 1..20 objects with a distinct code (lower-case letters, digits,
// '.', '_' or '-'; at most 20), whole-number min and max (0..kMaxAgeInBand); the first starts at 0,
// each starts the year after the previous one ends, only the last has no max. kInvalid naming
// "age_bands.bands[i].min" and the like.
Status CheckAgeBands(const Json& field);

// The programme's profile when its "age_bands" field passes CheckAgeBands, otherwise
// StandardAgeBands().
AgeBands AgeBandsOfProgramme(const Json& programme);

}  // namespace baton
