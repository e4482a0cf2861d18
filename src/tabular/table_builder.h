// Internal: what CSV and XLSX reading share — the row rules of table.h, the limits, and text
// helpers for messages.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "tabular/table.h"

namespace baton::tabular {

// How a file names its rows and columns in messages: CSV has lines and numbered columns, XLSX
// has rows and lettered columns.
enum class Places { kCsv, kXlsx };

// "line 12" / "row 12".
std::string Where(Places places, int line);
// "5" / "E" for the 0-based column 4.
std::string ColumnName(Places places, size_t column);
// "64 MB", "12 KB", "300 bytes".
std::string SizeText(size_t bytes);

// At most max_bytes of valid UTF-8 text, cut at a character boundary, for quoting in messages.
std::string Excerpt(std::string_view utf8, size_t max_bytes);

// Code points in valid UTF-8 (bytes that do not continue a sequence).
size_t CountChars(std::string_view utf8);
// Offset of the first byte that is not part of well-formed UTF-8 (no overlongs, surrogates or
// values above U+10FFFF), or npos.
size_t FindInvalidUtf8(std::string_view bytes);

// Turns records, in file order, into a Table under the rules in table.h. Readers check each
// cell's length and column as they read it (CheckCell), so a record never holds more than
// limits.max_columns cells.
class TableBuilder {
 public:
  TableBuilder(const TableLimits& limits, Places places);

  // Ok, or the error for a cell that is too long or lies beyond max_columns (column is 0-based).
  Status CheckCell(std::string_view cell, size_t column, int line) const;

  // Adds one record; blank records are skipped, the first other one is the header.
  Status AddRecord(std::vector<std::string> cells, int line);

  bool has_header() const { return have_header_; }

  // The table; an error when no header was found.
  Result<Table> Finish() &&;

 private:
  TableLimits limits_;
  Places places_;
  bool have_header_ = false;
  Table table_;
};

}  // namespace baton::tabular
