#include "service/report_service.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "base/ids.h"
#include "domain/activities.h"
#include "domain/age_bands.h"
#include "domain/dates.h"
#include "domain/group_work.h"
#include "domain/indicators.h"
#include "domain/persons.h"
#include "report/indicator_engine.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/record_view.h"

namespace baton {
namespace {

using report::DateKey;
using report::Fact;
using report::IndicatorEngine;
using report::PersonFact;

std::string_view Cell(ScanRow row, size_t i) { return row[i].value_or(std::string_view()); }

// Person ids to PersonFact indexes. Ids are UUIDs: kept as two 64-bit halves in an open-addressing
// table (a million people take 32 MB, where a map of strings would take several times that), the
// low half — random in a UUIDv7 — as the hash.
class PersonIndex {
 public:
  void Add(std::string_view id, int32_t index) {
    uint64_t hi = 0, lo = 0;
    if (!Parse(id, hi, lo)) return;
    if (2 * (size_ + 1) > slots_.size()) Grow();
    Insert(hi, lo, index);
  }
  int32_t Find(std::string_view id) const {
    uint64_t hi = 0, lo = 0;
    if (slots_.empty() || !Parse(id, hi, lo)) return -1;
    for (size_t i = lo & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (s.index < 0) return -1;
      if (s.hi == hi && s.lo == lo) return s.index;
    }
  }

 private:
  struct Slot {
    uint64_t hi = 0, lo = 0;
    int32_t index = -1;
  };
  // The canonical lower-case form (base/ids IsUuid), read in the same pass that checks it.
  static bool Parse(std::string_view id, uint64_t& hi, uint64_t& lo) {
    if (id.size() != 36) return false;
    int nibbles = 0;
    for (size_t i = 0; i < id.size(); ++i) {
      const char c = id[i];
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return false;
        continue;
      }
      uint64_t v = 0;
      if (c >= '0' && c <= '9') {
        v = static_cast<uint64_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v = static_cast<uint64_t>(c - 'a' + 10);
      } else {
        return false;
      }
      uint64_t& half = nibbles++ < 16 ? hi : lo;
      half = half << 4 | v;
    }
    return true;
  }
  void Insert(uint64_t hi, uint64_t lo, int32_t index) {
    for (size_t i = lo & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (s.index < 0) {
        s = {hi, lo, index};
        ++size_;
        return;
      }
      if (s.hi == hi && s.lo == lo) return;
    }
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
    size_ = 0;
    for (const Slot& s : old) {
      if (s.index >= 0) Insert(s.hi, s.lo, s.index);
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// The people of a programme as the breakdowns need them, with an index from their ids (and, when
// `sites` is given, each one's site).
Status LoadPeopleOf(Store& store, const std::string& programme_id, const report::Categories& categories,
                    PersonIndex& index, std::vector<PersonFact>& people, std::vector<std::string>* sites) {
  return store.Scan({.kind = "person",
                     .equals = {{"programme_id", programme_id}},
                     .columns = {"id", "sex", "birth_date_est", "population_group", "disability", "site_id"}},
                    [&](ScanRow row) {
                      index.Add(Cell(row, 0), static_cast<int32_t>(people.size()));
                      const Json disability = !row[4] ? Json(nullptr) : Json(Cell(row, 4) == "1");
                      people.push_back({DateKey(Cell(row, 2)), categories.GroupIndex(Cell(row, 3)),
                                        categories.SexIndex(Cell(row, 1)), categories.DisabilityIndex(disability)});
                      if (sites != nullptr) sites->push_back(std::string(Cell(row, 5)));
                    });
}

// Reads what the engine's sources need from the store and feeds it, record by record.
class FactLoader {
 public:
  FactLoader(ServiceContext& ctx, OutcomeService& outcomes, IndicatorEngine& engine, const Record& programme,
             std::string site_id)
      : ctx_(ctx), outcomes_(outcomes), e_(engine), programme_(programme), site_(std::move(site_id)) {}

  Status Load() {
    const std::set<Source>& needed = e_.sources();
    auto needs = [&](std::initializer_list<Source> any) {
      return std::any_of(any.begin(), any.end(), [&](Source s) { return needed.contains(s); });
    };
    BATON_RETURN_IF_ERROR(LoadPeople());
    if (needs({Source::kAttendance, Source::kHeadcount, Source::kSessions, Source::kParticipants})) {
      BATON_RETURN_IF_ERROR(LoadActivities());
    }
    if (needed.contains(Source::kAttendance)) BATON_RETURN_IF_ERROR(LoadAttendance());
    if (needed.contains(Source::kHeadcount)) BATON_RETURN_IF_ERROR(LoadHeadcounts());
    if (needed.contains(Source::kSessions)) BATON_RETURN_IF_ERROR(LoadSessions());
    if (needed.contains(Source::kParticipants)) BATON_RETURN_IF_ERROR(LoadParticipants());
    if (needed.contains(Source::kCaseSessions)) BATON_RETURN_IF_ERROR(LoadCaseSessions());
    if (needs({Source::kCasesOpened, Source::kCasesClosed, Source::kCaseOutcomes})) BATON_RETURN_IF_ERROR(LoadCases());
    if (needs({Source::kReferrals})) BATON_RETURN_IF_ERROR(LoadReferrals());
    if (needs({Source::kRiskFlags})) BATON_RETURN_IF_ERROR(LoadRiskFlags());
    if (needs({Source::kMediations, Source::kMediationsClosed})) BATON_RETURN_IF_ERROR(LoadMediations());
    if (needs({Source::kCooperatives})) BATON_RETURN_IF_ERROR(LoadCooperatives());
    return Status::Ok();
  }

 private:
  struct Activity {
    int32_t index = 0;
    std::string stream, mode, site;
    std::vector<uint32_t> fields;  // stream, activity_code, site_id
    Record record;                 // only for trainings and headcount activities
  };

  const std::string& programme_id() const { return programme_.id; }
  bool OtherSite(std::string_view site) const { return !site_.empty() && site != site_; }
  int32_t Date(std::string_view iso) const { return DateKey(iso); }
  uint32_t V(std::string_view value) { return e_.Intern(value); }
  std::vector<ListQuery::Range> InPeriod(const char* field) const {
    return {{field, Json(from_), Json(to_)}};
  }

  Status Scan(ScanQuery q, const std::function<void(ScanRow)>& row) { return ctx_.store().Scan(q, row); }

  Status LoadPeople() {
    from_ = report::DateText(e_.period_from());
    to_ = report::DateText(e_.period_to());
    std::vector<PersonFact> people;
    BATON_RETURN_IF_ERROR(LoadPeopleOf(ctx_.store(), programme_id(), e_.categories(), index_, people, &person_site_));
    e_.SetPeople(std::move(people));
    return Status::Ok();
  }

  int32_t Person(std::string_view id) const { return index_.Find(id); }
  std::string_view SiteOfPerson(int32_t person) const {
    return person < 0 ? std::string_view() : std::string_view(person_site_[person]);
  }

  Status LoadActivities() {
    return Scan({.kind = "activity",
                 .equals = {{"programme_id", programme_id()}},
                 .columns = {"id", "stream", "activity_code", "site_id", "attendance_mode"}},
                [&](ScanRow row) {
                  Activity a;
                  a.index = static_cast<int32_t>(activities_.size());
                  a.stream = Cell(row, 1);
                  a.site = Cell(row, 3);
                  a.mode = Cell(row, 4);
                  a.fields = {V(a.stream), V(Cell(row, 2)), V(a.site)};
                  activities_.emplace(std::string(Cell(row, 0)), std::move(a));
                });
  }
  const Activity* FindActivity(std::string_view id) const {
    auto it = activities_.find(std::string(id));
    return it == activities_.end() || OtherSite(it->second.site) ? nullptr : &it->second;
  }

  Status LoadAttendance() {
    return Scan({.kind = kAttendanceKind,
                 .equals = {{"programme_id", programme_id()}},
                 .ranges = InPeriod("date"),
                 .columns = {"activity_id", "date"},
                 .element = "attendance",
                 .element_columns = {"person_id", "present"}},
                [&](ScanRow row) {
                  if (!row[2] || Cell(row, 3) != "1") return;  // a training's participant, or absent
                  const Activity* a = FindActivity(Cell(row, 0));
                  if (a == nullptr) return;
                  e_.Feed(Source::kAttendance, {Person(Cell(row, 2)), Date(Cell(row, 1)), a->index, a->fields.data()});
                });
  }

  Status LoadSessions() {
    return Scan({.kind = kSessionKind, .equals = {{"programme_id", programme_id()}}, .ranges = InPeriod("date"),
                 .columns = {"activity_id", "date"}},
                [&](ScanRow row) {
                  const Activity* a = FindActivity(Cell(row, 0));
                  if (a != nullptr) e_.Feed(Source::kSessions, {-1, Date(Cell(row, 1)), a->index, a->fields.data()});
                });
  }

  // Headcounts are in the records themselves: read only the headcount activities' sessions.
  Status LoadHeadcounts() {
    for (const auto& [id, a] : activities_) {
      if (a.mode != "headcount" || OtherSite(a.site)) continue;
      ListQuery q{.kind = kAttendanceKind, .equals = {{"activity_id", id}}, .ranges = InPeriod("date"), .limit = 1000};
      BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& r) {
        if (!r.data.contains("headcount")) return Status::Ok();
        const int32_t date = Date(Str(r.data, "date"));
        for (const HeadcountCell& c : HeadcountCells(r.data["headcount"])) {
          Fact f{-1, date, a.index, a.fields.data(), c.count};
          f.sex = e_.categories().SexIndex(c.sex);
          f.band = e_.categories().BandIndexOfCode(c.age_band);
          e_.Feed(Source::kHeadcount, f);
        }
        return Status::Ok();
      }));
    }
    return Status::Ok();
  }

  // A training's participants, dated by the training's end (its start when it has none): whether
  // they completed it, took the post-test and passed it (the programme's pass mark).
  Status LoadParticipants() {
    const int pass_mark = programme_.data.contains("pass_mark_percent") && programme_.data["pass_mark_percent"].is_number_integer()
                              ? programme_.data["pass_mark_percent"].get<int>()
                              : 70;
    for (const auto& [id, a] : activities_) {
      if (a.stream != "capacity_building" || OtherSite(a.site)) continue;
      BATON_ASSIGN_OR_RETURN(Record training, LoadActivity(ctx_.store(), id));
      const std::string end = Str(training.data, "end_date").empty() ? Str(training.data, "start_date")
                                                                       : Str(training.data, "end_date");
      const int32_t date = Date(end);
      if (date < e_.period_from() || date > e_.period_to()) continue;
      int held = 0;
      std::map<std::string, int> attended;
      ListQuery sessions{.kind = kAttendanceKind, .equals = {{"activity_id", id}}, .limit = 1000};
      BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), sessions, [&](const Record& s) {
        ++held;
        for (const Json& entry : s.data.value("attendance", Json::array())) {
          if (entry.contains("participant_id") && entry.value("present", false)) ++attended[Str(entry, "participant_id")];
        }
        return Status::Ok();
      }));
      const double max_score = TestMaxScoreOf(training.data);
      const bool finished = TrainingFinished(training.data, ctx_.Today());
      const int rule = CompletionRulePercentOf(training.data);
      ListQuery q{.kind = "participant", .equals = {{"activity_id", id}}, .limit = 1000};
      BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& p) {
        if (!p.data.value("active", true)) return Status::Ok();
        auto it = attended.find(p.id);
        const CompletionResult c = CompletionOf(it == attended.end() ? 0 : it->second, held, rule, finished);
        const ScoreChange score = ScoreChangeOf(p.data, max_score);
        const bool tested = score.post.has_value();
        const bool passed = tested && *score.post * 100 >= pass_mark * max_score;
        participant_fields_.push_back({V(c.status == Completion::kCompleted ? "yes" : "no"), V(tested ? "yes" : "no"),
                                       V(passed ? "yes" : "no"), V(a.site)});
        Fact f{-1, date, a.index, participant_fields_.back().data()};
        f.sex = e_.categories().SexIndex(Str(p.data, "sex"));
        e_.Feed(Source::kParticipants, f);
        return Status::Ok();
      }));
    }
    return Status::Ok();
  }

  Status LoadCaseSessions() {
    return Scan({.kind = kCaseSessionKind, .equals = {{"programme_id", programme_id()}}, .ranges = InPeriod("date"),
                 .columns = {"person_id", "date", "type", "attended", "active"}},
                [&](ScanRow row) {
                  if (Cell(row, 3) == "0" || Cell(row, 4) == "0") return;  // missed, or set aside
                  const int32_t person = Person(Cell(row, 0));
                  if (OtherSite(SiteOfPerson(person))) return;
                  const uint32_t fields[] = {V(Cell(row, 2)), V(SiteOfPerson(person))};
                  e_.Feed(Source::kCaseSessions, {person, Date(Cell(row, 1)), -1, fields});
                });
  }

  Status LoadCases() {
    struct Closed {
      int32_t person;
      int32_t date;
      uint32_t site;
    };
    std::unordered_map<std::string, Closed> closed;  // cases closed in the period, by id
    BATON_RETURN_IF_ERROR(Scan({.kind = kCaseKind,
                                .equals = {{"programme_id", programme_id()}},
                                .columns = {"id", "person_id", "opened_on", "closed_on", "status", "site_id", "active"}},
                               [&](ScanRow row) {
                                 if (Cell(row, 6) == "0" || OtherSite(Cell(row, 5))) return;
                                 const int32_t person = Person(Cell(row, 1));
                                 const uint32_t site = V(Cell(row, 5));
                                 const uint32_t opened[] = {site};
                                 e_.Feed(Source::kCasesOpened, {person, Date(Cell(row, 2)), -1, opened});
                                 if (Cell(row, 4) != "closed") return;
                                 const uint32_t fields[] = {V(""), site};
                                 const int32_t date = Date(Cell(row, 3));
                                 e_.Feed(Source::kCasesClosed, {person, date, -1, fields});
                                 if (date >= e_.period_from() && date <= e_.period_to()) {
                                   closed.emplace(std::string(Cell(row, 0)), Closed{person, date, site});
                                 }
                               }));
    if (!e_.sources().contains(Source::kCaseOutcomes) || closed.empty()) return Status::Ok();
    // Each closed case's scores per instrument by date: the baseline (the first marked so, else
    // the first with a total) against the latest.
    struct Score {
      std::string date;
      bool baseline;
      double total;
    };
    std::map<std::pair<std::string, std::string>, std::vector<Score>> scores;  // (case, instrument)
    BATON_RETURN_IF_ERROR(Scan({.kind = "assessment",
                                .equals = {{"programme_id", programme_id()}},
                                .columns = {"case_id", "instrument", "timepoint", "date", "total", "active"}},
                               [&](ScanRow row) {
                                 if (!row[0] || !row[4] || Cell(row, 5) == "0" || !closed.contains(std::string(Cell(row, 0)))) {
                                   return;
                                 }
                                 const std::string_view total = Cell(row, 4);
                                 scores[{std::string(Cell(row, 0)), std::string(Cell(row, 1))}].push_back(
                                     {std::string(Cell(row, 3)), Cell(row, 2) == "baseline",
                                      std::strtod(std::string(total).c_str(), nullptr)});
                               }));
    std::map<std::string, std::optional<bool>> higher_is_better;  // by instrument code
    for (auto& [key, list] : scores) {
      const auto& [case_id, code] = key;
      if (list.size() < 2) continue;
      std::stable_sort(list.begin(), list.end(), [](const Score& a, const Score& b) { return a.date < b.date; });
      const Score* first = &list.front();
      for (const Score& s : list) {
        if (s.baseline) {
          first = &s;
          break;
        }
      }
      const Score& last = list.back();
      if (first == &last) continue;
      if (!higher_is_better.contains(code)) {
        Result<Instrument> instrument = outcomes_.FindInstrument(code, programme_id());
        higher_is_better[code] = instrument.ok() ? std::optional<bool>(instrument->higher_is_better) : std::nullopt;
      }
      if (!higher_is_better[code]) continue;
      const double delta = *higher_is_better[code] ? last.total - first->total : first->total - last.total;
      const Closed& c = closed.at(case_id);
      outcome_fields_.push_back({V(code), V(delta > 0 ? "yes" : "no"), c.site});
      e_.Feed(Source::kCaseOutcomes, {c.person, c.date, -1, outcome_fields_.back().data()});
    }
    return Status::Ok();
  }

  Status LoadReferrals() {
    std::unordered_map<std::string, std::string> category;  // service id -> category
    BATON_RETURN_IF_ERROR(Scan({.kind = "service",
                                .equals = {{"organization_id", Str(programme_.data, "organization_id")}},
                                .columns = {"id", "category"}},
                               [&](ScanRow row) { category[std::string(Cell(row, 0))] = Cell(row, 1); }));
    return Scan({.kind = "referral",
                 .equals = {{"programme_id", programme_id()}},
                 .ranges = InPeriod("made_on"),
                 .columns = {"person_id", "made_on", "direction", "status", "urgency", "service_id"}},
                [&](ScanRow row) {
                  const int32_t person = Person(Cell(row, 0));
                  if (OtherSite(SiteOfPerson(person))) return;
                  auto it = category.find(std::string(Cell(row, 5)));
                  const uint32_t fields[] = {V(Cell(row, 2)), V(Cell(row, 3)), V(Cell(row, 4)),
                                             V(it == category.end() ? "" : it->second), V(SiteOfPerson(person))};
                  e_.Feed(Source::kReferrals, {person, Date(Cell(row, 1)), -1, fields});
                });
  }

  Status LoadRiskFlags() {
    return Scan({.kind = kRiskFlagKind, .equals = {{"programme_id", programme_id()}}, .columns = {"person_id", "status", "raised_ms"}},
                [&](ScanRow row) {
                  const int32_t person = Person(Cell(row, 0));
                  if (OtherSite(SiteOfPerson(person))) return;
                  int64_t ms = 0;
                  std::from_chars(Cell(row, 2).data(), Cell(row, 2).data() + Cell(row, 2).size(), ms);
                  const uint32_t fields[] = {V(Cell(row, 1)), V(SiteOfPerson(person))};
                  e_.Feed(Source::kRiskFlags, {person, Date(DateOfMs(ms)), -1, fields});
                });
  }

  Status LoadMediations() {
    return Scan({.kind = "mediation",
                 .equals = {{"programme_id", programme_id()}},
                 .columns = {"opened_on", "closed_on", "dispute_type", "status", "outcome", "site_id", "active"}},
                [&](ScanRow row) {
                  if (Cell(row, 6) == "0" || OtherSite(Cell(row, 5))) return;
                  const uint32_t opened[] = {V(Cell(row, 2)), V(Cell(row, 3)), V(Cell(row, 5))};
                  e_.Feed(Source::kMediations, {-1, Date(Cell(row, 0)), -1, opened});
                  if (!row[1]) return;
                  const uint32_t closed[] = {V(Cell(row, 2)), V(Cell(row, 4)), V(Cell(row, 5))};
                  e_.Feed(Source::kMediationsClosed, {-1, Date(Cell(row, 1)), -1, closed});
                });
  }

  Status LoadCooperatives() {
    return Scan({.kind = "cooperative",
                 .equals = {{"programme_id", programme_id()}},
                 .columns = {"start_date", "kind", "status", "site_id", "active"}},
                [&](ScanRow row) {
                  if (Cell(row, 4) == "0" || OtherSite(Cell(row, 3))) return;
                  const uint32_t fields[] = {V(Cell(row, 1)), V(Cell(row, 2)), V(Cell(row, 3))};
                  e_.Feed(Source::kCooperatives, {-1, Date(Cell(row, 0)), -1, fields});
                });
  }

  ServiceContext& ctx_;
  OutcomeService& outcomes_;
  IndicatorEngine& e_;
  const Record& programme_;
  std::string site_;
  std::string from_, to_;
  PersonIndex index_;
  std::vector<std::string> person_site_;
  std::unordered_map<std::string, Activity> activities_;
  // Field tuples the engine is fed by address: kept until it is done.
  std::deque<std::vector<uint32_t>> participant_fields_, outcome_fields_;
};

std::vector<std::string> PopulationGroupsOf(const Json& programme) { return ListsOfProgramme(programme).population_groups; }

}  // namespace

Result<ReportService::Scope> ReportService::ScopeOf(const Principal& who, const ReportParams& params, bool shared_by_default) {
  std::vector<FieldError> errors;
  if (params.programme_id.empty()) errors.push_back({"programme", "is required"});
  Period period;
  if (!params.period.empty()) {
    if (!params.from.empty() || !params.to.empty()) errors.push_back({"period", "is given with from and to: give one or the other"});
    Result<Period> p = ParsePeriod(params.period);
    if (p.ok()) {
      period = *p;
    } else {
      errors.push_back({"period", p.status().errors().front().message});
    }
  } else {
    for (const auto& [name, value] : {std::pair{"from", &params.from}, std::pair{"to", &params.to}}) {
      if (value->empty()) {
        errors.push_back({name, "is required (YYYY-MM-DD), or give period"});
      } else if (DateKey(*value) == 0 || AddDays(*value, 0) != *value) {
        errors.push_back({name, "must be a date (YYYY-MM-DD)"});
      }
    }
    period = {params.from, params.to};
    if (errors.empty() && period.from > period.to) errors.push_back({"to", "is before from"});
  }
  std::vector<Dimension> breakdown;
  for (const std::string& name : params.breakdown) {
    std::optional<Dimension> d = DimensionNamed(name);
    if (!d) {
      errors.push_back({"breakdown", "\"" + name + "\" is not one of: sex, age_band, population_group, disability"});
    } else if (std::find(breakdown.begin(), breakdown.end(), *d) == breakdown.end()) {
      breakdown.push_back(*d);
    }
  }
  if (!params.audience.empty() && params.audience != "internal" && params.audience != "shared") {
    errors.push_back({"audience", "must be internal or shared"});
  }
  if (!params.site_id.empty() && !IsUuid(params.site_id)) errors.push_back({"site", "must be a site's id"});
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));

  BATON_ASSIGN_OR_RETURN(Record programme, LoadRecord(ctx_.store(), "programme", params.programme_id));
  AccessTarget target;
  target.organization_id = Str(programme.data, "organization_id");
  for (const Json& id : programme.data.value("viewer_organization_ids", Json::array())) {
    if (id.is_string()) target.viewer_organization_ids.push_back(id.get<std::string>());
  }
  const ReportAudience may = ReportAudienceFor(who, target);
  if (may == ReportAudience::kNone) return Status::Forbidden("you may not read this programme's reports");
  if (params.audience == "internal" && may != ReportAudience::kInternal) {
    return Status::Forbidden("only the programme's managers and M&E officers read reports without disclosure control");
  }
  Json site = nullptr;
  if (!params.site_id.empty()) {
    BATON_ASSIGN_OR_RETURN(Record s, LoadRecord(ctx_.store(), "site", params.site_id));
    site = {{"id", s.id}, {"name", Str(s.data, "name")}};
  }

  Scope scope{std::move(programme), period, breakdown, may == ReportAudience::kShared || params.audience == "shared" ||
                                                         (shared_by_default && params.audience != "internal"),
               std::move(site), 5};
  if (scope.programme.data.contains("minimum_cell") && scope.programme.data["minimum_cell"].is_number_integer()) {
    scope.minimum_cell = scope.programme.data["minimum_cell"].get<int64_t>();
  }
  return scope;
}

Result<Json> ReportService::Indicators(const Principal& who, const ReportParams& params) {
  BATON_ASSIGN_OR_RETURN(Scope scope, ScopeOf(who, params, false));
  const Record& programme = scope.programme;
  std::vector<FieldError> errors;
  std::vector<Indicator> indicators = IndicatorsOfProgramme(programme.data);
  if (!params.indicators.empty()) {
    std::vector<Indicator> chosen;
    for (const std::string& code : params.indicators) {
      auto it = std::find_if(indicators.begin(), indicators.end(), [&](const Indicator& i) { return i.code == code; });
      if (it == indicators.end()) {
        errors.push_back({"indicators", "\"" + code + "\" is not an indicator of this programme"});
      } else if (std::none_of(chosen.begin(), chosen.end(), [&](const Indicator& i) { return i.code == code; })) {
        chosen.push_back(*it);
      }
    }
    if (!errors.empty()) return Status::InvalidFields(std::move(errors));
    indicators = std::move(chosen);
  }

  report::ReportSetup setup;
  setup.indicators = std::move(indicators);
  setup.period = scope.period;
  setup.bands = AgeBandsOfProgramme(programme.data);
  setup.population_groups = PopulationGroupsOf(programme.data);
  setup.breakdown = scope.breakdown;
  setup.shared = scope.shared;
  setup.minimum_cell = scope.minimum_cell;
  IndicatorEngine engine(std::move(setup));
  FactLoader loader(ctx_, outcomes_, engine, programme, params.site_id);
  BATON_RETURN_IF_ERROR(loader.Load());
  Json out = engine.Finish();
  out["programme"] = {{"id", programme.id}, {"name", Str(programme.data, "name")}};
  out["site"] = scope.site;
  return out;
}

}  // namespace baton

namespace baton {

Result<ReportService::FourWs> ReportService::FourWsTable(const Principal& who, const ReportParams& params) {
  BATON_ASSIGN_OR_RETURN(Scope scope, ScopeOf(who, params, true));
  const Record& programme = scope.programme;
  Store& store = ctx_.store();
  const report::Categories categories(AgeBandsOfProgramme(programme.data), PopulationGroupsOf(programme.data));
  report::FourWsBuilder builder(categories, scope.period, scope.shared, scope.minimum_cell);

  report::FourWsHeader header;
  header.donor = Str(programme.data, "donor");
  if (Result<Record> org = store.Get("organization", Str(programme.data, "organization_id")); org.ok()) {
    header.organization = Str(org->data, "name");
    header.organization_type = Str(org->data, "type");
  }
  std::map<std::string, Json> sites;  // id -> site data
  auto site_of = [&](const std::string& id) -> const Json& {
    auto it = sites.find(id);
    if (it == sites.end()) {
      Result<Record> s = store.Get("site", id);
      it = sites.emplace(id, s.ok() ? s->data : Json::object()).first;
    }
    return it->second;
  };
  const ActivityCodeTable codes = ActivityCodesOfProgramme(programme.data);
  std::unordered_map<std::string, int32_t> activity_index;
  std::vector<std::string> headcount_activities;
  ListQuery q{.kind = kActivityKind, .equals = {{"programme_id", programme.id}}, .limit = 1000};
  BATON_RETURN_IF_ERROR(ForEachRecord(store, q, [&](const Record& a) {
    const std::string site = Str(a.data, "site_id");
    if (!params.site_id.empty() && site != params.site_id) return Status::Ok();
    report::FourWsActivity row;
    row.title = Str(a.data, "title");
    row.stream = Str(a.data, "stream");
    row.code = Str(a.data, "activity_code");
    if (const ActivityCode* code = codes.Find(row.code)) {
      row.code_label = code->label;
      row.mapped = code->mapped;
      row.layer = code->layer;
    }
    if (a.data.contains("pyramid_layer") && a.data["pyramid_layer"].is_number_integer()) row.layer = a.data["pyramid_layer"].get<int>();
    row.start_date = Str(a.data, "start_date");
    row.end_date = Str(a.data, "end_date");
    row.status = Str(a.data, "status");
    row.headcount = Str(a.data, "attendance_mode") == "headcount";
    const Json& s = site_of(site);
    row.site = Str(s, "name");
    row.admin1 = Str(s, "admin1");
    row.admin2 = Str(s, "admin2");
    activity_index[a.id] = builder.AddActivity(std::move(row));
    if (Str(a.data, "attendance_mode") == "headcount") headcount_activities.push_back(a.id);
    return Status::Ok();
  }));
  auto activity = [&](std::string_view id) {
    auto it = activity_index.find(std::string(id));
    return it == activity_index.end() ? -1 : it->second;
  };
  const std::vector<ListQuery::Range> period = {{"date", Json(scope.period.from), Json(scope.period.to)}};
  BATON_RETURN_IF_ERROR(store.Scan({.kind = kSessionKind, .equals = {{"programme_id", programme.id}}, .ranges = period,
                                    .columns = {"activity_id"}},
                                   [&](ScanRow row) {
                                     if (int32_t a = activity(Cell(row, 0)); a >= 0) builder.AddSession(a);
                                   }));
  PersonIndex index;
  std::vector<PersonFact> people;
  BATON_RETURN_IF_ERROR(LoadPeopleOf(store, programme.id, categories, index, people, nullptr));
  builder.SetPeople(&people);
  BATON_RETURN_IF_ERROR(store.Scan({.kind = kAttendanceKind,
                                    .equals = {{"programme_id", programme.id}},
                                    .ranges = period,
                                    .columns = {"activity_id", "date"},
                                    .element = "attendance",
                                    .element_columns = {"person_id", "present"}},
                                   [&](ScanRow row) {
                                     if (!row[2] || Cell(row, 3) != "1") return;
                                     if (int32_t a = activity(Cell(row, 0)); a >= 0) {
                                       builder.AddAttendance(a, index.Find(Cell(row, 2)), DateKey(Cell(row, 1)));
                                     }
                                   }));
  for (const std::string& id : headcount_activities) {
    ListQuery sessions{.kind = kAttendanceKind, .equals = {{"activity_id", id}}, .ranges = period, .limit = 1000};
    BATON_RETURN_IF_ERROR(ForEachRecord(store, sessions, [&](const Record& r) {
      if (!r.data.contains("headcount")) return Status::Ok();
      for (const HeadcountCell& c : HeadcountCells(r.data["headcount"])) {
        builder.AddHeadcount(activity_index[id], categories.SexIndex(c.sex), categories.BandIndexOfCode(c.age_band), c.count);
      }
      return Status::Ok();
    }));
  }
  FourWs out{{{"programme", {{"id", programme.id}, {"name", Str(programme.data, "name")}}},
              {"site", scope.site},
              {"from", scope.period.from},
              {"to", scope.period.to},
              {"audience", scope.shared ? "shared" : "internal"},
              {"sensitivity", scope.shared ? "moderate" : "high"},
              {"minimum_cell", scope.minimum_cell},
              {"suppressed", "<" + std::to_string(scope.minimum_cell)}},
             builder.Build(header)};
  return out;
}

}  // namespace baton
