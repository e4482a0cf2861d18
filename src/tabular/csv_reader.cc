// CSV as spreadsheet programs write it; the rules are in table.h.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tabular/table.h"
#include "tabular/table_builder.h"

namespace baton {
namespace {

using tabular::Places;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsLineBreak(char c) { return c == '\n' || c == '\r'; }

// Offset just past the line break at bytes[i] (LF, CRLF or CR).
size_t SkipLineBreak(std::string_view bytes, size_t i) {
  if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') return i + 2;
  return i + 1;
}

// 1-based line of the byte at offset, counting LF, CRLF and CR as one break each.
int LineAt(std::string_view bytes, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset;) {
    if (IsLineBreak(bytes[i])) {
      i = SkipLineBreak(bytes, i);
      ++line;
    } else {
      ++i;
    }
  }
  return line;
}

// The most frequent of , ; and tab outside quotes in the first non-blank record.
char DetectDelimiter(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size() && (IsLineBreak(bytes[i]) || bytes[i] == ' ' || bytes[i] == '\t')) ++i;
  size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (quoted) {
      continue;
    } else if (IsLineBreak(c)) {
      break;
    } else if (c == ',') {
      ++comma;
    } else if (c == ';') {
      ++semicolon;
    } else if (c == '\t') {
      ++tab;
    }
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

class CsvReader {
 public:
  CsvReader(std::string_view bytes, const TableLimits& limits)
      : bytes_(bytes), limits_(limits), builder_(limits, Places::kCsv) {}

  Result<Table> Read() && {
    delimiter_ = DetectDelimiter(bytes_);
    while (pos_ < bytes_.size()) BATON_RETURN_IF_ERROR(ReadRecord());
    return std::move(builder_).Finish();
  }

 private:
  Status ReadRecord() {
    const int record_line = line_;
    std::vector<std::string> cells;
    size_t column = 0;
    for (;;) {
      std::string cell;
      if (pos_ < bytes_.size() && bytes_[pos_] == '"') {
        BATON_RETURN_IF_ERROR(ReadQuoted(cell, column));
      }
      // Unquoted text, or text after a closing quote, runs to the next delimiter or line break.
      size_t end = pos_;
      while (end < bytes_.size() && bytes_[end] != delimiter_ && !IsLineBreak(bytes_[end])) ++end;
      cell.append(bytes_.substr(pos_, end - pos_));
      pos_ = end;
      BATON_RETURN_IF_ERROR(builder_.CheckCell(cell, column, line_));
      // CheckCell has refused any non-empty cell beyond max_columns; empty ones are dropped.
      if (column < limits_.max_columns) cells.push_back(std::move(cell));
      ++column;
      if (pos_ >= bytes_.size()) break;
      if (bytes_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      pos_ = SkipLineBreak(bytes_, pos_);
      ++line_;
      break;
    }
    return builder_.AddRecord(std::move(cells), record_line);
  }

  // Reads a quoted cell from the opening quote at pos_ through its closing quote.
  Status ReadQuoted(std::string& cell, size_t column) {
    const int start_line = line_;
    ++pos_;
    for (;;) {
      size_t end = pos_;
      while (end < bytes_.size() && bytes_[end] != '"' && !IsLineBreak(bytes_[end])) ++end;
      cell.append(bytes_.substr(pos_, end - pos_));
      pos_ = end;
      if (pos_ >= bytes_.size()) {
        return Status::Invalid("line " + std::to_string(start_line) +
                               ": a quoted cell is not closed (a \" is missing)");
      }
      if (bytes_[pos_] == '"') {
        if (pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '"') {
          cell.push_back('"');
          pos_ += 2;
        } else {
          ++pos_;
          return Status::Ok();
        }
      } else {
        cell.push_back('\n');
        pos_ = SkipLineBreak(bytes_, pos_);
        ++line_;
      }
      // Bound the cell while it grows, not only once it is complete.
      if (cell.size() > kMaxBytesPerChar * limits_.max_cell) {
        BATON_RETURN_IF_ERROR(builder_.CheckCell(cell, column, start_line));
      }
    }
  }

  static constexpr size_t kMaxBytesPerChar = 4;

  std::string_view bytes_;
  TableLimits limits_;
  tabular::TableBuilder builder_;
  char delimiter_ = ',';
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

Result<Table> ReadCsv(std::string_view bytes, const TableLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Status::Invalid("the file is larger than " + tabular::SizeText(limits.max_bytes));
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Status::Invalid("the file is UTF-16 text; save it as \"CSV UTF-8\" and choose it again");
  }
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (size_t bad = tabular::FindInvalidUtf8(bytes); bad != std::string_view::npos) {
    return Status::Invalid("line " + std::to_string(LineAt(bytes, bad)) +
                           ": the text is not valid UTF-8; save the file as \"CSV UTF-8\" and "
                           "choose it again");
  }
  return CsvReader(bytes, limits).Read();
}

}  // namespace baton
