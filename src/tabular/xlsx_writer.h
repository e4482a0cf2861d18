// Writing workbooks (.xlsx) for spreadsheet programs, through libxlsxwriter: reports and exports
// that analysts open in Excel or LibreOffice.
//
// - Sheets appear in the order given. Each sheet's first header_rows rows are bold and frozen at
//   the top (a report's column names and its HXL hashtag row).
// - Text is always written as text, whatever it starts with: "=1+1" or "+962..." is never run as
//   a formula (no spreadsheet formula injection), and ReadXlsx reads it back unchanged (text
//   like "_x0041_" included). Numbers are written as numbers (16 significant digits).
// - Errors, all Status::Invalid with a message naming the sheet and cell, found before anything
//   is written: no sheets; a sheet name that is empty, not UTF-8, longer than 31 characters,
//   holds one of [ ] : * ? / \ or NUL, starts or ends with an apostrophe, or repeats an earlier
//   name (ignoring ASCII case); text that is not UTF-8, holds a NUL character or is longer than
//   32,767 characters (the most a cell holds); a number that is not finite; more than 1,048,576
//   rows or 16,384 columns; header_rows below 0; a column width below 0, above 255 or not finite.
// - Status::Internal when libxlsxwriter or the temporary file it writes to fails.
//
// libxlsxwriter writes to a file (Debian 12 ships 1.1.4, which cannot write to memory): the
// workbook goes to a private temporary file (mode 0600) in $TMPDIR, else /tmp, which is always
// removed before WriteXlsx returns.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "base/status.h"

namespace baton {

// One cell of a written sheet: empty, text, or a number.
using SheetCell = std::variant<std::monostate, std::string, double>;

struct Sheet {
  std::string name;  // 1..31 characters, none of []:*?/\ (the caller's job; checked: kInvalid)
  std::vector<std::vector<SheetCell>> rows;
  int header_rows = 1;                // bold, frozen at the top
  std::vector<double> column_widths;  // optional, in characters, from the first column
};

// The bytes of an .xlsx workbook holding the sheets in order.
Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

}  // namespace baton
