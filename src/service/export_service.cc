#include "service/export_service.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "base/ids.h"
#include "domain/age_bands.h"
#include "domain/consent_policy.h"
#include "domain/dates.h"
#include "domain/indicators.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/record_view.h"
#include "service/report_facts.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr const char* kFormat = "baton-export/1";
// Pages read when records are needed whole (their sealed fields, or a field without a column).
constexpr int kPage = 1000;

enum class Kind { kPeople, kActivities, kAttendance, kCases, kReferrals, kAssessments };

std::optional<Kind> KindNamed(std::string_view name) {
  static const std::map<std::string, Kind, std::less<>> kinds = {
      {"people", Kind::kPeople},       {"activities", Kind::kActivities}, {"attendance", Kind::kAttendance},
      {"cases", Kind::kCases},         {"referrals", Kind::kReferrals},   {"assessments", Kind::kAssessments}};
  auto it = kinds.find(name);
  if (it == kinds.end()) return std::nullopt;
  return it->second;
}

// A person as exports show them: the plain columns, and (identified exports) the opened names.
struct PersonFacts {
  std::string code, sex, birth_est, group, disability, site_id, status, programme_id, registered_on;
  bool identity = false;  // names may be shown (identified export, not erased, consent where needed)
  Json sealed = Json::object();
};

std::string Bool(std::optional<std::string_view> cell) {
  if (!cell) return "";
  return *cell == "1" ? "true" : "false";
}
std::string BoolJson(const Json& data, const char* field) {
  if (!data.contains(field) || !data[field].is_boolean()) return "";
  return data[field].get<bool>() ? "true" : "false";
}

class Exporter {
 public:
  Exporter(ServiceContext& ctx, PersonService& persons, const Principal& who, Kind kind, bool identified)
      : ctx_(ctx), persons_(persons), who_(who), kind_(kind), identified_(identified) {}

  Status Run(const Record& programme, const std::optional<Period>& period, const std::string& site_id,
             ExportTable& out) {
    programme_ = &programme;
    period_ = period;
    site_ = site_id;
    bands_ = AgeBandsOfProgramme(programme.data);
    out_ = &out;
    BATON_RETURN_IF_ERROR(LoadSites());
    switch (kind_) {
      case Kind::kPeople: return People();
      case Kind::kActivities: return Activities();
      case Kind::kAttendance: return Attendance();
      case Kind::kCases: return Cases();
      case Kind::kReferrals: return Referrals();
      case Kind::kAssessments: return Assessments();
    }
    return Status::Internal("unknown export kind");
  }

  // The people whose names the export holds.
  const std::set<std::string>& named() const { return named_; }

 private:
  using Row = std::vector<std::string>;
  Store& store() { return ctx_.store(); }
  const std::string& programme_id() const { return programme_->id; }
  bool OtherSite(std::string_view site) const { return !site_.empty() && site != site_; }
  bool InPeriod(std::string_view date) const {
    return !period_ || (!date.empty() && date >= period_->from && date <= period_->to);
  }
  std::vector<ListQuery::Range> PeriodRange(const char* field) const {
    if (!period_) return {};
    return {{field, Json(period_->from), Json(period_->to)}};
  }
  // The day ages are counted on when a record has no date of its own: the period's end, or today.
  std::string AgeDay() const { return period_ ? period_->to : ctx_.Today(); }

  void Column(std::string key, std::string label, std::string hxl, const char* type = "text") {
    out_->columns.push_back({std::move(key), std::move(label), std::move(hxl), type});
  }

  // ---- sites ----
  struct Site {
    std::string name, admin1, admin2;
  };
  Status LoadSites() {
    ListQuery q{.kind = "site", .equals = {{"organization_id", Str(programme_->data, "organization_id")}}, .limit = kPage};
    return ForEachRecord(store(), q, [&](const Record& s) {
      sites_[s.id] = {Str(s.data, "name"), Str(s.data, "admin1"), Str(s.data, "admin2")};
      return Status::Ok();
    });
  }
  void SiteColumns() {
    Column("site", "Site", "#loc+name");
    Column("admin1", "Admin 1", "#adm1+name");
    Column("admin2", "Admin 2", "#adm2+name");
  }
  void SiteCells(Row& row, std::string_view site_id) {
    auto it = sites_.find(std::string(site_id));
    if (it == sites_.end()) {
      row.insert(row.end(), {"", "", ""});
    } else {
      row.insert(row.end(), {it->second.name, it->second.admin1, it->second.admin2});
    }
  }

  // ---- people ----
  std::string AgeBand(const std::string& birth_est, std::string_view on) const {
    if (birth_est.empty() || on.empty()) return "";
    const int years = YearsBetween(birth_est, on);
    if (years < 0) return "";
    return AgeBandOf(years, bands_).value_or("");
  }
  static std::string Disability(std::optional<std::string_view> cell) { return Bool(cell); }

  // The programme's people, whole records when names or a field without a column are needed.
  Status LoadPeople(bool whole) {
    if (!whole) {
      return store().Scan({.kind = "person",
                           .equals = {{"programme_id", programme_id()}},
                           .columns = {"id", "code", "sex", "birth_date_est", "population_group", "disability",
                                       "site_id", "status"}},
                          [&](ScanRow row) {
                            PersonFacts p{std::string(ScanCell(row, 1)), std::string(ScanCell(row, 2)),
                                          std::string(ScanCell(row, 3)), std::string(ScanCell(row, 4)),
                                          Disability(row[5]), std::string(ScanCell(row, 6)),
                                          std::string(ScanCell(row, 7)), programme_id(), ""};
                            people_.emplace(std::string(ScanCell(row, 0)), std::move(p));
                          });
    }
    ListQuery q{.kind = "person", .equals = {{"programme_id", programme_id()}}, .limit = kPage};
    return ForEachPage(store(), q, [&](std::vector<Record>& page) { return AddPeople(page); });
  }
  Status AddPeople(const std::vector<Record>& page) {
    std::map<std::string, Unsealed> opened;
    if (identified_) {
      BATON_ASSIGN_OR_RETURN(opened, UnsealAll(ctx_, page));
    }
    for (const Record& r : page) {
      PersonFacts p{Str(r.data, "code"), Str(r.data, "sex"), Str(r.data, "birth_date_est"), Str(r.data, "population_group"),
                    BoolJson(r.data, "disability"), Str(r.data, "site_id"), Str(r.data, "status"),
                    Str(r.data, "programme_id"), Str(r.data, "registered_on")};
      if (identified_ && p.status != "erased" && p.status != "merged") {
        auto it = opened.find(r.id);
        if (it != opened.end() && !it->second.key.empty()) {
          p.identity = true;
          p.sealed = std::move(it->second.fields);
        }
        // Someone registered in another programme is in this one's records by their consent to
        // share between programmes (attendance checks it): their name only while it holds.
        if (p.identity && p.programme_id != programme_id()) {
          BATON_ASSIGN_OR_RETURN(ConsentDecision d, persons_.DecideConsent(r, ConsentPurpose::kShareProgrammes, ctx_.Today()));
          p.identity = d.allowed;
        }
        if (!p.identity) p.sealed = Json::object();
      }
      people_[r.id] = std::move(p);
    }
    return Status::Ok();
  }
  // A person the records name, loading one of another programme on first use; nullptr when there
  // is no such person.
  Result<const PersonFacts*> Person(std::string_view id) {
    if (id.empty()) return static_cast<const PersonFacts*>(nullptr);
    auto it = people_.find(std::string(id));
    if (it != people_.end()) return &it->second;
    Result<Record> r = store().Get("person", id);
    if (!r.ok()) {
      if (r.status().code() != Code::kNotFound) return r.status();
      return static_cast<const PersonFacts*>(nullptr);
    }
    std::vector<Record> one;
    one.push_back(std::move(*r));
    BATON_RETURN_IF_ERROR(AddPeople(one));
    return &people_[std::string(id)];
  }

  // Who a record is about, without a name: code, sex, age band on `on`, group, disability; with
  // the names in an identified export.
  void PersonColumns() {
    Column("person_code", "Person code", "#person+code");
    Column("sex", "Sex", "#gender");
    Column("age_band", "Age band", "#age+band");
    Column("population_group", "Population group", "#population+group");
    Column("disability", "Disability (WG-SS)", "#indicator+disability", "boolean");
    if (identified_) {
      Column("given_name", "Given name", "#person+name+given");
      Column("family_name", "Family name", "#person+name+family");
      Column("other_names", "Other names", "#person+name+other");
    }
  }
  void PersonCells(Row& row, const std::string& id, const PersonFacts* p, std::string_view on) {
    if (p == nullptr) {
      row.insert(row.end(), identified_ ? 8 : 5, "");
      return;
    }
    row.insert(row.end(), {p->code, p->sex, AgeBand(p->birth_est, on), p->group, p->disability});
    if (identified_) {
      row.insert(row.end(), {Str(p->sealed, "given_name"), Str(p->sealed, "family_name"), Str(p->sealed, "other_names")});
      if (p->identity) named_.insert(id);
    }
  }

  Status People() {
    PersonColumns();
    // The people kind gives the birth year beside the band, and more of an identified person.
    auto& cols = out_->columns;
    cols.insert(cols.begin() + 3, ExportColumn{"birth_year", "Birth year", "#date+birth+year", "number"});
    SiteColumns();
    Column("status", "Status", "#status");
    if (identified_) {
      Column("birth_date", "Date of birth", "#date+birth");
      Column("phone", "Phone", "#person+phone");
      Column("address", "Address", "#person+address");
    }
    const std::string on = AgeDay();
    auto row_of = [&](const std::string& id, const PersonFacts& p) {
      Row row;
      row.reserve(cols.size());
      row.insert(row.end(), {p.code, p.sex, AgeBand(p.birth_est, on), p.birth_est.substr(0, 4), p.group, p.disability});
      if (identified_) {
        row.insert(row.end(), {Str(p.sealed, "given_name"), Str(p.sealed, "family_name"), Str(p.sealed, "other_names")});
        if (p.identity) named_.insert(id);
      }
      SiteCells(row, p.site_id);
      row.push_back(p.status);
      if (identified_) row.insert(row.end(), {Str(p.sealed, "birth_date"), Str(p.sealed, "phone"), Str(p.sealed, "address")});
      out_->rows.push_back(std::move(row));
    };
    // A de-identified export of everyone reads typed columns only, streamed; names, or a period
    // (the registration date has no column), need whole records.
    if (!identified_ && !period_) {
      BATON_RETURN_IF_ERROR(store().Scan(
          {.kind = "person",
           .equals = {{"programme_id", programme_id()}},
           .columns = {"code", "sex", "birth_date_est", "population_group", "disability", "site_id", "status"}},
          [&](ScanRow row) {
            const std::string_view status = ScanCell(row, 6), site = ScanCell(row, 5), birth = ScanCell(row, 2);
            if (status == "merged" || OtherSite(site)) return;
            Row r;
            r.reserve(cols.size());
            r.insert(r.end(), {std::string(ScanCell(row, 0)), std::string(ScanCell(row, 1)), AgeBand(std::string(birth), on),
                               std::string(birth.substr(0, std::min<size_t>(4, birth.size()))),
                               std::string(ScanCell(row, 3)), Disability(row[4])});
            SiteCells(r, site);
            r.emplace_back(status);
            out_->rows.push_back(std::move(r));
          }));
    } else {
      BATON_RETURN_IF_ERROR(LoadPeople(true));
      for (const auto& [id, p] : people_) {
        if (p.status == "merged" || OtherSite(p.site_id) || !InPeriod(p.registered_on)) continue;
        row_of(id, p);
      }
    }
    SortRows(0);
    return Status::Ok();
  }

  // ---- activities ----
  struct Activity {
    std::string title, stream, code, site;
  };
  Status LoadActivities(std::unordered_map<std::string, Activity>& out) {
    return store().Scan({.kind = kActivityKind,
                         .equals = {{"programme_id", programme_id()}},
                         .columns = {"id", "title", "stream", "activity_code", "site_id"}},
                        [&](ScanRow row) {
                          out[std::string(ScanCell(row, 0))] = {std::string(ScanCell(row, 1)), std::string(ScanCell(row, 2)),
                                                                std::string(ScanCell(row, 3)), std::string(ScanCell(row, 4))};
                        });
  }

  Status Activities() {
    Column("activity_id", "Activity id", "#activity+id");
    Column("activity", "Activity", "#activity+name");
    Column("stream", "Stream", "#activity+stream");
    Column("activity_code", "4Ws code", "#activity+code");
    SiteColumns();
    Column("status", "Status", "#status");
    Column("start_date", "Start", "#date+start");
    Column("end_date", "End", "#date+end");
    Column("attendance_mode", "Attendance", "");
    Column("sessions", "Sessions in the period", "#output+sessions", "number");
    std::unordered_map<std::string, int64_t> sessions;
    BATON_RETURN_IF_ERROR(store().Scan({.kind = kSessionKind,
                                        .equals = {{"programme_id", programme_id()}},
                                        .ranges = PeriodRange("date"),
                                        .columns = {"activity_id"}},
                                       [&](ScanRow row) { ++sessions[std::string(ScanCell(row, 0))]; }));
    BATON_RETURN_IF_ERROR(store().Scan(
        {.kind = kActivityKind,
         .equals = {{"programme_id", programme_id()}},
         .columns = {"id", "title", "stream", "activity_code", "site_id", "status", "start_date", "end_date",
                     "attendance_mode", "active"}},
        [&](ScanRow row) {
          const std::string id(ScanCell(row, 0));
          if (ScanCell(row, 9) == "0" || OtherSite(ScanCell(row, 4))) return;
          // In the period: planned to run in it (or held a session in it).
          const std::string_view start = ScanCell(row, 6), end = ScanCell(row, 7);
          const bool overlaps = !period_ || ((start.empty() || start <= period_->to) && (end.empty() || end >= period_->from));
          auto held = sessions.find(id);
          if (!overlaps && held == sessions.end()) return;
          Row r = {id, std::string(ScanCell(row, 1)), std::string(ScanCell(row, 2)), std::string(ScanCell(row, 3))};
          SiteCells(r, ScanCell(row, 4));
          r.insert(r.end(), {std::string(ScanCell(row, 5)), std::string(start), std::string(end), std::string(ScanCell(row, 8)),
                             std::to_string(held == sessions.end() ? 0 : held->second)});
          out_->rows.push_back(std::move(r));
        }));
    SortRows(5, 0);
    return Status::Ok();
  }

  // ---- attendance ----
  Status Attendance() {
    Column("session_id", "Session id", "#activity+session+id");
    Column("date", "Date", "#date");
    Column("activity_id", "Activity id", "#activity+id");
    Column("activity", "Activity", "#activity+name");
    Column("stream", "Stream", "#activity+stream");
    Column("activity_code", "4Ws code", "#activity+code");
    SiteColumns();
    PersonColumns();
    Column("present", "Present", "#indicator+present", "boolean");
    std::unordered_map<std::string, Activity> activities;
    BATON_RETURN_IF_ERROR(LoadActivities(activities));
    BATON_RETURN_IF_ERROR(LoadPeople(identified_));
    struct Entry {
      std::string session, activity, date, person, present;
    };
    std::vector<Entry> entries;
    BATON_RETURN_IF_ERROR(store().Scan({.kind = kAttendanceKind,
                                        .equals = {{"programme_id", programme_id()}},
                                        .ranges = PeriodRange("date"),
                                        .columns = {"id", "activity_id", "date"},
                                        .element = "attendance",
                                        .element_columns = {"person_id", "present"}},
                                       [&](ScanRow row) {
                                         if (!row[3]) return;  // a training participant, not a registered person
                                         entries.push_back({std::string(ScanCell(row, 0)), std::string(ScanCell(row, 1)),
                                                            std::string(ScanCell(row, 2)), std::string(ScanCell(row, 3)),
                                                            Bool(row[4])});
                                       }));
    for (const Entry& e : entries) {
      auto a = activities.find(e.activity);
      const Activity none;
      const Activity& act = a == activities.end() ? none : a->second;
      if (OtherSite(act.site)) continue;
      BATON_ASSIGN_OR_RETURN(const PersonFacts* p, Person(e.person));
      Row row = {e.session, e.date, e.activity, act.title, act.stream, act.code};
      SiteCells(row, act.site);
      PersonCells(row, e.person, p, e.date);
      row.push_back(e.present);
      out_->rows.push_back(std::move(row));
    }
    SortRows(1, 0);
    return Status::Ok();
  }

  // ---- cases ----
  Status Cases() {
    Column("case_id", "Case id", "");
    Column("opened_on", "Opened on", "#date+start");
    Column("closed_on", "Closed on", "#date+end");
    Column("status", "Status", "#status");
    SiteColumns();
    PersonColumns();
    Column("counsellor_id", "Counsellor (user id)", "");
    Column("supervisor_id", "Supervisor (user id)", "");
    Column("assessments", "Outcome assessments", "", "number");
    Column("scores", "Scores (first and latest total per instrument)", "");
    BATON_RETURN_IF_ERROR(LoadPeople(identified_));
    // Each case's assessments: count, and per instrument the first and latest total by date.
    struct Score {
      std::string first_date, first, last_date, last;
    };
    struct Scores {
      int64_t count = 0;
      std::map<std::string, Score> by_instrument;
    };
    std::unordered_map<std::string, Scores> scores;
    BATON_RETURN_IF_ERROR(store().Scan({.kind = "assessment",
                                        .equals = {{"programme_id", programme_id()}},
                                        .columns = {"case_id", "instrument", "date", "total", "active"}},
                                       [&](ScanRow row) {
                                         if (!row[0] || ScanCell(row, 4) == "0") return;
                                         Scores& s = scores[std::string(ScanCell(row, 0))];
                                         ++s.count;
                                         Score& i = s.by_instrument[std::string(ScanCell(row, 1))];
                                         const std::string date(ScanCell(row, 2)), total(ScanCell(row, 3));
                                         if (i.first_date.empty() || date < i.first_date) i.first_date = date, i.first = total;
                                         if (i.last_date.empty() || date >= i.last_date) i.last_date = date, i.last = total;
                                       }));
    struct Case {
      std::string id, person, site, counsellor, supervisor, status, opened, closed;
    };
    std::vector<Case> cases;
    std::vector<ListQuery::Range> ranges;
    if (period_) ranges.push_back({"opened_on", nullptr, Json(period_->to)});
    BATON_RETURN_IF_ERROR(store().Scan({.kind = kCaseKind,
                                        .equals = {{"programme_id", programme_id()}},
                                        .ranges = ranges,
                                        .columns = {"id", "person_id", "site_id", "counsellor_id", "supervisor_id", "status",
                                                    "opened_on", "closed_on", "active"}},
                                       [&](ScanRow row) {
                                         if (ScanCell(row, 8) == "0" || OtherSite(ScanCell(row, 2))) return;
                                         // Open at some time in the period.
                                         if (period_ && row[7] && ScanCell(row, 7) < period_->from) return;
                                         cases.push_back({std::string(ScanCell(row, 0)), std::string(ScanCell(row, 1)),
                                                          std::string(ScanCell(row, 2)), std::string(ScanCell(row, 3)),
                                                          std::string(ScanCell(row, 4)), std::string(ScanCell(row, 5)),
                                                          std::string(ScanCell(row, 6)), std::string(ScanCell(row, 7))});
                                       }));
    for (const Case& c : cases) {
      BATON_ASSIGN_OR_RETURN(const PersonFacts* p, Person(c.person));
      Row row = {c.id, c.opened, c.closed, c.status};
      SiteCells(row, c.site);
      PersonCells(row, c.person, p, c.opened);
      row.insert(row.end(), {c.counsellor, c.supervisor});
      auto s = scores.find(c.id);
      std::string text;
      if (s != scores.end()) {
        for (const auto& [instrument, i] : s->second.by_instrument) {
          if (!text.empty()) text += "; ";
          text += instrument + " " + i.first;
          if (i.last_date != i.first_date) text += " -> " + i.last;
        }
      }
      row.insert(row.end(), {std::to_string(s == scores.end() ? 0 : s->second.count), text});
      out_->rows.push_back(std::move(row));
    }
    SortRows(1, 0);
    return Status::Ok();
  }

  // ---- referrals ----
  Status Referrals() {
    Column("referral_id", "Referral id", "");
    Column("made_on", "Made on", "#date");
    Column("direction", "Direction", "");
    Column("status", "Status", "#status");
    Column("urgency", "Urgency", "");
    Column("service_category", "Service category", "#service+type");
    Column("service", "Service", "#service+name");
    Column("follow_up_on", "Follow up on", "#date+follow_up");
    Column("case_id", "Case id", "");
    SiteColumns();
    PersonColumns();
    BATON_RETURN_IF_ERROR(LoadPeople(identified_));
    std::unordered_map<std::string, std::pair<std::string, std::string>> services;  // id -> category, name
    ListQuery q{.kind = "service", .equals = {{"organization_id", Str(programme_->data, "organization_id")}}, .limit = kPage};
    BATON_RETURN_IF_ERROR(ForEachRecord(store(), q, [&](const Record& s) {
      services[s.id] = {Str(s.data, "category"), Str(s.data, "name")};
      return Status::Ok();
    }));
    std::vector<Row> found;
    std::vector<std::string> people;
    BATON_RETURN_IF_ERROR(store().Scan({.kind = "referral",
                                        .equals = {{"programme_id", programme_id()}},
                                        .ranges = PeriodRange("made_on"),
                                        .columns = {"id", "made_on", "direction", "status", "urgency", "service_id",
                                                    "follow_up_on", "case_id", "person_id"}},
                                       [&](ScanRow row) {
                                         auto s = services.find(std::string(ScanCell(row, 5)));
                                         found.push_back({std::string(ScanCell(row, 0)), std::string(ScanCell(row, 1)),
                                                          std::string(ScanCell(row, 2)), std::string(ScanCell(row, 3)),
                                                          std::string(ScanCell(row, 4)),
                                                          s == services.end() ? "" : s->second.first,
                                                          s == services.end() ? "" : s->second.second,
                                                          std::string(ScanCell(row, 6)), std::string(ScanCell(row, 7))});
                                         people.emplace_back(ScanCell(row, 8));
                                       }));
    for (size_t i = 0; i < found.size(); ++i) {
      BATON_ASSIGN_OR_RETURN(const PersonFacts* p, Person(people[i]));
      const std::string site = p == nullptr ? "" : p->site_id;
      if (OtherSite(site)) continue;
      Row row = std::move(found[i]);
      SiteCells(row, site);
      PersonCells(row, people[i], p, row[1]);
      out_->rows.push_back(std::move(row));
    }
    SortRows(1, 0);
    return Status::Ok();
  }

  // ---- outcome assessments ----
  Status Assessments() {
    Column("assessment_id", "Assessment id", "");
    Column("date", "Date", "#date");
    Column("instrument", "Instrument", "#indicator+instrument");
    Column("timepoint", "Time point", "");
    Column("total", "Total", "#indicator+num+total", "number");
    Column("band", "Band", "#indicator+band");
    Column("case_id", "Case id", "");
    SiteColumns();
    PersonColumns();
    BATON_RETURN_IF_ERROR(LoadPeople(identified_));
    ListQuery q{.kind = "assessment", .equals = {{"programme_id", programme_id()}}, .ranges = PeriodRange("date"), .limit = kPage};
    std::vector<std::pair<Row, std::string>> found;  // row so far, person id
    BATON_RETURN_IF_ERROR(ForEachRecord(store(), q, [&](const Record& a) {
      if (a.data.contains("active") && a.data["active"] == false) return Status::Ok();
      const Json& total = a.data.contains("total") ? a.data["total"] : Json(nullptr);
      found.push_back({{a.id, Str(a.data, "date"), Str(a.data, "instrument"), Str(a.data, "timepoint"),
                        total.is_number() ? total.dump() : "", Str(a.data, "band"), Str(a.data, "case_id")},
                       Str(a.data, "person_id")});
      return Status::Ok();
    }));
    for (auto& [row, person] : found) {
      BATON_ASSIGN_OR_RETURN(const PersonFacts* p, Person(person));
      const std::string site = p == nullptr ? "" : p->site_id;
      if (OtherSite(site)) continue;
      SiteCells(row, site);
      PersonCells(row, person, p, row[1]);
      out_->rows.push_back(std::move(row));
    }
    SortRows(1, 0);
    return Status::Ok();
  }

  // Rows in order of the column `first`, then `second`: the same export reads the same twice.
  void SortRows(size_t first, std::optional<size_t> second = std::nullopt) {
    std::sort(out_->rows.begin(), out_->rows.end(), [&](const Row& a, const Row& b) {
      if (a[first] != b[first]) return a[first] < b[first];
      return second && a[*second] < b[*second];
    });
  }

  ServiceContext& ctx_;
  PersonService& persons_;
  const Principal& who_;
  const Kind kind_;
  const bool identified_;
  const Record* programme_ = nullptr;
  std::optional<Period> period_;
  std::string site_;
  AgeBands bands_;
  ExportTable* out_ = nullptr;
  std::unordered_map<std::string, Site> sites_;
  std::unordered_map<std::string, PersonFacts> people_;
  std::set<std::string> named_;
};

// MHPSS.md §5: what a file's readers must protect. Records of counselling, referrals and outcomes
// tied to names are the most harmful to leak.
std::string SensitivityOf(Kind kind, bool identified) {
  if (kind == Kind::kActivities) return "low";
  if (!identified) return "moderate";
  return kind == Kind::kPeople || kind == Kind::kAttendance ? "high" : "severe";
}

}  // namespace

const std::vector<std::string>& ExportKinds() {
  static const std::vector<std::string> kinds = {"people", "cases", "activities", "attendance", "referrals", "assessments"};
  return kinds;
}

Result<ExportTable> ExportService::Export(const Principal& who, const ExportParams& params) {
  std::vector<FieldError> errors;
  const std::optional<Kind> kind = KindNamed(params.kind);
  if (!kind) errors.push_back({"kind", "must be one of people, activities, attendance, cases, referrals, assessments"});
  if (params.programme_id.empty()) errors.push_back({"programme", "is required"});
  if (!params.identity.empty() && params.identity != "deidentified" && params.identity != "identified") {
    errors.push_back({"identity", "must be deidentified or identified"});
  }
  const bool identified = params.identity == "identified";
  if (kind == Kind::kActivities && identified) {
    errors.push_back({"identity", "activities name no one: export them deidentified"});
  }
  if (!params.site_id.empty() && !IsUuid(params.site_id)) errors.push_back({"site", "must be a site's id"});
  Result<std::optional<Period>> period = PeriodOfParams(params.from, params.to, params.period, true);
  if (!period.ok()) {
    for (const FieldError& e : period.status().errors()) errors.push_back(e);
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));

  BATON_ASSIGN_OR_RETURN(Record programme, LoadRecord(ctx_.store(), "programme", params.programme_id));
  AccessTarget target;
  target.organization_id = Str(programme.data, "organization_id");
  const ExportIdentity may = ExportIdentityFor(who, target);
  if (may == ExportIdentity::kNone) return Status::Forbidden("you may not export this programme's records");
  if (identified && may != ExportIdentity::kIdentified) {
    return Status::Forbidden("only the organisation's admins and managers export names: ask for identity=deidentified");
  }
  if (identified && !ctx_.keys().present()) {
    return Status::Unavailable("this server was started without a data key, so names cannot be exported");
  }
  Json site = nullptr;
  if (!params.site_id.empty()) {
    BATON_ASSIGN_OR_RETURN(Record s, LoadRecord(ctx_.store(), "site", params.site_id));
    if (Str(s.data, "organization_id") != target.organization_id) return Status::InvalidField("site", "is not a site of the programme's organisation");
    site = {{"id", s.id}, {"name", Str(s.data, "name")}};
  }

  ExportTable out;
  Exporter exporter(ctx_, persons_, who, *kind, identified);
  BATON_RETURN_IF_ERROR(exporter.Run(programme, *period, params.site_id, out));
  const std::optional<Period>& p = *period;
  const int64_t now = ctx_.clock().NowMs();
  out.about = {{"format", kFormat},
               {"kind", params.kind},
               {"identity", identified ? "identified" : "deidentified"},
               {"sensitivity", SensitivityOf(*kind, identified)},
               {"programme", {{"id", programme.id}, {"name", Str(programme.data, "name")}}},
               {"site", site},
               {"from", p ? Json(p->from) : Json(nullptr)},
               {"to", p ? Json(p->to) : Json(nullptr)},
               {"age_bands", AgeBandsOfProgramme(programme.data).name},
               {"generated_at", FormatTimestamp(now)},
               {"generated_by", who.username},
               {"row_count", out.rows.size()}};

  // Who exported what, on the programme; and an identified export on every person it names, so
  // their subject access export shows it.
  if (identified) {
    Json detail = {{"kind", params.kind}, {"identity", "identified"}, {"format", params.format},
                   {"from", out.about["from"]}, {"to", out.about["to"]}, {"site", params.site_id},
                   {"rows", out.rows.size()}, {"people", exporter.named().size()}};
    std::vector<AccessEntry> entries;
    entries.reserve(exporter.named().size() + 1);
    entries.push_back({now, who.user_id, "programme", programme.id, "export_identified", detail.dump()});
    for (const std::string& id : exporter.named()) {
      entries.push_back({now, who.user_id, "person", id, "export_identified", ""});
    }
    BATON_RETURN_IF_ERROR(ctx_.store().AppendAccesses(entries));
  } else {
    Json detail = {{"kind", params.kind}, {"identity", "deidentified"}, {"format", params.format},
                   {"from", out.about["from"]}, {"to", out.about["to"]}, {"site", params.site_id},
                   {"rows", out.rows.size()}};
    BATON_RETURN_IF_ERROR(ctx_.store().AppendAccess({now, who.user_id, "programme", programme.id, "export", detail.dump()}));
  }
  return out;
}

}  // namespace baton
