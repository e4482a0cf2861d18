// The demo programme's activities, 2014–2017, as the Bor story tells them: the 2014 needs
// assessment, trainings for humanitarian staff (with a refresher), recreational and cultural
// events, the 2016 bakery cohort, peer-support groups and information sessions, each with its
// sessions. Planned by the programme's manager and recorded by its facilitator.
#pragma once

#include <string>

#include "service/services.h"

namespace baton {

struct DemoActivityPlace {
  Principal manager;           // plans the activities and records the sessions
  std::string facilitator_id;  // runs the groups and events
  std::string site_id;
  std::string programme_id;
};

// Returns the number of sessions recorded.
Result<int> SeedDemoActivities(Services& services, const DemoActivityPlace& place);

}  // namespace baton
