// The indicator engine: counts a set of indicators (domain/indicators) over the records of a
// period, broken down by sex × age band × population group × disability, and writes the answer of
// GET /api/v1/reports/indicators (docs/formats/report.md) with disclosure control applied
// (domain/disclosure). Records are fed one by one, in any order, by whoever reads them (the
// service reads them from the store); nothing here does I/O, and memory grows with the people of
// the programme, not with the records fed.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/age_bands.h"
#include "domain/indicators.h"

namespace baton::report {

using Json = nlohmann::json;

// A date as the number yyyymmdd: dates compare as numbers, and (later - earlier) / 10000 is the
// whole years between them. 0 for anything that is not a YYYY-MM-DD date.
int32_t DateKey(std::string_view iso);

// What the breakdowns need of a registered person. Indexes are into ReportSetup's categories.
struct PersonFact {
  int32_t birth = 0;       // DateKey of birth_date_est; 0 unknown
  uint16_t group = 0;      // population group
  uint8_t sex = 0;
  uint8_t disability = 0;  // yes, no, not_recorded
};

struct ReportSetup {
  std::vector<Indicator> indicators;
  Period period;
  AgeBands bands;
  std::vector<std::string> population_groups;  // the programme's list; "not_recorded" is added
  std::vector<Dimension> breakdown;            // what the answer shows (counts are protected over all)
  bool shared = false;                         // suppress small cells (sensitive indicators always)
  int64_t minimum_cell = 5;
};

// One record of a source. Field values are interned (Intern) and given in the order of the
// source's fields (domain/indicators.h SourceInfo::fields); `fields` must stay valid while fed.
struct Fact {
  int32_t person = -1;    // a PersonFact index, -1 when the record is not of a registered person
  int32_t date = 0;       // DateKey: the date that places it in the period
  int32_t activity = -1;  // for counting distinct activities; -1 none
  const uint32_t* fields = nullptr;
  int64_t weight = 1;     // a headcount cell's people
  int16_t sex = -1;       // a headcount cell's own sex and age band (indexes), when person is -1
  int16_t band = -1;
};

class IndicatorEngine {
 public:
  explicit IndicatorEngine(ReportSetup setup);

  // The sources the indicators read; feed only these.
  const std::set<Source>& sources() const { return sources_; }
  int32_t period_from() const { return from_; }
  int32_t period_to() const { return to_; }

  // An id for a field value; the same text always gets the same id.
  uint32_t Intern(std::string_view value);
  // Category indexes, for building PersonFacts and headcount Facts.
  uint8_t SexIndex(std::string_view sex) const;
  int16_t BandIndexOfCode(std::string_view band_code) const;  // the unknown band when not in the profile
  uint16_t GroupIndex(std::string_view group) const;
  uint8_t DisabilityIndex(const Json& disability) const;  // true, false, null

  // The people facts are indexed by Fact::person.
  void SetPeople(std::vector<PersonFact> people);
  // A record of `source`; records outside the period are skipped here.
  void Feed(Source source, const Fact& fact);

  // The answer (docs/formats/report.md), without the programme and site members.
  Json Finish();

 private:
  struct Side;  // one count of one indicator
  struct Compiled {
    const Indicator* indicator;
    std::vector<Dimension> dims;  // what this indicator is counted over
    std::vector<size_t> sides;    // numerator, denominator
  };
  struct Side {
    IndicatorCount count;
    std::vector<Dimension> dims;
    // where, compiled: per source, per field position, the allowed value ids (empty: any).
    std::map<Source, std::vector<std::vector<uint32_t>>> where;
    std::vector<int64_t> cells;       // counts by category cell (kCount)
    std::vector<int32_t> first_date;  // per person, the first date counted (kPeople), 0 none
    std::set<int32_t> activities;     // (kActivities)
  };

  bool Passes(const Side& side, Source source, const Fact& fact) const;
  // The category cell of a person at a date, over `dims`.
  size_t CellOf(const std::vector<Dimension>& dims, const PersonFact& p, int32_t date) const;
  size_t CellOfHeadcount(const std::vector<Dimension>& dims, const Fact& f) const;
  int Size(Dimension d) const;
  int16_t BandOfAge(int age) const;
  Json CategoriesJson() const;

  ReportSetup setup_;
  int32_t from_ = 0, to_ = 0;
  std::set<Source> sources_;
  std::vector<Compiled> compiled_;
  std::vector<Side> sides_;
  std::map<Source, std::vector<size_t>> sides_of_source_;
  std::unordered_map<std::string, uint32_t> interned_;
  std::vector<PersonFact> people_;
  std::vector<int16_t> band_of_age_;  // by whole years 0..kMaxAgeInBand
};

}  // namespace baton::report
