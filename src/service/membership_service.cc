#include "service/membership_service.h"

#include <string>
#include <vector>

#include "domain/group_work.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/record_view.h"

namespace baton {
namespace {

constexpr const char* kMembership = kMembershipKind;

// The activity with the record's id, for the domain checks that compare it.
Json ActivityState(const Record& activity) {
  Json a = activity.data;
  a["id"] = activity.id;
  return a;
}

}  // namespace

Result<std::vector<Record>> MembershipService::MembershipsOf(const std::string& activity_id) {
  return MembershipsOfActivity(ctx_.store(), activity_id);
}

Result<Json> MembershipService::View(const Principal& who, const Record& membership) {
  Json view = RecordView(membership);
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, {Str(membership.data, "person_id")}));
  if (!people.empty()) view["person"] = people.begin()->second;
  return view;
}

Result<Json> MembershipService::List(const Principal& who, std::string_view activity_id, std::string_view on) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(activity)));
  if (!on.empty() && !IsValidDate(on)) return Status::InvalidField("on", "must be a date (YYYY-MM-DD)");
  BATON_ASSIGN_OR_RETURN(std::vector<Record> all, MembershipsOf(activity.id));
  std::vector<std::string> ids;
  for (const Record& m : all) ids.push_back(Str(m.data, "person_id"));
  BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, ids));
  Json items = Json::array();
  for (const Record& m : all) {
    if (!on.empty() && !(m.data.value("active", true) && MemberOn(m.data, on))) continue;
    Json view = RecordView(m);
    if (auto it = people.find(Str(m.data, "person_id")); it != people.end()) view["person"] = it->second;
    items.push_back(std::move(view));
  }
  return Json{{"activity_id", activity.id}, {"items", std::move(items)}};
}

Result<Json> MembershipService::Add(const Principal& who, std::string_view activity_id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kSession, TargetOfActivity(activity)));
  Json body = input;
  if (body.is_object() && !body.contains("activity_id")) body["activity_id"] = activity.id;
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(MembershipSpec(), body, InputMode::kCreate));
  const std::string stream = Str(activity.data, "stream");
  ApplyMembershipDefaults(state, stream);
  BATON_RETURN_IF_ERROR(CheckMembershipState(state, stream, ActivityState(activity)));
  BATON_RETURN_IF_ERROR(
      attendance_.CheckPeople(activity, Str(state, "joined_on"), {{"person_id", Str(state, "person_id")}}));
  BATON_ASSIGN_OR_RETURN(std::vector<Record> all, MembershipsOf(activity.id));
  std::vector<Json> others;
  for (const Record& m : all) others.push_back(RecordView(m));
  BATON_RETURN_IF_ERROR(CheckNoOverlap(others, state));
  state["organization_id"] = activity.data["organization_id"];
  state["programme_id"] = activity.data["programme_id"];
  state["active"] = true;
  const std::string id = ctx_.NewId();
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({kMembership, id, ChangeOp::kCreate, std::move(state), {}});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, ctx_.store().Get(kMembership, id));
  return View(who, stored);
}

Result<Json> MembershipService::Update(const Principal& who, std::string_view id, const Json& patch,
                                       std::optional<int64_t> if_match) {
  auto current = ctx_.store().Get(kMembership, id);
  if (!current.ok()) {
    if (current.status().code() == Code::kNotFound) return Status::NotFound("no membership with id " + std::string(id));
    return current.status();
  }
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), Str(current->data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kSession, TargetOfActivity(activity)));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(MembershipSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current->version) return Stale();
  Json state = current->data;
  ApplyPatch(state, clean);
  const std::string stream = Str(activity.data, "stream");
  ApplyMembershipDefaults(state, stream);
  BATON_RETURN_IF_ERROR(CheckMembershipState(state, stream, ActivityState(activity)));
  BATON_ASSIGN_OR_RETURN(std::vector<Record> all, MembershipsOf(activity.id));
  std::vector<Json> others;
  for (const Record& m : all) others.push_back(RecordView(m));
  Json candidate = state;
  candidate["id"] = current->id;
  BATON_RETURN_IF_ERROR(CheckNoOverlap(others, candidate));
  Json diff = Diff(current->data, state);
  if (!diff.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    // Without If-Match the change goes over what is stored now (never a 412 for a client that named
    // no version).
    set.changes.push_back({kMembership, current->id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(current->version) : std::nullopt});
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record stored, ctx_.store().Get(kMembership, id));
  return View(who, stored);
}

}  // namespace baton
