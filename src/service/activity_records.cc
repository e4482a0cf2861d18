#include "service/activity_records.h"

#include <string>

#include "domain/activities.h"
#include "domain/group_work.h"
#include "service/record_view.h"

namespace baton {
namespace {

Result<Record> Load(Store& store, const char* kind, std::string_view id) {
  auto r = store.Get(kind, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) {
    return Status::NotFound(std::string("no ") + kind + " with id " + std::string(id));
  }
  return r;
}

}  // namespace

Result<Record> LoadActivity(Store& store, std::string_view id) { return Load(store, kActivityKind, id); }
Result<Record> LoadSession(Store& store, std::string_view id) { return Load(store, kSessionKind, id); }

Result<std::vector<Record>> MembershipsOfActivity(Store& store, const std::string& activity_id) {
  return ListAll(store, {.kind = kMembershipKind, .equals = {{"activity_id", activity_id}}, .order_by = "joined_on", .limit = 1000});
}

Result<std::vector<std::string>> MembersOn(Store& store, const std::string& activity_id, std::string_view date) {
  BATON_ASSIGN_OR_RETURN(std::vector<Record> all, MembershipsOfActivity(store, activity_id));
  std::vector<std::string> ids;
  for (const Record& m : all) {
    if (m.data.value("active", true) && MemberOn(m.data, date)) ids.push_back(Str(m.data, "person_id"));
  }
  return ids;
}

AccessTarget TargetOfActivity(const Record& activity) {
  return {.organization_id = Str(activity.data, "organization_id"), .facilitator_ids = FacilitatorUserIds(activity.data)};
}

Status CommitFailure(const Status& s) { return s.code() == Code::kPreconditionFailed ? Stale() : s; }

}  // namespace baton
