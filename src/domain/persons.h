// The people registry's records as clients send them: person and consent specs, the lists a
// programme may extend (population groups, specific needs), and which person fields each level of
// detail shows.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// Built-in codes (MHPSS.md §5); organisations may add their own.
const std::vector<std::string>& DefaultPopulationGroups();
const std::vector<std::string>& DefaultSpecificNeeds();
const std::vector<std::string>& PersonLanguages();
// "active", "moved", "deceased", "erased", "merged". Only the first three can be set by a client;
// erased and merged have their own operations.
const std::vector<std::string>& PersonStatuses();

struct PersonLists {
  std::vector<std::string> population_groups = DefaultPopulationGroups();
  std::vector<std::string> specific_needs = DefaultSpecificNeeds();
};

// The built-in lists plus a programme's own codes (its population_groups_extra and
// specific_needs_extra fields).
PersonLists ListsOfProgramme(const Json& programme);

// What a client may send for a person. Names, phone, address and notes are sealed by the service;
// every other field is stored as sent.
RecordSpec PersonSpec(const PersonLists& lists);
// Rules across fields of a person's full state: birth_date or age_years (not both, one required on
// create); household_id is not the person itself.
Status CheckPersonState(const Json& state, bool create);
// The fields that are sealed (encrypted with the record's key) rather than stored.
const std::vector<std::string>& PersonSealedFields();

// What a client may send for a consent record.
const RecordSpec& ConsentSpec();
// Rules across a consent's fields: partner_org_id exactly for share_partner; expires_on not before
// date; a withdrawal is not "given" with an end date.
Status CheckConsentInput(const Json& consent);
const std::vector<std::string>& ConsentSealedFields();

// How much of a person a role sees (DESIGN.md §3), decided by AccessPolicy::PersonDetailFor.
enum class PersonDetail {
  kNone,           // not even that the person exists
  kDeidentified,   // code, sex, age, groups, disability, needs, site, programme, status: M&E
  kAttendance,     // + names, language: enough to take attendance (facilitators)
  kFull,           // everything (managers, supervisors, counsellors)
};

// Whether `field` of a person view is shown at `detail`.
bool PersonFieldVisible(PersonDetail detail, const std::string& field);

}  // namespace baton
