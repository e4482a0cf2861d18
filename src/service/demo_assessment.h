// The demo's 2014 needs assessment: the household questionnaire the team used in the Bor PoC site
// in March and April 2014, and the anonymous interviews answered with it, drawn the same way every
// time so that the summary reads like the assessment's findings.
#pragma once

#include <string>

#include "service/demo_activities.h"

namespace baton {

// Sets the questionnaire of `assessment_id` and records its interviews; returns how many.
Result<int> SeedDemoAssessment(Services& services, const DemoActivityPlace& place, const std::string& assessment_id);

}  // namespace baton
