// What the counselling services share about the records they all read: loading a case, what the
// AccessPolicy needs of it, the staff a case is assigned to, and the log of who read what a person
// said in counselling.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/access_policy.h"
#include "domain/roles.h"
#include "service/context.h"
#include "store/store.h"

namespace baton {

inline constexpr const char* kCaseKind = "case";
inline constexpr const char* kCaseSessionKind = "case_session";
inline constexpr const char* kSupervisionKind = "supervision";
inline constexpr const char* kRiskAssessmentKind = "risk_assessment";
inline constexpr const char* kRiskFlagKind = "risk_flag";

// kNotFound "no <kind> with id ..."; other store errors as they are.
Result<Record> LoadRecord(Store& store, const char* kind, std::string_view id);

// What the AccessPolicy needs of a case, or of a record that copies the case's organisation,
// counsellor_id and supervisor_id (a session, a risk assessment, a flag). A record outside a case
// carries neither.
AccessTarget TargetOfCase(const Json& record);

// The user `id` is an active user of `organization_id` holding `role`. kInvalid naming `field`.
Status CheckStaff(Store& store, const std::string& organization_id, const std::string& id, Role role,
                  const char* field);

// Notes that `who` read what the person said in counselling (`what`: "case", "case_session",
// ...): an entry in the person's access log, which their subject access export shows.
Status LogCaseNotesRead(ServiceContext& ctx, const Principal& who, const std::string& person_id, std::string_view what);

// The display name of each user (by id) among `ids`, for showing who is assigned; unknown ids are
// left out.
Json UserNames(Store& store, const std::vector<std::string>& ids);

}  // namespace baton
