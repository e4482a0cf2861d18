// Risk follow-up (domain/cases): risk assessments of a person (in a case or outside one), the risk
// flags a high level raises (and outcome instruments raise, e.g. PHQ-9 item 9 above 0), and their
// acknowledgement by the case's supervisor within the programme's risk_acknowledge_hours. Flags
// and acknowledgements are records, so both are in the change log. Risk details are read only by
// those AccessPolicy::MaySeeCaseNotes allows; reading them is logged in the person's access log.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/context.h"
#include "service/person_service.h"

namespace baton {

struct RiskFlagListParams {
  std::string status;  // "open", "acknowledged" or "" for both
  std::string programme_id;
  std::string case_id;
  std::string person_id;
  std::string cursor;
  int limit = 50;
};

// Whose risk is assessed, and where: the person, their programme and organisation, and the case
// (with its counsellor and supervisor) when there is one. Read by LoadSubject.
struct RiskSubject {
  Json person;            // the person's record data
  std::string person_id;
  std::optional<Record> case_record;
  std::string organization_id;
  std::string programme_id;
};

class RiskService {
 public:
  RiskService(ServiceContext& ctx, PersonService& persons) : ctx_(ctx), persons_(persons) {}

  // The person (and case, when `case_id` is not empty) a record is about, checked: the case is
  // `who`'s to change (AccessPolicy kUpdate on kCase) and is the person's; without a case, the
  // person is of `who`'s organisation and `who` may open cases. kInvalid naming person_id /
  // case_id, kForbidden.
  Result<RiskSubject> LoadSubject(const Principal& who, const std::string& person_id, const std::string& case_id);
  // The flag records to raise with a record (`source_kind` "risk_assessment" or "assessment",
  // `source_id` its id), one per reason, due within the programme's risk_acknowledge_hours, with
  // the members of `extra` (e.g. the instrument that raised it).
  Result<std::vector<EntityChange>> Flags(const RiskSubject& subject, std::string_view source_kind,
                                          const std::string& source_id, const std::vector<std::string>& reasons,
                                          const Json& extra = Json::object());
  // A flag as the API shows it: the record, "overdue" when open past its due time, no sealed data.
  Json FlagView(const Record& flag) const;

  // Records a risk assessment (domain RiskAssessmentSpec); each domain at "high" raises a flag in
  // the same change set.
  Result<Json> AddAssessment(const Principal& who, const Json& input);
  Result<Json> GetAssessment(const Principal& who, std::string_view id);
  // A case's risk assessments by date, or a person's (every case and none).
  Result<Json> AssessmentsOfCase(const Principal& who, std::string_view case_id);

  Result<Json> ListFlags(const Principal& who, const RiskFlagListParams& params);
  Result<Json> GetFlag(const Principal& who, std::string_view id);
  // The case's supervisor (outside a case: any supervisor of the organisation) or a manager
  // acknowledges a flag with a note of the action taken. If-Match honoured; kConflict when it is
  // acknowledged already.
  Result<Json> Acknowledge(const Principal& who, std::string_view id, const Json& input, std::optional<int64_t> if_match);

 private:
  // What the AccessPolicy needs of a record about a person (a risk assessment, a flag): its case's
  // assignment, or only the organisation outside a case.
  Result<AccessTarget> TargetOf(const Json& record);
  Status MayReadRisk(const Principal& who, const AccessTarget& target);

  ServiceContext& ctx_;
  PersonService& persons_;
};

}  // namespace baton
