// Reports: /api/v1/reports/indicators and /api/v1/reports/4ws (docs/formats/report.md). Handlers
// only translate between HTTP and ReportService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {
namespace {

// "a,b,,c" -> {"a", "b", "c"}.
std::vector<std::string> CommaList(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find(',', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

ReportParams ParamsOf(const Request& req) {
  return {QueryText(req, "programme"),          QueryText(req, "from"), QueryText(req, "to"), QueryText(req, "period"),
          QueryText(req, "site"),               CommaList(QueryText(req, "breakdown")),
          CommaList(QueryText(req, "indicators")), QueryText(req, "audience")};
}

}  // namespace

void AddReportRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/reports/indicators", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(
          OnlyParams(req, {"programme", "from", "to", "period", "site", "breakdown", "indicators", "audience"}));
      BATON_ASSIGN_OR_RETURN(Json report, s.reports.Indicators(c.session.principal, ParamsOf(req)));
      return JsonResponse(200, report);
    });
  });
}

}  // namespace baton::http
