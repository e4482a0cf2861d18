// The demo programme's lay counselling, 2014–2017: cases of people of the programme opened by its
// counsellor and supervised by its supervisor, with their sessions, supervision notes, risk
// assessments (a few high, raising flags the supervisor acknowledged; the latest left open), a
// PHQ-9 at the first and last sessions that improves as the recorded outcome says, and closures
// signed off. Drawn the same way every time.
#pragma once

#include <string>

#include "service/services.h"

namespace baton {

struct DemoCasePlace {
  Principal counsellor;
  Principal supervisor;
  std::string programme_id;
};

// How many cases the demo opens for `people` registered people: about one in eight, at most 300.
int DemoCaseCount(int people);

// Opens the cases and records their work; returns how many cases were opened.
Result<int> SeedDemoCases(Services& services, const DemoCasePlace& place, int cases);

}  // namespace baton
