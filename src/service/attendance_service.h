// Attendance of activity sessions, beside the registry: who may be recorded as present (people who
// exist in the organisation, were not merged away or erased, and, when registered in another
// programme, consented to that sharing), who to take attendance from (the roster), a person's
// activities, and what an activity reached. Sessions carry their attendance; ActivityService
// writes them and asks Check first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.h"
#include "domain/age_bands.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

class AttendanceService {
 public:
  AttendanceService(ServiceContext& ctx, PersonService& persons) : ctx_(ctx), persons_(persons) {}

  // Checks the attendance or headcount `session` (a session's full state) carries for `activity`:
  // the way of counting is the activity's; a headcount uses the programme's age bands; every person
  // named exists in the activity's organisation, is neither merged nor erased, and is registered in
  // the activity's programme or has consent to share with other programmes in force on the
  // session's date. People already in `previous` (the stored state, or null on create) are not
  // checked again: a correction of last year's session does not fail on a consent withdrawn since.
  // kInvalid naming the entry, e.g. "attendance[3].person_id".
  Status Check(const Record& activity, const Json& session, const Json* previous);

  // Who to take attendance from on `date` ("" = today): the people named at the activity's last
  // sessions up to that date, as `who` may see them, sorted by name:
  // {"activity_id", "date", "mode", "age_bands": [{code, min_age, max_age}], "items": [person...]}.
  Result<Json> Roster(const Principal& who, std::string_view activity_id, std::string_view date);

  // A session's attendance as the recording screen shows it: {"session_id", "activity_id", "date",
  // "version", "mode", "age_bands", "attendance": [{person_id, present, person}], "headcount",
  // "roster": [people of the roster not yet listed]}. `person` is absent for people `who` may not
  // see.
  Result<Json> OfSession(const Principal& who, std::string_view session_id);

  // The activities a person took part in, most recent first: {"items": [{"activity": {id, title,
  // stream, programme_id}, "sessions": n, "present": n, "first": date, "last": date}]}; only
  // activities `who` may read.
  Result<Json> PersonActivities(const Principal& who, std::string_view person_id);

  // What an activity reached, by the counting rules of domain/activities (CountReach): people
  // reached, service contacts and headcount participants, each by sex × age band, never added up.
  Result<Json> Reach(const Principal& who, std::string_view activity_id);

 private:
  // The people named at the activity's last sessions on or before `date`.
  Result<std::vector<std::string>> RecentPeople(const Record& activity, std::string_view date);
  Result<AgeBands> BandsOf(const Record& activity);

  ServiceContext& ctx_;
  PersonService& persons_;
};

}  // namespace baton
