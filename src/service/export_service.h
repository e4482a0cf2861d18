// Exports of a programme's raw records for the organisation's own analysts (docs/formats/export.md):
// one kind of record at a time, for an optional period and site, de-identified (codes, never names)
// or identified (names and contact fields, for the owner's admins and managers, every exported
// person's access log told). Who exports what: AccessPolicy ExportIdentityFor.
#pragma once

#include <string>
#include <vector>

#include "domain/access_policy.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

struct ExportParams {
  std::string kind;          // people, activities, attendance, cases, referrals, assessments
  std::string programme_id;  // required
  std::string from, to;      // the period (optional), or
  std::string period;        // "2016", "2016-Q3", "2016-05"
  std::string site_id;       // optional
  std::string identity;      // "deidentified" (also "") or "identified"
  std::string format;        // only written to the access log ("json", "csv", "xlsx")
};

struct ExportColumn {
  std::string key;    // snake_case: JSON member and CSV column name
  std::string label;  // for people reading the file
  std::string hxl;    // the HXL hashtag, "" where none fits
  // "text", "number" (written as a number in JSON and XLSX) or "boolean" ("true"/"false"; JSON
  // true/false).
  std::string type = "text";
};

struct ExportTable {
  // format, kind, identity, sensitivity, programme {id, name}, site, from, to, generated_at,
  // generated_by, row_count.
  Json about;
  std::vector<ExportColumn> columns;
  // One per record, each with a cell per column; "" is an empty cell (null in JSON).
  std::vector<std::vector<std::string>> rows;
};

// The export kinds, in the order the API lists them.
const std::vector<std::string>& ExportKinds();

class ExportService {
 public:
  ExportService(ServiceContext& ctx, PersonService& persons) : ctx_(ctx), persons_(persons) {}

  // The records of one kind of the programme. kInvalid naming the parameter (kind, identity,
  // period, from, to, site, programme); kNotFound for an unknown programme or site; kForbidden
  // for a caller who may not export the programme's records, or not with identities.
  // An identified export writes one entry on the programme and one on every person it names to
  // the access log before it returns.
  Result<ExportTable> Export(const Principal& who, const ExportParams& params);

 private:
  ServiceContext& ctx_;
  PersonService& persons_;
};

}  // namespace baton
