// A programme report's own record (docs/formats/report.md "Programme reports"): the narrative a
// programme's managers write for a period — summary, achievements, challenges, lessons learned,
// next steps — with its title, audience and status. The figures are never stored: they are the
// indicator report for the period and audience, worked out when the report is rendered.
#pragma once

#include <string>
#include <vector>

#include "domain/record_spec.h"

namespace baton {

inline constexpr size_t kMaxNarrativeLength = 10000;  // characters of each narrative section

const RecordSpec& ProgrammeReportSpec();
// The narrative sections in the order a report shows them.
const std::vector<std::string>& ProgrammeReportSections();

// Resolves the period of a report being created or changed. `input` is the client's validated
// object (create or patch), `state` the record as it will be stored (input already applied):
// `period` ("2016", "2016-Q3", "2016-05") sets from and to; from and to given alone clear the
// period text. Errors name period, from or to: both forms at once, a bad period, a missing end,
// or from after to. Also sets the defaults (audience shared, status draft).
Status ResolveProgrammeReport(const Json& input, Json& state);

}  // namespace baton
