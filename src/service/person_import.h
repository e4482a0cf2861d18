// Bulk import of an existing register (CSV or XLSX) into a programme: columns mapped to person
// fields, every row checked with the same rules as a registration, and a report that names each
// bad row by its line. Nothing is written on a dry run; `kAll` writes only when every row is valid.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "service/person_service.h"

namespace baton {

enum class ImportMode {
  kDryRun,  // check every row, write nothing
  kAll,     // write every row, or none when any row is bad
  kValid,   // write the good rows, report the bad ones
};
std::optional<ImportMode> ParseImportMode(std::string_view name);  // "dry_run", "all", "valid"

struct ImportRequest {
  std::string programme_id;
  std::string site_id;
  ImportMode mode = ImportMode::kDryRun;
  // Column heading (as in the file) -> field, overriding the automatic mapping; "" ignores the column.
  std::map<std::string, std::string> columns;
  std::string text_version = "import";  // consent text version when the file has no column for it
};

class PersonImport {
 public:
  PersonImport(ServiceContext& ctx, PersonService& persons) : ctx_(ctx), persons_(persons) {}

  // {"mode", "rows", "valid", "invalid", "imported", "columns": {heading: field|null},
  //  "errors": [{"line", "field", "detail"}] (at most 1000), "errors_truncated"}.
  Result<Json> Run(const Principal& who, std::string_view file, const ImportRequest& request);

  // The fields a column may map to, for the mapping screen.
  static const std::vector<std::string>& Targets();

 private:
  ServiceContext& ctx_;
  PersonService& persons_;
};

}  // namespace baton
