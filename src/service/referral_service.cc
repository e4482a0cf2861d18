#include "service/referral_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "base/ids.h"
#include "domain/activities.h"
#include "domain/consent_policy.h"
#include "domain/record_spec.h"
#include "domain/referrals.h"
#include "service/data_keys.h"
#include "service/record_view.h"
#include "service/sealed_records.h"

namespace baton {
namespace {

constexpr const char* kService = "service";
constexpr const char* kReferral = "referral";

AccessTarget TargetOf(const Json& record) { return {Str(record, "organization_id"), "", {}, {}}; }

Status RequireKeys(const DataKeys& keys) {
  if (keys.present()) return Status::Ok();
  return Status::Unavailable("this server was started without a data key, so referrals cannot be kept or read");
}

Status OneOf(const std::string& field, const std::string& value, const std::vector<std::string>& codes) {
  if (value.empty() || std::find(codes.begin(), codes.end(), value) != codes.end()) return Status::Ok();
  std::string list;
  for (const std::string& c : codes) list += (list.empty() ? "" : ", ") + c;
  return Status::InvalidField(field, "must be one of " + list);
}

Status AnId(const std::string& field, const std::string& value) {
  if (value.empty() || IsUuid(value)) return Status::Ok();
  return Status::InvalidField(field, "must be an id");
}

// What a list shows of a service, and what a referral shows of its service.
Json ServiceSummary(const Record& s) {
  Json out = {{"id", s.id}};
  for (const char* f : {"name", "provider", "category", "location", "active"}) {
    if (Has(s.data, f)) out[f] = s.data[f];
  }
  return out;
}

// Splits the sealed fields of validated referral input from the rest.
Json TakeSealed(Json& input) {
  Json sealed = Json::object();
  for (const std::string& f : ReferralSealedFields()) {
    if (!input.contains(f)) continue;
    sealed[f] = input[f];
    input.erase(f);
  }
  return sealed;
}

}  // namespace

Result<Record> ReferralService::LoadService(std::string_view id) {
  auto r = ctx_.store().Get(kService, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::NotFound("no service with id " + std::string(id));
  return r;
}

Result<Record> ReferralService::LoadReferral(std::string_view id) {
  auto r = ctx_.store().Get(kReferral, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::NotFound("no referral with id " + std::string(id));
  return r;
}

Result<std::vector<std::string>> ReferralService::CategoriesOf(const std::string& organization_id) {
  auto org = ctx_.store().Get("organization", organization_id);
  if (!org.ok() && org.status().code() != Code::kNotFound) return org.status();
  return ReferralCategoriesOf(org.ok() ? org->data : Json::object());
}

Result<Json> ReferralService::Options(const Principal& who) {
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> codes, CategoriesOf(who.organization_id));
  Json categories = Json::array();
  for (const std::string& code : codes) {
    Json c = {{"code", code}};
    for (const ReferralCategory& d : DefaultReferralCategories()) {
      if (d.code == code) c["label"] = d.label;
    }
    categories.push_back(std::move(c));
  }
  Json next = Json::object();
  for (const std::string& s : ReferralStatuses()) next[s] = NextReferralStatuses(s);
  return Json{{"categories", std::move(categories)},
              {"urgencies", ReferralUrgencies()},
              {"statuses", ReferralStatuses()},
              {"directions", ReferralDirections()},
              {"next_statuses", std::move(next)},
              {"activity_code", std::string(kReferralActivityCode)}};
}

// ---- The directory ----

Result<Json> ReferralService::ListServices(const Principal& who, const DirectoryListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kReferralService)) {
    return Status::Forbidden("your roles do not allow you to see the referral directory");
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  ListQuery q{.kind = kService, .contains = params.q, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  if (!params.category.empty()) q.equals.emplace_back("category", params.category);
  if (params.active) q.equals.emplace_back("active", *params.active);
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  Json items = Json::array();
  for (const Record& r : page.items) items.push_back(RecordView(r));
  Json next = page.has_more && !page.items.empty() ? Json(Cursor(page.items.back().id)) : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> ReferralService::GetService(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadService(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kReferralService, TargetOf(r.data)));
  return RecordView(r);
}

Result<Json> ReferralService::CreateService(const Principal& who, const Json& input) {
  BATON_RETURN_IF_ERROR(
      AccessPolicy::Check(who, Action::kCreate, Resource::kReferralService, {who.organization_id, "", {}, {}}));
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> categories, CategoriesOf(who.organization_id));
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(ReferralServiceSpec(categories), input, InputMode::kCreate));
  state["organization_id"] = who.organization_id;
  state["active"] = state.value("active", true);
  const std::string id = ctx_.NewId();
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({kService, id, ChangeOp::kCreate, std::move(state), {}});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record r, LoadService(id));
  return RecordView(r);
}

Result<Json> ReferralService::UpdateService(const Principal& who, std::string_view id, const Json& patch,
                                            std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadService(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kReferralService, TargetOf(current.data)));
  BATON_ASSIGN_OR_RETURN(std::vector<std::string> categories, CategoriesOf(Str(current.data, "organization_id")));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(ReferralServiceSpec(categories), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json state = current.data;
  ApplyPatch(state, clean);
  Json diff = Diff(current.data, state);
  if (!diff.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kService, current.id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(current.version) : std::nullopt});
    Status committed = ctx_.store().Commit(std::move(set)).status();
    if (committed.code() == Code::kPreconditionFailed) return Stale();
    BATON_RETURN_IF_ERROR(committed);
  }
  BATON_ASSIGN_OR_RETURN(Record r, LoadService(id));
  return RecordView(r);
}

// ---- Referrals ----

Status ReferralService::CheckReferences(const Json& state, const Json* stored) {
  std::vector<FieldError> errors;
  auto keep = [&](const Status& s) {
    errors.insert(errors.end(), s.errors().begin(), s.errors().end());
    return s.ok() || !s.errors().empty();  // false: a failure that is not about the input
  };
  const std::string org = Str(state, "organization_id");
  auto programme = ctx_.store().Get("programme", Str(state, "programme_id"));
  if (!programme.ok() && programme.status().code() != Code::kNotFound) return programme.status();
  if (!programme.ok() || Str(programme->data, "organization_id") != org) {
    return Status::InvalidField("programme_id", "no such programme in your organisation");
  }
  if (stored == nullptr) {
    const std::string status = Str(programme->data, "status");
    if (status == "closed" || status == "handed_over" || !programme->data.value("active", true)) {
      errors.push_back({"programme_id", "the programme is " + (status.empty() ? std::string("deactivated") : status) +
                                            "; referrals are made in an active programme"});
    }
  }
  const std::string code = Str(state, "activity_code");
  if (stored == nullptr || code != Str(*stored, "activity_code")) {
    if (ActivityCodesOfProgramme(programme->data).Find(code) == nullptr) {
      errors.push_back({"activity_code", "is not a code of the programme's 4Ws table (a referral is usually 7.2)"});
    }
  }
  if (stored == nullptr && Has(state, "service_id")) {
    auto service = ctx_.store().Get(kService, Str(state, "service_id"));
    if (!service.ok() && service.status().code() != Code::kNotFound) return service.status();
    if (!service.ok() || Str(service->data, "organization_id") != org) {
      errors.push_back({"service_id", "no such service in your organisation's directory"});
    } else if (!service->data.value("active", true)) {
      errors.push_back({"service_id", "is no longer offered: the directory marks it inactive"});
    }
  }
  // The person is checked when the referral is made, and again when its date moves: they exist in
  // the organisation, were not merged or erased, and (outgoing) consent to referral that day.
  const std::string made_on = Str(state, "made_on");
  if (stored == nullptr || made_on != Str(*stored, "made_on")) {
    Record as_activity{kReferral, "", 0, 0, 0, state};
    Status people = attendance_.CheckPeople(as_activity, made_on, {{"person_id", Str(state, "person_id")}});
    if (!keep(people)) return people;
    if (people.ok() && Str(state, "direction") == "outgoing") {
      BATON_ASSIGN_OR_RETURN(Record person, ctx_.store().Get("person", Str(state, "person_id")));
      BATON_ASSIGN_OR_RETURN(ConsentDecision d, persons_.DecideConsent(person, ConsentPurpose::kReferral, made_on));
      if (!d.allowed) {
        errors.push_back({"person_id", "has not consented to referral on " + made_on + ": " + d.reason +
                                           ". Consent for referral is recorded on the person's page"});
      }
    }
  }
  return Status::InvalidFields(std::move(errors));
}

Result<Json> ReferralService::View(const Principal& who, const Record& referral, const Json& sealed) {
  Json view = RecordView(referral);
  view.erase("sealed");
  if (AccessPolicy::MaySeeReferralNotes(who, TargetOf(referral.data))) {
    for (const std::string& f : ReferralSealedFields()) {
      if (Has(sealed, f.c_str())) view[f] = sealed[f];
    }
  }
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, {Str(view, "person_id")}));
  if (auto it = people.find(Str(view, "person_id")); it != people.end()) view["person"] = it->second;
  if (Has(view, "service_id")) {
    auto service = ctx_.store().Get(kService, Str(view, "service_id"));
    if (!service.ok() && service.status().code() != Code::kNotFound) return service.status();
    if (service.ok()) view["service"] = ServiceSummary(*service);
  }
  view["next_statuses"] = NextReferralStatuses(Str(view, "status"));
  return view;
}

Result<Json> ReferralService::List(const Principal& who, const ReferralListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kReferral)) {
    return Status::Forbidden("your roles do not allow you to see referrals");
  }
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  std::vector<FieldError> errors;
  const std::vector<Status> checks = {
      OneOf("status", params.status, ReferralStatuses()),   OneOf("direction", params.direction, ReferralDirections()),
      OneOf("urgency", params.urgency, ReferralUrgencies()), AnId("programme_id", params.programme_id),
      AnId("person_id", params.person_id),                  AnId("service_id", params.service_id),
      AnId("case_id", params.case_id)};
  for (const Status& s : checks) {
    errors.insert(errors.end(), s.errors().begin(), s.errors().end());
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  ListQuery q{.kind = kReferral, .order_by = "made_on", .descending = true, .limit = params.limit};
  if (!who.is_system()) q.equals.emplace_back("organization_id", who.organization_id);
  const std::vector<std::pair<const char*, const std::string*>> filters = {
      {"programme_id", &params.programme_id}, {"person_id", &params.person_id}, {"service_id", &params.service_id},
      {"case_id", &params.case_id},           {"status", &params.status},       {"direction", &params.direction},
      {"urgency", &params.urgency}};
  for (const auto& [field, value] : filters) {
    if (!value->empty()) q.equals.emplace_back(field, *value);
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(auto after, OrderedCursorParts(params.cursor));
    if (!IsValidDate(after.first)) return Status::InvalidField("cursor", "is not a cursor from a previous page");
    q.after_value = after.first;
    q.after_id = after.second;
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  std::vector<std::string> person_ids;
  std::set<std::string> service_ids;
  for (const Record& r : page.items) {
    person_ids.push_back(Str(r.data, "person_id"));
    if (Has(r.data, "service_id")) service_ids.insert(Str(r.data, "service_id"));
  }
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, person_ids));
  std::map<std::string, Json> services;
  for (const std::string& id : service_ids) {
    auto s = ctx_.store().Get(kService, id);
    if (!s.ok() && s.status().code() != Code::kNotFound) return s.status();
    if (s.ok()) services.emplace(id, ServiceSummary(*s));
  }
  Json items = Json::array();
  for (const Record& r : page.items) {
    Json view = RecordView(r);
    view.erase("sealed");
    if (auto it = people.find(Str(r.data, "person_id")); it != people.end()) view["person"] = it->second;
    if (auto it = services.find(Str(r.data, "service_id")); it != services.end()) view["service"] = it->second;
    items.push_back(std::move(view));
  }
  Json next = page.has_more && !page.items.empty()
                  ? Json(OrderedCursor(Str(page.items.back().data, "made_on"), page.items.back().id))
                  : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<Json> ReferralService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadReferral(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kReferral, TargetOf(r.data)));
  Json sealed = Json::object();
  if (AccessPolicy::MaySeeReferralNotes(who, TargetOf(r.data))) {
    BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
    BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, r));
    sealed = std::move(u.fields);
    // Reason and feedback are casework: who read them, and when, is kept (node-local).
    BATON_RETURN_IF_ERROR(ctx_.store().AppendAccess({ctx_.clock().NowMs(), who.user_id, kReferral, r.id, "view", ""}));
  }
  return View(who, r, sealed);
}

Result<Json> ReferralService::Create(const Principal& who, const Json& input) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kReferral, {who.organization_id, "", {}, {}}));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(ReferralSpec(), input, InputMode::kCreate));
  const std::string today = ctx_.Today();
  Json sealed = TakeSealed(state);
  for (auto it = sealed.begin(); it != sealed.end();) it = it->is_null() ? sealed.erase(it) : std::next(it);
  ApplyReferralDefaults(state, today);
  BATON_RETURN_IF_ERROR(ApplyReferralTransition(nullptr, state, today));
  if (Has(sealed, "feedback") && !Has(state, "feedback_on")) state["feedback_on"] = today;
  state["organization_id"] = who.organization_id;
  state["made_by"] = who.user_id;
  // Every problem at once: the form shows them all.
  Status rules = CheckReferralState(state, Has(sealed, "feedback"), today);
  Status references = CheckReferences(state, nullptr);
  if (!references.ok() && references.errors().empty()) return references;
  if (!rules.ok() || !references.ok()) {
    std::vector<FieldError> errors = rules.errors();
    errors.insert(errors.end(), references.errors().begin(), references.errors().end());
    return Status::InvalidFields(std::move(errors));
  }
  const std::string id = ctx_.NewId();
  const std::string key = ctx_.keys().NewRecordKey(ctx_.random());
  state["sealed"] = SealFields(key, kReferral, id, sealed, ctx_.random());
  EntityChange change{kReferral, id, ChangeOp::kCreate, std::move(state), {}};
  change.local.record_key = ctx_.keys().Wrap(key, kReferral, id, ctx_.random());
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record r, LoadReferral(id));
  return View(who, r, sealed);
}

Result<Json> ReferralService::Update(const Principal& who, std::string_view id, const Json& patch,
                                     std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, LoadReferral(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kReferral, TargetOf(current.data)));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  if (current.data.value("erased", false)) {
    return Status::Conflict("the person referred was erased; nothing more is recorded on this referral");
  }
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(ReferralSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, current));
  if (u.key.empty()) return Status::Unavailable("the referral's key is not held here; it cannot be changed");
  const std::string today = ctx_.Today();
  const Json sealed_patch = TakeSealed(clean);
  Json sealed = u.fields;
  ApplyPatch(sealed, sealed_patch);
  for (auto it = sealed.begin(); it != sealed.end();) it = it->is_null() ? sealed.erase(it) : std::next(it);
  Json state = current.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(ApplyReferralTransition(current.data, state, today));
  const bool new_feedback = Has(sealed, "feedback") && sealed["feedback"] != u.fields.value("feedback", Json());
  if (new_feedback && !clean.contains("feedback_on")) state["feedback_on"] = today;
  if (!Has(sealed, "feedback") && !clean.contains("feedback_on")) state.erase("feedback_on");
  Status rules = CheckReferralState(state, Has(sealed, "feedback"), today);
  Status references = CheckReferences(state, &current.data);
  if (!references.ok() && references.errors().empty()) return references;
  if (!rules.ok() || !references.ok()) {
    std::vector<FieldError> errors = rules.errors();
    errors.insert(errors.end(), references.errors().begin(), references.errors().end());
    return Status::InvalidFields(std::move(errors));
  }
  if (sealed != u.fields) state["sealed"] = SealFields(u.key, kReferral, current.id, sealed, ctx_.random());
  Json diff = Diff(current.data, state);
  if (!diff.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kReferral, current.id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(current.version) : std::nullopt});
    Status committed = ctx_.store().Commit(std::move(set)).status();
    if (committed.code() == Code::kPreconditionFailed) return Stale();
    BATON_RETURN_IF_ERROR(committed);
  }
  BATON_ASSIGN_OR_RETURN(Record r, LoadReferral(id));
  return View(who, r, sealed);
}

Result<Json> ReferralService::Slip(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, LoadReferral(id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kReferral, TargetOf(r.data)));
  if (!AccessPolicy::MaySeeReferralNotes(who, TargetOf(r.data))) {
    return Status::Forbidden(
        "your roles do not allow you to print a referral slip: it carries the reason, which the owner's managers, "
        "supervisors and counsellors read");
  }
  if (Str(r.data, "direction") != "outgoing") {
    return Status::Conflict("an incoming referral has no slip: a slip goes with a referral your organisation makes");
  }
  if (r.data.value("erased", false)) return Status::Conflict("the person referred was erased: there is no slip to print");
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, r));
  SlipInput in;
  in.referral = RecordView(r);
  in.reason = Str(u.fields, "reason");
  auto service = ctx_.store().Get(kService, Str(r.data, "service_id"));
  if (!service.ok() && service.status().code() != Code::kNotFound) return service.status();
  if (service.ok()) in.service = service->data;
  const std::string person_id = Str(r.data, "person_id");
  auto person = ctx_.store().Get("person", person_id);
  if (!person.ok() && person.status().code() != Code::kNotFound) return person.status();
  if (person.ok()) {
    BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, {person_id}));
    if (auto it = people.find(person_id); it != people.end()) in.person = it->second;
    BATON_ASSIGN_OR_RETURN(ConsentDecision d, persons_.DecideConsent(*person, ConsentPurpose::kReferral, ctx_.Today()));
    in.referral_consent = d.allowed;
    in.consent_reason = d.reason;
  } else {
    in.consent_reason = "the person's record is not held here";
  }
  auto org = ctx_.store().Get("organization", Str(r.data, "organization_id"));
  if (org.ok()) in.referrer_organization = Str(org->data, "name");
  auto maker = ctx_.store().Get("user", Str(r.data, "made_by"));
  if (maker.ok()) in.referrer_name = Str(maker->data, "display_name");
  const int64_t now = ctx_.clock().NowMs();
  BATON_RETURN_IF_ERROR(ctx_.store().AppendAccess({now, who.user_id, kReferral, r.id, "slip", ""}));
  if (in.referral_consent) {
    BATON_RETURN_IF_ERROR(ctx_.store().AppendAccess({now, who.user_id, "person", person_id, "referral_slip", ""}));
  }
  return ReferralSlip(in);
}

}  // namespace baton
