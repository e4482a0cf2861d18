#include "service/activity_records.h"

#include <string>

#include "domain/activities.h"
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

AccessTarget TargetOfActivity(const Record& activity) {
  return {Str(activity.data, "organization_id"), "", {}, FacilitatorUserIds(activity.data)};
}

Status CommitFailure(const Status& s) { return s.code() == Code::kPreconditionFailed ? Stale() : s; }

}  // namespace baton
