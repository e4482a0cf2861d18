#include "service/case_records.h"

#include <set>

#include "service/record_view.h"

namespace baton {

Result<Record> LoadRecord(Store& store, const char* kind, std::string_view id) {
  auto r = store.Get(kind, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) {
    std::string name = kind;
    for (char& c : name) c = c == '_' ? ' ' : c;
    return Status::NotFound("no " + name + " with id " + std::string(id));
  }
  return r;
}

AccessTarget TargetOfCase(const Json& record) {
  AccessTarget t;
  t.organization_id = Str(record, "organization_id");
  t.counsellor_id = Str(record, "counsellor_id");
  t.supervisor_id = Str(record, "supervisor_id");
  return t;
}

Status CheckStaff(Store& store, const std::string& organization_id, const std::string& id, Role role,
                  const char* field) {
  auto user = store.Get("user", id);
  if (!user.ok() && user.status().code() != Code::kNotFound) return user.status();
  if (!user.ok() || Str(user->data, "organization_id") != organization_id) {
    return Status::InvalidField(field, "no such user in your organisation");
  }
  if (!user->data.value("active", true)) return Status::InvalidField(field, "this user is deactivated");
  for (const Json& r : user->data.value("roles", Json::array())) {
    if (r.is_string() && r.get<std::string>() == RoleName(role)) return Status::Ok();
  }
  return Status::InvalidField(field, std::string("this user is not a ") + RoleName(role));
}

Status LogCaseNotesRead(ServiceContext& ctx, const Principal& who, const std::string& person_id, std::string_view what) {
  if (who.is_system() || person_id.empty()) return Status::Ok();
  return ctx.store().AppendAccess(
      {ctx.clock().NowMs(), who.user_id, "person", person_id, "read_" + std::string(what) + "_notes", ""});
}

Json UserNames(Store& store, const std::vector<std::string>& ids) {
  Json names = Json::object();
  for (const std::string& id : std::set<std::string>(ids.begin(), ids.end())) {
    if (id.empty()) continue;
    auto u = store.Get("user", id);
    if (u.ok()) names[id] = Str(u->data, "display_name");
  }
  return names;
}

}  // namespace baton
