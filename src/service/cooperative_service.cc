#include "service/cooperative_service.h"

#include <set>
#include <utility>

#include "domain/group_work.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/data_keys.h"
#include "service/placement.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr const char* kCooperative = "cooperative";

AccessTarget TargetOf(const Json& cooperative) { return {Str(cooperative, "organization_id"), "", {}, {}}; }

Result<Record> LoadCooperative(Store& store, std::string_view id) {
  auto r = store.Get(kCooperative, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) {
    return Status::NotFound("no cooperative with id " + std::string(id));
  }
  return r;
}

}  // namespace

Status CooperativeService::CheckReferences(const Json& state, const Json* stored) {
  BATON_RETURN_IF_ERROR(CheckProgrammeAndSite(ctx_.store(), state, stored == nullptr, "cooperatives are recorded"));
  const std::string org = Str(state, "organization_id");
  if (Has(state, "formed_from") && (stored == nullptr || Str(*stored, "formed_from") != Str(state, "formed_from"))) {
    auto cohort = ctx_.store().Get(kActivityKind, Str(state, "formed_from"));
    if (!cohort.ok() && cohort.status().code() != Code::kNotFound) return cohort.status();
    if (!cohort.ok() || Str(cohort->data, "organization_id") != org) {
      return Status::InvalidField("formed_from", "no such activity in your organisation");
    }
    if (Str(cohort->data, "stream") != "vocational") {
      return Status::InvalidField("formed_from", "is not a vocational training cohort");
    }
  }
  // Members new to the cooperative are checked as attendance checks people, on the day they joined.
  std::set<std::string> before;
  if (stored != nullptr) {
    for (const Json& m : stored->value("members", Json::array())) before.insert(Str(m, "person_id"));
  }
  Record as_activity{kCooperative, "", 0, 0, 0, state};
  std::vector<FieldError> errors;
  const Json members = Has(state, "members") ? state["members"] : Json::array();
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string person = Str(members[i], "person_id");
    if (before.contains(person)) continue;
    const std::string on = Has(members[i], "joined_on") ? Str(members[i], "joined_on") : Str(state, "start_date");
    Status s = attendance_.CheckPeople(as_activity, on, {{"members[" + std::to_string(i) + "].person_id", person}});
    if (!s.ok() && s.errors().empty()) return s;
    for (const FieldError& e : s.errors()) errors.push_back(e);
  }
  return Status::InvalidFields(std::move(errors));
}

Result<Json> CooperativeService::View(const Principal& who, const Record& cooperative) {
  Json view = RecordView(cooperative);
  view.erase("sealed");
  // The notes: for those who may read a group's notes (managers and supervisors of the owner).
  if (Has(cooperative.data, "sealed") && AccessPolicy::MaySeeSessionNotes(who, TargetOf(cooperative.data))) {
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, cooperative));
    for (auto f = u.fields.begin(); f != u.fields.end(); ++f) view[f.key()] = *f;
  }
  if (Has(view, "members")) {
    std::vector<std::string> ids;
    for (const Json& m : view["members"]) ids.push_back(Str(m, "person_id"));
    BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, ids));
    for (Json& m : view["members"]) {
      if (auto it = people.find(Str(m, "person_id")); it != people.end()) m["person"] = it->second;
    }
  }
  return view;
}

Result<Json> CooperativeService::List(const Principal& who, const CooperativeListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kActivity)) {
    return Status::Forbidden("your roles do not allow you to see cooperatives");
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  ListQuery q{.kind = kCooperative, .contains = params.q, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  if (!params.programme_id.empty()) q.equals.emplace_back("programme_id", params.programme_id);
  if (!params.formed_from.empty()) q.equals.emplace_back("formed_from", params.formed_from);
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  Json items = Json::array();
  for (const Record& r : page.items) {
    Json view = RecordView(r);
    view.erase("sealed");
    items.push_back(std::move(view));
  }
  Json next = page.has_more && !page.items.empty() ? Json(Cursor(page.items.back().id)) : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> CooperativeService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadCooperative(ctx_.store(), id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kActivity, TargetOf(r.data)));
  return View(who, r);
}

Result<Json> CooperativeService::Create(const Principal& who, const Json& input) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kActivity, {who.organization_id, "", {}, {}}));
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(CooperativeSpec(), input, InputMode::kCreate));
  NormaliseCooperativeMembers(state);
  ApplyCooperativeDefaults(state);
  BATON_RETURN_IF_ERROR(CheckCooperativeState(state));
  state["organization_id"] = who.organization_id;
  if (!Has(state, "site_id")) {
    auto programme = ctx_.store().Get("programme", Str(state, "programme_id"));
    if (programme.ok()) state["site_id"] = programme->data.value("site_id", Json());
  }
  BATON_RETURN_IF_ERROR(CheckReferences(state, nullptr));
  state["active"] = state.value("active", true);
  const std::string id = ctx_.NewId();
  EntityChange change{kCooperative, id, ChangeOp::kCreate, Json(), {}};
  Json sealed = Json::object();
  for (const std::string& f : CooperativeSealedFields()) {
    if (Has(state, f.c_str())) sealed[f] = state[f];
    state.erase(f);
  }
  if (!sealed.empty()) {
    if (!ctx_.keys().present()) {
      return Status::Unavailable("this server was started without a data key, so notes cannot be kept");
    }
    const std::string key = ctx_.keys().NewRecordKey(ctx_.random());
    state["sealed"] = SealFields(key, kCooperative, id, sealed, ctx_.random());
    change.local.record_key = ctx_.keys().Wrap(key, kCooperative, id, ctx_.random());
  }
  change.patch = std::move(state);
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record r, LoadCooperative(ctx_.store(), id));
  return View(who, r);
}

Result<Json> CooperativeService::Update(const Principal& who, std::string_view id, const Json& patch,
                                        std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadCooperative(ctx_.store(), id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kActivity, TargetOf(current.data)));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(CooperativeSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json sealed_patch = Json::object();
  for (const std::string& f : CooperativeSealedFields()) {
    if (clean.contains(f)) {
      sealed_patch[f] = clean[f];
      clean.erase(f);
    }
  }
  Json state = current.data;
  ApplyPatch(state, clean);
  NormaliseCooperativeMembers(state);
  ApplyCooperativeDefaults(state);
  BATON_RETURN_IF_ERROR(CheckCooperativeState(state));
  BATON_RETURN_IF_ERROR(CheckReferences(state, &current.data));
  EntityChange change{kCooperative, current.id, ChangeOp::kUpdate, Json(),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  if (!sealed_patch.empty()) {
    if (!ctx_.keys().present()) {
      return Status::Unavailable("this server was started without a data key, so notes cannot be kept");
    }
    // The notes are replaced whole, under the record's key (a new one when it had none).
    std::string key;
    BATON_ASSIGN_OR_RETURN(auto wrapped, ctx_.store().GetRecordKeys(kCooperative, {current.id}));
    if (auto it = wrapped.find(current.id); it != wrapped.end()) {
      BATON_ASSIGN_OR_RETURN(key, ctx_.keys().Unwrap(it->second, kCooperative, current.id));
    } else {
      key = ctx_.keys().NewRecordKey(ctx_.random());
      change.local.record_key = ctx_.keys().Wrap(key, kCooperative, current.id, ctx_.random());
    }
    Json sealed = Json::object();
    for (auto it = sealed_patch.begin(); it != sealed_patch.end(); ++it) {
      if (!it->is_null()) sealed[it.key()] = *it;
    }
    if (sealed.empty()) {
      state.erase("sealed");
    } else {
      state["sealed"] = SealFields(key, kCooperative, current.id, sealed, ctx_.random());
    }
  }
  change.patch = Diff(current.data, state);
  if (!change.patch.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(std::move(change));
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record r, LoadCooperative(ctx_.store(), id));
  return View(who, r);
}

Result<Json> CooperativeService::OfPerson(const Principal& who, std::string_view person_id) {
  auto person = ctx_.store().Get("person", person_id);
  if (!person.ok()) {
    if (person.status().code() == Code::kNotFound) return Status::NotFound("no person with id " + std::string(person_id));
    return person.status();
  }
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kRead, Resource::kPerson, {Str(person->data, "organization_id"), "", {}, {}}));
  if (!AccessPolicy::MayList(who, Resource::kActivity)) return Json::array();
  ListQuery q{.kind = kCooperative, .elements = {{"members", "person_id", std::string(person_id)}}, .limit = 100};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> theirs, ListAll(ctx_.store(), q));
  Json out = Json::array();
  for (const Record& r : theirs) {
    if (!AccessPolicy::Check(who, Action::kRead, Resource::kActivity, TargetOf(r.data)).ok()) continue;
    Json item = {{"id", r.id}, {"name", Str(r.data, "name")}, {"kind", Str(r.data, "kind")}, {"status", Str(r.data, "status")}};
    for (const Json& m : r.data.value("members", Json::array())) {
      if (Str(m, "person_id") == person_id && Has(m, "role")) item["role"] = m["role"];
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace baton
