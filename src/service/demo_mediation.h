// The demo programme's conflict mediation and peacebuilding, 2014–2017: disputes over water,
// firewood and rations, shelters, family quarrels, youth and the two communities of the site,
// mediated by the programme's facilitator (with its counsellor in some) and block leaders; their
// sessions, agreements and whether they held at follow-up; a few cases referred (gender-based
// violence is never mediated); and two community dialogue series, with headcounts, linked to the
// inter-community and youth cases. Drawn the same way every time.
#pragma once

#include <string>

#include "service/services.h"

namespace baton {

struct DemoMediationPlace {
  Principal manager;      // plans the community dialogue series
  Principal facilitator;  // mediates most cases and runs the dialogues
  Principal counsellor;   // mediates beside the facilitator in some cases
  std::string site_id;
  std::string programme_id;
};

// How many mediations the demo opens for `people` registered people: one in thirty, at most 80.
int DemoMediationCount(int people);

// Plans the dialogue series, opens the mediations and records their work; returns how many
// mediations were opened.
Result<int> SeedDemoMediation(Services& services, const DemoMediationPlace& place, int mediations);

}  // namespace baton
