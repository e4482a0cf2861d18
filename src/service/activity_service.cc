#include "service/activity_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "domain/activities.h"
#include "domain/dates.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/placement.h"
#include "service/record_view.h"

namespace baton {
namespace {

constexpr const char* kActivity = kActivityKind;
constexpr const char* kSession = kSessionKind;

}  // namespace

Result<Record> ActivityService::LoadActivity(std::string_view id) { return baton::LoadActivity(ctx_.store(), id); }
Result<Record> ActivityService::LoadSession(std::string_view id) { return baton::LoadSession(ctx_.store(), id); }

Status ActivityService::CheckReferences(const Json& state, bool create) {
  const std::string org = Str(state, "organization_id");
  BATON_RETURN_IF_ERROR(CheckProgrammeAndSite(ctx_.store(), state, create, "activities are planned"));
  std::vector<FieldError> errors;
  const std::vector<std::string> facilitators = FacilitatorUserIds(state);
  for (size_t i = 0; i < facilitators.size(); ++i) {
    auto user = ctx_.store().Get("user", facilitators[i]);
    if (!user.ok() || Str(user->data, "organization_id") != org) {
      errors.push_back({"facilitators.user_ids[" + std::to_string(i) + "]", "no such user in your organisation"});
    }
  }
  if (Has(state, "refresher_of")) {
    auto original = ctx_.store().Get(kActivity, Str(state, "refresher_of"));
    if (!original.ok() || Str(original->data, "organization_id") != org) {
      errors.push_back({"refresher_of", "no such activity in your organisation"});
    } else if (Str(original->data, "stream") != "capacity_building") {
      errors.push_back({"refresher_of", "is not a training (capacity_building)"});
    }
  }
  if (!errors.empty()) return Status::Invalid("the activity names records that do not exist", errors);
  return Status::Ok();
}

Status ActivityService::CheckSessionsWithin(const std::string& activity_id, const Json& state) {
  // The first session before the new start, and the first after the new end.
  const std::string start = Str(state, "start_date"), end = Str(state, "end_date");
  const std::vector<std::tuple<const char*, Json, Json>> outside = {
      {"start_date", Json(nullptr), Json(AddDays(start, -1))},
      {"end_date", end.empty() ? Json(nullptr) : Json(AddDays(end, 1)), Json(nullptr)}};
  for (const auto& [field, from, to] : outside) {
    if (from.is_null() && to.is_null()) continue;
    ListQuery q{.kind = kSession, .equals = {{"activity_id", activity_id}}, .ranges = {{"date", from, to}}, .limit = 1};
    BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
    if (!page.items.empty()) {
      return Status::InvalidField(field, std::string("would leave the session of ") + Str(page.items[0].data, "date") +
                                             " outside the activity's dates; move or correct that session first");
    }
  }
  return Status::Ok();
}

std::string ActivityService::DisplayName(const std::string& user_id) {
  auto user = ctx_.store().Get("user", user_id);
  if (!user.ok()) return std::string();
  const std::string name = Str(user->data, "display_name");
  return name.empty() ? Str(user->data, "username") : name;
}

Json ActivityService::ActivityView(const Record& activity) {
  Json view = RecordView(activity);
  // Who runs it, by name: the programme's staff may not read user records themselves.
  Json users = Json::array();
  for (const std::string& id : FacilitatorUserIds(activity.data)) users.push_back({{"id", id}, {"display_name", DisplayName(id)}});
  view["facilitator_users"] = std::move(users);
  return view;
}

// ---- activities ----

Result<ViewPage> ActivityService::List(const Principal& who, const ActivityListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kActivity)) {
    return Status::Forbidden("your roles do not allow you to see activities");
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  ListQuery q{.kind = kActivity, .contains = params.q, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  static const std::set<std::string> kFilters = {"programme_id", "site_id", "stream", "status",
                                                 "activity_code", "attendance_mode", "active"};
  for (const auto& [field, value] : params.filters) {
    if (!kFilters.contains(field)) return Status::InvalidField(field, "cannot filter activities by this");
    for (const auto& [name, choices] : {std::pair{"stream", &ActivityStreams()}, std::pair{"status", &ActivityStatuses()},
                                        std::pair{"attendance_mode", &AttendanceModes()}}) {
      if (field == name && std::find(choices->begin(), choices->end(), value) == choices->end()) {
        std::string list;
        for (const std::string& c : *choices) list += (list.empty() ? "" : ", ") + c;
        return Status::InvalidField(field, "must be one of " + list);
      }
    }
    if (field == "active") {
      if (value != "true" && value != "false") return Status::InvalidField(field, "must be true or false");
      q.equals.emplace_back(field, value == "true");
    } else {
      q.equals.emplace_back(field, value);
    }
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  ViewPage out;
  for (const Record& r : page.items) out.items.push_back(ActivityView(r));
  if (page.has_more && !page.items.empty()) out.next_cursor = Cursor(page.items.back().id);
  return out;
}

Result<Versioned> ActivityService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadActivity(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kActivity, TargetOfActivity(r)));
  return Versioned{ActivityView(r), r.version};
}

Result<Versioned> ActivityService::Create(const Principal& who, const Json& input) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kActivity, {who.organization_id, "", {}}));
  // The programme's code table decides which activity codes are valid.
  ActivityCodeTable codes = DefaultActivityCodeTable();
  if (input.is_object() && input.contains("programme_id") && input["programme_id"].is_string()) {
    auto programme = ctx_.store().Get("programme", input["programme_id"].get<std::string>());
    if (programme.ok()) codes = ActivityCodesOfProgramme(programme->data);
  }
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(ActivitySpec(codes), input, InputMode::kCreate));
  state["organization_id"] = who.organization_id;
  NormaliseFacilitators(state);
  ApplyActivityDefaults(state, codes);
  if (!state.contains("active")) state["active"] = true;
  BATON_RETURN_IF_ERROR(CheckActivityState(state, /*create=*/true));
  BATON_RETURN_IF_ERROR(CheckReferences(state, /*create=*/true));
  const std::string id = ctx_.NewId();
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({kActivity, id, ChangeOp::kCreate, std::move(state), {}});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record r, LoadActivity(id));
  return Versioned{ActivityView(r), r.version};
}

Result<Versioned> ActivityService::Update(const Principal& who, std::string_view id, const Json& patch,
                                          std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadActivity(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kActivity, TargetOfActivity(current)));
  auto programme = ctx_.store().Get("programme", Str(current.data, "programme_id"));
  const ActivityCodeTable codes =
      programme.ok() ? ActivityCodesOfProgramme(programme->data) : DefaultActivityCodeTable();
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(ActivitySpec(codes), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json state = current.data;
  ApplyPatch(state, clean);
  NormaliseFacilitators(state);
  ApplyActivityDefaults(state, codes);
  state["id"] = current.id;  // for the refresher_of rule, never stored
  BATON_RETURN_IF_ERROR(CheckActivityState(state, /*create=*/false));
  state.erase("id");
  BATON_RETURN_IF_ERROR(CheckReferences(state, /*create=*/false));
  Json diff = Diff(current.data, state);
  if (diff.empty()) return Versioned{ActivityView(current), current.version};
  if (diff.contains("start_date") || diff.contains("end_date")) {
    BATON_RETURN_IF_ERROR(CheckSessionsWithin(current.id, state));
  }
  if (diff.contains("attendance_mode")) {
    // Names and headcounts do not convert into each other: recorded attendance keeps its way.
    ListQuery q{.kind = kAttendanceKind, .equals = {{"activity_id", current.id}}, .limit = 1};
    BATON_ASSIGN_OR_RETURN(RecordPage recorded, ctx_.store().List(q));
    if (!recorded.items.empty()) {
      return Status::ConflictField("attendance_mode", "attendance is already recorded " +
                                                          std::string(Str(current.data, "attendance_mode") == "named"
                                                                          ? "by name"
                                                                          : "as headcounts") +
                                                          " (first on " + Str(recorded.items[0].data, "date") +
                                                          "); plan a new activity to count another way");
    }
  }
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({kActivity, current.id, ChangeOp::kUpdate, std::move(diff), current.version});
  BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  BATON_ASSIGN_OR_RETURN(Record r, LoadActivity(id));
  return Versioned{ActivityView(r), r.version};
}

Result<Json> ActivityService::MyWeek(const Principal& who, std::string_view date) {
  if (!AccessPolicy::MayList(who, Resource::kActivity)) {
    return Status::Forbidden("your roles do not allow you to see activities");
  }
  const std::string day = date.empty() ? ctx_.Today() : std::string(date);
  if (!IsValidDate(day)) return Status::InvalidField("date", "must be a date (YYYY-MM-DD)");
  const std::string from = WeekStart(day), to = AddDays(from, 6);
  Json items = Json::array();
  // An organisation runs tens of activities at a time, a few hundred over years: read them all
  // and keep the caller's own.
  ListQuery q{.kind = kActivity, .equals = {{"organization_id", who.organization_id}}, .limit = 1000};
  BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& a) -> Status {
    const std::vector<std::string> runs = FacilitatorUserIds(a.data);
    const std::string status = Str(a.data, "status"), end = Str(a.data, "end_date");
    if (std::find(runs.begin(), runs.end(), who.user_id) == runs.end()) return Status::Ok();
    if ((status != "planned" && status != "ongoing") || !a.data.value("active", true)) return Status::Ok();
    if (Str(a.data, "start_date") > to || (!end.empty() && end < from)) return Status::Ok();
    SessionListParams params{.activity_id = a.id, .from = from, .to = to, .limit = 50};
    BATON_ASSIGN_OR_RETURN(ViewPage sessions, Sessions(who, params));
    items.push_back({{"activity", ActivityView(a)},
                     {"scheduled", ScheduledDates(a.data, from, to)},
                     {"sessions", std::move(sessions.items)}});
    return Status::Ok();
  }));
  return Json{{"from", from}, {"to", to}, {"items", std::move(items)}};
}

Result<Json> ActivityService::Options(const Principal& who, std::string_view programme_id) {
  if (!AccessPolicy::MayList(who, Resource::kActivity)) {
    return Status::Forbidden("your roles do not allow you to see activities");
  }
  ActivityCodeTable codes = DefaultActivityCodeTable();
  if (!programme_id.empty()) {
    auto programme = ctx_.store().Get("programme", programme_id);
    if (!programme.ok() ||
        !AccessPolicy::Check(who, Action::kRead, Resource::kProgramme, {Str(programme->data, "organization_id"), "", {}})
             .ok()) {
      return Status::InvalidField("programme_id", "no such programme in your organisation");
    }
    codes = ActivityCodesOfProgramme(programme->data);
  }
  Json table = Json::array();
  for (const ActivityCode& c : codes.codes) {
    table.push_back({{"code", c.code}, {"label", c.label}, {"layer", c.layer}, {"group", c.group}, {"mapped", c.mapped}});
  }
  Json defaults = Json::object();
  for (const StreamDefault& d : codes.stream_defaults) {
    defaults[d.stream] = {{"code", d.code}};
    if (d.layer) defaults[d.stream]["layer"] = *d.layer;
  }
  Json layers = Json::array();
  for (int l = kMinPyramidLayer; l <= kMaxPyramidLayer; ++l) layers.push_back({{"layer", l}, {"label", PyramidLayerLabel(l)}});
  return Json{{"streams", ActivityStreams()},
              {"statuses", ActivityStatuses()},
              {"attendance_modes", AttendanceModes()},
              {"code_table", {{"version", codes.version}, {"codes", table}, {"stream_defaults", defaults}}},
              {"pyramid_layers", layers}};
}

// ---- sessions ----

Json ActivityService::SessionView(const Principal& who, const Record& session, const Record& activity,
                                  const std::map<std::string, std::string>* wrapped_keys,
                                  std::map<std::string, std::string>* names) {
  Json view = RecordView(session);
  view.erase("sealed");
  if (Has(session.data, "facilitator_id")) {
    const std::string user = Str(session.data, "facilitator_id");
    if (names == nullptr) {
      view["facilitator_name"] = DisplayName(user);
    } else {
      auto it = names->find(user);
      if (it == names->end()) it = names->emplace(user, DisplayName(user)).first;
      view["facilitator_name"] = it->second;
    }
  }
  if (!Has(session.data, "sealed") || !ctx_.keys().present() ||
      !AccessPolicy::MaySeeSessionNotes(who, TargetOfActivity(activity))) {
    return view;
  }
  std::map<std::string, std::string> one;
  if (wrapped_keys == nullptr) {
    auto keys = ctx_.store().GetRecordKeys(kSession, {session.id});
    if (keys.ok()) one = std::move(*keys);
    wrapped_keys = &one;
  }
  auto wrapped = wrapped_keys->find(session.id);
  if (wrapped == wrapped_keys->end()) return view;
  auto key = ctx_.keys().Unwrap(wrapped->second, kSession, session.id);
  if (!key.ok()) return view;
  auto sealed = OpenFields(*key, kSession, session.id, session.data["sealed"].get<std::string>());
  if (sealed.ok()) {
    for (auto it = sealed->begin(); it != sealed->end(); ++it) view[it.key()] = *it;
  }
  return view;
}

Result<ViewPage> ActivityService::Sessions(const Principal& who, const SessionListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kSession)) {
    return Status::Forbidden("your roles do not allow you to see sessions");
  }
  if (params.limit < 1 || params.limit > 500) return Status::InvalidField("limit", "must be between 1 and 500");
  if (params.activity_id.empty() == params.programme_id.empty()) {
    return Status::InvalidField("activity_id", "name an activity (activity_id) or a programme (programme_id)");
  }
  for (const auto& [name, date] : {std::pair{"from", params.from}, std::pair{"to", params.to}}) {
    if (!date.empty() && !IsValidDate(date)) return Status::InvalidField(name, "must be a date (YYYY-MM-DD)");
  }
  if (!params.from.empty() && !params.to.empty() && params.to < params.from) {
    return Status::InvalidField("to", "must not be before from");
  }
  // In date order: the programme's own index (programme_id, date, id) answers a month at once.
  ListQuery q{.kind = kSession, .order_by = "date", .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  if (!params.activity_id.empty()) q.equals.emplace_back("activity_id", params.activity_id);
  if (!params.programme_id.empty()) q.equals.emplace_back("programme_id", params.programme_id);
  if (!params.from.empty() || !params.to.empty()) {
    q.ranges.push_back({"date", params.from.empty() ? Json(nullptr) : Json(params.from),
                        params.to.empty() ? Json(nullptr) : Json(params.to)});
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(auto after, OrderedCursorParts(params.cursor));
    if (!IsValidDate(after.first)) return Status::InvalidField("cursor", "is not a cursor from a previous page");
    q.after_value = after.first;
    q.after_id = after.second;
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  ViewPage out;
  std::map<std::string, Record> activities;
  std::vector<std::string> sealed_ids;  // the keys of a page's notes are read at once
  for (const Record& s : page.items) {
    const std::string activity_id = Str(s.data, "activity_id");
    if (!activities.contains(activity_id)) {
      BATON_ASSIGN_OR_RETURN(Record a, LoadActivity(activity_id));
      activities.emplace(activity_id, std::move(a));
    }
    if (Has(s.data, "sealed")) sealed_ids.push_back(s.id);
  }
  std::map<std::string, std::string> wrapped;
  if (!sealed_ids.empty()) {
    BATON_ASSIGN_OR_RETURN(wrapped, ctx_.store().GetRecordKeys(kSession, sealed_ids));
  }
  std::map<std::string, std::string> names;  // a page's facilitators are few
  for (const Record& s : page.items) {
    out.items.push_back(SessionView(who, s, activities.at(Str(s.data, "activity_id")), &wrapped, &names));
  }
  if (page.has_more && !page.items.empty()) {
    out.next_cursor = OrderedCursor(Str(page.items.back().data, "date"), page.items.back().id);
  }
  return out;
}

Result<Versioned> ActivityService::GetSession(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record s, LoadSession(id));
  BATON_ASSIGN_OR_RETURN(Record a, LoadActivity(Str(s.data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(a)));
  return Versioned{WithAttendanceSummary(SessionView(who, s, a)), s.version};
}

Json ActivityService::WithAttendanceSummary(Json view) {
  auto recorded = ctx_.store().Get(kAttendanceKind, Str(view, "id"));
  if (recorded.ok()) view["attendance_summary"] = AttendanceSummary(recorded->data);
  return view;
}

Result<Versioned> ActivityService::CreateSession(const Principal& who, std::string_view activity_id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kSession, TargetOfActivity(activity)));
  Json body = input;
  if (body.is_object() && !body.contains("activity_id")) body["activity_id"] = activity.id;
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(SessionSpec(), body, InputMode::kCreate));
  if (state["activity_id"] != activity.id) {
    return Status::InvalidField("activity_id", "is not the activity the session is recorded under");
  }
  if (Str(activity.data, "status") == "cancelled") {
    return Status::ConflictField("status", "the activity is cancelled; its sessions can no longer be recorded");
  }
  BATON_RETURN_IF_ERROR(CheckSessionInActivity(state, activity.data));
  // Attendance taken with the session is stored as its attendance record, in the same change set.
  Json counting = Json::object();
  for (const char* f : {"attendance", "headcount"}) {
    if (Has(state, f)) counting[f] = state[f];
    state.erase(f);
  }
  const std::string id = ctx_.NewId();
  std::optional<EntityChange> attendance;
  if (!counting.empty()) {
    BATON_ASSIGN_OR_RETURN(attendance, attendance_.AttendanceChange(activity, id, Str(state, "date"), counting, nullptr));
  }
  if (Has(state, "facilitator_id")) {
    auto user = ctx_.store().Get("user", Str(state, "facilitator_id"));
    if (!user.ok() || Str(user->data, "organization_id") != Str(activity.data, "organization_id")) {
      return Status::InvalidField("facilitator_id", "no such user in your organisation");
    }
  }
  state["organization_id"] = activity.data["organization_id"];
  state["programme_id"] = activity.data["programme_id"];
  EntityChange change{kSession, id, ChangeOp::kCreate, Json(), {}};
  Json sealed = Json::object();
  for (const std::string& f : SessionSealedFields()) {
    if (Has(state, f.c_str())) sealed[f] = state[f];
    state.erase(f);
  }
  if (!sealed.empty()) {
    if (!ctx_.keys().present()) {
      return Status::Unavailable("this server was started without a data key, so session notes cannot be kept");
    }
    const std::string key = ctx_.keys().NewRecordKey(ctx_.random());
    state["sealed"] = SealFields(key, kSession, id, sealed, ctx_.random());
    change.local.record_key = ctx_.keys().Wrap(key, kSession, id, ctx_.random());
  }
  change.patch = std::move(state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  if (attendance) set.changes.push_back(std::move(*attendance));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record s, LoadSession(id));
  return Versioned{WithAttendanceSummary(SessionView(who, s, activity)), s.version};
}

Result<Versioned> ActivityService::UpdateSession(const Principal& who, std::string_view id, const Json& patch,
                                                 std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadSession(id));
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(Str(current.data, "activity_id")));
  const AccessTarget target = TargetOfActivity(activity);
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kSession, target));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(SessionSpec(), patch, InputMode::kPatch));
  for (const char* f : {"attendance", "headcount"}) {
    if (clean.contains(f)) {
      return Status::InvalidField(f, "is replaced with PUT /api/v1/sessions/" + current.id + "/attendance");
    }
  }
  if (if_match && *if_match != current.version) return Stale();
  // Notes are replaced whole; only someone who may read them may change them.
  Json sealed_patch = Json::object();
  for (const std::string& f : SessionSealedFields()) {
    if (clean.contains(f)) {
      if (!AccessPolicy::MaySeeSessionNotes(who, target)) {
        return Status::Forbidden("your roles do not allow you to change the notes of this session");
      }
      sealed_patch[f] = clean[f];
      clean.erase(f);
    }
  }
  Json state = current.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(CheckSessionInActivity(state, activity.data));
  if (Has(clean, "facilitator_id")) {
    auto user = ctx_.store().Get("user", Str(state, "facilitator_id"));
    if (!user.ok() || Str(user->data, "organization_id") != Str(activity.data, "organization_id")) {
      return Status::InvalidField("facilitator_id", "no such user in your organisation");
    }
  }
  EntityChange change{kSession, current.id, ChangeOp::kUpdate, Json(), current.version};
  if (!sealed_patch.empty()) {
    if (!ctx_.keys().present()) {
      return Status::Unavailable("this server was started without a data key, so session notes cannot be kept");
    }
    // The notes in clear, changed, sealed again under the session's key (a new one if it had none).
    Json sealed = Json::object();
    std::string key;
    BATON_ASSIGN_OR_RETURN(auto wrapped, ctx_.store().GetRecordKeys(kSession, {current.id}));
    if (auto it = wrapped.find(current.id); it != wrapped.end()) {
      BATON_ASSIGN_OR_RETURN(key, ctx_.keys().Unwrap(it->second, kSession, current.id));
      if (Has(current.data, "sealed")) {
        BATON_ASSIGN_OR_RETURN(sealed, OpenFields(key, kSession, current.id, Str(current.data, "sealed")));
      }
    } else {
      key = ctx_.keys().NewRecordKey(ctx_.random());
      change.local.record_key = ctx_.keys().Wrap(key, kSession, current.id, ctx_.random());
    }
    ApplyPatch(sealed, sealed_patch);
    if (sealed.empty()) {
      state.erase("sealed");
    } else {
      state["sealed"] = SealFields(key, kSession, current.id, sealed, ctx_.random());
    }
  }
  change.patch = Diff(current.data, state);
  if (change.patch.empty()) return Versioned{SessionView(who, current, activity), current.version};
  ChangeSet set = ctx_.NewChangeSet(who);
  // The attendance record keeps the session's date (its people were checked for the old one); an
  // attendance taken meanwhile makes this change stale rather than keep the old date.
  if (change.patch.contains("date")) {
    auto recorded = ctx_.store().Get(kAttendanceKind, current.id);
    if (recorded.ok()) {
      set.changes.push_back({kAttendanceKind, current.id, ChangeOp::kUpdate, {{"date", state["date"]}}, recorded->version});
    } else if (recorded.status().code() == Code::kNotFound) {
      set.expects.push_back({kAttendanceKind, current.id, 0});
    } else {
      return recorded.status();
    }
  }
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  BATON_ASSIGN_OR_RETURN(Record s, LoadSession(id));
  return Versioned{WithAttendanceSummary(SessionView(who, s, activity)), s.version};
}

}  // namespace baton
