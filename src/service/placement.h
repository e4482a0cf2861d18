// Where new work is placed: a programme of the caller's organisation that is still running, and a
// site that is in use. Shared by the registry and the activities.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "store/store.h"

namespace baton {

// `state` names organization_id, programme_id and site_id. kInvalid naming programme_id when the
// programme is missing or another organisation's, or (for `new_work`) closed, handed over or
// deactivated; naming site_id when the site is missing or (for `new_work`) deactivated. `doing`
// completes the refusal: "the programme is closed; <doing> in an active programme".
Status CheckProgrammeAndSite(Store& store, const Json& state, bool new_work, std::string_view doing);

// The programme a record names (in `field`): kInvalid naming `field` when there is no such programme.
Result<Record> ProgrammeNamed(Store& store, const std::string& id, const char* field = "programme_id");

// The programme a listing is asked for (?programme_id=): kInvalid when it is missing or not an id,
// kNotFound when there is no such programme.
Result<Record> ListedProgramme(Store& store, const std::string& id);

}  // namespace baton
