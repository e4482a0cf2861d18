#include "service/placement.h"

#include <string>

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

}  // namespace baton
