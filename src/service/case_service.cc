#include "service/case_service.h"

#include <algorithm>
#include <utility>

#include "domain/cases.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/placement.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr int kMaxRetries = 3;  // a session's case changed under it: read it again and retry

// The supervisor's side of a case: its supervisor or a manager (who may sign a closure off).
bool SupervisesCase(const Principal& who, const Json& c) {
  return who.is_system() || who.has(Role::kManager) ||
         (who.has(Role::kSupervisor) && who.user_id == Str(c, "supervisor_id"));
}

bool IsOpen(const Json& c) { return Str(c, "status") != "closed" && c.value("active", true); }

Json WithoutSealed(const Record& r) {
  Json view = RecordView(r);
  view.erase("sealed");
  return view;
}

// The record a person check treats as the activity: the case's organisation and programme.
Record AsActivity(const Json& state) { return Record{kCaseKind, "", 0, 0, 0, state}; }

}  // namespace

Result<Json> CaseService::View(const Principal& who, const Record& c, bool with_notes) {
  Json view = WithoutSealed(c);
  const std::string today = ctx_.Today();
  view["follow_up_due"] = IsOpen(c.data) && Has(c.data, "next_follow_up") && Str(c.data, "next_follow_up") <= today;
  Json names = UserNames(ctx_.store(), {Str(c.data, "counsellor_id"), Str(c.data, "supervisor_id")});
  view["counsellor_name"] = names.value(Str(c.data, "counsellor_id"), "");
  view["supervisor_name"] = names.value(Str(c.data, "supervisor_id"), "");
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, {Str(c.data, "person_id")}));
  if (auto it = people.find(Str(c.data, "person_id")); it != people.end()) view["person"] = it->second;
  if (with_notes && AccessPolicy::MaySeeCaseNotes(who, TargetOfCase(c.data))) {
    view["notes_visible"] = true;
    if (Has(c.data, "sealed")) {
      BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, c));
      for (auto f = u.fields.begin(); f != u.fields.end(); ++f) view[f.key()] = *f;
      BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(c.data, "person_id"), "case"));
    }
  } else {
    view["notes_visible"] = false;
  }
  return view;
}

Status CaseService::CheckReferences(const Principal& who, const Json& state, const Json* stored) {
  const std::string org = Str(state, "organization_id");
  std::vector<FieldError> errors;
  auto keep = [&](const Status& s) {
    errors.insert(errors.end(), s.errors().begin(), s.errors().end());
    return s.ok() || !s.errors().empty();
  };
  if (stored == nullptr) {
    Status placed = CheckProgrammeAndSite(ctx_.store(), state, true, "cases are opened");
    if (!keep(placed)) return placed;
    if (placed.ok()) {
      Status person = attendance_.CheckPeople(AsActivity(state), Str(state, "opened_on"), {{"person_id", Str(state, "person_id")}});
      if (!keep(person)) return person;
    }
  }
  for (auto [field, role] : {std::pair{"counsellor_id", Role::kCounsellor}, std::pair{"supervisor_id", Role::kSupervisor}}) {
    if (stored != nullptr && Str(*stored, field) == Str(state, field)) continue;
    Status s = CheckStaff(ctx_.store(), org, Str(state, field), role, field);
    if (!keep(s)) return s;
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  // A counsellor opens cases for themselves; assigning others is for a supervisor or a manager.
  const bool assigns = who.is_system() || who.has(Role::kManager) || who.has(Role::kSupervisor);
  const bool reassigned = stored == nullptr || Str(*stored, "counsellor_id") != Str(state, "counsellor_id") ||
                          Str(*stored, "supervisor_id") != Str(state, "supervisor_id");
  if (reassigned && !assigns && (stored != nullptr || Str(state, "counsellor_id") != who.user_id)) {
    return Status::Forbidden(stored == nullptr
                                 ? "a counsellor opens cases for themselves: a supervisor or manager assigns others"
                                 : "a case is reassigned by its supervisor or a manager");
  }
  // One open case per person in a programme: a returning person's case is reopened.
  if (IsOpen(state) && (stored == nullptr || !IsOpen(*stored))) {
    ListQuery q{.kind = kCaseKind, .equals = {{"person_id", Str(state, "person_id")}}, .limit = 100};
    BATON_ASSIGN_OR_RETURN(std::vector<Record> theirs, ListAll(ctx_.store(), q));
    for (const Record& other : theirs) {
      if (stored != nullptr && other.id == Str(*stored, "id")) continue;
      if (Str(other.data, "programme_id") == Str(state, "programme_id") && IsOpen(other.data)) {
        return Status::ConflictField("person_id", "this person already has an open case in this programme (" + other.id +
                                                      "): work in that case");
      }
    }
  }
  return Status::Ok();
}

Result<Json> CaseService::List(const Principal& who, const CaseListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kCase)) return Status::Forbidden("your roles do not allow you to see cases");
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  if (!params.status.empty() && params.status != "open" &&
      std::find(CaseStatusNames().begin(), CaseStatusNames().end(), params.status) == CaseStatusNames().end()) {
    return Status::InvalidField("status", "must be open or one of intake, assessment, active, closing, closed");
  }
  ListQuery q{.kind = kCaseKind, .limit = params.limit};
  // Those who see only their own cases page through them by the assignment's index.
  const bool sees_all = who.is_system() || who.has(Role::kManager) || who.has(Role::kMeOfficer);
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  if (!sees_all && !who.has(Role::kSupervisor)) q.equals.emplace_back("counsellor_id", who.user_id);
  if (!sees_all && !who.has(Role::kCounsellor)) q.equals.emplace_back("supervisor_id", who.user_id);
  for (auto [field, value] : {std::pair{"programme_id", &params.programme_id}, std::pair{"person_id", &params.person_id},
                              std::pair{"counsellor_id", &params.counsellor_id},
                              std::pair{"supervisor_id", &params.supervisor_id}}) {
    if (!value->empty()) q.equals.emplace_back(field, *value);
  }
  if (params.status == "open") {
    q.not_equals.emplace_back("status", "closed");
  } else if (!params.status.empty()) {
    q.equals.emplace_back("status", params.status);
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  Json items = Json::array();
  for (const Record& r : page.items) {
    if (!AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(r.data)).ok()) continue;
    BATON_ASSIGN_OR_RETURN(Json view, View(who, r, false));
    items.push_back(std::move(view));
  }
  Json next = page.has_more && !page.items.empty() ? Json(Cursor(page.items.back().id)) : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> CaseService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(c.data)));
  return View(who, c, true);
}

Result<Json> CaseService::Create(const Principal& who, const Json& input) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kCase, {.organization_id = who.organization_id}));
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(CaseSpec(), input, InputMode::kCreate));
  const std::string today = ctx_.Today();
  if (!Has(state, "opened_on")) state["opened_on"] = today;
  if (!Has(state, "status")) state["status"] = "intake";
  if (Str(state, "status") == "closing" || Str(state, "status") == "closed") {
    return Status::InvalidField("status", "a case is opened at intake, assessment or active");
  }
  if (Str(state, "opened_on") > today) return Status::InvalidField("opened_on", "is after today");
  BATON_RETURN_IF_ERROR(CheckCaseState(Json::object(), state));
  state["organization_id"] = who.organization_id;
  auto programme = ctx_.store().Get("programme", Str(state, "programme_id"));
  if (programme.ok()) state["site_id"] = programme->data.value("site_id", Json());
  state["active"] = state.value("active", true);
  BATON_RETURN_IF_ERROR(CheckReferences(who, state, nullptr));
  const std::string id = ctx_.NewId();
  EntityChange change{kCaseKind, id, ChangeOp::kCreate, Json(), {}};
  const Json sealed = TakeSealed(state, CaseSealedFields());
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, sealed, "case notes"));
  change.patch = std::move(state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kCaseKind, id));
  return View(who, stored, true);
}

Result<Json> CaseService::Update(const Principal& who, std::string_view id, const Json& patch,
                                 std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadRecord(ctx_.store(), kCaseKind, id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kCase, TargetOfCase(current.data)));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(CaseSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  if (clean.contains("active")) {
    BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kDeactivate, Resource::kCase, TargetOfCase(current.data)));
  }
  const Json sealed_patch = TakeSealed(clean, CaseSealedFields());
  Json state = current.data;
  ApplyPatch(state, clean);
  const std::string from = Str(current.data, "status");
  const std::string to = Str(state, "status");
  if (from != to) {
    const CaseActor actor = SupervisesCase(who, current.data) ? CaseActor::kSupervisor : CaseActor::kCounsellor;
    BATON_RETURN_IF_ERROR(CheckCaseTransition(*ParseCaseStatus(from), *ParseCaseStatus(to), actor));
    ApplyCaseMove(current.data, state);
    const std::string today = ctx_.Today();
    if (to == "closing") state["closure_requested_by"] = who.user_id;
    if (to == "closed") {
      if (!Has(state, "closed_on")) state["closed_on"] = today;
      state["closure_signed_by"] = who.user_id;
      state["closure_signed_on"] = today;
    }
  }
  // A reopening states why, in the sealed reopen_reason.
  Json check = state;
  if (sealed_patch.contains("reopen_reason")) check["reopen_reason"] = sealed_patch["reopen_reason"];
  BATON_RETURN_IF_ERROR(CheckCaseState(current.data, check));
  if (Has(state, "closed_on") && Str(state, "closed_on") > ctx_.Today()) {
    return Status::InvalidField("closed_on", "is after today");
  }
  BATON_RETURN_IF_ERROR(CheckReferences(who, state, &current.data));
  EntityChange change{kCaseKind, current.id, ChangeOp::kUpdate, Json(),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  BATON_RETURN_IF_ERROR(PatchSealed(ctx_, change, current, state, sealed_patch, "case notes"));
  change.patch = Diff(current.data, state);
  if (!change.patch.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(std::move(change));
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kCaseKind, id));
  return View(who, stored, true);
}

// ---- Sessions ----

Result<Json> CaseService::SessionView(const Principal& who, const Record& session, const Record& c, const Json& notes) {
  Json view = WithoutSealed(session);
  if (AccessPolicy::MaySeeCaseNotes(who, TargetOfCase(c.data))) {
    for (auto f = notes.begin(); f != notes.end(); ++f) view[f.key()] = *f;
  }
  return view;
}

Result<Json> CaseService::Sessions(const Principal& who, std::string_view case_id) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, case_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(c.data)));
  ListQuery q{.kind = kCaseSessionKind, .equals = {{"case_id", c.id}}, .order_by = "date", .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> sessions, ListAll(ctx_.store(), q));
  std::map<std::string, Unsealed> opened;
  const bool notes = AccessPolicy::MaySeeCaseNotes(who, TargetOfCase(c.data));
  if (notes) {
    BATON_ASSIGN_OR_RETURN(opened, UnsealAll(ctx_, sessions));
    if (!sessions.empty()) BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(c.data, "person_id"), "case_session"));
  }
  Json items = Json::array();
  for (const Record& s : sessions) {
    BATON_ASSIGN_OR_RETURN(Json view, SessionView(who, s, c, notes ? opened[s.id].fields : Json::object()));
    items.push_back(std::move(view));
  }
  return Json{{"case_id", c.id}, {"items", std::move(items)}};
}

Result<Json> CaseService::CommitSession(const Principal& who, const Record& first_read, EntityChange session,
                                        const Json& session_state) {
  Record c = first_read;
  for (int attempt = 0;; ++attempt) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(session);
    // The latest session (by date) sets when the person is to be seen next.
    const std::string date = Str(session_state, "date");
    if (session_state.value("active", true) && date >= Str(c.data, "last_session_on")) {
      Json state = c.data;
      state["last_session_on"] = date;
      if (Has(session_state, "next_appointment")) {
        state["next_follow_up"] = session_state["next_appointment"];
      } else {
        state.erase("next_follow_up");
      }
      Json diff = Diff(c.data, state);
      if (!diff.empty()) set.changes.push_back({kCaseKind, c.id, ChangeOp::kUpdate, std::move(diff), c.version});
    } else {
      set.expects.push_back({kCaseKind, c.id, c.version});
    }
    auto committed = ctx_.store().Commit(std::move(set));
    if (committed.ok()) return Json(session.id);
    if (committed.status().code() != Code::kPreconditionFailed || attempt + 1 >= kMaxRetries) {
      return committed.status();
    }
    BATON_ASSIGN_OR_RETURN(c, LoadRecord(ctx_.store(), kCaseKind, c.id));
  }
}

Result<Json> CaseService::AddSession(const Principal& who, std::string_view case_id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, case_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kCase, TargetOfCase(c.data)));
  Json body = input;
  if (body.is_object() && !body.contains("case_id")) body["case_id"] = c.id;
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(CaseSessionSpec(), body, InputMode::kCreate));
  if (Str(state, "case_id") != c.id) return Status::InvalidField("case_id", "is not the case of this address");
  BATON_RETURN_IF_ERROR(CheckCaseSessionState(state, c.data, ctx_.Today()));
  for (const char* f : {"organization_id", "programme_id", "person_id"}) state[f] = c.data.value(f, Json());
  state["counsellor_id"] = who.user_id;  // who held it
  state["attended"] = state.value("attended", true);
  state["active"] = state.value("active", true);
  const std::string id = ctx_.NewId();
  EntityChange change{kCaseSessionKind, id, ChangeOp::kCreate, Json(), {}};
  const Json sealed = TakeSealed(state, CaseSessionSealedFields());
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, sealed, "session notes"));
  change.patch = state;
  BATON_RETURN_IF_ERROR(CommitSession(who, c, std::move(change), state).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kCaseSessionKind, id));
  return SessionView(who, stored, c, sealed);
}

Result<Json> CaseService::GetSession(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record s, LoadRecord(ctx_.store(), kCaseSessionKind, id));
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, Str(s.data, "case_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(c.data)));
  Json notes = Json::object();
  if (AccessPolicy::MaySeeCaseNotes(who, TargetOfCase(c.data)) && Has(s.data, "sealed")) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, s));
    notes = std::move(u.fields);
    BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(c.data, "person_id"), "case_session"));
  }
  return SessionView(who, s, c, notes);
}

Result<Json> CaseService::UpdateSession(const Principal& who, std::string_view id, const Json& patch,
                                        std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadRecord(ctx_.store(), kCaseSessionKind, id));
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, Str(current.data, "case_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kCase, TargetOfCase(c.data)));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(CaseSessionSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  const Json sealed_patch = TakeSealed(clean, CaseSessionSealedFields());
  Json state = current.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(CheckCaseSessionState(state, c.data, ctx_.Today()));
  EntityChange change{kCaseSessionKind, current.id, ChangeOp::kUpdate, Json(),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  BATON_RETURN_IF_ERROR(PatchSealed(ctx_, change, current, state, sealed_patch, "session notes"));
  change.patch = Diff(current.data, state);
  if (!change.patch.empty()) {
    Status s = CommitSession(who, c, std::move(change), state).status();
    BATON_RETURN_IF_ERROR(CommitFailure(s));
  }
  return GetSession(who, id);
}

// ---- Supervision ----

Result<Json> CaseService::Supervisions(const Principal& who, std::string_view case_id) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, case_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(c.data)));
  ListQuery q{.kind = kSupervisionKind, .equals = {{"case_id", c.id}}, .order_by = "date", .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> notes, ListAll(ctx_.store(), q));
  const bool visible = AccessPolicy::MaySeeCaseNotes(who, TargetOfCase(c.data));
  std::map<std::string, Unsealed> opened;
  if (visible) {
    BATON_ASSIGN_OR_RETURN(opened, UnsealAll(ctx_, notes));
    if (!notes.empty()) BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, Str(c.data, "person_id"), "supervision"));
  }
  Json items = Json::array();
  for (const Record& n : notes) {
    Json view = WithoutSealed(n);
    if (visible) {
      for (auto f = opened[n.id].fields.begin(); f != opened[n.id].fields.end(); ++f) view[f.key()] = *f;
    }
    items.push_back(std::move(view));
  }
  return Json{{"case_id", c.id}, {"items", std::move(items)}};
}

Result<Json> CaseService::AddSupervision(const Principal& who, std::string_view case_id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record c, LoadRecord(ctx_.store(), kCaseKind, case_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kCase, TargetOfCase(c.data)));
  if (!SupervisesCase(who, c.data)) {
    return Status::Forbidden("supervision notes are written by the case's supervisor or a manager");
  }
  Json body = input;
  if (body.is_object() && !body.contains("case_id")) body["case_id"] = c.id;
  if (body.is_object() && !body.contains("date")) body["date"] = ctx_.Today();
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(SupervisionSpec(), body, InputMode::kCreate));
  if (Str(state, "case_id") != c.id) return Status::InvalidField("case_id", "is not the case of this address");
  if (Str(state, "date") > ctx_.Today()) return Status::InvalidField("date", "is after today");
  if (Str(state, "date") < Str(c.data, "opened_on")) {
    return Status::InvalidField("date", "must not be before the case was opened (" + Str(c.data, "opened_on") + ")");
  }
  for (const char* f : {"organization_id", "programme_id", "person_id"}) state[f] = c.data.value(f, Json());
  state["supervisor_id"] = who.user_id;
  const std::string id = ctx_.NewId();
  EntityChange change{kSupervisionKind, id, ChangeOp::kCreate, Json(), {}};
  const Json sealed = TakeSealed(state, SupervisionSealedFields());
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, sealed, "supervision notes"));
  change.patch = state;
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kSupervisionKind, id));
  Json view = WithoutSealed(stored);
  for (auto f = sealed.begin(); f != sealed.end(); ++f) view[f.key()] = *f;
  return view;
}

// ---- Caseload and queue ----

Result<Json> CaseService::MyCaseload(const Principal& who) {
  if (!who.has(Role::kCounsellor)) return Status::Forbidden("a caseload is a counsellor's");
  ListQuery q{.kind = kCaseKind,
              .equals = {{"counsellor_id", who.user_id}},
              .not_equals = {{"status", "closed"}},
              .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> cases, ListAll(ctx_.store(), q));
  Json items = Json::array();
  int due = 0;
  for (const Record& c : cases) {
    if (!c.data.value("active", true) || Str(c.data, "organization_id") != who.organization_id) continue;
    BATON_ASSIGN_OR_RETURN(Json view, View(who, c, false));
    ListQuery flags{.kind = kRiskFlagKind, .equals = {{"case_id", c.id}, {"status", "open"}}, .limit = 100};
    BATON_ASSIGN_OR_RETURN(RecordPage open, ctx_.store().List(flags));
    view["open_flags"] = open.items.size();
    if (view.value("follow_up_due", false)) ++due;
    items.push_back(std::move(view));
  }
  // Follow-ups due first (the oldest first), then the rest by next follow-up, then without one.
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    const std::string fa = Str(a, "next_follow_up"), fb = Str(b, "next_follow_up");
    if (fa.empty() != fb.empty()) return fb.empty();
    return fa < fb;
  });
  return Json{{"today", ctx_.Today()}, {"items", std::move(items)}, {"due", due}};
}

Result<Json> CaseService::SupervisionQueue(const Principal& who) {
  const bool manager = who.has(Role::kManager);
  if (!manager && !who.has(Role::kSupervisor)) return Status::Forbidden("the supervision queue is a supervisor's");
  const int64_t now = ctx_.clock().NowMs();
  ListQuery fq{.kind = kRiskFlagKind, .equals = {{"organization_id", who.organization_id}, {"status", "open"}}, .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> flags, ListAll(ctx_.store(), fq));
  Json flag_items = Json::array();
  std::vector<std::string> people;
  for (const Record& f : flags) {
    // A supervisor sees the flags of the cases they supervise, and those raised outside a case.
    if (!manager && Has(f.data, "supervisor_id") && Str(f.data, "supervisor_id") != who.user_id) continue;
    Json view = WithoutSealed(f);
    view["overdue"] = f.data.value("due_ms", int64_t{0}) < now;
    people.push_back(Str(f.data, "person_id"));
    flag_items.push_back(std::move(view));
  }
  std::stable_sort(flag_items.begin(), flag_items.end(), [](const Json& a, const Json& b) {
    return a.value("due_ms", int64_t{0}) < b.value("due_ms", int64_t{0});
  });
  BATON_ASSIGN_OR_RETURN(auto summaries, persons_.Summaries(who, people));
  for (Json& f : flag_items) {
    if (auto it = summaries.find(Str(f, "person_id")); it != summaries.end()) f["person"] = it->second;
  }
  ListQuery cq{.kind = kCaseKind, .equals = {{"organization_id", who.organization_id}, {"status", "closing"}}, .limit = 1000};
  if (!manager) cq.equals.emplace_back("supervisor_id", who.user_id);
  BATON_ASSIGN_OR_RETURN(std::vector<Record> closing, ListAll(ctx_.store(), cq));
  Json closures = Json::array();
  for (const Record& c : closing) {
    BATON_ASSIGN_OR_RETURN(Json view, View(who, c, false));
    closures.push_back(std::move(view));
  }
  int supervised = 0;
  if (who.has(Role::kSupervisor)) {
    ListQuery sq{.kind = kCaseKind, .equals = {{"supervisor_id", who.user_id}}, .not_equals = {{"status", "closed"}}, .limit = 1000};
    BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), sq, [&](const Record&) {
      ++supervised;
      return Status::Ok();
    }));
  }
  return Json{{"flags", std::move(flag_items)}, {"closures", std::move(closures)}, {"supervised", supervised}};
}

Result<Json> CaseService::Staff(const Principal& who) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kCase, {.organization_id = who.organization_id}));
  ListQuery q{.kind = "user", .equals = {{"organization_id", who.organization_id}}, .limit = 1000};
  Json counsellors = Json::array(), supervisors = Json::array();
  BATON_RETURN_IF_ERROR(ForEachRecord(ctx_.store(), q, [&](const Record& u) {
    if (!u.data.value("active", true)) return Status::Ok();
    const Json entry = {{"id", u.id}, {"display_name", Str(u.data, "display_name")}};
    for (const Json& r : u.data.value("roles", Json::array())) {
      if (r == RoleName(Role::kCounsellor)) counsellors.push_back(entry);
      if (r == RoleName(Role::kSupervisor)) supervisors.push_back(entry);
    }
    return Status::Ok();
  }));
  for (Json* list : {&counsellors, &supervisors}) {
    std::stable_sort(list->begin(), list->end(), [](const Json& a, const Json& b) {
      return Str(a, "display_name") < Str(b, "display_name");
    });
  }
  return Json{{"counsellors", std::move(counsellors)}, {"supervisors", std::move(supervisors)}};
}

}  // namespace baton
