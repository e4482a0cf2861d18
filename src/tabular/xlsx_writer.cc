#include "tabular/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string_view>

#include "tabular/table_builder.h"

namespace baton {
namespace {

constexpr size_t kMaxSheetNameChars = LXW_SHEETNAME_MAX;
constexpr size_t kMaxCellChars = 32'767;
constexpr size_t kMaxRows = LXW_ROW_MAX;
constexpr size_t kMaxColumns = LXW_COL_MAX;
constexpr double kMaxColumnWidth = 255;

// "sheet 2 ("Totals")" / "sheet 2", for messages.
std::string SheetPlace(const Sheet& sheet, size_t index) {
  std::string place = "sheet " + std::to_string(index + 1);
  if (tabular::FindInvalidUtf8(sheet.name) == std::string_view::npos && !sheet.name.empty()) {
    place += " (\"" + tabular::Excerpt(sheet.name, 64) + "\")";
  }
  return place;
}

// "sheet 2 ("Totals"), cell B7", for messages; row and column are 0-based.
std::string CellPlace(const Sheet& sheet, size_t index, size_t row, size_t column) {
  return SheetPlace(sheet, index) + ", cell " +
         tabular::ColumnName(tabular::Places::kXlsx, column) + std::to_string(row + 1);
}

std::string FoldAsciiCase(std::string_view text) {
  std::string folded(text);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

Status CheckSheetName(const Sheet& sheet, size_t index, std::set<std::string>& seen) {
  const std::string& name = sheet.name;
  std::string place = "sheet " + std::to_string(index + 1);
  if (name.empty()) return Status::Invalid(place + " has no name");
  if (tabular::FindInvalidUtf8(name) != std::string_view::npos) {
    return Status::Invalid(place + ": the name is not UTF-8 text");
  }
  if (name.find('\0') != std::string::npos) {
    return Status::Invalid(place + ": the name holds a NUL character");
  }
  place = SheetPlace(sheet, index);
  if (tabular::CountChars(name) > kMaxSheetNameChars) {
    return Status::Invalid(place + ": a sheet name has at most 31 characters");
  }
  if (name.find_first_of("[]:*?/\\") != std::string::npos) {
    return Status::Invalid(place + ": a sheet name cannot hold [ ] : * ? / \\");
  }
  if (name.front() == '\'' || name.back() == '\'') {
    return Status::Invalid(place + ": a sheet name cannot start or end with an apostrophe");
  }
  if (!seen.insert(FoldAsciiCase(name)).second) {
    return Status::Invalid(place + ": another sheet has the same name");
  }
  return Status::Ok();
}

Status CheckSheet(const Sheet& sheet, size_t index) {
  if (sheet.rows.size() > kMaxRows) {
    return Status::Invalid(SheetPlace(sheet, index) + " has more than 1,048,576 rows");
  }
  if (sheet.header_rows < 0) {
    return Status::Invalid(SheetPlace(sheet, index) + ": header_rows is below 0");
  }
  if (sheet.column_widths.size() > kMaxColumns) {
    return Status::Invalid(SheetPlace(sheet, index) + " has widths for more than 16,384 columns");
  }
  for (size_t c = 0; c < sheet.column_widths.size(); ++c) {
    double width = sheet.column_widths[c];
    if (!std::isfinite(width) || width < 0 || width > kMaxColumnWidth) {
      return Status::Invalid(SheetPlace(sheet, index) + ": the width of column " +
                             tabular::ColumnName(tabular::Places::kXlsx, c) +
                             " is not between 0 and 255");
    }
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    const std::vector<SheetCell>& row = sheet.rows[r];
    if (row.size() > kMaxColumns) {
      return Status::Invalid(SheetPlace(sheet, index) + ", row " + std::to_string(r + 1) +
                             " has more than 16,384 cells");
    }
    for (size_t c = 0; c < row.size(); ++c) {
      auto where = [&] { return CellPlace(sheet, index, r, c); };
      if (const auto* text = std::get_if<std::string>(&row[c])) {
        if (tabular::FindInvalidUtf8(*text) != std::string::npos) {
          return Status::Invalid(where() + ": the text is not UTF-8");
        }
        if (text->find('\0') != std::string::npos) {
          return Status::Invalid(where() + ": the text holds a NUL character");
        }
        if (tabular::CountChars(*text) > kMaxCellChars) {
          return Status::Invalid(where() + ": a cell holds at most 32,767 characters");
        }
      } else if (const auto* number = std::get_if<double>(&row[c])) {
        if (!std::isfinite(*number)) {
          return Status::Invalid(where() + ": the number is not finite");
        }
      }
    }
  }
  return Status::Ok();
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// Spreadsheet programs read "_xHHHH_" in a cell's text as the character U+HHHH, and
// libxlsxwriter 1.1.4 writes such text as it is: its leading '_' is written as "_x005F_" so that
// the text reads back unchanged.
std::string EscapeCharacterReferences(const std::string& text) {
  std::string escaped;
  size_t from = 0;
  for (size_t at = text.find("_x"); at != std::string::npos; at = text.find("_x", at + 1)) {
    if (at + 7 > text.size() || text[at + 6] != '_' ||
        !std::all_of(text.begin() + at + 2, text.begin() + at + 6, IsHexDigit)) {
      continue;
    }
    escaped.append(text, from, at - from).append("_x005F");
    from = at;
  }
  if (escaped.empty()) return text;
  return escaped.append(text, from);
}

// A private file for libxlsxwriter to write the workbook to; removed when this goes.
class TemporaryFile {
 public:
  static Result<std::unique_ptr<TemporaryFile>> Create() {
    const char* env = std::getenv("TMPDIR");
    std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
    std::string path = dir + "/baton-xlsx-XXXXXX";
    int fd = mkstemp(path.data());  // mode 0600
    if (fd < 0) {
      return Status::Internal("cannot create a temporary file in " + dir + ": " +
                              std::strerror(errno));
    }
    return std::unique_ptr<TemporaryFile>(new TemporaryFile(std::move(dir), std::move(path), fd));
  }
  ~TemporaryFile() {
    unlink(path_.c_str());
    close(fd_);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;

  const std::string& dir() const { return dir_; }
  const std::string& path() const { return path_; }

  // The file's whole content, read through the descriptor mkstemp opened.
  Result<std::string> ReadAll() const {
    if (lseek(fd_, 0, SEEK_SET) < 0) {
      return Status::Internal(std::string("cannot read the workbook back: ") +
                              std::strerror(errno));
    }
    std::string bytes;
    char buffer[1 << 16];
    for (;;) {
      ssize_t n = read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        return Status::Internal(std::string("cannot read the workbook back: ") +
                                std::strerror(errno));
      }
      if (n == 0) return bytes;
      bytes.append(buffer, static_cast<size_t>(n));
    }
  }

 private:
  TemporaryFile(std::string dir, std::string path, int fd)
      : dir_(std::move(dir)), path_(std::move(path)), fd_(fd) {}
  std::string dir_;
  std::string path_;
  int fd_;
};

// A workbook that was not closed is freed without writing anything.
struct WorkbookFree {
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};
using WorkbookPtr = std::unique_ptr<lxw_workbook, WorkbookFree>;

Status Failed(const char* what, lxw_error error) {
  return Status::Internal(std::string("libxlsxwriter: ") + what + ": " + lxw_strerror(error));
}

Status AddSheet(lxw_workbook* workbook, lxw_format* bold, const Sheet& sheet, size_t index) {
  if (workbook_validate_sheet_name(workbook, sheet.name.c_str()) != LXW_NO_ERROR) {
    return Status::Invalid(SheetPlace(sheet, index) + ": the name is not allowed");
  }
  lxw_worksheet* worksheet = workbook_add_worksheet(workbook, sheet.name.c_str());
  if (worksheet == nullptr) return Status::Internal("libxlsxwriter: cannot add a worksheet");
  for (size_t c = 0; c < sheet.column_widths.size(); ++c) {
    auto col = static_cast<lxw_col_t>(c);
    lxw_error error = worksheet_set_column(worksheet, col, col, sheet.column_widths[c], nullptr);
    if (error != LXW_NO_ERROR) return Failed("set_column", error);
  }
  for (size_t r = 0; r < sheet.rows.size(); ++r) {
    lxw_format* format = r < static_cast<size_t>(sheet.header_rows) ? bold : nullptr;
    auto row = static_cast<lxw_row_t>(r);
    for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
      auto col = static_cast<lxw_col_t>(c);
      const SheetCell& cell = sheet.rows[r][c];
      lxw_error error = LXW_NO_ERROR;
      if (const auto* text = std::get_if<std::string>(&cell)) {
        // Always a string, whatever the text starts with: never a formula.
        std::string escaped = EscapeCharacterReferences(*text);
        error = worksheet_write_string(worksheet, row, col, escaped.c_str(), format);
        if (error == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
          return Status::Invalid(CellPlace(sheet, index, r, c) +
                                 ": a cell holds at most 32,767 characters");
        }
      } else if (const auto* number = std::get_if<double>(&cell)) {
        error = worksheet_write_number(worksheet, row, col, *number, format);
      }
      if (error != LXW_NO_ERROR) return Failed("write", error);
    }
  }
  if (sheet.header_rows > 0) {
    size_t frozen = std::min(static_cast<size_t>(sheet.header_rows), kMaxRows - 1);
    worksheet_freeze_panes(worksheet, static_cast<lxw_row_t>(frozen), 0);
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  if (sheets.empty()) return Status::Invalid("a workbook needs at least one sheet");
  std::set<std::string> names;
  for (size_t i = 0; i < sheets.size(); ++i) {
    BATON_RETURN_IF_ERROR(CheckSheetName(sheets[i], i, names));
    BATON_RETURN_IF_ERROR(CheckSheet(sheets[i], i));
  }

  Result<std::unique_ptr<TemporaryFile>> file = TemporaryFile::Create();
  if (!file.ok()) return file.status();
  // libxlsxwriter's own scratch files go to the same directory (unlinked as soon as opened).
  std::string scratch_dir = (*file)->dir();
  lxw_workbook_options options = {};
  options.tmpdir = scratch_dir.data();
  WorkbookPtr workbook(workbook_new_opt((*file)->path().c_str(), &options));
  if (workbook == nullptr) return Status::Internal("libxlsxwriter: cannot create a workbook");
  lxw_format* bold = workbook_add_format(workbook.get());
  if (bold == nullptr) return Status::Internal("libxlsxwriter: cannot add a format");
  format_set_bold(bold);
  for (size_t i = 0; i < sheets.size(); ++i) {
    BATON_RETURN_IF_ERROR(AddSheet(workbook.get(), bold, sheets[i], i));
  }
  lxw_error error = workbook_close(workbook.release());  // frees the workbook, whatever happens
  if (error != LXW_NO_ERROR) return Failed("close", error);
  return (*file)->ReadAll();
}

}  // namespace baton
