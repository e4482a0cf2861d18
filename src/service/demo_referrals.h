// The demo programme's referral directory and referrals, 2014–2017: a dozen services in and around
// the Bor PoC site (generic names, no claim about any real provider), and referrals of registered
// people who consented to referral, made by the programme's counsellor and followed through
// acceptance, completion, decline or cancellation, with a few incoming from partners.
#pragma once

#include "service/demo_activities.h"

namespace baton {

// Adds the directory as `place.manager` and the referrals as `counsellor`; returns how many
// referrals were made.
Result<int> SeedDemoReferrals(Services& services, const DemoActivityPlace& place, const Principal& counsellor);

}  // namespace baton
