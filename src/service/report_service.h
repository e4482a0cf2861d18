// Reports (docs/formats/report.md): a programme's indicators for a period, counted by the
// indicator engine (src/report) over what the store holds, with disclosure control for whoever
// reads them outside the owner's programme staff. Who reads what: AccessPolicy ReportAudienceFor.
#pragma once

#include <string>
#include <vector>

#include "domain/access_policy.h"
#include "domain/indicators.h"
#include "report/four_ws.h"
#include "service/context.h"
#include "service/outcome_service.h"
#include "service/report_cache.h"

namespace baton {

struct ReportParams {
  std::string programme_id;            // required
  std::string from, to;                // the period, or
  std::string period;                  // "2016", "2016-Q3", "2016-05"
  std::string site_id;                 // optional
  std::vector<std::string> breakdown;  // "sex", "age_band", "population_group", "disability"
  std::vector<std::string> indicators; // codes; empty: all of the programme's
  std::string audience;                // "internal", "shared" or "" (the most the caller may see)
};

class ReportService {
 public:
  ReportService(ServiceContext& ctx, OutcomeService& outcomes) : ctx_(ctx), outcomes_(outcomes), cache_(ctx.store()) {}

  // The indicators of the programme for the period. kInvalid naming the parameter; kNotFound for
  // an unknown programme or site; kForbidden for a caller without reports of the programme, or
  // asking for the internal audience without it.
  Result<Json> Indicators(const Principal& who, const ReportParams& params);

  // The 4Ws of the programme for the period (report/four_ws.h): shared unless the caller may and
  // does ask for the internal audience, since the 4Ws is made to be sent to the coordination group.
  // `breakdown` and `indicators` do not apply.
  struct FourWs {
    Json about;  // programme, site, from, to, audience, sensitivity, minimum_cell, suppressed
    report::ReportTable table;
  };
  Result<FourWs> FourWsTable(const Principal& who, const ReportParams& params);

 private:
  // What every report checks first: the parameters, the programme, who may read it and how.
  struct Scope {
    Record programme;
    Period period;
    std::vector<Dimension> breakdown;
    bool shared = true;
    Json site;  // {id, name} or null
    int64_t minimum_cell = 5;
  };
  Result<Scope> ScopeOf(const Principal& who, const ReportParams& params, bool shared_by_default);

  ServiceContext& ctx_;
  OutcomeService& outcomes_;
  ReportCache cache_;
};

}  // namespace baton
