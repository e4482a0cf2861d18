// Conflict mediation (domain/mediation): mediation cases between registered persons or groups
// described without names, their mediators, sessions and agreements, the outcome and the follow-up,
// and the community dialogue and peacebuilding events linked to them.
//
// Who sees what is decided here, once: the case (type, status, outcome, dates, mediators; parties as
// the role sees people, group descriptions not for the M&E officer) for AccessPolicy kMediation
// readers; what was said and agreed (agreements' text, session notes, the summary, referral note
// and reopen reason; all sealed under each record's key) only for AccessPolicy::MaySeeMediationText,
// each read logged in the access log of every registered party. Those who record but may not read
// the text (a facilitator who mediates) may write it where there is none, never replace it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/access_policy.h"
#include "domain/mediation.h"
#include "service/attendance_service.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

inline constexpr const char* kMediationKind = "mediation";
inline constexpr const char* kMediationSessionKind = "mediation_session";
inline constexpr const char* kAgreementKind = "mediation_agreement";

struct MediationListParams {
  std::string programme_id;
  std::string status;        // "open" or "closed"
  std::string dispute_type;  // a code
  std::string person_id;     // a registered party
  std::string mediator_id;   // a staff mediator
  std::string cursor;
  int limit = 50;
};

class MediationService {
 public:
  MediationService(ServiceContext& ctx, PersonService& persons, AttendanceService& attendance)
      : ctx_(ctx), persons_(persons), attendance_(attendance) {}

  // Mediations `who` may read, newest first, filtered: {"items", "next_cursor"}. Managers,
  // supervisors and M&E officers list the organisation's; counsellors and facilitators those they
  // mediate. Lists never show what was said.
  Result<Json> List(const Principal& who, const MediationListParams& params);
  // The lists a mediation form offers for `programme_id` (its dispute types, or the defaults when
  // empty): {"dispute_types": [{code, label, mediate, guidance}], "outcomes", "session_kinds",
  // "held"}.
  Result<Json> Options(const Principal& who, std::string_view programme_id);
  // One mediation as `who` may see it; the sealed text for those who may read it (logged).
  Result<Json> Get(const Principal& who, std::string_view id);
  // Opens a mediation (domain MediationSpec): the programme is the caller's and running; the
  // dispute type one of its list; registered parties pass the attendance rules on opened_on; staff
  // mediators are active programme staff of the organisation (a counsellor or facilitator opens
  // only mediations they mediate); linked activities are the programme's community-focused ones.
  Result<Json> Create(const Principal& who, const Json& input);
  // Changes a mediation: closes it with an outcome, reopens it with a reason, sets the follow-up,
  // parties, linked events; changing its staff mediators is for a supervisor or manager. If-Match
  // honoured.
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

  // A mediation's sessions by date (ties by id): {"mediation_id", "text_visible", "items"}.
  Result<Json> Sessions(const Principal& who, std::string_view mediation_id);
  // Records a session (domain MediationSessionSpec) by those who may change the mediation; refused
  // for a dispute type that is not mediated.
  Result<Json> AddSession(const Principal& who, std::string_view mediation_id, const Json& input);
  Result<Json> GetSession(const Principal& who, std::string_view id);
  Result<Json> UpdateSession(const Principal& who, std::string_view id, const Json& patch,
                             std::optional<int64_t> if_match);

  // A mediation's agreements by date: {"mediation_id", "text_visible", "items"}.
  Result<Json> Agreements(const Principal& who, std::string_view mediation_id);
  // Records an agreement reached (domain AgreementSpec), optionally in one of the mediation's
  // sessions; refused for a dispute type that is not mediated.
  Result<Json> AddAgreement(const Principal& who, std::string_view mediation_id, const Json& input);
  Result<Json> GetAgreement(const Principal& who, std::string_view id);
  // Records whether the agreement held at follow-up (held, followed_up_on), or corrects it.
  Result<Json> UpdateAgreement(const Principal& who, std::string_view id, const Json& patch,
                               std::optional<int64_t> if_match);

 private:
  struct Page;  // what rendering mediations shares: their programmes' dispute types, names, people
  Result<Page> PageFor(const Principal& who, const std::vector<Record>& mediations);
  Result<Json> Render(const Principal& who, const Record& m, const Page& page, bool with_text);
  // The mediation as `who` sees it. `with_text`: add the sealed fields when allowed (and log it).
  Result<Json> View(const Principal& who, const Record& m, bool with_text);
  Result<Record> LoadReadable(const Principal& who, std::string_view id);
  Result<DisputeType> TypeOf(const Json& mediation);
  // Notes in the access log of every registered party that `who` read `what` of the mediation.
  Status LogTextRead(const Principal& who, const Json& mediation, std::string_view what);
  // The references of a new or changed mediation: programme and type, parties, mediators, events.
  Status CheckReferences(const Principal& who, const Json& state, const Json* stored);

  // Sessions and agreements (`kind`) share everything but their spec and rules.
  Status CheckChild(const Principal& who, const char* kind, const Json& state, const Record& m, bool created);
  Result<Json> ChildList(const Principal& who, std::string_view mediation_id, const char* kind);
  Result<Json> ChildView(const Principal& who, const Record& child, const Record& m, const Json& text);
  Result<Json> GetChild(const Principal& who, const char* kind, std::string_view id);
  Result<Json> AddChild(const Principal& who, const char* kind, std::string_view mediation_id, const Json& input);
  Result<Json> UpdateChild(const Principal& who, const char* kind, std::string_view id, const Json& patch,
                           std::optional<int64_t> if_match);
  // Commits a session or agreement with the mediation expected as read: a mediation changed in
  // between is read again and `recheck` run on it, up to a few times.
  Status CommitBeside(const Principal& who, Record m, EntityChange change,
                      const std::function<Status(const Record&)>& recheck);

  ServiceContext& ctx_;
  PersonService& persons_;
  AttendanceService& attendance_;
};

}  // namespace baton
