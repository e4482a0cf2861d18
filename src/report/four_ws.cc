#include "report/four_ws.h"

#include <algorithm>
#include <numeric>

#include "domain/disclosure.h"

namespace baton::report {
namespace {

const char* SexTag(int sex) {
  static const char* kTags[] = {"+f", "+m", "+sex_unrecorded"};
  return kTags[std::clamp(sex, 0, 2)];
}

std::string AgeTag(const AgeBands& bands, int band) {
  if (band >= static_cast<int>(bands.bands.size())) return "+age_unknown";
  const AgeBand& b = bands.bands[band];
  return "+age" + std::to_string(b.min_age) + (b.max_age ? "_" + std::to_string(*b.max_age) : "plus");
}

std::string Text(const Json& cell) {
  if (cell.is_null()) return "";
  if (cell.is_string()) return cell.get<std::string>();
  return cell.dump();
}

}  // namespace

Json ReportTable::ToJson() const {
  Json cols = Json::array();
  for (const Column& c : columns) cols.push_back({{"key", c.key}, {"label", c.label}, {"hxl", c.hxl}});
  Json out_rows = Json::array();
  for (const std::vector<Json>& row : rows) {
    Json r = Json::object();
    for (size_t i = 0; i < columns.size() && i < row.size(); ++i) r[columns[i].key] = row[i];
    out_rows.push_back(std::move(r));
  }
  return {{"columns", std::move(cols)}, {"rows", std::move(out_rows)}};
}

std::vector<std::vector<std::string>> ReportTable::ToText() const {
  std::vector<std::vector<std::string>> out(2);
  for (const Column& c : columns) {
    out[0].push_back(c.label);
    out[1].push_back(c.hxl);
  }
  for (const std::vector<Json>& row : rows) {
    std::vector<std::string> text;
    for (const Json& cell : row) text.push_back(Text(cell));
    out.push_back(std::move(text));
  }
  return out;
}

FourWsBuilder::FourWsBuilder(const Categories& categories, Period period, bool shared, int64_t minimum_cell)
    : categories_(categories), period_(std::move(period)), shared_(shared), minimum_cell_(minimum_cell) {}

int32_t FourWsBuilder::AddActivity(FourWsActivity activity) {
  activities_.push_back(std::move(activity));
  met_.push_back(false);
  headcounts_.emplace_back();
  return static_cast<int32_t>(activities_.size() - 1);
}

void FourWsBuilder::AddSession(int32_t activity) { met_[activity] = true; }

void FourWsBuilder::AddAttendance(int32_t activity, int32_t person, int32_t date) {
  entries_.push_back({activity, person, date});
}

void FourWsBuilder::AddHeadcount(int32_t activity, int sex, int band, int64_t count) {
  const int bands = categories_.Size(Dimension::kAgeBand);
  std::vector<int64_t>& cells = headcounts_[activity];
  if (cells.empty()) cells.assign(static_cast<size_t>(3 * bands), 0);
  cells[static_cast<size_t>(sex * bands + band)] += count;
}

ReportTable FourWsBuilder::Build(const FourWsHeader& header) {
  const int sexes = categories_.Size(Dimension::kSex), bands = categories_.Size(Dimension::kAgeBand);
  const Json& names = categories_.ToJson();
  ReportTable t;
  t.columns = {{"organization", "Organisation", "#org"},
               {"organization_type", "Organisation type", "#org+type"},
               {"donor", "Donor", "#org+funder"},
               {"sector", "Sector", "#sector"},
               {"admin1", "Admin 1", "#adm1+name"},
               {"admin2", "Admin 2", "#adm2+name"},
               {"site", "Site", "#loc+name"},
               {"activity_code", "4Ws code", "#activity+code"},
               {"activity_code_label", "4Ws code meaning", "#activity+type"},
               {"layer", "Intervention layer", "#activity+layer"},
               {"mapped", "Code mapped by rule", "#activity+mapped"},
               {"activity", "Activity", "#activity+name"},
               {"start_date", "Start", "#date+start"},
               {"end_date", "End", "#date+end"},
               {"status", "Status", "#status"}};
  for (const char* measure : {"reached", "contacts"}) {
    const bool reached = std::string(measure) == "reached";
    for (int s = 0; s < sexes; ++s) {
      for (int b = 0; b < bands; ++b) {
        const std::string sex = names["sex"][s], band = names["age_band"][b];
        t.columns.push_back({std::string(measure) + "_" + sex + "_" + band,
                             std::string(reached ? "People reached" : "Service contacts") + ", " + sex + ", " + band,
                             std::string(reached ? "#reached" : "#output+contacts") + SexTag(s) +
                                 AgeTag(categories_.bands(), b)});
      }
    }
    t.columns.push_back({std::string(measure) + "_total", reached ? "People reached, total" : "Service contacts, total",
                         std::string(reached ? "#reached" : "#output+contacts") + "+total"});
  }

  // Each activity's people reached (at their first contact of the period) and contacts.
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.activity, a.person, a.date) < std::tie(b.activity, b.person, b.date);
  });
  const size_t cells = static_cast<size_t>(sexes * bands);
  std::vector<std::vector<int64_t>> reached(activities_.size()), contacts(activities_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    std::vector<int64_t>& r = reached[e.activity];
    std::vector<int64_t>& c = contacts[e.activity];
    if (r.empty()) r.assign(cells, 0), c.assign(cells, 0);
    int sex = sexes - 1, band = bands - 1;
    if (people_ != nullptr && e.person >= 0 && static_cast<size_t>(e.person) < people_->size()) {
      const PersonFact& p = (*people_)[e.person];
      sex = p.sex;
      band = categories_.BandOn(p, e.date);
    }
    if (i == 0 || entries_[i - 1].activity != e.activity || entries_[i - 1].person != e.person || e.person < 0) {
      ++r[static_cast<size_t>(sex * bands + band)];
    }
    ++c[static_cast<size_t>(sex * bands + band)];
  }

  std::vector<size_t> order(activities_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(activities_[a].code, activities_[a].title) < std::tie(activities_[b].code, activities_[b].title);
  });
  const std::string hidden_text = "<" + std::to_string(minimum_cell_);
  // The cells of one measure: by sex × band, then the total; protected in a shared table.
  auto counts = [&](const std::vector<int64_t>& by_cell, std::vector<Json>& row) {
    CountTable table({sexes, bands});
    for (int s = 0; s < sexes; ++s) {
      for (int b = 0; b < bands; ++b) {
        const int64_t n = by_cell.empty() ? 0 : by_cell[static_cast<size_t>(s * bands + b)];
        if (n != 0) table.Add({s, b}, n);
      }
    }
    const std::vector<bool> hidden = shared_ ? SuppressSmallCells(table, minimum_cell_) : std::vector<bool>(table.cell_count());
    for (int s = 0; s < sexes; ++s) {
      for (int b = 0; b < bands; ++b) {
        const size_t i = table.IndexOf({s, b});
        row.push_back(hidden[i] ? Json(hidden_text) : Json(table.count(i)));
      }
    }
    const size_t total = table.cell_count() - 1;
    row.push_back(hidden[total] ? Json(hidden_text) : Json(table.count(total)));
  };
  const int32_t to = DateKey(period_.to);
  for (size_t i : order) {
    if (!met_[i]) continue;
    const FourWsActivity& a = activities_[i];
    // As it stood at the period's end.
    std::string status = "ongoing";
    if ((!a.end_date.empty() && DateKey(a.end_date) <= to) || (a.end_date.empty() && a.status == "completed")) {
      status = "completed";
    } else if (DateKey(a.start_date) > to) {
      status = "planned";
    }
    std::vector<Json> row = {header.organization, header.organization_type, header.donor, "MHPSS", a.admin1, a.admin2,
                             a.site, a.code, a.code_label, a.layer, a.mapped ? "yes" : "no", a.title, a.start_date,
                             a.end_date.empty() ? Json(nullptr) : Json(a.end_date), status};
    if (a.headcount) {
      for (size_t k = 0; k <= cells; ++k) row.push_back(nullptr);
      counts(headcounts_[i], row);
    } else {
      counts(reached[i], row);
      counts(contacts[i], row);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace baton::report
