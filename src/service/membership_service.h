// Members of standing groups (peer support) and enrolments in cohorts (vocational training):
// registered people joining and leaving with dates (domain/group_work). Read by the programme's
// staff, recorded by those who record the activity's sessions; the people are checked as
// attendance checks them (AttendanceService::CheckPeople).
#pragma once

#include <optional>
#include <string_view>

#include "domain/access_policy.h"
#include "service/attendance_service.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

class MembershipService {
 public:
  MembershipService(ServiceContext& ctx, PersonService& persons, AttendanceService& attendance)
      : ctx_(ctx), persons_(persons), attendance_(attendance) {}

  // The activity's memberships, oldest joining first, each with the person as `who` may see them
  // ("person"); with `on` (a date), only those who were members that day:
  // {"activity_id", "items": [membership...]}.
  Result<Json> List(const Principal& who, std::string_view activity_id, std::string_view on);
  // A person joins (or enrols): {person_id, joined_on, status?, left_on?, leave_reason?}.
  Result<Json> Add(const Principal& who, std::string_view activity_id, const Json& input);
  // Leaves, completes, drops out, or corrects dates: {left_on, status, leave_reason, joined_on,
  // active}; If-Match honoured.
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

 private:
  Result<std::vector<Record>> MembershipsOf(const std::string& activity_id);
  // The membership view: its fields, id, version, and the person as `who` sees them.
  Result<Json> View(const Principal& who, const Record& membership);

  ServiceContext& ctx_;
  PersonService& persons_;
  AttendanceService& attendance_;
};

}  // namespace baton
