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
#include "report/categories.h"

namespace baton::report {

using Json = nlohmann::json;

struct ReportSetup {
  std::vector<Indicator> indicators;
  Period period;
  AgeBands bands;
  std::vector<std::string> population_groups;  // the programme's list; "not_recorded" is added
  std::vector<Dimension> breakdown;            // what the answer shows (counts are protected over all)
  bool shared = false;                         // suppress small cells (sensitive indicators always)
  std::map<std::string, double> targets;       // by indicator code, for this period
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
  const Categories& categories() const { return categories_; }

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
    size_t dims_group = 0;            // index into dims_groups_
  };
  // The sides one source feeds, and those the last fact's field values passed.
  struct SourceFeed {
    size_t fields = 0;  // field values a fact of the source carries
    std::vector<size_t> sides;
    bool known = false, last_null = false;
    std::vector<uint32_t> last;
    std::vector<size_t> passing;
  };

  bool Passes(const Side& side, Source source, const Fact& fact) const;
  const std::vector<size_t>& PassingSides(Source source, SourceFeed& feed, const Fact& fact);
  // The category cell of a person at a date, over `dims`.
  size_t CellOf(const std::vector<Dimension>& dims, const PersonFact& p, int32_t date) const;
  size_t CellOfHeadcount(const std::vector<Dimension>& dims, const Fact& f) const;
  ReportSetup setup_;
  Categories categories_;
  int32_t from_ = 0, to_ = 0;
  std::set<Source> sources_;
  std::vector<Compiled> compiled_;
  std::vector<Side> sides_;
  std::vector<SourceFeed> feeds_;  // by Source
  // The distinct dimension lists of the sides, and the cell of the fact being fed in each.
  std::vector<std::vector<Dimension>> dims_groups_;
  std::vector<size_t> cell_of_group_;
  std::vector<uint64_t> cell_stamp_;
  uint64_t fact_stamp_ = 0;
  // Looked up by string_view: interning a value already seen allocates nothing.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>> interned_;
  std::vector<PersonFact> people_;
};

}  // namespace baton::report
