// The records of three activity streams' group work, as clients send them, and their rules:
// training participants (capacity_building), group memberships (peer_support members, vocational
// cohort enrolment) and the cooperatives and livelihood groups vocational graduates form. Pure
// logic: callers load the activity and the other records and store the results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// ---- Training participants (stream capacity_building) ----

// A training's test is scored 0..test_max_score; an activity without one scores out of 100.
inline constexpr double kDefaultTestMaxScore = 100;
// The largest test_max_score and score a record may hold.
inline constexpr double kMaxTestScore = 10000;
// Share of held sessions a participant must attend to complete, when the activity sets none.
inline constexpr int kDefaultCompletionRulePercent = 80;

// What a client may send for a training participant: a member of humanitarian staff (of any
// organisation), not a registered person. Fields: activity_id (the training, fixed once set), name,
// agency (their organisation's name as said), agency_id (a Baton organisation, when it is one;
// "organization_id" is the training's owner, as on every record), role ("nurse", "teacher"), sex (female/male/not_recorded), pre_score and post_score
// (0..kMaxTestScore here; CheckScores holds them to the training's maximum), certificate_number
// (written by the service from CertificateNumber), active.
const RecordSpec& TrainingParticipantSpec();
// The participant fields sealed (encrypted with the record's key) rather than stored: "name".
const std::vector<std::string>& TrainingParticipantSealedFields();

// The activity's test_max_score when it is a number above 0 and at most kMaxTestScore, else
// kDefaultTestMaxScore.
double TestMaxScoreOf(const Json& activity);
// The activity's completion_rule_percent when it is a whole number 1..100, else
// kDefaultCompletionRulePercent.
int CompletionRulePercentOf(const Json& activity);

// Each of pre_score and post_score, when present and not null, is a number from 0 to `max_score`.
// Errors: kInvalid naming "pre_score" and/or "post_score". A `max_score` that is not above 0 is
// taken as kDefaultTestMaxScore.
Status CheckScores(const Json& participant, double max_score);

// A participant's scores and how they moved. `change` is post − pre, only when both are present;
// `change_points_percent` is that change as percentage points of the maximum score
// (change / max × 100), rounded to one decimal, halves away from zero (6.25 → 6.3, −6.25 → −6.3).
struct ScoreChange {
  std::optional<double> pre;
  std::optional<double> post;
  std::optional<double> change;
  std::optional<double> change_points_percent;
};
// Reads the scores of a participant (a score that is absent, null or not a number counts as
// absent). A `max_score` that is not above 0 is taken as kDefaultTestMaxScore.
ScoreChange ScoreChangeOf(const Json& participant, double max_score);

enum class Completion { kCompleted, kNotMet, kInProgress };
// "completed", "not_met", "in_progress".
const char* CompletionName(Completion completion);

struct CompletionResult {
  Completion status = Completion::kInProgress;
  int attended = 0;    // sessions attended, as counted (0..sessions)
  int sessions = 0;    // sessions held
  double percent = 0;  // attended / sessions × 100, one decimal; 0 when no session was held
};

// Whether a participant completed a training: attended at least `rule_percent` of the
// `held_sessions` (compared exactly, so 4 of 5 meets 80%). Otherwise kNotMet when the activity is
// finished (TrainingFinished), else kInProgress. With no session held nobody has completed.
// Inputs are clamped: held_sessions to ≥ 0, attended to 0..held_sessions, rule_percent to 1..100.
CompletionResult CompletionOf(int attended, int held_sessions, int rule_percent, bool activity_finished);

// Whether no more sessions of an activity will count: its status is "completed" or "cancelled", or
// its end_date is before `today` ("YYYY-MM-DD").
bool TrainingFinished(const Json& activity, std::string_view today);

// Only a participant who completed gets a certificate.
bool MayHaveCertificate(const CompletionResult& completion);

// A certificate number "<PREFIX>-<year>-<serial>", e.g. "BOR-2016-0007". The prefix is the
// programme's code (or another prefix) with every character but the ASCII letters and digits
// dropped, upper-cased and cut to 10 characters; "CERT" when nothing is left. The year has at
// least 4 digits, the serial at least 4 (longer when needed). A negative year or serial is written
// as 0: callers give serials from 1 up.
std::string CertificateNumber(std::string_view programme_code_or_prefix, int year, int64_t serial);

// ---- Group memberships (peer_support members, vocational cohort enrolment) ----

// The membership statuses of a stream: peer_support "member", "left"; vocational "enrolled",
// "completed", "dropped_out"; none for the other streams (they have no memberships).
const std::vector<std::string>& MembershipStatuses(std::string_view stream);

// What a client may send for a membership of a registered person in a group or cohort:
// activity_id and person_id (fixed once set), joined_on, left_on, status (any stream's; the stream's
// own are held by CheckMembershipState), leave_reason, active.
const RecordSpec& MembershipSpec();

// Sets status to the stream's first status ("member" for peer_support, "enrolled" for vocational)
// when it is absent or null. Other streams: no change.
void ApplyMembershipDefaults(Json& membership, std::string_view stream);

// Rules across a membership's full state (after defaults) and its activity, whose stream is
// `stream`. Errors: kInvalid naming
//   "activity_id": the stream has no memberships (only this error is then given), or the activity's
//     "id" is not the membership's activity_id;
//   "status": absent, or not a status of the stream;
//   "joined_on": outside the activity's start_date..end_date (no end_date: no upper bound);
//   "left_on": before joined_on; outside the activity's dates; absent when status is "left" or
//     "dropped_out"; present when status is "member" or "enrolled" ("completed" may have one);
//   "leave_reason": given without left_on.
Status CheckMembershipState(const Json& membership, std::string_view stream, const Json& activity);

// Whether the person was a member on `date`: joined_on ≤ date, and no left_on or date ≤ left_on.
// The day in left_on counts as the last day of membership. False without joined_on.
bool MemberOn(const Json& membership, std::string_view date);

// A person may leave a group and rejoin it, but two memberships of one person in one group may
// not share a day. Each membership covers joined_on..left_on, both days included (no left_on: open
// ended), so a rejoin must be at least a day after the earlier left_on. `others` are the other
// memberships of the candidate's person in its activity; any with the candidate's "id", another
// person_id or activity_id, or active false is skipped (so a patch may pass them all). Errors:
// kConflict naming "joined_on", saying which membership and which days clash; kInvalid naming
// "joined_on" when the candidate has none.
Status CheckNoOverlap(const std::vector<Json>& others, const Json& candidate);

// ---- Cooperatives and livelihood groups ----

// Members of one cooperative: at most this many.
inline constexpr size_t kMaxCooperativeMembers = 500;

// "cooperative", "livelihood_group".
const std::vector<std::string>& CooperativeKinds();
// "active", "inactive", "dissolved".
const std::vector<std::string>& CooperativeStatuses();

// What a client may send for a cooperative or livelihood group formed by vocational graduates:
// programme_id (fixed once set), site_id, name, activity (what it does: "bakery"), kind,
// formed_from (the vocational activity or cohort), start_date, status, dissolved_on, members,
// notes (sealed), active. JSON shape of members:
//   [{"person_id": id, "joined_on": "YYYY-MM-DD" (optional), "role": "chair" (optional, ≤ 60)}]
const RecordSpec& CooperativeSpec();
// The cooperative fields sealed (encrypted with the record's key) rather than stored: "notes".
const std::vector<std::string>& CooperativeSealedFields();

// The kList rule of members: a list of at most kMaxCooperativeMembers objects, each with the
// fields above and a person at most once. Errors: kInvalid naming "members", "members[2].person_id",
// "members[2].role" and the like; a repeated person names the later entry.
Status CheckCooperativeMembers(const Json& members);

// Stores members as the other fields are: strings trimmed, null and empty optional members
// dropped (after CheckCooperativeMembers passed).
void NormaliseCooperativeMembers(Json& cooperative);

// Sets kind "cooperative" and status "active" when absent or null.
void ApplyCooperativeDefaults(Json& cooperative);

// Rules across a cooperative's full state (after defaults). Errors: kInvalid naming
//   "dissolved_on": absent when status is "dissolved", present with any other status, or before
//     start_date;
//   "members[i].joined_on": before start_date, or after a dissolved_on that itself passes.
Status CheckCooperativeState(const Json& cooperative);

}  // namespace baton
