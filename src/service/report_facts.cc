#include "service/report_facts.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

#include "domain/activities.h"
#include "domain/dates.h"
#include "domain/group_work.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/record_view.h"

namespace baton {

using report::DateKey;
using report::Fact;
using report::IndicatorEngine;
using report::PersonFact;

namespace {

// Reads what the engine's sources need from the store and feeds it, record by record.
class FactLoader {
 public:
  FactLoader(ServiceContext& ctx, OutcomeService& outcomes, IndicatorEngine& engine, const Record& programme,
             const ProgrammeFacts& facts, std::string site_id)
      : ctx_(ctx), outcomes_(outcomes), e_(engine), programme_(programme), facts_(facts), site_(std::move(site_id)) {}

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
  // An activity of the cache as the engine counts it: its field values interned, and whether
  // this report counts it at all.
  struct Activity {
    std::vector<uint32_t> fields;  // stream, activity_code, site_id
    bool counted = false;
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
    e_.SetPeople(facts_.PersonFacts(e_.categories()));
    empty_ = V("");
    yes_ = V("yes");
    no_ = V("no");
    return Status::Ok();
  }

  int32_t Person(std::string_view id) const { return facts_.FindPerson(id); }
  std::string_view SiteOfPerson(int32_t person) const {
    return person < 0 ? std::string_view() : facts_.Text(facts_.people()[person].site);
  }

  // The engine's id of a person's site, looked up once per site.
  uint32_t SiteOf(int32_t person) {
    if (person < 0) return empty_;
    const uint32_t text = facts_.people()[person].site;
    if (site_ids_.size() <= text) site_ids_.resize(text + 1, kNoId);
    if (site_ids_[text] == kNoId) site_ids_[text] = V(facts_.Text(text));
    return site_ids_[text];
  }

  Status LoadActivities() {
    for (const ProgrammeFacts::Activity& a : facts_.activities()) {
      activities_.push_back({{V(a.stream), V(a.code), V(a.site)}, a.in_programme && !OtherSite(a.site)});
    }
    return Status::Ok();
  }
  // The cache's index of a counted activity, else -1.
  int32_t FindActivity(std::string_view id) const {
    const int32_t a = facts_.FindActivity(id);
    return a >= 0 && activities_[a].counted ? a : -1;
  }
  // Attendance is read from the cache: the sessions of the period, each person present a contact.
  Status LoadAttendance() {
    for (const ProgrammeFacts::Session& s : facts_.sessions()) {
      if (s.activity < 0 || !activities_[s.activity].counted || s.date < e_.period_from() || s.date > e_.period_to()) continue;
      const uint32_t* fields = activities_[s.activity].fields.data();
      for (const int32_t person : facts_.Present(s)) {
        e_.Feed(Source::kAttendance, {facts_.people()[person].in_programme ? person : -1, s.date, s.activity, fields});
      }
    }
    return Status::Ok();
  }

  Status LoadSessions() {
    for (const ProgrammeFacts::Held& h : facts_.held()) {
      if (h.activity >= 0 && activities_[h.activity].counted) {
        e_.Feed(Source::kSessions, {-1, h.date, h.activity, activities_[h.activity].fields.data()});
      }
    }
    return Status::Ok();
  }

  Status LoadHeadcounts() {
    for (const ProgrammeFacts::Session& s : facts_.sessions()) {
      if (s.cells_count == 0 || s.activity < 0 || !activities_[s.activity].counted ||
          facts_.activities()[s.activity].mode != "headcount") {
        continue;
      }
      for (const ProgrammeFacts::HeadcountCell& c : facts_.Headcount(s)) {
        Fact f{-1, s.date, s.activity, activities_[s.activity].fields.data(), c.count};
        f.sex = e_.categories().SexIndex(facts_.Text(c.sex));
        f.band = e_.categories().BandIndexOfCode(facts_.Text(c.age_band));
        e_.Feed(Source::kHeadcount, f);
      }
    }
    return Status::Ok();
  }

  // A training's participants, dated by the training's end (its start when it has none): whether
  // they completed it, took the post-test and passed it (the programme's pass mark).
  Status LoadParticipants() {
    const int pass_mark = programme_.data.contains("pass_mark_percent") && programme_.data["pass_mark_percent"].is_number_integer()
                              ? programme_.data["pass_mark_percent"].get<int>()
                              : 70;
    for (size_t i = 0; i < activities_.size(); ++i) {
      const ProgrammeFacts::Activity& a = facts_.activities()[i];
      if (!activities_[i].counted || a.stream != "capacity_building") continue;
      const std::string& id = a.id;
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
        Fact f{-1, date, static_cast<int32_t>(i), participant_fields_.back().data()};
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
                  if (ScanCell(row, 3) == "0" || ScanCell(row, 4) == "0") return;  // missed, or set aside
                  const int32_t person = Person(ScanCell(row, 0));
                  if (OtherSite(SiteOfPerson(person))) return;
                  const uint32_t fields[] = {V(ScanCell(row, 2)), SiteOf(person)};
                  e_.Feed(Source::kCaseSessions, {person, Date(ScanCell(row, 1)), -1, fields});
                });
  }

  Status LoadCases() {
    struct Closed {
      int32_t person;
      int32_t date;
      uint32_t site;
    };
    IdIndex closed_index;  // cases closed in the period, by id: an index into `closed`
    std::vector<Closed> closed;
    BATON_RETURN_IF_ERROR(Scan({.kind = kCaseKind,
                                .equals = {{"programme_id", programme_id()}},
                                .columns = {"id", "person_id", "opened_on", "closed_on", "status", "site_id", "active"}},
                               [&](ScanRow row) {
                                 if (ScanCell(row, 6) == "0" || OtherSite(ScanCell(row, 5))) return;
                                 const int32_t person = Person(ScanCell(row, 1));
                                 const uint32_t site = V(ScanCell(row, 5));
                                 const uint32_t opened[] = {site};
                                 e_.Feed(Source::kCasesOpened, {person, Date(ScanCell(row, 2)), -1, opened});
                                 if (ScanCell(row, 4) != "closed") return;
                                 const uint32_t fields[] = {empty_, site};
                                 const int32_t date = Date(ScanCell(row, 3));
                                 e_.Feed(Source::kCasesClosed, {person, date, -1, fields});
                                 if (date >= e_.period_from() && date <= e_.period_to()) {
                                   closed_index.Add(ScanCell(row, 0), static_cast<int32_t>(closed.size()));
                                   closed.push_back({person, date, site});
                                 }
                               }));
    if (!e_.sources().contains(Source::kCaseOutcomes) || closed.empty()) return Status::Ok();
    // Each closed case's scores per instrument by date: the baseline (the first marked so, else
    // the first with a total) against the latest.
    struct Score {
      uint32_t instrument;
      int32_t date;
      bool baseline;
      double total;
    };
    std::vector<std::vector<Score>> scores(closed.size());
    std::map<uint32_t, std::string> codes;  // instrument codes by their ids
    BATON_RETURN_IF_ERROR(Scan({.kind = "assessment",
                                .equals = {{"programme_id", programme_id()}},
                                .columns = {"case_id", "instrument", "timepoint", "date", "total", "active"}},
                               [&](ScanRow row) {
                                 if (!row[0] || !row[4] || ScanCell(row, 5) == "0") return;
                                 const int32_t c = closed_index.Find(ScanCell(row, 0));
                                 if (c < 0) return;
                                 double total = 0;
                                 const std::string_view text = ScanCell(row, 4);
                                 std::from_chars(text.data(), text.data() + text.size(), total);
                                 const uint32_t instrument = V(ScanCell(row, 1));
                                 codes.try_emplace(instrument, ScanCell(row, 1));
                                 scores[c].push_back({instrument, Date(ScanCell(row, 3)), ScanCell(row, 2) == "baseline", total});
                               }));
    std::map<uint32_t, std::optional<bool>> higher_is_better;  // by instrument
    for (size_t c = 0; c < closed.size(); ++c) {
      std::vector<Score>& list = scores[c];
      std::stable_sort(list.begin(), list.end(),
                       [](const Score& a, const Score& b) { return std::tie(a.instrument, a.date) < std::tie(b.instrument, b.date); });
      for (size_t begin = 0, end = 0; begin < list.size(); begin = end) {
        while (end < list.size() && list[end].instrument == list[begin].instrument) ++end;
        if (end - begin < 2) continue;
        const Score* first = &list[begin];
        for (size_t k = begin; k < end; ++k) {
          if (list[k].baseline) {
            first = &list[k];
            break;
          }
        }
        const Score& last = list[end - 1];
        if (first == &last) continue;
        const uint32_t code = last.instrument;
        if (!higher_is_better.contains(code)) {
          Result<Instrument> instrument = outcomes_.FindInstrument(codes[code], programme_id());
          higher_is_better[code] = instrument.ok() ? std::optional<bool>(instrument->higher_is_better) : std::nullopt;
        }
        if (!higher_is_better[code]) continue;
        const double delta = *higher_is_better[code] ? last.total - first->total : first->total - last.total;
        outcome_fields_.push_back({code, delta > 0 ? yes_ : no_, closed[c].site});
        e_.Feed(Source::kCaseOutcomes, {closed[c].person, closed[c].date, -1, outcome_fields_.back().data()});
      }
    }
    return Status::Ok();
  }

  Status LoadReferrals() {
    std::unordered_map<std::string, std::string> category;  // service id -> category
    BATON_RETURN_IF_ERROR(Scan({.kind = "service",
                                .equals = {{"organization_id", Str(programme_.data, "organization_id")}},
                                .columns = {"id", "category"}},
                               [&](ScanRow row) { category[std::string(ScanCell(row, 0))] = ScanCell(row, 1); }));
    return Scan({.kind = "referral",
                 .equals = {{"programme_id", programme_id()}},
                 .ranges = InPeriod("made_on"),
                 .columns = {"person_id", "made_on", "direction", "status", "urgency", "service_id"}},
                [&](ScanRow row) {
                  const int32_t person = Person(ScanCell(row, 0));
                  if (OtherSite(SiteOfPerson(person))) return;
                  auto it = category.find(std::string(ScanCell(row, 5)));
                  const uint32_t fields[] = {V(ScanCell(row, 2)), V(ScanCell(row, 3)), V(ScanCell(row, 4)),
                                             V(it == category.end() ? "" : it->second), SiteOf(person)};
                  e_.Feed(Source::kReferrals, {person, Date(ScanCell(row, 1)), -1, fields});
                });
  }

  Status LoadRiskFlags() {
    return Scan({.kind = kRiskFlagKind, .equals = {{"programme_id", programme_id()}}, .columns = {"person_id", "status", "raised_ms"}},
                [&](ScanRow row) {
                  const int32_t person = Person(ScanCell(row, 0));
                  if (OtherSite(SiteOfPerson(person))) return;
                  int64_t ms = 0;
                  std::from_chars(ScanCell(row, 2).data(), ScanCell(row, 2).data() + ScanCell(row, 2).size(), ms);
                  const uint32_t fields[] = {V(ScanCell(row, 1)), SiteOf(person)};
                  e_.Feed(Source::kRiskFlags, {person, Date(DateOfMs(ms)), -1, fields});
                });
  }

  Status LoadMediations() {
    return Scan({.kind = "mediation",
                 .equals = {{"programme_id", programme_id()}},
                 .columns = {"opened_on", "closed_on", "dispute_type", "status", "outcome", "site_id", "active"}},
                [&](ScanRow row) {
                  if (ScanCell(row, 6) == "0" || OtherSite(ScanCell(row, 5))) return;
                  const uint32_t opened[] = {V(ScanCell(row, 2)), V(ScanCell(row, 3)), V(ScanCell(row, 5))};
                  e_.Feed(Source::kMediations, {-1, Date(ScanCell(row, 0)), -1, opened});
                  if (!row[1]) return;
                  const uint32_t closed[] = {V(ScanCell(row, 2)), V(ScanCell(row, 4)), V(ScanCell(row, 5))};
                  e_.Feed(Source::kMediationsClosed, {-1, Date(ScanCell(row, 1)), -1, closed});
                });
  }

  Status LoadCooperatives() {
    return Scan({.kind = "cooperative",
                 .equals = {{"programme_id", programme_id()}},
                 .columns = {"start_date", "kind", "status", "site_id", "active"}},
                [&](ScanRow row) {
                  if (ScanCell(row, 4) == "0" || OtherSite(ScanCell(row, 3))) return;
                  const uint32_t fields[] = {V(ScanCell(row, 1)), V(ScanCell(row, 2)), V(ScanCell(row, 3))};
                  e_.Feed(Source::kCooperatives, {-1, Date(ScanCell(row, 0)), -1, fields});
                });
  }

  ServiceContext& ctx_;
  OutcomeService& outcomes_;
  IndicatorEngine& e_;
  const Record& programme_;
  const ProgrammeFacts& facts_;
  std::string site_;
  std::string from_, to_;
  std::vector<Activity> activities_;  // by the cache's activity index
  static constexpr uint32_t kNoId = UINT32_MAX;
  std::vector<uint32_t> site_ids_;  // by the cache's text id
  uint32_t empty_ = 0, yes_ = 0, no_ = 0;
  // Field tuples the engine is fed by address: kept until it is done.
  std::deque<std::vector<uint32_t>> participant_fields_, outcome_fields_;
};

}  // namespace

Status FeedIndicators(ServiceContext& ctx, OutcomeService& outcomes, IndicatorEngine& engine, const Record& programme,
                      const ProgrammeFacts& facts, const std::string& site_id) {
  return FactLoader(ctx, outcomes, engine, programme, facts, site_id).Load();
}

}  // namespace baton
