// Reading registers that programmes bring as spreadsheets: CSV and XLSX into one Table shape.
//
// The shape, for both formats:
// - The first non-blank row is the header; its cells are trimmed of spaces and tabs, and trailing
//   empty header cells are dropped. Empty or repeated names in the middle are kept as they are:
//   deciding what a column means is the importer's job.
// - Rows that are blank (every cell empty or only spaces) are skipped.
// - Every data row has exactly header.size() cells: short rows are padded with "". A row with a
//   non-empty cell beyond the last heading is an error naming its line (nothing is dropped
//   silently); empty cells there are ignored. Data cells are returned untrimmed.
// - lines[i] is the 1-based line in the file where rows[i] starts (CSV) or its row number (XLSX).
// - Text is UTF-8. A cell's length is counted in characters (code points).
//
// CSV (RFC 4180, read leniently as spreadsheet programs write it):
// - A UTF-8 byte order mark is skipped. UTF-16 text and invalid UTF-8 are errors that say to save
//   the file as "CSV UTF-8".
// - The delimiter is the most frequent of ',' ';' and tab outside quotes on the header line (ties
//   prefer ',' then ';'); Excel in French or Arabic locales writes ';'.
// - Records end at LF, CRLF or a lone CR. A quoted cell may hold delimiters, doubled quotes and
//   line breaks (CRLF inside a cell becomes LF). Text after a closing quote is kept, as Excel does;
//   a quote inside an unquoted cell is an ordinary character. A quote left open is an error naming
//   the line where the cell starts.
//
// XLSX (Office Open XML spreadsheet):
// - The sheet read is the first worksheet in workbook order that is not hidden (the first
//   worksheet when all are hidden); other sheets are ignored. Parts are found through the
//   package relationships, falling back to the usual xl/... names.
// - Shared strings, inline strings and rich text (runs joined; phonetic hints left out) become
//   text; "_xHHHH_" escapes are decoded. Formulas give their cached value. Errors give their text
//   (e.g. "#N/A"). Booleans become "TRUE" / "FALSE".
// - Numbers are written in plain decimal notation with the fewest digits that read back the same
//   number (no exponent), whatever the cell's display format, except:
// - Numbers in cells whose style is a date format become "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" when
//   the format also shows a time, or "HH:MM:SS" for a time-only format. The 1900 date system keeps
//   Excel's fictitious 1900-02-29 (serial 60); the 1904 system is used when workbook.xml says so.
//   A serial outside 1900..9999 stays a number.
// - A cell's column comes from its reference ("C7"), so empty cells keep their place; merged
//   cells give their value to the top-left cell only.
//
// Limits: no input makes the readers crash, loop or grow memory without bound. An XLSX file may
// expand to at most 10 x max_bytes of uncompressed parts, and its cells to at most 10 x max_bytes
// of text; a table may hold at most max_bytes cells (rows x header width). XML with a document type
// declaration (and so any entity definition) is refused, and nesting is bounded.
//
// Every error is Status::Invalid with a message for the person who chose the file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace baton {

struct Table {
  std::vector<std::string> header;             // the first non-blank row, trimmed
  std::vector<std::vector<std::string>> rows;  // each exactly header.size() cells
  std::vector<int> lines;                      // for each row: its line (CSV) or row number (XLSX)
};

struct TableLimits {
  size_t max_bytes = 64 << 20;  // size of the file as given
  size_t max_rows = 2'000'000;  // data rows, after the header
  size_t max_columns = 200;
  size_t max_cell = 10'000;  // characters in one cell
};

Result<Table> ReadCsv(std::string_view bytes, const TableLimits& limits = {});

Result<Table> ReadXlsx(std::string_view bytes, const TableLimits& limits = {});

// Chooses by content: a ZIP signature means XLSX, else CSV. Legacy .xls / encrypted workbooks and
// OpenDocument spreadsheets are recognised and refused with a message saying what to do.
Result<Table> ReadTable(std::string_view bytes, const TableLimits& limits = {});

}  // namespace baton
