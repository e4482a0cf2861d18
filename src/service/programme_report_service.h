// Programme reports (docs/formats/report.md "Programme reports"): the narrative a programme's
// managers and M&E officers write for a period, and the report rendered from it — the narrative
// with the indicator report of ReportService for the same period and audience (targets and
// achievement included), as JSON or as a workbook. Who reads which: AccessPolicy
// MayReadProgrammeReport; a donor's viewer reads final reports for the shared audience only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/access_policy.h"
#include "service/context.h"
#include "service/report_service.h"

namespace baton {

inline constexpr const char* kProgrammeReportKind = "programme_report";
inline constexpr int kProgrammeReportFormatVersion = 1;

struct ProgrammeReportListParams {
  std::string programme_id;  // required
  std::string cursor;
  int limit = 50;  // 1..200
};

class ProgrammeReportService {
 public:
  ProgrammeReportService(ServiceContext& ctx, ReportService& reports) : ctx_(ctx), reports_(reports) {}

  // The programme's reports the caller may read, oldest first: {"items", "next_cursor"}. kInvalid
  // naming programme_id when it is missing; kNotFound for an unknown programme; kForbidden for a
  // caller who reads none of its reports.
  Result<Json> List(const Principal& who, const ProgrammeReportListParams& params);
  // One report's record (narrative, period, audience, status), with version for the ETag.
  Result<Json> Get(const Principal& who, std::string_view id);
  Result<Json> Create(const Principal& who, const Json& input);
  // If-Match honoured (kPreconditionFailed when stale).
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

  // The report as a reader sees it (format_version 1): the record's narrative and period, the
  // programme, and the indicators of ReportService::Indicators for its period and audience, each
  // with its target and achievement (the wording in every language the indicator has).
  Result<Json> Render(const Principal& who, std::string_view id);
  // The rendered report as an .xlsx workbook: a sheet of indicators (hidden counts as their text,
  // "<5") and a sheet of the narrative. `lang` chooses the indicators' wording (English when an
  // indicator has none in it) and the labels; kInvalid naming lang for other than en or ar.
  static Result<std::string> Workbook(const Json& rendered, std::string_view lang);

 private:
  Result<Record> Load(std::string_view id);
  // The report and its programme, when `who` may read the report (kForbidden saying why not).
  struct Readable {
    Record report;
    Record programme;
  };
  Result<Readable> LoadReadable(const Principal& who, std::string_view id);

  ServiceContext& ctx_;
  ReportService& reports_;
};

}  // namespace baton
