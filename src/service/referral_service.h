// Referrals (domain/referrals): the organisation's directory of services (kind "service") and the
// referrals of its people to them, or to it from other organisations (kind "referral"). Every user
// of the owner reads the directory; its admins and managers keep it. Referrals are made and
// followed by the owner's managers, supervisors and counsellors, who alone read their reason and
// feedback (sealed under each referral's own key; every such read is logged); the M&E officer reads
// them without, the person de-identified. An outgoing referral needs the person's consent for
// referral in force on the day it is made; the slip names the person only while that consent holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/access_policy.h"
#include "service/attendance_service.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

struct DirectoryListParams {
  std::string category;       // optional filter
  std::optional<bool> active;  // optional filter
  std::string q;              // words of the name
  std::string cursor;
  int limit = 50;  // 1..200
};

struct ReferralListParams {
  // Optional filters, each a typed column: programme_id, person_id, service_id, case_id (ids);
  // status, direction, urgency (their codes).
  std::string programme_id, person_id, service_id, case_id, status, direction, urgency;
  std::string cursor;
  int limit = 50;  // 1..200
};

class ReferralService {
 public:
  ReferralService(ServiceContext& ctx, PersonService& persons, AttendanceService& attendance)
      : ctx_(ctx), persons_(persons), attendance_(attendance) {}

  // What the forms offer: {"categories": [{code, label}] (the caller's organisation's, built-in
  // ones with their English label, its own with none), "urgencies", "statuses", "directions",
  // "next_statuses": {status: [...]}, "activity_code"}.
  Result<Json> Options(const Principal& who);

  // The caller's organisation's directory, in the order entries were added: {"items", "next_cursor"}.
  Result<Json> ListServices(const Principal& who, const DirectoryListParams& params);
  Result<Json> GetService(const Principal& who, std::string_view id);
  Result<Json> CreateService(const Principal& who, const Json& input);
  // If-Match honoured; `active` false takes an entry out of use (new referrals cannot name it).
  Result<Json> UpdateService(const Principal& who, std::string_view id, const Json& patch,
                             std::optional<int64_t> if_match);

  // The caller's organisation's referrals, newest first (by made_on, ties by id), each with the
  // person as the caller may see them and the service's name; never reason or feedback:
  // {"items", "next_cursor"}.
  Result<Json> List(const Principal& who, const ReferralListParams& params);
  // One referral with its reason and feedback for those who may read them (the read is logged),
  // the person as the caller may see them, the service, and "next_statuses".
  Result<Json> Get(const Principal& who, std::string_view id);
  // Errors: kInvalid naming the field (an unknown or inactive service, a person not of the
  // organisation, merged or erased, an outgoing referral without consent for referral in force on
  // made_on: "person_id"), kConflict naming "status" for a change the status machine refuses.
  Result<Json> Create(const Principal& who, const Json& input);
  // If-Match honoured. A move of made_on checks the person and their consent again. A referral of
  // a person since erased (its reason and feedback destroyed with them) takes no change: kConflict.
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

  // What the printed slip of an outgoing referral carries (domain ReferralSlip): the person's
  // identity only while their consent for referral is in force today. For those who may read the
  // reason; logged as a read of the referral, and of the person when they are named.
  Result<Json> Slip(const Principal& who, std::string_view id);

 private:
  Result<Record> LoadService(std::string_view id);
  Result<Record> LoadReferral(std::string_view id);
  Result<std::vector<std::string>> CategoriesOf(const std::string& organization_id);
  // Programme, activity code, service, person and consent of a new or changed state (organisation
  // set); every problem at once. `stored` is null for a new referral.
  Status CheckReferences(const Json& state, const Json* stored);
  // The referral as `who` sees it; `sealed` holds its opened reason and feedback.
  Result<Json> View(const Principal& who, const Record& referral, const Json& sealed);

  ServiceContext& ctx_;
  PersonService& persons_;
  AttendanceService& attendance_;
};

}  // namespace baton
