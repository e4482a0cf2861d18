// The demo at scale (`baton demo --scale N` above the story's 2,500 people): the programme's group
// work in proportion to its people, so that benchmarks and screens meet years of sessions. Weekly
// groups across the programme's streams, 2014–2017, each taking cohorts of registered people of the
// programme for ten weeks (about ten named attendance entries per person), and weekly information
// sessions counted by headcount. Written as a sync writes: change sets of the programme's manager,
// committed in large batches, each checked by the same domain rules as the API's.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "service/demo_activities.h"
#include "service/services.h"

namespace baton {

// One line of progress of a long seeding run (for the command line to print), or nothing.
using DemoProgress = std::function<void(const std::string&)>;

struct DemoScaleCounts {
  int64_t people = 0;              // active people of the programme the groups drew on
  int64_t activities = 0;          // group activities and information-session activities added
  int64_t sessions = 0;            // all sessions added, named and headcount
  int64_t headcount_sessions = 0;  // of which counted by headcount
  int64_t attendance_entries = 0;  // named entries (rows of attendance_entries)
  double seconds = 0;              // writing the sessions and their attendance
};

// Reads the active people of `place.programme_id` in its organisation (registered by then), plans
// the groups and their cohorts, and commits the activities, then the sessions in date order with
// their attendance. Every session lies within its activity's dates and after the registration of
// everyone it names. Deterministic for a given store and random source, apart from ids and times.
Result<DemoScaleCounts> SeedDemoScale(Services& services, const DemoActivityPlace& place,
                                      const DemoProgress& progress = {});

}  // namespace baton
