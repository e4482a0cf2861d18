// Indicators (MHPSS.md §1): what a programme counts for its coordination group, its donor and
// itself, defined as data — a numerator and an optional denominator, each a measure of a source
// of records, filtered — with a built-in set (builtin.json beside this file) that a programme
// extends in its `indicators` field. The engine that computes them is src/report; the format is
// docs/formats/report.md.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace baton {

using Json = nlohmann::json;

inline constexpr int kIndicatorFormat = 1;
inline constexpr size_t kMaxProgrammeIndicators = 100;

// The dimensions every person-level count can be broken down by (MHPSS.md §5), in this order.
enum class Dimension { kSex, kAgeBand, kPopulationGroup, kDisability };
inline constexpr size_t kDimensions = 4;
const char* DimensionName(Dimension d);
std::optional<Dimension> DimensionNamed(std::string_view name);

// Where an indicator's records come from. Each source has its records' date (what places one in
// the period), the fields `where` may filter on, what it can count, and the dimensions it knows.
enum class Source {
  kAttendance,     // a registered person present at a session of an activity (named attendance)
  kHeadcount,      // people counted at a headcount session, by sex × age band
  kSessions,       // sessions held (with any attendance or headcount)
  kParticipants,   // participants of trainings (capacity_building), dated by the training's end
  kCaseSessions,   // counselling sessions attended
  kCasesOpened,    // counselling cases, dated by opened_on
  kCasesClosed,    // counselling cases, dated by closed_on
  kCaseOutcomes,   // closed cases × instrument with a baseline and a later assessment
  kReferrals,      // referrals, dated by made_on
  kRiskFlags,      // risk flags raised (sensitive)
  kMediations,     // mediation cases, dated by opened_on
  kMediationsClosed,  // mediation cases, dated by closed_on
  kCooperatives,   // cooperatives and livelihood groups, dated by start_date
};

// What is counted: unique people, records (a headcount's people; a session; a case...), or
// distinct activities.
enum class Measure { kPeople, kCount, kActivities };

struct SourceInfo {
  Source source;
  const char* name;                    // "attendance", ...
  std::vector<std::string> fields;     // what `where` may filter on
  std::vector<Measure> measures;       // what may be counted
  std::vector<Dimension> dimensions;   // what counts may be broken down by
};
const std::vector<SourceInfo>& Sources();
const SourceInfo& InfoOf(Source source);
const char* MeasureName(Measure m);

// One side of an indicator: count `measure` over the records of `sources` (several sources'
// people are one set: a person in two of them counts once) that pass `where` (field -> allowed
// values; every field must pass).
struct IndicatorCount {
  std::vector<Source> sources;
  Measure measure = Measure::kCount;
  std::vector<std::pair<std::string, std::vector<std::string>>> where;
};

struct Indicator {
  std::string code;  // [a-z][a-z0-9_]{1,59}
  int version = 1;
  std::string level;   // "goal", "outcome", "output"
  std::string domain;  // a code: "reach", "capacity", "individual_support", ...
  Json wording;        // {"en": "...", "ar": "..."}; en required
  IndicatorCount numerator;
  std::optional<IndicatorCount> denominator;  // set: a percentage
  std::string means_of_verification;
  bool sensitive = false;  // as defined
  bool builtin = false;

  // Hidden below the threshold in every report, internal ones too (MHPSS.md §5): marked sensitive,
  // or counting risk flags, or referrals to GBV case management, whatever the definition says.
  bool Sensitive() const;

  // "people", "count" or "percent".
  const char* Unit() const;
  // The dimensions both counts know (all sources of both).
  std::vector<Dimension> Dimensions() const;
};

// Reads one definition (format above; docs/formats/report.md). Errors name the member path under
// `at`, e.g. "indicators[2].numerator.where.stream".
Result<Indicator> ParseIndicator(const Json& definition, const std::string& at);
Json IndicatorJson(const Indicator& indicator);

// The built-in set (builtin.json), in report order.
const std::vector<Indicator>& BuiltinIndicators();

// Checks a programme's "indicators" field: a list of at most kMaxProgrammeIndicators definitions,
// codes distinct and none a built-in code.
Status CheckIndicators(const Json& field);
// The built-in set followed by the programme's own (those that pass CheckIndicators).
std::vector<Indicator> IndicatorsOfProgramme(const Json& programme);

// ---- Targets ----

inline constexpr size_t kMaxIndicatorTargets = 500;

// Checks a programme's "indicator_targets" field: at most kMaxIndicatorTargets of
//   {"indicator": code, "from": "2016-01-01", "to": "2016-12-31", "value": 3000}
// (a code of the indicator's form, from <= to, a value from 0 to 10^9; one target per indicator
// and period). Errors name "indicator_targets[2].value" and the like. Targets of codes the
// programme has no indicator for are kept and never shown.
Status CheckIndicatorTargets(const Json& field);
// The targets set for exactly the period from..to, by indicator code (a field that does not pass
// CheckIndicatorTargets gives none).
std::map<std::string, double> TargetsFor(const Json& programme, const std::string& from, const std::string& to);

// ---- Periods ----

struct Period {
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;
};
// "2016", "2016-Q3", "2016-05" -> the period; kInvalid naming "period" otherwise.
Result<Period> ParsePeriod(std::string_view text);
// The period a request names: `period` (as ParsePeriod), or `from` and `to` (YYYY-MM-DD, both
// inclusive, from <= to), never both. kInvalid naming each wrong parameter. When none of the three
// is given: nullopt if the period is `optional`, else kInvalid naming from and to.
Result<std::optional<Period>> PeriodOfParams(std::string_view from, std::string_view to, std::string_view period,
                                             bool optional);

}  // namespace baton
