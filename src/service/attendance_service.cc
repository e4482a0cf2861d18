#include "service/attendance_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/activities.h"
#include "domain/age_bands.h"
#include "domain/consent_policy.h"
#include "domain/dates.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/record_view.h"

namespace baton {
namespace {

constexpr const char* kPerson = "person";
// The sessions a roster is drawn from: the last few before the day attendance is taken.
constexpr int kRosterSessions = 5;
// Reads go in pages of the store's largest page; a person's timeline reads at most
// kMaxTimelineSessions sessions. An activity's reach reads all its sessions: weekly for years is
// a few hundred.
constexpr int kPage = 1000;
constexpr int kMaxTimelineSessions = 20 * kPage;

// The person or participant id of an attendance entry.
std::string AttendeeId(const Json& entry) {
  return Has(entry, "person_id") ? Str(entry, "person_id") : Str(entry, "participant_id");
}

std::string EntryAt(size_t i, const Json& entry) {
  return "attendance[" + std::to_string(i) + "]." + (Has(entry, "participant_id") ? "participant_id" : "person_id");
}

Json BandsJson(const AgeBands& bands) {
  Json out = Json::array();
  for (const AgeBand& b : bands.bands) {
    Json band = {{"code", b.code}, {"min_age", b.min_age}};
    band["max_age"] = b.max_age ? Json(*b.max_age) : Json(nullptr);
    out.push_back(std::move(band));
  }
  return out;
}

Json BreakdownJson(const Breakdown& b) { return Json{{"total", b.total}, {"cells", b.cells}}; }

// Roster order: family name, given name, code (people `who` sees without names sort by code).
void SortByName(std::vector<Json>& people) {
  auto key = [](const Json& p) { return std::make_tuple(Str(p, "family_name"), Str(p, "given_name"), Str(p, "code")); };
  std::stable_sort(people.begin(), people.end(), [&](const Json& a, const Json& b) { return key(a) < key(b); });
}

}  // namespace

Result<AgeBands> AttendanceService::BandsOf(const Record& activity) {
  auto programme = ctx_.store().Get("programme", Str(activity.data, "programme_id"));
  if (!programme.ok()) {
    if (programme.status().code() == Code::kNotFound) return StandardAgeBands();
    return programme.status();
  }
  return AgeBandsOfProgramme(programme->data);
}

Result<EntityChange> AttendanceService::AttendanceChange(const Record& activity, const std::string& session_id,
                                                        const std::string& date, const Json& input,
                                                        const Record* stored) {
  BATON_RETURN_IF_ERROR(CheckOneWayOfCounting(input));
  BATON_RETURN_IF_ERROR(CheckAttendanceOfActivity(input, activity.data));
  Json state = {{"organization_id", activity.data.value("organization_id", Json())},
                {"programme_id", activity.data.value("programme_id", Json())},
                {"activity_id", activity.id},
                {"date", date}};
  if (Has(input, "headcount")) {
    BATON_ASSIGN_OR_RETURN(AgeBands bands, BandsOf(activity));
    BATON_RETURN_IF_ERROR(CheckHeadcount(input["headcount"], bands));
    state["headcount"] = input["headcount"];
  } else {
    BATON_RETURN_IF_ERROR(CheckEntries(activity, date, input["attendance"], stored));
    state["attendance"] = input["attendance"];
  }
  if (stored == nullptr) return EntityChange{kAttendanceKind, session_id, ChangeOp::kCreate, std::move(state), {}};
  return EntityChange{kAttendanceKind, session_id, ChangeOp::kUpdate, Diff(stored->data, state), {}};
}

Status AttendanceService::CheckEntries(const Record& activity, const std::string& date, const Json& list,
                                       const Record* stored) {
  std::set<std::string> checked_before;
  if (stored != nullptr && Has(stored->data, "attendance") && stored->data["attendance"].is_array()) {
    for (const Json& e : stored->data["attendance"]) checked_before.insert(AttendeeId(e));
  }
  std::vector<std::pair<std::string, std::string>> people;  // (field, person id)
  std::vector<FieldError> errors;
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& entry = list[i];
    const std::string id = AttendeeId(entry);
    if (checked_before.contains(id)) continue;
    if (!Has(entry, "participant_id")) {
      people.emplace_back(EntryAt(i, entry), id);
      continue;
    }
    auto participant = ctx_.store().Get("participant", id);
    if (!participant.ok() && participant.status().code() != Code::kNotFound) return participant.status();
    if (!participant.ok() || Str(participant->data, "activity_id") != activity.id ||
        !participant->data.value("active", true)) {
      errors.push_back({EntryAt(i, entry), "is not a participant of this training"});
    }
  }
  Status s = CheckPeople(activity, date, people);
  if (!s.ok() && s.errors().empty()) return s;  // the store failed
  for (const FieldError& e : s.errors()) errors.push_back(e);
  std::stable_sort(errors.begin(), errors.end(), [](const FieldError& x, const FieldError& y) {
    return x.field.size() != y.field.size() ? x.field.size() < y.field.size() : x.field < y.field;
  });
  return Status::InvalidFields(std::move(errors));
}

Status AttendanceService::CheckPeople(const Record& activity, const std::string& date,
                                      const std::vector<std::pair<std::string, std::string>>& people) {
  const std::string org = Str(activity.data, "organization_id");
  const std::string programme = Str(activity.data, "programme_id");
  std::vector<FieldError> errors;
  for (const auto& [at, id] : people) {
    auto person = ctx_.store().Get(kPerson, id);
    if (!person.ok() && person.status().code() != Code::kNotFound) return person.status();
    if (!person.ok() || Str(person->data, "organization_id") != org) {
      errors.push_back({at, "no such person in your organisation"});
      continue;
    }
    const std::string status = Str(person->data, "status");
    if (status == "merged") {
      auto survivor = ctx_.store().Get(kPerson, Str(person->data, "merged_into"));
      const std::string code = survivor.ok() ? Str(survivor->data, "code") : std::string();
      errors.push_back({at, "was merged into " + (code.empty() ? std::string("another record") : code) +
                                "; record them under that person"});
      continue;
    }
    if (status == "erased") {
      errors.push_back({at, "was erased; nothing more can be recorded for them"});
      continue;
    }
    if (Str(person->data, "programme_id") != programme) {
      BATON_ASSIGN_OR_RETURN(ConsentDecision d, persons_.DecideConsent(*person, ConsentPurpose::kShareProgrammes, date));
      if (!d.allowed) {
        errors.push_back({at, "is registered in another programme and may be recorded here only with consent to "
                              "share with other programmes: " +
                                  d.reason});
      }
    }
  }
  return Status::InvalidFields(std::move(errors));
}

Result<std::optional<Record>> AttendanceService::StoredAttendance(const std::string& session_id) {
  auto r = ctx_.store().Get(kAttendanceKind, session_id);
  if (r.ok()) return std::optional<Record>(std::move(*r));
  if (r.status().code() == Code::kNotFound) return std::optional<Record>();
  return r.status();
}

Result<Json> AttendanceService::Replace(const Principal& who, std::string_view session_id, const Json& input,
                                       std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record session, LoadSession(ctx_.store(), session_id));
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), Str(session.data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kSession, TargetOfActivity(activity)));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(AttendanceSpec(), input, InputMode::kCreate));
  // Without If-Match a submission that lost a race to another is made again over the fresh record:
  // a client that named no version is never told it was stale. The session is read again too: the
  // attendance carries its date, and the people are checked for that date.
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      BATON_ASSIGN_OR_RETURN(session, LoadSession(ctx_.store(), session_id));
    }
    BATON_ASSIGN_OR_RETURN(std::optional<Record> stored, StoredAttendance(session.id));
    const int64_t current = stored ? stored->version : 0;
    if (if_match && *if_match != current) return Stale();
    BATON_ASSIGN_OR_RETURN(EntityChange change, AttendanceChange(activity, session.id, Str(session.data, "date"),
                                                                 clean, stored ? &*stored : nullptr));
    if (stored) change.expected_version = stored->version;
    if (change.op == ChangeOp::kUpdate && change.patch.empty()) break;  // the same attendance again
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(std::move(change));
    set.expects.push_back({kSessionKind, session.id, session.version});  // its date moved meanwhile
    if (!stored) set.expects.push_back({kAttendanceKind, session.id, 0});
    auto committed = ctx_.store().Commit(std::move(set));
    if (committed.ok()) break;
    const Code code = committed.status().code();
    const bool raced = code == Code::kPreconditionFailed || (code == Code::kConflict && !stored);
    if (!raced) return committed.status();
    if (if_match || attempt == 2) return Stale();
  }
  return OfSession(who, session_id);
}

Result<std::vector<std::string>> AttendanceService::RecentPeople(const Record& activity, std::string_view date) {
  ListQuery q{.kind = kAttendanceKind,
              .equals = {{"activity_id", activity.id}},
              .ranges = {{"date", nullptr, std::string(date)}},
              .order_by = "date",
              .descending = true,
              .limit = kRosterSessions};
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  // The group's members on the day first, then whoever else came lately.
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> ids, MembersOn(ctx_.store(), activity.id, date));
  std::set<std::string> seen(ids.begin(), ids.end());
  for (const Record& s : page.items) {
    if (!Has(s.data, "attendance") || !s.data["attendance"].is_array()) continue;
    for (const Json& e : s.data["attendance"]) {
      if (Has(e, "person_id") && seen.insert(Str(e, "person_id")).second) ids.push_back(Str(e, "person_id"));
    }
  }
  return ids;
}

Result<Json> AttendanceService::Roster(const Principal& who, std::string_view activity_id, std::string_view date) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(activity)));
  std::string day = date.empty() ? ctx_.Today() : std::string(date);
  if (!IsValidDate(day)) return Status::InvalidField("date", "must be a date (YYYY-MM-DD)");
  BATON_ASSIGN_OR_RETURN(AgeBands bands, BandsOf(activity));
  Json out = {{"activity_id", activity.id}, {"date", day}, {"mode", Str(activity.data, "attendance_mode")},
              {"age_bands", BandsJson(bands)}};
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> ids, RecentPeople(activity, day));
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, ids));
  std::vector<Json> items;
  for (auto& [id, person] : people) {
    const std::string status = Str(person, "status");
    if (status != "merged" && status != "erased") items.push_back(std::move(person));
  }
  SortByName(items);
  out["items"] = std::move(items);
  return out;
}

Result<Json> AttendanceService::OfSession(const Principal& who, std::string_view session_id) {
  BATON_ASSIGN_OR_RETURN(Record session, LoadSession(ctx_.store(), session_id));
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), Str(session.data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(activity)));
  BATON_ASSIGN_OR_RETURN(AgeBands bands, BandsOf(activity));
  const std::string date = Str(session.data, "date");
  BATON_ASSIGN_OR_RETURN(std::optional<Record> stored, StoredAttendance(session.id));
  const Json recorded = stored ? stored->data : Json::object();
  Json out = {{"session_id", session.id}, {"activity_id", activity.id}, {"date", date},
              {"version", stored ? stored->version : 0}, {"mode", Str(activity.data, "attendance_mode")},
              {"age_bands", BandsJson(bands)}};
  if (Has(recorded, "headcount")) out["headcount"] = recorded["headcount"];
  const Json entries = Has(recorded, "attendance") ? recorded["attendance"] : Json::array();
  std::vector<std::string> ids;
  std::set<std::string> listed;
  for (const Json& e : entries) {
    if (Has(e, "person_id")) ids.push_back(Str(e, "person_id"));
    listed.insert(AttendeeId(e));
  }
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> recent, RecentPeople(activity, date));
  for (const std::string& id : recent) {
    if (!listed.contains(id)) ids.push_back(id);
  }
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, ids));
  Json attendance = Json::array();
  for (const Json& e : entries) {
    Json item = e;
    if (auto it = people.find(AttendeeId(e)); it != people.end()) item["person"] = it->second;
    attendance.push_back(std::move(item));
  }
  out["attendance"] = std::move(attendance);
  std::vector<Json> roster;
  for (const std::string& id : recent) {
    auto it = people.find(id);
    if (listed.contains(id) || it == people.end()) continue;
    const std::string status = Str(it->second, "status");
    if (status != "merged" && status != "erased") roster.push_back(it->second);
  }
  SortByName(roster);
  out["roster"] = std::move(roster);
  return out;
}

Result<Json> AttendanceService::PersonActivities(const Principal& who, std::string_view person_id) {
  auto person = ctx_.store().Get(kPerson, person_id);
  if (!person.ok()) {
    if (person.status().code() == Code::kNotFound) return Status::NotFound("no person with id " + std::string(person_id));
    return person.status();
  }
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kRead, Resource::kPerson, {Str(person->data, "organization_id"), "", {}}));
  if (!AccessPolicy::MayList(who, Resource::kSession)) return Json{{"items", Json::array()}};
  // Attendance recorded under records merged into this one is the person's too.
  std::vector<std::string> ids = {person->id};
  ListQuery merged{.kind = kPerson, .equals = {{"merged_into", person->id}}, .limit = kPage};
  BATON_ASSIGN_OR_RETURN(RecordPage duplicates, ctx_.store().List(merged));
  for (const Record& d : duplicates.items) ids.push_back(d.id);

  // By session id: a session naming both the person and a record merged into them counts once.
  struct Tally {
    std::set<std::string> sessions, present;
    std::string first, last;
  };
  std::map<std::string, Tally> tallies;
  std::vector<std::string> order;  // activities by their latest session
  for (const std::string& id : ids) {
    ListQuery q{.kind = kAttendanceKind, .elements = {{"attendance", "person_id", id}}, .order_by = "date",
                .descending = true, .limit = kPage};
    for (int seen = 0; seen < kMaxTimelineSessions;) {
      BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
      for (const Record& s : page.items) {
        const std::string activity_id = Str(s.data, "activity_id"), date = Str(s.data, "date");
        auto [it, inserted] = tallies.try_emplace(activity_id);
        if (inserted) order.push_back(activity_id);
        Tally& t = it->second;
        t.sessions.insert(s.id);
        for (const Json& e : s.data.value("attendance", Json::array())) {
          if (Str(e, "person_id") == id && e.value("present", false)) t.present.insert(s.id);
        }
        if (t.first.empty() || date < t.first) t.first = date;
        if (date > t.last) t.last = date;
      }
      seen += static_cast<int>(page.items.size());
      if (!page.has_more) break;
      q.after_id = page.items.back().id;
      q.after_value = page.items.back().data["date"];
    }
  }
  std::vector<std::pair<std::string, Json>> items;
  for (const std::string& activity_id : order) {
    auto activity = ctx_.store().Get(kActivityKind, activity_id);
    if (!activity.ok() ||
        !AccessPolicy::Check(who, Action::kRead, Resource::kActivity, TargetOfActivity(*activity)).ok()) {
      continue;
    }
    const Tally& t = tallies[activity_id];
    Json summary = {{"id", activity->id}};
    for (const char* f : {"title", "stream", "programme_id", "site_id", "status"}) summary[f] = activity->data.value(f, Json());
    items.emplace_back(t.last, Json{{"activity", std::move(summary)},
                                    {"sessions", t.sessions.size()},
                                    {"present", t.present.size()},
                                    {"first", t.first},
                                    {"last", t.last}});
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  Json out = Json::array();
  for (auto& [last, item] : items) out.push_back(std::move(item));
  return Json{{"items", std::move(out)}};
}

Result<Json> AttendanceService::Reach(const Principal& who, std::string_view activity_id) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(activity)));
  BATON_ASSIGN_OR_RETURN(AgeBands bands, BandsOf(activity));
  std::vector<AttendanceFact> facts;
  std::vector<HeadcountFact> headcounts;
  ListQuery q{.kind = kAttendanceKind, .equals = {{"activity_id", activity.id}}, .order_by = "date", .limit = kPage};
  BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& s) {
    const std::string date = Str(s.data, "date");
    if (Has(s.data, "headcount")) headcounts.push_back({s.id, HeadcountCells(s.data["headcount"])});
    for (const Json& e : s.data.value("attendance", Json::array())) {
      if (Has(e, "person_id")) facts.push_back({s.id, Str(e, "person_id"), e.value("present", false), date, "", {}});
    }
    return Status::Ok();
  }));
  // Sex and age come from the registry: the same person counts the same way in every session. A
  // record merged into another counts as the person it was merged into.
  struct Known {
    std::string id, sex, birth_date;
  };
  std::map<std::string, Known> people;
  for (AttendanceFact& f : facts) {
    auto it = people.find(f.person_id);
    if (it == people.end()) {
      Known known{f.person_id, "not_recorded", ""};
      auto p = ctx_.store().Get(kPerson, f.person_id);
      if (p.ok() && Str(p->data, "status") == "merged") {
        known.id = Str(p->data, "merged_into");
        p = ctx_.store().Get(kPerson, known.id);
      }
      if (p.ok()) {
        known.sex = Str(p->data, "sex");
        known.birth_date = Str(p->data, "birth_date_est");
      }
      it = people.emplace(f.person_id, known).first;
    }
    f.person_id = it->second.id;
    f.sex = it->second.sex;
    if (!it->second.birth_date.empty()) f.age_years = YearsBetween(it->second.birth_date, f.date);
  }
  ReachCount count = CountReach(facts, headcounts, bands);
  return Json{{"activity_id", activity.id},
              {"age_bands", bands.Codes()},
              {"sessions", count.sessions},
              {"people_reached", BreakdownJson(count.people_reached)},
              {"service_contacts", BreakdownJson(count.service_contacts)},
              {"headcount_participants", BreakdownJson(count.headcount_participants)}};
}

}  // namespace baton
