// Lay counselling case management: a case of one person in one programme, assigned to a counsellor
// with a clinical supervisor, its sessions, the supervisor's notes, risk assessments and the risk
// flags a supervisor must acknowledge. Pure logic: the records as clients send them, the case's
// state machine and the rules across fields; service/CaseService loads, checks access and stores.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// ---- Cases ----

// intake → assessment → active → closed, with a counsellor's request to close (closing) awaiting
// the supervisor's sign-off, and reopening from closed.
enum class CaseStatus { kIntake, kAssessment, kActive, kClosing, kClosed };
// "intake", "assessment", "active", "closing", "closed".
const char* CaseStatusName(CaseStatus status);
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);
const std::vector<std::string>& CaseStatusNames();

// Why a case was closed: "goals_met", "client_withdrew", "moved_away", "referred", "lost_contact",
// "died", "not_eligible", "other".
const std::vector<std::string>& CaseClosureReasons();
// What changed for the person: "improved", "partly_improved", "unchanged", "deteriorated",
// "unknown".
const std::vector<std::string>& CaseOutcomes();

// What a client may send for a case: person_id and programme_id (fixed once set), counsellor_id,
// supervisor_id, opened_on (fixed), referral_source, status, closure_reason, outcome, closed_on,
// reopen_reason, next_follow_up, summary and plan (sealed: why the person came, and the case plan
// {"goals": [{"text", "status": open|achieved|dropped}]}), active.
const RecordSpec& CaseSpec();
// The case fields sealed (encrypted with the record's key) rather than stored.
const std::vector<std::string>& CaseSealedFields();

// Who moves a case: the assigned counsellor, or the case's supervisor or a manager (who may sign a
// closure off).
enum class CaseActor { kCounsellor, kSupervisor };

// Whether `actor` may move a case from `from` to `to` (the same status is no move and is allowed).
//   intake     → assessment, active, closing, closed
//   assessment → active, closing, closed
//   active     → closing, closed
//   closing    → closed (sign-off), active (sent back, or the request withdrawn)
//   closed     → assessment, active (reopened)
// Only a supervisor signs a closure off: a counsellor's move to closed is refused with the advice
// to ask for closure ("closing"). Errors: kConflict naming "status".
Status CheckCaseTransition(CaseStatus from, CaseStatus to, CaseActor actor);

// Rules across a case's full state after a change (`before` is {} for a new case):
//   closing and closed need closure_reason and outcome; closed needs closed_on, not before
//   opened_on; the other statuses carry none of closure_reason, outcome, closed_on;
//   a reopened case (closed → assessment/active) needs reopen_reason;
//   next_follow_up is not before opened_on.
// Errors: kInvalid naming each field.
Status CheckCaseState(const Json& before, const Json& state);

// The case after a move: entering closing or closed keeps the closure fields given; leaving closed
// (reopening) clears closure_reason, outcome, closed_on and the sign-off and counts the reopening
// in "reopened"; leaving closing for active clears the closure request. Service-written fields
// (closure_requested_by, closure_signed_by, closure_signed_on) are set by the caller.
void ApplyCaseMove(const Json& before, Json& state);

// ---- Counselling sessions ----

// "individual", "family", "home_visit", "phone".
const std::vector<std::string>& CaseSessionTypes();

// What a client may send for a counselling session: case_id (fixed), date, type, duration_minutes
// (1..600), attended (false: a missed appointment), next_appointment, notes (sealed), active.
const RecordSpec& CaseSessionSpec();
const std::vector<std::string>& CaseSessionSealedFields();

// Rules across a session and its case: the date is on or after the case's opened_on, not after
// `today`, and (for a closed case) not after closed_on; next_appointment is after the date.
// A missed appointment has no duration. Errors: kInvalid naming each field.
Status CheckCaseSessionState(const Json& session, const Json& case_state, std::string_view today);

// ---- Supervision ----

// What a supervisor may send: case_id (fixed), date, note (sealed, required).
const RecordSpec& SupervisionSpec();
const std::vector<std::string>& SupervisionSealedFields();

// ---- Risk ----

// Levels of each risk domain and of the assessment: "none", "low", "medium", "high".
const std::vector<std::string>& RiskLevels();
// The domains assessed: "self_harm" (suicide and self-harm), "harm_to_others", "protection".
const std::vector<std::string>& RiskDomains();

// What a client may send for a risk assessment: person_id and case_id (fixed; the case optional),
// date, one level per domain (CheckRiskAssessmentState: at least one), details (sealed: what was said, the safety
// plan), active.
const RecordSpec& RiskAssessmentSpec();
const std::vector<std::string>& RiskAssessmentSealedFields();

// At least one domain is assessed. Errors: kInvalid naming "self_harm".
Status CheckRiskAssessmentState(const Json& assessment);
// The assessment's level: the highest of its domains' ("none" when none is given).
std::string RiskLevelOf(const Json& assessment);
// The domains at level "high": each raises a risk flag.
std::vector<std::string> HighRiskDomains(const Json& assessment);

// How long a supervisor has to acknowledge a risk flag, when the programme sets none
// (risk_acknowledge_hours, MHPSS.md [U]).
inline constexpr int kDefaultRiskAcknowledgeHours = 24;
// The programme's risk_acknowledge_hours when a whole number 1..720, else the default.
int RiskAcknowledgeHoursOf(const Json& programme);

// What a supervisor sends to acknowledge a flag: note (sealed, required: the action taken).
const RecordSpec& RiskAcknowledgementSpec();

}  // namespace baton
