// Cooperatives and livelihood groups formed by the graduates of vocational training (the "Umbrella"
// women's bakery cooperative of the Bor story is one): name, what it does, members (registered
// people), start, status, notes (sealed). Read by the programme's staff, recorded by its managers;
// members are checked as attendance checks people (AttendanceService::CheckPeople).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.h"
#include "service/attendance_service.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

struct CooperativeListParams {
  std::string programme_id;  // optional filter
  std::string formed_from;   // optional filter: the activity (cohort) it was formed from
  std::string q;             // words of the name
  std::string cursor;
  int limit = 50;  // 1..200
};

class CooperativeService {
 public:
  CooperativeService(ServiceContext& ctx, PersonService& persons, AttendanceService& attendance)
      : ctx_(ctx), persons_(persons), attendance_(attendance) {}

  // The caller's organisation's cooperatives, in the order they were recorded (members as ids):
  // {"items", "next_cursor"}.
  Result<Json> List(const Principal& who, const CooperativeListParams& params);
  // One cooperative with its members as `who` may see them and its notes for those who may read
  // them; version for the ETag.
  Result<Json> Get(const Principal& who, std::string_view id);
  Result<Json> Create(const Principal& who, const Json& input);
  // If-Match honoured; members and notes are replaced whole.
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

  // The cooperatives a person is a member of (for their page): [{id, name, kind, status, role}].
  Result<Json> OfPerson(const Principal& who, std::string_view person_id);

 private:
  // Programme, site, formed_from and members of a new or changed state (organization_id set).
  Status CheckReferences(const Json& state, const Json* stored);
  Result<Json> View(const Principal& who, const Record& cooperative);

  ServiceContext& ctx_;
  PersonService& persons_;
  AttendanceService& attendance_;
};

}  // namespace baton
