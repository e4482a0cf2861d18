#include "domain/persons.h"

#include <algorithm>

#include "domain/consent_policy.h"
#include "domain/washington_group.h"

namespace baton {
namespace {

bool In(const std::vector<std::string>& list, const std::string& s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

const std::vector<std::string>& DefaultPopulationGroups() {
  static const std::vector<std::string> v = {"idp_camp", "idp_host", "returnee", "migrant", "host_community", "refugee"};
  return v;
}

const std::vector<std::string>& DefaultSpecificNeeds() {
  static const std::vector<std::string> v = {
      "unaccompanied_child", "separated_child",   "older_person_at_risk", "survivor",
      "single_parent",       "person_with_disability", "chronic_illness", "pregnant_or_lactating"};
  return v;
}

const std::vector<std::string>& PersonLanguages() {
  // ISO 639 codes of the languages most spoken in the sites; "other" for the rest.
  static const std::vector<std::string> v = {"din", "nus", "bfa", "shk", "ar", "en", "other"};
  return v;
}

const std::vector<std::string>& PersonStatuses() {
  static const std::vector<std::string> v = {"active", "moved", "deceased", "erased", "merged"};
  return v;
}

const std::vector<std::string>& PersonSealedFields() {
  static const std::vector<std::string> v = {"given_name", "family_name", "other_names", "birth_date",
                                             "phone",      "address",     "notes"};
  return v;
}

PersonLists ListsOfProgramme(const Json& programme) {
  PersonLists lists;
  auto add = [&](const char* field, std::vector<std::string>& to) {
    if (!programme.contains(field) || !programme[field].is_array()) return;
    for (const Json& code : programme[field]) {
      if (code.is_string() && !In(to, code.get<std::string>())) to.push_back(code.get<std::string>());
    }
  };
  add("population_groups_extra", lists.population_groups);
  add("specific_needs_extra", lists.specific_needs);
  return lists;
}

RecordSpec PersonSpec(const PersonLists& lists) {
  using enum FieldType;
  return RecordSpec{
      "person",
      {
          {.name = "given_name", .type = kString, .required = true, .max_length = 100},
          {.name = "family_name", .type = kString, .max_length = 100},
          {.name = "other_names", .type = kString, .max_length = 200},
          {.name = "sex", .type = kEnum, .required = true, .choices = {"female", "male", "not_recorded"}},
          {.name = "birth_date", .type = kDate},
          {.name = "age_years", .type = kInteger, .min = 0, .max = 120},
          {.name = "age_estimated", .type = kBool},
          {.name = "population_group", .type = kEnum, .required = true, .choices = lists.population_groups},
          {.name = "household_id", .type = kId},
          {.name = "address", .type = kString, .max_length = 200},
          {.name = "phone", .type = kString, .max_length = 40},
          {.name = "language", .type = kEnum, .choices = PersonLanguages()},
          {.name = "wg_ss", .type = kObject, .check = &CheckWgss},
          {.name = "specific_needs", .type = kEnumList, .choices = lists.specific_needs, .may_be_empty = true},
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "site_id", .type = kId, .required = true},
          {.name = "status", .type = kEnum, .choices = {"active", "moved", "deceased"}},
          {.name = "notes", .type = kText, .max_length = 4000},
      }};
}

Status CheckPersonState(const Json& p, bool create) {
  const bool birth = p.contains("birth_date") && !p["birth_date"].is_null();
  const bool age = p.contains("age_years") && !p["age_years"].is_null();
  if (birth && age) return Status::InvalidField("age_years", "give either birth_date or age_years, not both");
  if (create && !birth && !age) return Status::InvalidField("birth_date", "give birth_date or age_years");
  return Status::Ok();
}

const RecordSpec& ConsentSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "consent",
      {
          {.name = "purpose", .type = kEnum, .required = true,
           .choices = {"services", "follow_up", "referral", "share_partner", "share_any_partner", "photo", "share_programmes"}},
          {.name = "partner_org_id", .type = kId},
          {.name = "status", .type = kEnum, .required = true, .choices = {"given", "refused", "withdrawn"}},
          {.name = "method", .type = kEnum, .required = true, .choices = {"verbal", "written", "guardian"}},
          {.name = "date", .type = kDate},
          {.name = "text_version", .type = kString, .required = true, .max_length = 40},
          {.name = "expires_on", .type = kDate},
          {.name = "guardian_name", .type = kString, .max_length = 200},
          {.name = "notes", .type = kText, .max_length = 2000},
      }};
  return spec;
}

Status CheckConsentInput(const Json& c) {
  const std::string purpose = c.value("purpose", "");
  const bool partner = c.contains("partner_org_id") && c["partner_org_id"].is_string();
  if (purpose == "share_partner" && !partner) {
    return Status::InvalidField("partner_org_id", "is required when the purpose is share_partner");
  }
  if (purpose != "share_partner" && partner) {
    return Status::InvalidField("partner_org_id", "is only for the purpose share_partner");
  }
  if (c.contains("expires_on") && c["expires_on"].is_string() && c.contains("date") && c["date"].is_string() &&
      c["expires_on"].get<std::string>() < c["date"].get<std::string>()) {
    return Status::InvalidField("expires_on", "must not be before date");
  }
  if (c.value("status", "") != "given" && c.contains("expires_on") && !c["expires_on"].is_null()) {
    return Status::InvalidField("expires_on", "only a given consent can have an end date");
  }
  if (c.value("method", "") == "guardian" &&
      (!c.contains("guardian_name") || !c["guardian_name"].is_string() || c["guardian_name"].get<std::string>().empty())) {
    return Status::InvalidField("guardian_name", "is required when a guardian gives consent");
  }
  return Status::Ok();
}

const std::vector<std::string>& ConsentSealedFields() {
  static const std::vector<std::string> v = {"guardian_name", "notes"};
  return v;
}

bool PersonFieldVisible(PersonDetail detail, const std::string& field) {
  static const std::vector<std::string> deidentified = {
      "id", "version", "code", "sex", "age_years", "age_estimated", "population_group",
      "disability", "specific_needs", "organization_id", "programme_id", "site_id", "status", "merged_into",
      "merged_from", "erased_on", "registered_on", "created_at", "updated_at"};
  static const std::vector<std::string> attendance_adds = {"given_name", "family_name", "other_names", "language"};
  // Facilitators take attendance: they see names, not the protection details.
  static const std::vector<std::string> hidden_from_attendance = {"specific_needs"};
  switch (detail) {
    case PersonDetail::kNone: return false;
    case PersonDetail::kDeidentified: return In(deidentified, field);
    case PersonDetail::kAttendance:
      return (In(deidentified, field) && !In(hidden_from_attendance, field)) || In(attendance_adds, field);
    case PersonDetail::kFull: return true;
  }
  return false;
}

}  // namespace baton
