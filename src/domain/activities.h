// Programme activities: group work in six streams (needs assessment, trainings, recreational and
// cultural events, vocational training, peer-support groups, information sessions). Holds the 4Ws
// activity code table, the activity and session records as clients send them, attendance (named or
// headcount) and the counting rules for people reached, service contacts and headcount participants.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/age_bands.h"
#include "domain/record_spec.h"

namespace baton {

// ---- Streams and the 4Ws code table (MHPSS.md §2) ----

// An activity's "stream": "needs_assessment", "capacity_building", "recreational", "vocational",
// "peer_support", "information". Stable codes: the API filters by them.
const std::vector<std::string>& ActivityStreams();
// "planned", "ongoing", "completed", "cancelled".
const std::vector<std::string>& ActivityStatuses();
// "named" (registered persons, present or absent) or "headcount" (counts by sex × age band).
const std::vector<std::string>& AttendanceModes();

// Intervention-pyramid layers are 1..4.
inline constexpr int kMinPyramidLayer = 1;
inline constexpr int kMaxPyramidLayer = 4;
// "social considerations in basic services and security" (1) .. "specialised services" (4); ""
// outside 1..4.
const char* PyramidLayerLabel(int layer);

// One row of the 4Ws activity code table.
struct ActivityCode {
  std::string code;     // "3.5"; a mapped activity has a name instead, e.g. "vocational_training"
  std::string label;    // what the code means, in English
  int layer = 2;        // the pyramid layer activities with this code get unless they say otherwise
  std::string group;    // "community", "person" or "general" (the 4Ws grouping); "" when not given
  bool mapped = false;  // no 4Ws code exists: placed by a programme rule, and reports say so
};

// Which code (and layer) an activity of a stream gets when it names none.
struct StreamDefault {
  std::string stream;
  std::string code;
  std::optional<int> layer;  // nullopt: the code's own layer
};

// The code table a programme codes its activities with. Versioned: an activity records the version
// its code was read against (ApplyActivityDefaults).
struct ActivityCodeTable {
  std::string version;
  std::vector<ActivityCode> codes;
  std::vector<StreamDefault> stream_defaults;  // one per stream; each names a code of `codes`

  const ActivityCode* Find(std::string_view code) const;
  const StreamDefault* DefaultFor(std::string_view stream) const;
  std::vector<std::string> Codes() const;
};

// The built-in table, version "iasc-4ws-2012": the sub-codes of MHPSS.md §2 plus the mapped
// activities without a code (vocational_training, conflict_mediation, peacebuilding; layer 2).
// Default streams: needs_assessment 11.1, capacity_building 11.3, recreational 3.5, vocational
// vocational_training, peer_support 8.2, information 1.1. The layers of the codes are defaults a
// programme may change.
const ActivityCodeTable& DefaultActivityCodeTable();

// Checks a programme's "activity_codes" field, which extends or replaces the built-in table:
//   {"version": "bor-2016",          required, 1..40 characters
//    "replace": false,               optional; true: "codes" is the whole table
//    "codes": [{"code": "3.6", "label": "...", "layer": 2, "group": "community", "mapped": false}],
//    "stream_defaults": {"peer_support": {"code": "8.2", "layer": 2}}}   layer optional
// Extending, a code already in the table replaces that row. Every stream must end up with a
// default code that is in the table. kInvalid naming e.g. "activity_codes.codes[2].layer".
Status CheckActivityCodes(const Json& field);

// The table a programme uses: the built-in one, extended or replaced by the programme's
// "activity_codes" field when that passes CheckActivityCodes. Version: the built-in version, or
// "<built-in>+<programme version>" when extended, or the programme's version when replaced.
ActivityCodeTable ActivityCodesOfProgramme(const Json& programme);

// ---- Activities ----

// What a client may send for an activity. activity_code must be a code of `codes`. JSON shapes:
//   facilitators: {"user_ids": [user id, ...], "external": [{"name": "...", "organization": "..."}]}
//     (each list at most 50; people without a Baton account go in "external")
//   schedule: {"frequency": "once|daily|weekly|fortnightly|monthly|irregular",
//              "weekdays": ["mon", ...] (weekly and fortnightly only), "start_time": "HH:MM",
//              "end_time": "HH:MM", "note": "first Tuesday of the month"} — the plan; sessions are
//              the dates that happened
// Stream-specific (CheckActivityState refuses them on other streams): topics (codes, e.g.
// "psychological_first_aid") for capacity_building and information; trade and enrolment_criteria
// for vocational; completion_rule_percent (share of sessions to attend) for capacity_building and
// vocational; refresher_of (the original training's id) and test_max_score (the most a pre- or
// post-test can score, 1..10000; 100 when absent) for capacity_building.
RecordSpec ActivitySpec(const ActivityCodeTable& codes);

// The kObject rules of facilitators and schedule; errors name "facilitators.external[0].name",
// "schedule.end_time" and the like.
Status CheckFacilitators(const Json& facilitators);
Status CheckSchedule(const Json& schedule);

// Fills what an activity's state leaves out (absent or null), from its stream and `codes`:
// activity_code (the stream's default); pyramid_layer (the stream default's layer when the code
// was defaulted too, else the layer of the activity's code); attendance_mode ("headcount" for
// information, "named" otherwise); status ("planned"). Sets "code_table_version" to codes.version
// when the activity's code is in `codes`. A layer already set is kept, even when the code changes:
// a client changing the code sends the layer it wants with it.
void ApplyActivityDefaults(Json& state, const ActivityCodeTable& codes);

// The days from `from` to `to` (inclusive) on which the activity's schedule says it meets, within
// its start_date..end_date: every day (daily), the schedule's weekdays (weekly), those weekdays in
// every other week counted from the week of start_date (fortnightly), start_date (once). Monthly,
// irregular or no schedule: none (the plan does not say which day).
std::vector<std::string> ScheduledDates(const Json& activity, std::string_view from, std::string_view to);

// Rules across fields of an activity's full state (after defaults): end_date not before
// start_date; stream-specific fields only on their streams; peer_support attendance is named;
// refresher_of is not the activity itself ("id"); on create activity_code, pyramid_layer and
// attendance_mode are present. Names every bad field.
Status CheckActivityState(const Json& state, bool create);

// Stores facilitators as the other fields are: names trimmed, null members and empty optional
// texts dropped (after CheckFacilitators passed).
void NormaliseFacilitators(Json& activity);

// The user ids in an activity's facilitators (for "my activities").
std::vector<std::string> FacilitatorUserIds(const Json& activity);

// ---- Sessions ----

// What a client may send for a session: activity_id, date, start_time and end_time ("HH:MM", 24
// hours; a session does not run past midnight), place, facilitator_id (a user), notes (sealed),
// and its attendance: "attendance" (named, CheckNamedAttendance) or "headcount" (CheckHeadcount
// against the programme's age bands, which the spec cannot know).
const RecordSpec& SessionSpec();
// The session fields sealed (encrypted with the record's key) rather than stored: "notes".
const std::vector<std::string>& SessionSealedFields();

// "HH:MM" from 00:00 to 23:59.
bool IsValidTime(std::string_view text);

// Rules across a session's fields: times are HH:MM, end_time only with start_time and after it.
Status CheckSessionState(const Json& session);
// CheckSessionState, and the session's date lies within the activity's start_date..end_date (an
// activity without end_date has no upper bound); the error names "date".
Status CheckSessionInActivity(const Json& session, const Json& activity);
// A date ("date") of something done under the activity lies within its start_date..end_date.
Status CheckDateInActivity(const std::string& date, const Json& activity);

// ---- Attendance ----

// Whole numbers of people per headcount cell: 0..kMaxHeadcountCell.
inline constexpr int64_t kMaxHeadcountCell = 10000;
// Entries in one named attendance submission.
inline constexpr size_t kMaxNamedAttendance = 1000;

// The sex codes of a headcount: "female", "male", "not_recorded" (the persons' codes).
const std::vector<std::string>& HeadcountSexes();

// Checks a named attendance list: [{"person_id": id, "present": true|false}, ...], at most
// kMaxNamedAttendance entries, each person once. A training's entries name a participant
// ("participant_id") instead. Errors name "attendance", "attendance[3].person_id",
// "attendance[3].present"; a repeated person names the later entry.
Status CheckNamedAttendance(const Json& attendance);

// What a client sends to replace a session's attendance: exactly one of "attendance" (named) and
// "headcount" (kInvalid naming "attendance" otherwise).
const RecordSpec& AttendanceSpec();
Status CheckOneWayOfCounting(const Json& input);

// What a session shows of its attendance: {"present": n, "absent": n} for named attendance,
// {"headcount": total} for a headcount (of an input that passed the checks).
Json AttendanceSummary(const Json& attendance);

// The attendance a session carries fits its activity: "attendance" only for attendance_mode
// named, "headcount" only for headcount; a training (capacity_building) names participants, every
// other stream registered persons. Errors name the field or the entry.
Status CheckAttendanceOfActivity(const Json& session, const Json& activity);

// Checks a headcount: {"female": {"0_5": 3, "18_59": 12}, "male": {...}, "not_recorded": {...}};
// a sex or band left out counts 0. Errors name the exact cell, e.g. "headcount.female.18_59", or
// "headcount.other" for an unknown sex.
Status CheckHeadcount(const Json& headcount, const AgeBands& bands);

struct HeadcountCell {
  std::string sex;
  std::string age_band;
  int64_t count = 0;
};

// The non-zero cells of a headcount that passed CheckHeadcount (anything else is skipped).
std::vector<HeadcountCell> HeadcountCells(const Json& headcount);

// ---- Counting ----

// Band of an age that is not known, or that no band of the profile holds.
inline constexpr std::string_view kUnknownAgeBand = "unknown";

// One named attendance, with what disaggregation needs of the person.
struct AttendanceFact {
  std::string session_id;
  std::string person_id;
  bool present = false;
  std::string date;              // the session's date, "YYYY-MM-DD"
  std::string sex;               // "female", "male", "not_recorded"; anything else counts as not_recorded
  std::optional<int> age_years;  // age on the session's date; nullopt when unknown
};

struct HeadcountFact {
  std::string session_id;
  std::vector<HeadcountCell> cells;
};

// A number broken down by sex × age band; only non-zero cells are kept.
struct Breakdown {
  int64_t total = 0;
  std::map<std::string, std::map<std::string, int64_t>> cells;  // sex -> age band -> count

  int64_t Cell(const std::string& sex, const std::string& age_band) const;
  void Add(const std::string& sex, const std::string& age_band, int64_t n);
};

// Three numbers that are never added to one another: a person may be a contact many times, and
// headcount participants are not identified, so the same person may be counted at every event.
struct ReachCount {
  Breakdown people_reached;          // unique persons present at least once
  Breakdown service_contacts;        // present attendances (one per person per session)
  Breakdown headcount_participants;  // the sum of headcount cells
  int64_t sessions = 0;              // distinct sessions with any attendance or headcount
};

// Counts named attendance and headcounts. A person reached counts in the sex and age band of their
// earliest present attendance (by date, then input order); a contact in those of its own session.
// Ages are banded with `bands`; headcount cells keep the band they were recorded in. A repeated
// (session, person) counts once, present if any record says so.
ReachCount CountReach(const std::vector<AttendanceFact>& attendance, const std::vector<HeadcountFact>& headcounts,
                      const AgeBands& bands);

}  // namespace baton
