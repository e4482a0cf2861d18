#include "domain/accounts.h"

#include "domain/indicators.h"

#include "domain/activities.h"
#include "domain/mediation.h"
#include "domain/age_bands.h"
#include "domain/roles.h"

namespace baton {
namespace {

std::vector<std::string> RoleNames() {
  std::vector<std::string> names;
  for (Role r : AllRoles()) names.emplace_back(RoleName(r));
  return names;
}

}  // namespace

const RecordSpec& OrganizationSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "organization",
      {
          {.name = "code", .type = kSlug, .required = true, .immutable = true, .min_length = 2,
           .max_length = 32},
          {.name = "name", .type = kString, .required = true, .max_length = 200},
          {.name = "type", .type = kEnum, .required = true,
           .choices = {"un_agency", "international_ngo", "national_ngo", "government", "donor",
                       "community_based", "other"}},
          {.name = "country", .type = kString, .max_length = 100},
          // Categories this organisation adds to the built-in ones of its referral directory
          // (MHPSS.md §7 [U], domain/referrals).
          {.name = "referral_categories_extra", .type = kSlugList, .min_length = 2, .max_length = 40},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const RecordSpec& SiteSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "site",
      {
          {.name = "name", .type = kString, .required = true, .max_length = 200},
          {.name = "type", .type = kEnum, .required = true,
           .choices = {"poc_site", "camp", "host_community", "other"}},
          {.name = "admin1", .type = kString, .required = true, .max_length = 100},
          {.name = "admin2", .type = kString, .max_length = 100},
          {.name = "code", .type = kSlug, .min_length = 2, .max_length = 8},
          {.name = "latitude", .type = kNumber, .min = -90, .max = 90},
          {.name = "longitude", .type = kNumber, .min = -180, .max = 180},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const RecordSpec& ProgrammeSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "programme",
      {
          {.name = "name", .type = kString, .required = true, .max_length = 200},
          {.name = "site_id", .type = kId, .required = true},
          {.name = "start_date", .type = kDate, .required = true},
          {.name = "end_date", .type = kDate},
          {.name = "status", .type = kEnum, .choices = {"planned", "active", "closed", "handed_over"}},
          {.name = "description", .type = kText, .max_length = 4000},
          {.name = "donor", .type = kString, .max_length = 200},
          // Organisations whose viewers may see this programme's aggregates (donor, coordination).
          {.name = "viewer_organization_ids", .type = kIdList},
          // Codes this programme adds to the built-in lists of a person's form (MHPSS.md §5 [U]).
          {.name = "population_groups_extra", .type = kSlugList, .min_length = 2, .max_length = 40},
          {.name = "specific_needs_extra", .type = kSlugList, .min_length = 2, .max_length = 40},
          // The 4Ws activity code table extended or replaced, and the age bands of headcounts and
          // reports (domain/activities, domain/age_bands).
          {.name = "activity_codes", .type = kObject, .check = &CheckActivityCodes},
          {.name = "age_bands", .type = kObject, .check = &CheckAgeBands},
          // Hours a supervisor has to acknowledge a risk flag (domain/cases, MHPSS.md [U]; 24 when unset).
          {.name = "risk_acknowledge_hours", .type = kInteger, .min = 1, .max = 720},
          // The dispute types of its mediation cases, extended or replaced (domain/mediation).
          {.name = "dispute_types", .type = kObject, .check = &CheckDisputeTypes},
          // Reports (docs/formats/report.md): the smallest count shown outside the organisation
          // (MHPSS.md §5 [U]; 5 when unset), the post-test score, in percent of the most a test can
          // score, that passes a training (70 when unset [U]), and the programme's own indicators.
          {.name = "minimum_cell", .type = kInteger, .min = 2, .max = 100},
          {.name = "pass_mark_percent", .type = kInteger, .min = 1, .max = 100},
          {.name = "indicators", .type = kList, .check = &CheckIndicators},
          // What the programme aims at, per indicator and period (shown beside the results).
          {.name = "indicator_targets", .type = kList, .check = &CheckIndicatorTargets},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const RecordSpec& UserSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "user",
      {
          {.name = "username", .type = kSlug, .required = true, .immutable = true, .min_length = 3,
           .max_length = 64},
          {.name = "display_name", .type = kString, .required = true, .max_length = 200},
          {.name = "roles", .type = kEnumList, .required = true, .choices = RoleNames()},
          {.name = "language", .type = kEnum, .choices = {"en", "ar"}},
          {.name = "email", .type = kString, .max_length = 254},
          {.name = "password", .type = kSecret, .required = true, .write_only = true,
           .max_length = 1024},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

Status CheckProgrammeDates(const Json& p) {
  if (p.contains("end_date") && p["end_date"].is_string() && p.contains("start_date") &&
      p["start_date"].is_string() && p["end_date"].get<std::string>() < p["start_date"].get<std::string>()) {
    return Status::InvalidField("end_date", "must not be before start_date");
  }
  return Status::Ok();
}

}  // namespace baton
