// Reports: /api/v1/reports/indicators and /api/v1/reports/4ws (docs/formats/report.md). Handlers
// only translate between HTTP and ReportService.
#include "http/api/api.h"
#include "http/api/api_support.h"
#include "tabular/csv_writer.h"
#include "tabular/xlsx_writer.h"

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
  router.Add("GET", "/api/v1/reports/4ws", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme", "from", "to", "period", "site", "audience", "format"}));
      const std::string format = QueryText(req, "format").empty() ? "json" : QueryText(req, "format");
      if (format != "json" && format != "csv" && format != "xlsx") {
        return Status::InvalidField("format", "must be json, csv or xlsx");
      }
      BATON_ASSIGN_OR_RETURN(ReportService::FourWs fourws, s.reports.FourWsTable(c.session.principal, ParamsOf(req)));
      if (format == "json") {
        Json body = fourws.about;
        body.update(fourws.table.ToJson());
        return JsonResponse(200, body);
      }
      // Files name the period; the HXL row follows the column names (docs/formats/report.md).
      const std::string name = "4ws-" + fourws.about["from"].get<std::string>() + "-" + fourws.about["to"].get<std::string>();
      Response out;
      if (format == "csv") {
        out.content_type = "text/csv; charset=utf-8";
        out.body = WriteCsv(fourws.table.ToText());
      } else {
        Sheet sheet{.name = "4Ws", .rows = {}, .header_rows = 2, .column_widths = {}};
        for (const std::vector<std::string>& row : fourws.table.ToText()) {
          std::vector<SheetCell> cells;
          for (const std::string& text : row) cells.emplace_back(text);
          sheet.rows.push_back(std::move(cells));
        }
        // Counts are numbers in a workbook (the hidden ones stay text).
        for (size_t r = 0; r < fourws.table.rows.size(); ++r) {
          for (size_t col = 0; col < fourws.table.rows[r].size(); ++col) {
            const Json& cell = fourws.table.rows[r][col];
            if (cell.is_number()) sheet.rows[r + 2][col] = cell.get<double>();
            if (cell.is_null()) sheet.rows[r + 2][col] = std::monostate{};
          }
        }
        BATON_ASSIGN_OR_RETURN(out.body, WriteXlsx({sheet}));
        out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      }
      out.set_header("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"");
      return out;
    });
  });
}

}  // namespace baton::http
