#include "tabular/table_builder.h"

#include <algorithm>
#include <utility>

namespace baton::tabular {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

}  // namespace

std::string Where(Places places, int line) {
  return (places == Places::kCsv ? "line " : "row ") + std::to_string(line);
}

std::string ColumnName(Places places, size_t column) {
  if (places == Places::kCsv) return std::to_string(column + 1);
  std::string letters;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

std::string SizeText(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MB";
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return std::to_string(bytes >> 10) + " KB";
  return std::to_string(bytes) + " bytes";
}

std::string Excerpt(std::string_view utf8, size_t max_bytes) {
  if (utf8.size() <= max_bytes) return std::string(utf8);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) --cut;
  return std::string(utf8.substr(0, cut)) + "...";
}

size_t CountChars(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

size_t FindInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (n - i < len) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

TableBuilder::TableBuilder(const TableLimits& limits, Places places)
    : limits_(limits), places_(places) {}

Status TableBuilder::CheckCell(std::string_view cell, size_t column, int line) const {
  // Bytes first: a cell within the limit has at most 4 bytes per character.
  if (cell.size() > limits_.max_cell && CountChars(cell) > limits_.max_cell) {
    return Status::Invalid(Where(places_, line) + ": a cell in column " +
                           ColumnName(places_, column) + " is longer than " +
                           std::to_string(limits_.max_cell) + " characters");
  }
  if (column >= limits_.max_columns && !cell.empty()) {
    return Status::Invalid(Where(places_, line) + ": the row has more than " +
                           std::to_string(limits_.max_columns) + " columns");
  }
  return Status::Ok();
}

Status TableBuilder::AddRecord(std::vector<std::string> cells, int line) {
  if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return IsBlank(c); })) {
    return Status::Ok();
  }
  if (!have_header_) {
    for (std::string& cell : cells) cell = std::string(Trim(cell));
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    table_.header = std::move(cells);
    have_header_ = true;
    return Status::Ok();
  }
  const size_t width = table_.header.size();
  for (size_t c = cells.size(); c-- > width;) {
    if (!cells[c].empty()) {
      return Status::Invalid(Where(places_, line) + ": column " + ColumnName(places_, c) +
                             " has a value but no heading (the header has " +
                             std::to_string(width) + (width == 1 ? " column)" : " columns)"));
    }
  }
  if (table_.rows.size() >= limits_.max_rows) {
    return Status::Invalid("the file has more than " + std::to_string(limits_.max_rows) + " rows");
  }
  // Padding short rows costs memory the file did not pay for; bound the cells in all.
  if ((table_.rows.size() + 1) * width > limits_.max_bytes) {
    return Status::Invalid("the file has more than " + std::to_string(limits_.max_bytes) +
                           " cells");
  }
  cells.resize(width);
  table_.rows.push_back(std::move(cells));
  table_.lines.push_back(line);
  return Status::Ok();
}

Result<Table> TableBuilder::Finish() && {
  if (!have_header_) return Status::Invalid("the file is empty: it has no header row");
  return std::move(table_);
}

}  // namespace baton::tabular
