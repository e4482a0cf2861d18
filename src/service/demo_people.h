// Synthetic people of the Bor story for `baton demo`: names of the communities in the Bor PoC site
// (mostly Dinka Bor, some Nuer, a few others), a realistic sex/age/population-group mix, and the
// consents a programme like this records. Deterministic for a given Random.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"

namespace baton {

using Json = nlohmann::json;

struct DemoPeopleContext {
  std::string site_id;
  std::string programme_id;
  std::string partner_org_id;  // the organisation the programme is later handed over to (ALARM)
  std::string first_date;      // registrations fall between these dates ("YYYY-MM-DD")
  std::string last_date;
};

struct DemoPerson {
  Json input;                 // a POST /api/v1/persons body
  std::vector<Json> consents; // POST /api/v1/persons/{id}/consents bodies, in recording order
  std::string registered_on;  // "YYYY-MM-DD", between first_date and last_date, non-decreasing
};

// `count` people, registered in date order. Some are written as near-duplicates of earlier ones
// (another spelling of the same name, same sex and site, age within a year) so the duplicate check
// has something to find in the demo.
std::vector<DemoPerson> DemoPeople(Random& random, int count, const DemoPeopleContext& context);

}  // namespace baton
