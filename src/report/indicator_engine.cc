#include "report/indicator_engine.h"

#include <algorithm>
#include <cmath>

#include "domain/activities.h"
#include "domain/disclosure.h"

namespace baton::report {
namespace {

// Which cells of `table` (over `dims`) a protected report hides. It publishes the grand total, the
// cross of sex and age band with both its margins, and the population group and disability
// margins, each alone: each of those three tables is protected on its own (domain/disclosure), and
// a grand total hidden by one is hidden, and protected, in all; nothing else of `table` is published. Publishing fewer
// crosses than the full lattice keeps the counts a donor reads: across sex × age band × group ×
// disability most cells of a small programme are small, and hiding what would give them away
// would hide nearly everything.
std::vector<bool> ProtectPublished(const CountTable& table, const std::vector<Dimension>& dims, int64_t threshold) {
  std::vector<bool> hidden(table.cell_count(), false);
  const std::vector<int>& sizes = table.sizes();
  // Protects one table (`part`: positions in dims), the grand total hidden from the start when
  // `total_hidden`; true when it ends up hiding the grand total.
  auto protect = [&](const std::vector<size_t>& part, bool total_hidden) {
    std::vector<int> sub_sizes;
    for (size_t k : part) sub_sizes.push_back(sizes[k]);
    CountTable sub(sub_sizes);
    auto full_index = [&](const std::vector<int>& sub_coords) {
      std::vector<int> c(sizes);  // every coordinate at its total
      for (size_t k = 0; k < part.size(); ++k) c[part[k]] = sub_coords[k];
      return table.IndexOf(c);
    };
    for (size_t i = 0; i < sub.cell_count(); ++i) {
      const std::vector<int> sc = sub.CoordinatesOf(i);
      bool category = true;
      for (size_t k = 0; k < sc.size(); ++k) category = category && sc[k] < sub_sizes[k];
      if (category) sub.Add(sc, table.count(full_index(sc)));
    }
    std::vector<bool> already(sub.cell_count(), false);
    already.back() = total_hidden;
    const std::vector<bool> sub_hidden = SuppressSmallCells(sub, threshold, already);
    for (size_t i = 0; i < sub.cell_count(); ++i) {
      if (sub_hidden[i]) hidden[full_index(sub.CoordinatesOf(i))] = true;
    }
    return sub_hidden.back();
  };
  std::vector<std::vector<size_t>> parts;
  std::vector<size_t> sex_age;
  for (size_t k = 0; k < dims.size(); ++k) {
    if (dims[k] == Dimension::kSex || dims[k] == Dimension::kAgeBand) {
      sex_age.push_back(k);
    } else {
      parts.push_back({k});
    }
  }
  parts.push_back(sex_age);
  bool total_hidden = false;
  for (const std::vector<size_t>& part : parts) total_hidden = protect(part, false) || total_hidden;
  // The tables share their grand total: once one hides it, the others must not give it away
  // (their margins add up to it), so each is protected again with it hidden.
  if (total_hidden) {
    for (const std::vector<size_t>& part : parts) protect(part, true);
  }
  return hidden;
}

}  // namespace

IndicatorEngine::IndicatorEngine(ReportSetup setup)
    : setup_(std::move(setup)), categories_(setup_.bands, setup_.population_groups) {
  from_ = DateKey(setup_.period.from);
  to_ = DateKey(setup_.period.to);
  for (const Indicator& ind : setup_.indicators) {
    Compiled c{&ind, ind.Dimensions(), {}};
    auto add_side = [&](const IndicatorCount& count) {
      Side side;
      side.count = count;
      side.dims = c.dims;
      for (Source s : count.sources) {
        const SourceInfo& info = InfoOf(s);
        std::vector<std::vector<uint32_t>> where(info.fields.size());
        for (const auto& [field, values] : count.where) {
          const size_t at = std::find(info.fields.begin(), info.fields.end(), field) - info.fields.begin();
          if (at >= info.fields.size()) continue;  // ParseIndicator refuses such fields
          for (const std::string& v : values) where[at].push_back(Intern(v));
        }
        side.where[s] = std::move(where);
        sources_.insert(s);
        const size_t at = static_cast<size_t>(s);
        if (feeds_.size() <= at) feeds_.resize(at + 1);
        feeds_[at].fields = info.fields.size();
        feeds_[at].sides.push_back(sides_.size());
      }
      // Sides over the same dimensions share a fact's cell.
      auto group = std::find(dims_groups_.begin(), dims_groups_.end(), side.dims);
      side.dims_group = static_cast<size_t>(group - dims_groups_.begin());
      if (group == dims_groups_.end()) dims_groups_.push_back(side.dims);
      if (count.measure == Measure::kCount) {
        size_t n = 1;
        for (Dimension d : side.dims) n *= static_cast<size_t>(categories_.Size(d));
        side.cells.assign(n, 0);
      }
      c.sides.push_back(sides_.size());
      sides_.push_back(std::move(side));
    };
    add_side(ind.numerator);
    if (ind.denominator) add_side(*ind.denominator);
    compiled_.push_back(std::move(c));
  }
  cell_of_group_.assign(dims_groups_.size(), 0);
  cell_stamp_.assign(dims_groups_.size(), 0);
}

uint32_t IndicatorEngine::Intern(std::string_view value) {
  if (auto it = interned_.find(value); it != interned_.end()) return it->second;
  return interned_.emplace(std::string(value), static_cast<uint32_t>(interned_.size())).first->second;
}







void IndicatorEngine::SetPeople(std::vector<PersonFact> people) {
  people_ = std::move(people);
  for (Side& side : sides_) {
    if (side.count.measure == Measure::kPeople) side.first_date.assign(people_.size(), 0);
  }
}

bool IndicatorEngine::Passes(const Side& side, Source source, const Fact& fact) const {
  auto it = side.where.find(source);
  if (it == side.where.end()) return false;
  const std::vector<std::vector<uint32_t>>& where = it->second;
  for (size_t f = 0; f < where.size(); ++f) {
    if (where[f].empty()) continue;
    if (fact.fields == nullptr || std::find(where[f].begin(), where[f].end(), fact.fields[f]) == where[f].end()) {
      return false;
    }
  }
  return true;
}

// Consecutive facts of a source mostly carry the same field values (a session's people, an
// activity's sessions): which sides they pass is worked out again only when the values change.
const std::vector<size_t>& IndicatorEngine::PassingSides(Source source, SourceFeed& feed, const Fact& fact) {
  const bool same = feed.known && (fact.fields == nullptr ? feed.last_null
                                                          : !feed.last_null && std::equal(feed.last.begin(), feed.last.end(), fact.fields));
  if (same) return feed.passing;
  feed.known = true;
  feed.last_null = fact.fields == nullptr;
  feed.last.assign(fact.fields, fact.fields == nullptr ? fact.fields : fact.fields + feed.fields);
  feed.passing.clear();
  for (size_t s : feed.sides) {
    if (Passes(sides_[s], source, fact)) feed.passing.push_back(s);
  }
  return feed.passing;
}

size_t IndicatorEngine::CellOf(const std::vector<Dimension>& dims, const PersonFact& p, int32_t date) const {
  size_t cell = 0;
  for (Dimension d : dims) cell = cell * static_cast<size_t>(categories_.Size(d)) + static_cast<size_t>(categories_.Of(d, p, date));
  return cell;
}

size_t IndicatorEngine::CellOfHeadcount(const std::vector<Dimension>& dims, const Fact& f) const {
  size_t cell = 0;
  for (Dimension d : dims) {
    int c = categories_.Size(d) - 1;  // not recorded / unknown
    if (d == Dimension::kSex && f.sex >= 0) c = f.sex;
    if (d == Dimension::kAgeBand && f.band >= 0) c = f.band;
    cell = cell * static_cast<size_t>(categories_.Size(d)) + static_cast<size_t>(c);
  }
  return cell;
}

void IndicatorEngine::Feed(Source source, const Fact& fact) {
  if (fact.date < from_ || fact.date > to_) return;
  const size_t at = static_cast<size_t>(source);
  if (at >= feeds_.size() || feeds_[at].sides.empty()) return;
  ++fact_stamp_;
  for (size_t s : PassingSides(source, feeds_[at], fact)) {
    Side& side = sides_[s];
    switch (side.count.measure) {
      case Measure::kCount: {
        const bool person = fact.person >= 0 && static_cast<size_t>(fact.person) < people_.size();
        size_t& cell = cell_of_group_[side.dims_group];
        if (cell_stamp_[side.dims_group] != fact_stamp_) {
          cell = person ? CellOf(side.dims, people_[fact.person], fact.date) : CellOfHeadcount(side.dims, fact);
          cell_stamp_[side.dims_group] = fact_stamp_;
        }
        side.cells[cell] += fact.weight;
        break;
      }
      case Measure::kPeople: {
        if (fact.person < 0 || static_cast<size_t>(fact.person) >= people_.size()) break;
        int32_t& first = side.first_date[fact.person];
        if (first == 0 || fact.date < first) first = fact.date;
        break;
      }
      case Measure::kActivities:
        if (fact.activity >= 0) side.activities.insert(fact.activity);
        break;
    }
  }
}


Json IndicatorEngine::Finish() {
  const Json& categories = categories_.ToJson();
  const std::string hidden_text = "<" + std::to_string(setup_.minimum_cell);
  Json breakdown = Json::array();
  for (Dimension d : setup_.breakdown) breakdown.push_back(DimensionName(d));
  Json out = {{"from", setup_.period.from},
              {"to", setup_.period.to},
              {"audience", setup_.shared ? "shared" : "internal"},
              {"sensitivity", setup_.shared ? "moderate" : "high"},
              {"minimum_cell", setup_.minimum_cell},
              {"suppressed", hidden_text},
              {"breakdown", breakdown},
              {"categories", categories},
              {"indicators", Json::array()}};

  for (const Compiled& c : compiled_) {
    const Indicator& ind = *c.indicator;
    std::vector<int> sizes;
    for (Dimension d : c.dims) sizes.push_back(categories_.Size(d));
    // Counts of people and of what they did are protected; counts of sessions, groups,
    // cooperatives or mediation cases (no breakdown) are not about anyone.
    const bool protect = (setup_.shared && !c.dims.empty()) || ind.Sensitive();
    // Each side's table with its totals, and which of its cells are hidden.
    struct Counted {
      CountTable table;
      std::vector<bool> hidden;
    };
    std::vector<Counted> counted;
    for (size_t s : c.sides) {
      Side& side = sides_[s];
      CountTable table(sizes);
      std::vector<int> coords(sizes.size());
      auto add_cell = [&](size_t cell, int64_t n) {
        for (size_t d = sizes.size(); d-- > 0;) {
          coords[d] = static_cast<int>(cell % static_cast<size_t>(sizes[d]));
          cell /= static_cast<size_t>(sizes[d]);
        }
        table.Add(coords, n);
      };
      switch (side.count.measure) {
        case Measure::kCount:
          for (size_t cell = 0; cell < side.cells.size(); ++cell) {
            if (side.cells[cell] != 0) add_cell(cell, side.cells[cell]);
          }
          break;
        case Measure::kPeople: {
          size_t n = 1;
          for (int size : sizes) n *= static_cast<size_t>(size);
          std::vector<int64_t> cells(n, 0);
          for (size_t p = 0; p < side.first_date.size(); ++p) {
            if (side.first_date[p] != 0) ++cells[CellOf(side.dims, people_[p], side.first_date[p])];
          }
          for (size_t cell = 0; cell < n; ++cell) {
            if (cells[cell] != 0) add_cell(cell, cells[cell]);
          }
          break;
        }
        case Measure::kActivities:
          table.Add(std::vector<int>(sizes.size(), 0), static_cast<int64_t>(side.activities.size()));
          break;
      }
      std::vector<bool> hidden = protect ? ProtectPublished(table, c.dims, setup_.minimum_cell)
                                         : std::vector<bool>(table.cell_count(), false);
      counted.push_back({std::move(table), std::move(hidden)});
    }

    auto count_json = [&](const Counted& k, size_t index) -> Json {
      if (k.hidden[index]) return hidden_text;
      return k.table.count(index);
    };
    // The value of one cell of the full table: a count, or for a percentage its value with both
    // counts. Zero cells (no denominator) are left out of lists: nullopt.
    auto cell_json = [&](const std::vector<int>& coordinates, Json cell, bool keep_zero) -> std::optional<Json> {
      const size_t index = counted[0].table.IndexOf(coordinates);
      if (!ind.denominator) {
        if (!keep_zero && counted[0].table.count(index) == 0) return std::nullopt;
        cell["value"] = count_json(counted[0], index);
        return cell;
      }
      const int64_t num = counted[0].table.count(index), den = counted[1].table.count(index);
      if (!keep_zero && den == 0 && num == 0) return std::nullopt;
      const bool hidden = counted[0].hidden[index] || counted[1].hidden[index];
      cell["value"] = hidden || den == 0 ? Json(nullptr) : Json(std::round(1000.0 * num / den) / 10.0);
      cell["numerator"] = count_json(counted[0], index);
      cell["denominator"] = count_json(counted[1], index);
      return cell;
    };

    Json item = {{"code", ind.code},           {"version", ind.version},     {"level", ind.level},
                 {"domain", ind.domain},       {"wording", ind.wording},     {"unit", ind.Unit()},
                 {"sensitive", ind.Sensitive()}, {"builtin", ind.builtin}};
    std::vector<int> total(sizes);  // every coordinate at its total
    Json whole = *cell_json(total, Json::object(), true);
    for (auto& [k, v] : whole.items()) item[k] = v;
    // The target set for this period, and how much of it the value reached (when it is shown).
    if (auto t = setup_.targets.find(ind.code); t != setup_.targets.end()) {
      item["target"] = t->second;
      item["achievement"] = item["value"].is_number() && t->second > 0
                                ? Json(std::round(1000.0 * item["value"].get<double>() / t->second) / 10.0)
                                : Json(nullptr);
    } else {
      item["target"] = nullptr;
      item["achievement"] = nullptr;
    }

    // The requested dimensions this indicator knows, in the requested order; protected counts
    // cross only sex and age band (ProtectPublished).
    std::vector<size_t> shown;  // positions in c.dims
    std::vector<size_t> crossed;
    Json shown_names = Json::array();
    for (Dimension d : setup_.breakdown) {
      const size_t at = std::find(c.dims.begin(), c.dims.end(), d) - c.dims.begin();
      if (at < c.dims.size()) {
        shown.push_back(at);
        shown_names.push_back(DimensionName(d));
        if (!protect || d == Dimension::kSex || d == Dimension::kAgeBand) crossed.push_back(at);
      }
    }
    item["breakdown"] = shown_names;
    if (!shown.empty()) {
      Json cells = Json::array();
      std::vector<int> pick(crossed.size(), 0);
      for (bool more = !crossed.empty(); more;) {
        std::vector<int> coordinates = total;
        Json cell = Json::object();
        for (size_t k = 0; k < crossed.size(); ++k) {
          coordinates[crossed[k]] = pick[k];
          const char* name = DimensionName(c.dims[crossed[k]]);
          cell[name] = categories[name][pick[k]];
        }
        if (std::optional<Json> j = cell_json(coordinates, std::move(cell), false)) cells.push_back(std::move(*j));
        size_t k = crossed.size();
        while (k-- > 0 && ++pick[k] == sizes[crossed[k]]) pick[k] = 0;
        more = k < crossed.size();
      }
      Json crossed_names = Json::array();
      for (size_t k : crossed) crossed_names.push_back(DimensionName(c.dims[k]));
      item["cells_cross"] = std::move(crossed_names);
      item["cells"] = std::move(cells);
      Json margins = Json::object();
      for (size_t k : shown) {
        const char* name = DimensionName(c.dims[k]);
        Json list = Json::array();
        for (int v = 0; v < sizes[k]; ++v) {
          std::vector<int> coordinates = total;
          coordinates[k] = v;
          if (std::optional<Json> j = cell_json(coordinates, Json{{name, categories[name][v]}}, false)) {
            list.push_back(std::move(*j));
          }
        }
        margins[name] = std::move(list);
      }
      item["margins"] = std::move(margins);
    }
    out["indicators"].push_back(std::move(item));
  }
  return out;
}

}  // namespace baton::report
