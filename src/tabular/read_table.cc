#include <string_view>

#include "tabular/table.h"

namespace baton {

Result<Table> ReadTable(std::string_view bytes, const TableLimits& limits) {
  if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) {
    return ReadXlsx(bytes, limits);
  }
  // The compound file format of .xls workbooks, and of .xlsx ones encrypted with a password.
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    return Status::Invalid(
        "the file is an older Excel workbook (.xls) or one protected with a password; save it "
        "as .xlsx without a password, or as \"CSV UTF-8\", and choose it again");
  }
  return ReadCsv(bytes, limits);
}

}  // namespace baton
