// The end of the story (DESIGN.md §1): IOM prepares the handover of the Bor programme — asks the
// people whose cases stay open for their consent to share with ALARM, has every open risk flag
// acknowledged — and on 15 August 2017 hands it over to ALARM, with support until 31 December.
#pragma once

#include <string>

#include "service/services.h"

namespace baton {

struct DemoHandoverPlace {
  Principal iom_manager;
  Principal iom_admin;
  Principal iom_supervisor;
  Principal alarm_manager;
  std::string programme_id;
  std::string site_id;
  std::string alarm_org_id;
  std::string alarm_counsellor_id;
  std::string alarm_supervisor_id;
};

// What IOM's staff did in July 2017 to get ready.
Status PrepareDemoHandover(Services& s, const DemoHandoverPlace& place);
// The handover itself, planned, approved, packaged and accepted on this server, then the support
// that followed (SeedDemoSupport); returns its id.
Result<std::string> SeedDemoHandover(Services& s, const DemoHandoverPlace& place);
// IOM's support until 31 December 2017: two refresher trainings ALARM's manager planned, three
// tools IOM shared (the counselling manual in two versions) and the monthly calls with IOM's
// advisor, recorded by ALARM's manager.
Status SeedDemoSupport(Services& s, const DemoHandoverPlace& place);

}  // namespace baton
