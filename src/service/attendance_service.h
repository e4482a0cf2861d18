// Attendance of activity sessions, beside the registry: who may be recorded as present (people who
// exist in the organisation, were not merged away or erased, and, when registered in another
// programme, consented to that sharing), who to take attendance from (the roster), a person's
// activities, and what an activity reached. A session's attendance is a record of its own (kind
// "attendance", the session's id), so that taking attendance and editing the session's notes never
// make each other stale; the session shows a summary of it ("attendance_summary").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/access_policy.h"
#include "domain/age_bands.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

class AttendanceService {
 public:
  AttendanceService(ServiceContext& ctx, PersonService& persons) : ctx_(ctx), persons_(persons) {}

  // The change that stores `input` ({"attendance": [...]} or {"headcount": {...}}, already valid
  // by AttendanceSpec) as the attendance of session `session_id` of `activity` held on `date`,
  // over `stored` (its attendance record, or null when it has none). Checks that the way of
  // counting is the activity's; a headcount uses the programme's age bands; every person named
  // exists in the activity's organisation, is neither merged nor erased, and is registered in the
  // activity's programme or has consent to share with other programmes in force on the date.
  // People already in `stored` are not checked again: a correction of last year's session does not
  // fail on a consent withdrawn since. kInvalid naming the entry, e.g. "attendance[3].person_id".
  Result<EntityChange> AttendanceChange(const Record& activity, const std::string& session_id, const std::string& date,
                                        const Json& input, const Record* stored);

  // Whether each person (field, id) may take part in `activity` on `date`: exists in its
  // organisation, neither merged nor erased, registered in its programme or with consent to share
  // with other programmes in force on the date. kInvalid naming each refused person's field.
  Status CheckPeople(const Record& activity, const std::string& date,
                     const std::vector<std::pair<std::string, std::string>>& people);

  // Replaces a session's attendance (PUT): `if_match` names the version of the attendance (0: none
  // recorded yet). Returns the attendance as OfSession shows it.
  Result<Json> Replace(const Principal& who, std::string_view session_id, const Json& input,
                       std::optional<int64_t> if_match);

  // Who to take attendance from on `date` ("" = today): the activity's members that day and the
  // people named at its last sessions up to that date, as `who` may see them, sorted by name:
  // {"activity_id", "date", "mode", "age_bands": [{code, min_age, max_age}], "items": [person...]}.
  Result<Json> Roster(const Principal& who, std::string_view activity_id, std::string_view date);

  // A session's attendance as the recording screen shows it: {"session_id", "activity_id", "date",
  // "version" (of the attendance; 0 when none is recorded), "mode", "age_bands", "attendance":
  // [{person_id, present, person}], "headcount", "roster": [people of the roster not yet listed]}.
  // `person` is absent for people `who` may not see.
  Result<Json> OfSession(const Principal& who, std::string_view session_id);

  // The activities a person took part in, most recent first: {"items": [{"activity": {id, title,
  // stream, programme_id}, "sessions": n, "present": n, "first": date, "last": date}]}; only
  // activities `who` may read.
  Result<Json> PersonActivities(const Principal& who, std::string_view person_id);

  // What an activity reached, by the counting rules of domain/activities (CountReach): people
  // reached, service contacts and headcount participants, each by sex × age band, never added up.
  Result<Json> Reach(const Principal& who, std::string_view activity_id);

 private:
  // Every entry of a named list may be recorded (see AttendanceChange).
  Status CheckEntries(const Record& activity, const std::string& date, const Json& list, const Record* stored);
  // The session's attendance record, when it has one.
  Result<std::optional<Record>> StoredAttendance(const std::string& session_id);
  // The activity's members on `date`, then the people named at its last sessions up to that day.
  Result<std::vector<std::string>> RecentPeople(const Record& activity, std::string_view date);
  Result<AgeBands> BandsOf(const Record& activity);

  ServiceContext& ctx_;
  PersonService& persons_;
};

}  // namespace baton
