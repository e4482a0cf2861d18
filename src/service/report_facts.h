// How reports read what they count (service/report_service): people, activities and attendance
// from the report cache (service/report_cache), every other record the report engine's indicators
// need streamed from the store with Store::Scan, from typed columns and covering indexes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/indicator_engine.h"
#include "service/context.h"
#include "service/outcome_service.h"
#include "service/report_cache.h"
#include "store/store.h"

namespace baton {

// Feeds `engine` every record of `programme` its indicators need (only those at `site_id` when it
// is not empty), after giving it the programme's people: people, activities and attendance from
// `facts` (the programme's, up to date), the rest from the store.
Status FeedIndicators(ServiceContext& ctx, OutcomeService& outcomes, report::IndicatorEngine& engine,
                      const Record& programme, const ProgrammeFacts& facts, const std::string& site_id);

}  // namespace baton
