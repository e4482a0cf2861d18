// Programme reports: /api/v1/programme-reports (docs/formats/report.md "Programme reports").
// The record (narrative, period, audience, status) is read and changed at /{id} with its ETag; the
// report as its readers see it — narrative and figures — at /{id}/render?format=json|xlsx.
// Handlers only translate between HTTP and ProgrammeReportService.
#include "http/api/api.h"
#include "http/api/api_support.h"

namespace baton::http {

void AddProgrammeReportRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/programme-reports", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme_id", "cursor", "limit"}));
      ProgrammeReportListParams params;
      BATON_ASSIGN_OR_RETURN(params.limit, IntParam(req, "limit", 50, 1, 200));
      params.programme_id = QueryText(req, "programme_id");
      params.cursor = QueryText(req, "cursor");
      BATON_ASSIGN_OR_RETURN(Json page, s.programme_reports.List(c.session.principal, params));
      return JsonResponse(200, page);
    });
  });
  router.Add("POST", "/api/v1/programme-reports", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      return Idempotent(req, s, c, [&]() -> Result<Response> {
        BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
        BATON_ASSIGN_OR_RETURN(Json report, s.programme_reports.Create(c.session.principal, body));
        return CreatedResponse(report, "/api/v1/programme-reports/");
      });
    });
  });
  router.Add("GET", "/api/v1/programme-reports/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {}));
      BATON_ASSIGN_OR_RETURN(Json report, s.programme_reports.Get(c.session.principal, req.params["id"]));
      return ViewResponse(200, report);
    });
  });
  router.Add("PATCH", "/api/v1/programme-reports/{id}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_ASSIGN_OR_RETURN(std::optional<int64_t> version, IfMatchVersion(req));
      BATON_ASSIGN_OR_RETURN(Json body, ReadJsonBody(req));
      BATON_ASSIGN_OR_RETURN(Json report, s.programme_reports.Update(c.session.principal, req.params["id"], body, version));
      return ViewResponse(200, report);
    });
  });
  router.Add("GET", "/api/v1/programme-reports/{id}/render", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"format", "lang"}));
      const std::string format = QueryText(req, "format").empty() ? "json" : QueryText(req, "format");
      if (format != "json" && format != "xlsx") return Status::InvalidField("format", "must be json or xlsx");
      const std::string lang = QueryText(req, "lang").empty() ? "en" : QueryText(req, "lang");
      if (lang != "en" && lang != "ar") return Status::InvalidField("lang", "must be en or ar");
      BATON_ASSIGN_OR_RETURN(Json report, s.programme_reports.Render(c.session.principal, req.params["id"]));
      if (format == "json") return JsonResponse(200, report);
      Response out;
      BATON_ASSIGN_OR_RETURN(out.body, ProgrammeReportService::Workbook(report, lang));
      out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      // The file names the period, as the 4Ws does.
      out.set_header("Content-Disposition", "attachment; filename=\"programme-report-" + report["from"].get<std::string>() +
                                                "-" + report["to"].get<std::string>() + ".xlsx\"");
      return out;
    });
  });
}

}  // namespace baton::http
