#include "service/placement.h"

#include <string>

#include "base/ids.h"
#include "service/record_view.h"

namespace baton {

Status CheckProgrammeAndSite(Store& store, const Json& state, bool new_work, std::string_view doing) {
  auto programme = store.Get("programme", Str(state, "programme_id"));
  if (!programme.ok() || Str(programme->data, "organization_id") != Str(state, "organization_id")) {
    return Status::InvalidField("programme_id", "no such programme in your organisation");
  }
  const std::string status = Str(programme->data, "status");
  if (new_work && (status == "closed" || status == "handed_over" || !programme->data.value("active", true))) {
    return Status::InvalidField("programme_id", "the programme is " + (status.empty() ? "deactivated" : status) +
                                                     "; " + std::string(doing) + " in an active programme");
  }
  auto site = store.Get("site", Str(state, "site_id"));
  if (!site.ok()) return Status::InvalidField("site_id", "no such site");
  if (new_work && !site->data.value("active", true)) return Status::InvalidField("site_id", "the site is deactivated");
  return Status::Ok();
}

Result<Record> ProgrammeNamed(Store& store, const std::string& id, const char* field) {
  auto r = store.Get("programme", id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::InvalidField(field, "no such programme");
  return r;
}

Result<Record> ListedProgramme(Store& store, const std::string& id) {
  if (id.empty()) return Status::InvalidField("programme_id", "is required");
  if (!IsUuid(id)) return Status::InvalidField("programme_id", "must be a programme's id");
  auto r = store.Get("programme", id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::NotFound("no programme with id " + id);
  return r;
}

}  // namespace baton
