// Lay counselling case management (domain/cases): cases of a person in a programme, assigned to a
// counsellor and a clinical supervisor; their counselling sessions and supervision notes; the
// counsellor's caseload and the supervisor's queue. What a person said (the case's summary and
// plan, session and supervision notes) is sealed under each record's key, shown only to those
// AccessPolicy::MaySeeCaseNotes allows, and each read of it is logged in the person's access log.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/access_policy.h"
#include "service/attendance_service.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

struct CaseListParams {
  std::string programme_id;
  std::string person_id;
  std::string counsellor_id;
  std::string supervisor_id;
  std::string status;  // one of CaseStatusNames(), or "open" for any but closed
  std::string cursor;
  int limit = 50;
};

class CaseService {
 public:
  CaseService(ServiceContext& ctx, PersonService& persons, AttendanceService& attendance)
      : ctx_(ctx), persons_(persons), attendance_(attendance) {}

  // Cases `who` may read, in opening order (ids), filtered: {"items", "next_cursor"}. Lists show
  // status, dates, the person and who is assigned, never what was said.
  Result<Json> List(const Principal& who, const CaseListParams& params);
  // One case as `who` may see it; the summary and plan for those who may read them (logged).
  Result<Json> Get(const Principal& who, std::string_view id);
  // Opens a case (domain CaseSpec): the person passes the attendance rules on opened_on (today when
  // not given) and has no other open case in the programme; the counsellor and supervisor are
  // active users of the organisation with those roles; a counsellor opens cases for themselves.
  Result<Json> Create(const Principal& who, const Json& input);
  // Changes a case: moves it (CheckCaseTransition: a counsellor asks for closure, the supervisor
  // or a manager signs it off), reassigns it (supervisor or manager), sets its follow-up, summary
  // and plan. If-Match honoured.
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

  // A case's counselling sessions by date (ties by id), notes for those who may read them.
  Result<Json> Sessions(const Principal& who, std::string_view case_id);
  // Records a session (domain CaseSessionSpec): the case's assigned counsellor or supervisor, or a
  // manager. The latest session sets the case's next_follow_up (its next_appointment, or none)
  // and last_session_on in the same change set.
  Result<Json> AddSession(const Principal& who, std::string_view case_id, const Json& input);
  Result<Json> GetSession(const Principal& who, std::string_view id);
  Result<Json> UpdateSession(const Principal& who, std::string_view id, const Json& patch,
                             std::optional<int64_t> if_match);

  // The supervisor's notes on a case, by date; written by its supervisor or a manager.
  Result<Json> Supervisions(const Principal& who, std::string_view case_id);
  Result<Json> AddSupervision(const Principal& who, std::string_view case_id, const Json& input);

  // The caller's open cases as their counsellor, follow-ups due first: {"today", "items": [case
  // with "follow_up_due", "open_flags"], "due": n}.
  Result<Json> MyCaseload(const Principal& who);
  // What awaits the caller as supervisor (a manager: everything in the organisation): open risk
  // flags, overdue first; closures to sign off; {"flags", "closures", "supervised"}.
  Result<Json> SupervisionQueue(const Principal& who);
  // Whom a case may be assigned to, for those who may open cases (who may not list users): the
  // active counsellors and supervisors of the caller's organisation, by name, with nothing but id
  // and display_name: {"counsellors": [...], "supervisors": [...]}.
  Result<Json> Staff(const Principal& who);

 private:
  // The case as `who` sees it. `with_notes`: add the sealed fields when allowed (and log it).
  Result<Json> View(const Principal& who, const Record& c, bool with_notes);
  Result<Json> SessionView(const Principal& who, const Record& session, const Record& c, const Json& notes);
  // The references of a new or changed case: programme, person, staff, one open case per person.
  Status CheckReferences(const Principal& who, const Json& state, const Json* stored);
  Result<Json> CommitSession(const Principal& who, const Record& c, EntityChange session, const Json& session_state);

  ServiceContext& ctx_;
  PersonService& persons_;
  AttendanceService& attendance_;
};

}  // namespace baton
