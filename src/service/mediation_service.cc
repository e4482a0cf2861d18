#include "service/mediation_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "domain/activities.h"
#include "domain/mediation.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/case_records.h"
#include "service/placement.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr int kMaxRetries = 3;  // the mediation changed under a session or agreement: read it again

AccessTarget TargetOfMediation(const Json& m) {
  AccessTarget t;
  t.organization_id = Str(m, "organization_id");
  t.mediator_ids = MediatorUserIds(m);
  return t;
}

Json WithoutSealed(const Record& r) {
  Json view = RecordView(r);
  view.erase("sealed");
  return view;
}

// The record a person check treats as the activity: the mediation's organisation and programme.
Record AsActivity(const Json& state) { return Record{kMediationKind, "", 0, 0, 0, state}; }

std::string At(const char* list, size_t i) { return std::string(list) + "[" + std::to_string(i) + "]"; }

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The dispute type of a mediation in its programme's list; a type the programme has since dropped
// is still shown (by its code) and treated as mediated.
DisputeType TypeIn(const std::vector<DisputeType>& types, const std::string& code) {
  const DisputeType* t = FindDisputeType(types, code);
  return t != nullptr ? *t : DisputeType{code, code, true, ""};
}

Result<std::vector<DisputeType>> TypesOfProgramme(Store& store, const std::string& programme_id) {
  auto p = store.Get("programme", programme_id);
  if (!p.ok() && p.status().code() != Code::kNotFound) return p.status();
  return p.ok() ? DisputeTypesOfProgramme(p->data) : DefaultDisputeTypes();
}

std::string TypeCodes(const std::vector<DisputeType>& types) {
  std::string out;
  for (const DisputeType& t : types) out += (out.empty() ? "" : ", ") + t.code;
  return out;
}

// A staff mediator: an active user of the organisation who works with people.
Status CheckMediatorUser(Store& store, const std::string& org, const std::string& id, const std::string& at) {
  auto user = store.Get("user", id);
  if (!user.ok() && user.status().code() != Code::kNotFound) return user.status();
  if (!user.ok() || Str(user->data, "organization_id") != org) {
    return Status::InvalidField(at, "no such user in your organisation");
  }
  if (!user->data.value("active", true)) return Status::InvalidField(at, "this user is deactivated");
  for (const Json& r : user->data.value("roles", Json::array())) {
    if (!r.is_string()) continue;
    const std::string role = r.get<std::string>();
    if (role == "manager" || role == "supervisor" || role == "counsellor" || role == "facilitator") return Status::Ok();
  }
  return Status::InvalidField(at, "mediators are programme staff: a manager, supervisor, counsellor or facilitator");
}

// A linked event: an activity of the mediation's programme whose 4Ws code is community-focused
// (community dialogue, peacebuilding, awareness), as the events are.
Status CheckLinkedActivity(Store& store, const Json& state, const Json& programme, const std::string& id,
                           const std::string& at) {
  auto activity = store.Get(kActivityKind, id);
  if (!activity.ok() && activity.status().code() != Code::kNotFound) return activity.status();
  if (!activity.ok() || Str(activity->data, "organization_id") != Str(state, "organization_id")) {
    return Status::InvalidField(at, "no such activity in your organisation");
  }
  if (Str(activity->data, "programme_id") != Str(state, "programme_id")) {
    return Status::InvalidField(at, "is an activity of another programme");
  }
  const ActivityCodeTable codes = ActivityCodesOfProgramme(programme);
  const std::string code = Str(activity->data, "activity_code");
  const ActivityCode* row = codes.Find(code);
  if (row == nullptr || row->group != "community") {
    return Status::InvalidField(at, "is coded " + code +
                                        ", not a community-focused activity: link community "
                                        "dialogue and peacebuilding events");
  }
  return Status::Ok();
}

// The sealed fields of a record with a patch of them applied (a null clears one).
Json MergedText(const Json& stored, const Json& patch) {
  Json out = stored;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null()) {
      out.erase(it.key());
    } else {
      out[it.key()] = *it;
    }
  }
  return out;
}

// Those who may not read what was written may write it where there is none, never replace it.
Status CheckBlindWrite(bool reads, const Json& stored_text, const Json& patch) {
  if (reads) return Status::Ok();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (stored_text.contains(it.key()) && !stored_text[it.key()].is_null()) {
      return Status::Forbidden("what was written in " + it.key() +
                               " is changed only by those who may read it: a supervisor, a manager or a counsellor "
                               "who mediates");
    }
  }
  return Status::Ok();
}

}  // namespace

struct MediationService::Page {
  std::map<std::string, std::vector<DisputeType>> types;  // by programme id
  Json user_names = Json::object();
  std::map<std::string, Json> people;  // person summaries as the caller may see them
};

Result<MediationService::Page> MediationService::PageFor(const Principal& who, const std::vector<Record>& records) {
  Page page;
  std::vector<std::string> users, people;
  for (const Record& m : records) {
    const std::string programme = Str(m.data, "programme_id");
    if (!page.types.contains(programme)) {
      BATON_ASSIGN_OR_RETURN(page.types[programme], TypesOfProgramme(ctx_.store(), programme));
    }
    for (const std::string& u : MediatorUserIds(m.data)) users.push_back(u);
    for (const std::string& p : PartyPersonIds(m.data)) people.push_back(p);
  }
  page.user_names = UserNames(ctx_.store(), users);
  if (!people.empty()) {
    BATON_ASSIGN_OR_RETURN(page.people, persons_.Summaries(who, people));
  }
  return page;
}

Status MediationService::LogTextRead(const Principal& who, const Json& m, std::string_view what) {
  for (const std::string& person : PartyPersonIds(m)) {
    BATON_RETURN_IF_ERROR(LogCaseNotesRead(ctx_, who, person, what));
  }
  return Status::Ok();
}

Result<Json> MediationService::Render(const Principal& who, const Record& m, const Page& page, bool with_text) {
  Json view = WithoutSealed(m);
  const auto types = page.types.find(Str(m.data, "programme_id"));
  const DisputeType type =
      TypeIn(types != page.types.end() ? types->second : DefaultDisputeTypes(), Str(m.data, "dispute_type"));
  view["dispute_type_label"] = type.label;
  view["mediated"] = type.mediate;
  if (!type.mediate && !type.guidance.empty()) view["guidance"] = type.guidance;
  view["follow_up_due"] =
      m.data.value("active", true) && Has(m.data, "follow_up_on") && Str(m.data, "follow_up_on") <= ctx_.Today();
  Json mediators = Json::array();
  for (Json mediator : m.data.value("mediators", Json::array())) {
    if (Has(mediator, "user_id")) mediator["display_name"] = page.user_names.value(Str(mediator, "user_id"), "");
    mediators.push_back(std::move(mediator));
  }
  view["mediators"] = std::move(mediators);
  // Parties as the caller sees people: a group's description is said without names, but it is
  // free text about people, so it goes no further than a person's name would.
  const bool sees_names = AccessPolicy::PersonDetailFor(who, {.organization_id = Str(m.data, "organization_id")}) >=
                          PersonDetail::kAttendance;
  Json parties = Json::array();
  for (Json party : m.data.value("parties", Json::array())) {
    if (Has(party, "person_id")) {
      party["kind"] = "person";
      if (auto it = page.people.find(Str(party, "person_id")); it != page.people.end()) party["person"] = it->second;
    } else {
      party["kind"] = "group";
      if (!sees_names) party.erase("description");
    }
    parties.push_back(std::move(party));
  }
  view["parties"] = std::move(parties);
  const bool reads = AccessPolicy::MaySeeMediationText(who, TargetOfMediation(m.data));
  view["text_visible"] = reads;
  if (with_text && reads && Has(m.data, "sealed")) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, m));
    for (auto f = u.fields.begin(); f != u.fields.end(); ++f) view[f.key()] = *f;
    BATON_RETURN_IF_ERROR(LogTextRead(who, m.data, "mediation"));
  }
  return view;
}

Result<Json> MediationService::View(const Principal& who, const Record& m, bool with_text) {
  BATON_ASSIGN_OR_RETURN(Page page, PageFor(who, {m}));
  return Render(who, m, page, with_text);
}

Result<Record> MediationService::LoadReadable(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record m, LoadRecord(ctx_.store(), kMediationKind, id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kMediation, TargetOfMediation(m.data)));
  return m;
}

Result<DisputeType> MediationService::TypeOf(const Json& m) {
  BATON_ASSIGN_OR_RETURN(std::vector<DisputeType> types, TypesOfProgramme(ctx_.store(), Str(m, "programme_id")));
  return TypeIn(types, Str(m, "dispute_type"));
}

Status MediationService::CheckReferences(const Principal& who, const Json& state, const Json* stored) {
  const std::string org = Str(state, "organization_id");
  if (stored == nullptr) {
    BATON_RETURN_IF_ERROR(CheckProgrammeAndSite(ctx_.store(), state, true, "mediations are opened"));
  }
  auto programme = ctx_.store().Get("programme", Str(state, "programme_id"));
  if (!programme.ok()) return programme.status();
  std::vector<FieldError> errors;
  auto keep = [&](const Status& s) {
    errors.insert(errors.end(), s.errors().begin(), s.errors().end());
    return s.ok() || !s.errors().empty();
  };
  if (stored == nullptr || Str(*stored, "dispute_type") != Str(state, "dispute_type")) {
    const std::vector<DisputeType> types = DisputeTypesOfProgramme(programme->data);
    if (FindDisputeType(types, Str(state, "dispute_type")) == nullptr) {
      errors.push_back({"dispute_type", "must be one of the programme's dispute types: " + TypeCodes(types)});
    }
  }
  // Only what is new is checked again: a correction does not fail on a consent withdrawn since.
  const std::vector<std::string> had_people = stored ? PartyPersonIds(*stored) : std::vector<std::string>{};
  std::vector<std::pair<std::string, std::string>> people;
  const Json parties = state.value("parties", Json::array());
  for (size_t i = 0; i < parties.size(); ++i) {
    const std::string id = Str(parties[i], "person_id");
    if (!id.empty() && !Contains(had_people, id)) people.emplace_back(At("parties", i) + ".person_id", id);
  }
  if (!people.empty()) {
    Status s = attendance_.CheckPeople(AsActivity(state), Str(state, "opened_on"), people);
    if (!keep(s)) return s;
  }
  const std::vector<std::string> had_users = stored ? MediatorUserIds(*stored) : std::vector<std::string>{};
  const Json mediators = state.value("mediators", Json::array());
  for (size_t i = 0; i < mediators.size(); ++i) {
    const std::string id = Str(mediators[i], "user_id");
    if (id.empty() || Contains(had_users, id)) continue;
    Status s = CheckMediatorUser(ctx_.store(), org, id, At("mediators", i) + ".user_id");
    if (!keep(s)) return s;
  }
  const std::vector<std::string> had_events =
      stored ? stored->value("activity_ids", std::vector<std::string>{}) : std::vector<std::string>{};
  const Json events = state.value("activity_ids", Json::array());
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string id = events[i].get<std::string>();
    if (Contains(had_events, id)) continue;
    Status s = CheckLinkedActivity(ctx_.store(), state, programme->data, id, At("activity_ids", i));
    if (!keep(s)) return s;
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  // Counsellors and facilitators open the mediations they mediate; naming other staff is for a
  // supervisor or a manager.
  if (who.is_system() || who.has(Role::kManager) || who.has(Role::kSupervisor)) return Status::Ok();
  const std::vector<std::string> users = MediatorUserIds(state);
  if (stored == nullptr && !Contains(users, who.user_id)) {
    return Status::Forbidden(
        "you open the mediations you mediate: name yourself among the mediators (a supervisor "
        "or a manager names others)");
  }
  if (stored != nullptr &&
      std::set<std::string>(users.begin(), users.end()) != std::set<std::string>(had_users.begin(), had_users.end())) {
    return Status::Forbidden("a mediation's staff mediators are changed by a supervisor or a manager");
  }
  return Status::Ok();
}

Result<Json> MediationService::List(const Principal& who, const MediationListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kMediation)) {
    return Status::Forbidden("your roles do not allow you to see mediations");
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  if (!params.status.empty() && !Contains(MediationStatuses(), params.status)) {
    return Status::InvalidField("status", "must be open or closed");
  }
  ListQuery q{.kind = kMediationKind, .descending = true, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  for (auto [field, value] : {std::pair{"programme_id", &params.programme_id}, std::pair{"status", &params.status},
                              std::pair{"dispute_type", &params.dispute_type}}) {
    if (!value->empty()) q.equals.emplace_back(field, *value);
  }
  if (!params.person_id.empty()) q.elements.push_back({"parties", "person_id", params.person_id});
  if (!params.mediator_id.empty()) q.elements.push_back({"mediators", "user_id", params.mediator_id});
  // Counsellors and facilitators see the mediations they mediate, paged by the mediators' index.
  const bool sees_all =
      who.is_system() || who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kMeOfficer);
  if (!sees_all) q.elements.push_back({"mediators", "user_id", who.user_id});
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage found, ctx_.store().List(q));
  std::vector<Record> readable;
  for (Record& r : found.items) {
    if (AccessPolicy::Check(who, Action::kRead, Resource::kMediation, TargetOfMediation(r.data)).ok()) {
      readable.push_back(r);
    }
  }
  BATON_ASSIGN_OR_RETURN(Page page, PageFor(who, readable));
  Json items = Json::array();
  for (const Record& r : readable) {
    BATON_ASSIGN_OR_RETURN(Json view, Render(who, r, page, false));
    items.push_back(std::move(view));
  }
  Json next = found.has_more && !found.items.empty() ? Json(Cursor(found.items.back().id)) : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> MediationService::Options(const Principal& who, std::string_view programme_id) {
  if (!AccessPolicy::MayList(who, Resource::kMediation)) {
    return Status::Forbidden("your roles do not allow you to see mediations");
  }
  std::vector<DisputeType> types = DefaultDisputeTypes();
  if (!programme_id.empty()) {
    auto p = ctx_.store().Get("programme", programme_id);
    if (!p.ok() && p.status().code() != Code::kNotFound) return p.status();
    if (!p.ok() || (!who.is_system() && Str(p->data, "organization_id") != who.organization_id)) {
      return Status::InvalidField("programme_id", "no such programme in your organisation");
    }
    types = DisputeTypesOfProgramme(p->data);
  }
  Json list = Json::array();
  for (const DisputeType& t : types) {
    Json row = {{"code", t.code}, {"label", t.label}, {"mediate", t.mediate}};
    if (!t.guidance.empty()) row["guidance"] = t.guidance;
    list.push_back(std::move(row));
  }
  return Json{{"dispute_types", std::move(list)}, {"outcomes", MediationOutcomes()},
              {"statuses", MediationStatuses()},  {"session_kinds", MediationSessionKinds()},
              {"held", AgreementHeldValues()},    {"min_parties", kMinParties},
              {"max_parties", kMaxParties}};
}

Result<Json> MediationService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record m, LoadReadable(who, id));
  return View(who, m, true);
}

Result<Json> MediationService::Create(const Principal& who, const Json& input) {
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kCreate, Resource::kMediation, {.organization_id = who.organization_id}));
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(MediationSpec(), input, InputMode::kCreate));
  NormaliseParties(state);
  NormaliseMediators(state);
  const std::string today = ctx_.Today();
  if (!Has(state, "opened_on")) state["opened_on"] = today;
  if (!Has(state, "status")) state["status"] = "open";
  state["organization_id"] = who.organization_id;
  auto programme = ctx_.store().Get("programme", Str(state, "programme_id"));
  if (programme.ok()) state["site_id"] = programme->data.value("site_id", Json());
  state["active"] = state.value("active", true);
  const Json sealed = TakeSealed(state, MediationSealedFields());
  BATON_RETURN_IF_ERROR(CheckReferences(who, state, nullptr));
  BATON_ASSIGN_OR_RETURN(DisputeType type, TypeOf(state));
  BATON_RETURN_IF_ERROR(CheckMediationState(Json::object(), MergedText(state, sealed), type, today));
  const std::string id = ctx_.NewId();
  EntityChange change{kMediationKind, id, ChangeOp::kCreate, Json(), {}};
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, sealed, "mediation notes"));
  change.patch = std::move(state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kMediationKind, id));
  return View(who, stored, true);
}

Result<Json> MediationService::Update(const Principal& who, std::string_view id, const Json& patch,
                                      std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadRecord(ctx_.store(), kMediationKind, id));
  const AccessTarget target = TargetOfMediation(current.data);
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kMediation, target));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(MediationSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  if (clean.contains("active")) {
    BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kDeactivate, Resource::kMediation, target));
  }
  NormaliseParties(clean);
  NormaliseMediators(clean);
  Json sealed_patch = TakeSealed(clean, MediationSealedFields());
  BATON_ASSIGN_OR_RETURN(Unsealed stored_text, Unseal(ctx_, current));
  BATON_RETURN_IF_ERROR(
      CheckBlindWrite(AccessPolicy::MaySeeMediationText(who, target), stored_text.fields, sealed_patch));
  Json state = current.data;
  ApplyPatch(state, clean);
  const std::string from = Str(current.data, "status");
  const std::string to = Str(state, "status");
  const std::string today = ctx_.Today();
  if (from != to) {
    ApplyMediationMove(current.data, state);
    // Each closing and reopening says its own why: the other's text is cleared (the log keeps it).
    const char* stale_reason = to == "closed" ? "reopen_reason" : "referral_note";
    if (stored_text.fields.contains(stale_reason) && !sealed_patch.contains(stale_reason)) {
      sealed_patch[stale_reason] = nullptr;
    }
    if (to == "closed") {
      if (!Has(state, "closed_on")) state["closed_on"] = today;
      state["closed_by"] = who.user_id;
    }
  }
  BATON_RETURN_IF_ERROR(CheckReferences(who, state, &current.data));
  BATON_ASSIGN_OR_RETURN(DisputeType type, TypeOf(state));
  BATON_RETURN_IF_ERROR(
      CheckMediationState(current.data, MergedText(state, MergedText(stored_text.fields, sealed_patch)), type, today));
  EntityChange change{kMediationKind, current.id, ChangeOp::kUpdate, Json(),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  BATON_RETURN_IF_ERROR(PatchSealed(ctx_, change, current, state, sealed_patch, "mediation notes"));
  change.patch = Diff(current.data, state);
  if (!change.patch.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(std::move(change));
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kMediationKind, id));
  return View(who, stored, true);
}

// ---- Sessions and agreements ----

Status MediationService::CommitBeside(const Principal& who, Record m, EntityChange change,
                                      const std::function<Status(const Record&)>& recheck) {
  for (int attempt = 0;; ++attempt) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(change);
    set.expects.push_back({kMediationKind, m.id, m.version});
    auto committed = ctx_.store().Commit(std::move(set));
    if (committed.ok()) return Status::Ok();
    if (committed.status().code() != Code::kPreconditionFailed || attempt + 1 >= kMaxRetries) {
      return CommitFailure(committed.status());
    }
    BATON_ASSIGN_OR_RETURN(Record fresh, LoadRecord(ctx_.store(), kMediationKind, m.id));
    // The mediation as read is still current: the session or agreement itself was stale.
    if (fresh.version == m.version) return Stale();
    m = std::move(fresh);
    BATON_RETURN_IF_ERROR(recheck(m));
  }
}

Result<Json> MediationService::ChildView(const Principal& who, const Record& child, const Record& m, const Json& text) {
  Json view = WithoutSealed(child);
  const bool reads = AccessPolicy::MaySeeMediationText(who, TargetOfMediation(m.data));
  view["text_visible"] = reads;
  if (reads) {
    for (auto f = text.begin(); f != text.end(); ++f) view[f.key()] = *f;
  }
  return view;
}

Result<Json> MediationService::ChildList(const Principal& who, std::string_view mediation_id, const char* kind) {
  BATON_ASSIGN_OR_RETURN(Record m, LoadReadable(who, mediation_id));
  ListQuery q{.kind = kind, .equals = {{"mediation_id", m.id}}, .order_by = "date", .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> records, ListAll(ctx_.store(), q));
  const bool reads = AccessPolicy::MaySeeMediationText(who, TargetOfMediation(m.data));
  std::map<std::string, Unsealed> opened;
  if (reads) {
    BATON_ASSIGN_OR_RETURN(opened, UnsealAll(ctx_, records));
    const bool any = std::any_of(records.begin(), records.end(), [](const Record& r) { return Has(r.data, "sealed"); });
    if (any) BATON_RETURN_IF_ERROR(LogTextRead(who, m.data, kind));
  }
  Json items = Json::array();
  for (const Record& r : records) {
    BATON_ASSIGN_OR_RETURN(Json view, ChildView(who, r, m, reads ? opened[r.id].fields : Json::object()));
    items.push_back(std::move(view));
  }
  return Json{{"mediation_id", m.id}, {"text_visible", reads}, {"items", std::move(items)}};
}

Result<Json> MediationService::GetChild(const Principal& who, const char* kind, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record child, LoadRecord(ctx_.store(), kind, id));
  BATON_ASSIGN_OR_RETURN(Record m, LoadReadable(who, Str(child.data, "mediation_id")));
  Json text = Json::object();
  if (AccessPolicy::MaySeeMediationText(who, TargetOfMediation(m.data)) && Has(child.data, "sealed")) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, child));
    text = std::move(u.fields);
    BATON_RETURN_IF_ERROR(LogTextRead(who, m.data, kind));
  }
  return ChildView(who, child, m, text);
}

// The rules a session or agreement must meet against its mediation as it stands.
Status MediationService::CheckChild(const Principal& who, const char* kind, const Json& state, const Record& m,
                                    bool created) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kMediation, TargetOfMediation(m.data)));
  if (created) {
    BATON_ASSIGN_OR_RETURN(DisputeType type, TypeOf(m.data));
    BATON_RETURN_IF_ERROR(CheckMediated(type));
  }
  if (std::string_view(kind) == kMediationSessionKind) return CheckMediationSessionState(state, m.data, ctx_.Today());
  BATON_RETURN_IF_ERROR(CheckAgreementState(state, m.data, ctx_.Today()));
  if (Has(state, "session_id")) {
    auto session = ctx_.store().Get(kMediationSessionKind, Str(state, "session_id"));
    if (!session.ok() && session.status().code() != Code::kNotFound) return session.status();
    if (!session.ok() || Str(session->data, "mediation_id") != m.id) {
      return Status::InvalidField("session_id", "is not a session of this mediation");
    }
  }
  return Status::Ok();
}

Result<Json> MediationService::AddChild(const Principal& who, const char* kind, std::string_view mediation_id,
                                        const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record m, LoadRecord(ctx_.store(), kMediationKind, mediation_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kMediation, TargetOfMediation(m.data)));
  {
    BATON_ASSIGN_OR_RETURN(DisputeType type, TypeOf(m.data));
    BATON_RETURN_IF_ERROR(CheckMediated(type));  // before the input: the answer is to refer, whatever was sent
  }
  const bool session = std::string_view(kind) == kMediationSessionKind;
  Json body = input;
  if (body.is_object() && !body.contains("mediation_id")) body["mediation_id"] = m.id;
  BATON_ASSIGN_OR_RETURN(Json state,
                         ValidateInput(session ? MediationSessionSpec() : AgreementSpec(), body, InputMode::kCreate));
  if (Str(state, "mediation_id") != m.id)
    return Status::InvalidField("mediation_id", "is not the mediation of this address");
  BATON_RETURN_IF_ERROR(CheckChild(who, kind, state, m, true));
  for (const char* f : {"organization_id", "programme_id"}) state[f] = m.data.value(f, Json());
  state["recorded_by"] = who.user_id;
  state["active"] = state.value("active", true);
  const std::string id = ctx_.NewId();
  EntityChange change{kind, id, ChangeOp::kCreate, Json(), {}};
  const Json sealed = TakeSealed(state, session ? MediationSessionSealedFields() : AgreementSealedFields());
  BATON_RETURN_IF_ERROR(SealNew(ctx_, change, state, sealed, session ? "session notes" : "agreements"));
  change.patch = state;
  BATON_RETURN_IF_ERROR(CommitBeside(who, m, std::move(change),
                                     [&](const Record& fresh) { return CheckChild(who, kind, state, fresh, true); }));
  BATON_ASSIGN_OR_RETURN(Record stored, LoadRecord(ctx_.store(), kind, id));
  return ChildView(who, stored, m, sealed);
}

Result<Json> MediationService::UpdateChild(const Principal& who, const char* kind, std::string_view id,
                                           const Json& patch, std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadRecord(ctx_.store(), kind, id));
  BATON_ASSIGN_OR_RETURN(Record m, LoadRecord(ctx_.store(), kMediationKind, Str(current.data, "mediation_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kMediation, TargetOfMediation(m.data)));
  const bool session = std::string_view(kind) == kMediationSessionKind;
  BATON_ASSIGN_OR_RETURN(Json clean,
                         ValidateInput(session ? MediationSessionSpec() : AgreementSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  const Json sealed_patch = TakeSealed(clean, session ? MediationSessionSealedFields() : AgreementSealedFields());
  if (!sealed_patch.empty()) {
    BATON_ASSIGN_OR_RETURN(Unsealed stored_text, Unseal(ctx_, current));
    BATON_RETURN_IF_ERROR(CheckBlindWrite(AccessPolicy::MaySeeMediationText(who, TargetOfMediation(m.data)),
                                          stored_text.fields, sealed_patch));
  }
  Json state = current.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(CheckChild(who, kind, state, m, false));
  EntityChange change{kind, current.id, ChangeOp::kUpdate, Json(),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  BATON_RETURN_IF_ERROR(
      PatchSealed(ctx_, change, current, state, sealed_patch, session ? "session notes" : "agreements"));
  change.patch = Diff(current.data, state);
  if (!change.patch.empty()) {
    BATON_RETURN_IF_ERROR(CommitBeside(
        who, m, std::move(change), [&](const Record& fresh) { return CheckChild(who, kind, state, fresh, false); }));
  }
  return GetChild(who, kind, id);
}

Result<Json> MediationService::Sessions(const Principal& who, std::string_view mediation_id) {
  return ChildList(who, mediation_id, kMediationSessionKind);
}
Result<Json> MediationService::AddSession(const Principal& who, std::string_view mediation_id, const Json& input) {
  return AddChild(who, kMediationSessionKind, mediation_id, input);
}
Result<Json> MediationService::GetSession(const Principal& who, std::string_view id) {
  return GetChild(who, kMediationSessionKind, id);
}
Result<Json> MediationService::UpdateSession(const Principal& who, std::string_view id, const Json& patch,
                                             std::optional<int64_t> if_match) {
  return UpdateChild(who, kMediationSessionKind, id, patch, if_match);
}

Result<Json> MediationService::Agreements(const Principal& who, std::string_view mediation_id) {
  return ChildList(who, mediation_id, kAgreementKind);
}
Result<Json> MediationService::AddAgreement(const Principal& who, std::string_view mediation_id, const Json& input) {
  return AddChild(who, kAgreementKind, mediation_id, input);
}
Result<Json> MediationService::GetAgreement(const Principal& who, std::string_view id) {
  return GetChild(who, kAgreementKind, id);
}
Result<Json> MediationService::UpdateAgreement(const Principal& who, std::string_view id, const Json& patch,
                                               std::optional<int64_t> if_match) {
  return UpdateChild(who, kAgreementKind, id, patch, if_match);
}

}  // namespace baton
