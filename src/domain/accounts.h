// Input rules for the account records: organisations, sites, programmes and users.
#pragma once

#include "domain/record_spec.h"

namespace baton {

const RecordSpec& OrganizationSpec();
const RecordSpec& SiteSpec();
const RecordSpec& ProgrammeSpec();
const RecordSpec& UserSpec();

// Rules across fields of a programme's full state (after a patch is folded in).
Status CheckProgrammeDates(const Json& programme);

}  // namespace baton
