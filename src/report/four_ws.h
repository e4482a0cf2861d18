// The 4Ws (MHPSS.md §2; docs/formats/report.md): one row per activity that met in the period — who
// (organisation, donor), where (admin1, admin2, site), when (dates, status), what (4Ws code, layer,
// activity) — with people reached and service contacts by sex × age band, never added to each
// other. Each row's counts are protected on their own in a shared table (domain/disclosure). No
// personal data: counts only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/indicators.h"
#include "report/categories.h"

namespace baton::report {

struct FourWsActivity {
  std::string title, stream, code, code_label, start_date, end_date, status;
  int layer = 0;
  bool mapped = false;
  bool headcount = false;  // counted by headcount: nobody is identified, so nobody is "reached"
  std::string site, admin1, admin2;
};

struct FourWsHeader {
  std::string organization, organization_type, donor;
};

// A table for files: a column's key (JSON), label (the header row) and HXL hashtag (the second
// header row), and rows of cells (numbers, texts, or null for an empty cell).
struct ReportTable {
  struct Column {
    std::string key, label, hxl;
  };
  std::vector<Column> columns;
  std::vector<std::vector<Json>> rows;

  // {"columns": [{key, label, hxl}], "rows": [{key: value}]}
  Json ToJson() const;
  // The header, the HXL row, then the rows as text (empty for null).
  std::vector<std::vector<std::string>> ToText() const;
};

class FourWsBuilder {
 public:
  FourWsBuilder(const Categories& categories, Period period, bool shared, int64_t minimum_cell);

  int32_t AddActivity(FourWsActivity activity);
  void SetPeople(const std::vector<PersonFact>* people) { people_ = people; }
  // A session of the activity in the period: the activity has a row.
  void AddSession(int32_t activity);
  // A person present at one of its sessions on `date` (in the period).
  void AddAttendance(int32_t activity, int32_t person, int32_t date);
  // People counted at one of its headcount sessions.
  void AddHeadcount(int32_t activity, int sex, int band, int64_t count);

  ReportTable Build(const FourWsHeader& header);

 private:
  struct Entry {
    int32_t activity, person, date;
  };
  const Categories& categories_;
  Period period_;
  bool shared_;
  int64_t minimum_cell_;
  const std::vector<PersonFact>* people_ = nullptr;
  std::vector<FourWsActivity> activities_;
  std::vector<bool> met_;
  std::vector<Entry> entries_;
  std::vector<std::vector<int64_t>> headcounts_;  // per activity, by sex × band
};

}  // namespace baton::report
