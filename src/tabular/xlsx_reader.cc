// XLSX workbooks: the first visible worksheet as a Table; the rules are in table.h.
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tabular/excel_dates.h"
#include "tabular/table.h"
#include "tabular/table_builder.h"
#include "tabular/xml_reader.h"
#include "tabular/zip_archive.h"

namespace baton {
namespace {

using tabular::DateKind;
using tabular::Places;
using tabular::XmlAttributes;
using tabular::XmlHandler;
using tabular::ZipArchive;

// A workbook may inflate to this many times max_bytes, and its cells hold at most as much text.
constexpr size_t kExpansion = 10;
// One character of a cell takes at most this many bytes in a part: "_xHHHH_".
constexpr size_t kMaxBytesPerChar = 7;
constexpr int kMaxColumnIndex = 16384;  // XFD, the last column a worksheet can have
// Far beyond what Excel writes; bounds the memory a hostile workbook can claim with tiny elements.
constexpr size_t kMaxRelationships = 10'000;
constexpr size_t kMaxSheets = 10'000;
constexpr size_t kMaxNumberFormats = 10'000;

Status NotWorkbook(const std::string& what) {
  return Status::Invalid("the file is not a valid XLSX workbook: " + what);
}

size_t SaturatingMultiply(size_t a, size_t b) {
  return (b != 0 && a > SIZE_MAX / b) ? SIZE_MAX : a * b;
}

// Text kept from a part for one cell. Text cut at this length still decodes to more than
// max_cell characters, so the length check refuses it rather than passing a truncated cell.
size_t TextCap(const TableLimits& limits) {
  return SaturatingMultiply(limits.max_cell, kMaxBytesPerChar) + kMaxBytesPerChar;
}

void AppendCapped(std::string& to, std::string_view text, size_t cap) {
  if (to.size() < cap) to.append(text.substr(0, cap - to.size()));
}

// Decodes the "_xHHHH_" escapes that OOXML uses for characters XML cannot carry.
std::string DecodeEscapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned code = 0;
    if (text.substr(i).starts_with("_x") && i + 7 <= text.size() && text[i + 6] == '_' &&
        std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16).ptr ==
            text.data() + i + 6 &&
        code != 0 && (code < 0xD800 || code > 0xDFFF)) {
      if (code < 0x80) {
        out.push_back(static_cast<char>(code));
      } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      }
      i += 7;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

// A stored number in plain decimal notation with the fewest digits that read back the same; the
// text as stored when it is not a finite number.
std::string FormatNumber(std::string_view stored) {
  double value = 0;
  auto [end, ec] = std::from_chars(stored.data(), stored.data() + stored.size(), value);
  if (ec != std::errc() || end != stored.data() + stored.size() || !std::isfinite(value)) {
    return std::string(stored);
  }
  char buffer[512];  // the longest fixed form of a double is about 330 characters
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc()) return std::string(stored);
  return std::string(buffer, result.ptr);
}

template <class Int>
bool ParseInt(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// 0-based column of a reference like "C7", or -1.
int ParseColumn(std::string_view reference) {
  int column = 0;
  size_t i = 0;
  for (; i < reference.size() && i < 4; ++i) {
    char c = reference[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + (c - 'A' + 1);
  }
  if (i == 0 || column > kMaxColumnIndex) return -1;
  return column - 1;
}

// ---- Package structure ----------------------------------------------------------------------

std::string DirOf(std::string_view part) {
  size_t slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

std::string RelationshipsPartOf(std::string_view part) {
  size_t slash = part.rfind('/');
  std::string_view file = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return DirOf(part) + "_rels/" + std::string(file) + ".rels";
}

// A relationship target made a part name: relative to base_dir unless it starts with '/'.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1))
                                             : std::string(base_dir) + std::string(target);
  for (char& c : path) {
    if (c == '\\') c = '/';
  }
  std::vector<std::string_view> segments;
  std::string_view rest = path;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }
  std::string resolved;
  for (std::string_view segment : segments) {
    if (!resolved.empty()) resolved += '/';
    resolved += segment;
  }
  return resolved;
}

bool TypeIs(std::string_view type, std::string_view kind) {
  return type.size() > kind.size() && type.ends_with(kind) &&
         type[type.size() - kind.size() - 1] == '/';
}

Status ParsePart(ZipArchive& zip, const std::string& part, XmlHandler& handler) {
  tabular::XmlParser parser(handler, part);
  BATON_RETURN_IF_ERROR(
      zip.Read(part, [&parser](std::string_view chunk) { return parser.Feed(chunk); }));
  return parser.Finish();
}

struct Relationship {
  std::string id;
  std::string type;
  std::string target;  // a part name
};

class RelationshipsHandler : public XmlHandler {
 public:
  explicit RelationshipsHandler(std::string base_dir) : base_dir_(std::move(base_dir)) {}
  Status Start(std::string_view name, const XmlAttributes& a) override {
    if (name == "Relationship" && a.Get("TargetMode") != "External") {
      if (relationships_.size() >= kMaxRelationships) {
        return NotWorkbook("it has too many relationships between its parts");
      }
      relationships_.push_back({std::string(a.Get("Id")), std::string(a.Get("Type")),
                                ResolveTarget(base_dir_, a.Get("Target"))});
      by_id_.emplace(relationships_.back().id, relationships_.size() - 1);  // the first one wins
    }
    return Status::Ok();
  }
  Status End(std::string_view) override { return Status::Ok(); }
  Status Text(std::string_view) override { return Status::Ok(); }

  const Relationship* FindType(std::string_view kind) const {
    for (const Relationship& r : relationships_) {
      if (TypeIs(r.type, kind)) return &r;
    }
    return nullptr;
  }
  const Relationship* FindId(const std::string& id) const {
    auto found = by_id_.find(id);
    return found == by_id_.end() ? nullptr : &relationships_[found->second];
  }

 private:
  std::string base_dir_;
  std::vector<Relationship> relationships_;
  std::unordered_map<std::string, size_t> by_id_;
};

struct SheetEntry {
  std::string name;
  std::string relationship_id;
  bool hidden = false;
};

class WorkbookHandler : public XmlHandler {
 public:
  Status Start(std::string_view name, const XmlAttributes& a) override {
    if (name == "workbookPr") {
      std::string_view v = a.Get("date1904");
      date1904 = v == "1" || v == "true";
    } else if (name == "sheet") {
      if (sheets.size() >= kMaxSheets) return NotWorkbook("it has too many sheets");
      std::string_view state = a.Get("state");
      sheets.push_back({std::string(a.Get("name")), std::string(a.Get("id")),
                        state == "hidden" || state == "veryHidden"});
    }
    return Status::Ok();
  }
  Status End(std::string_view) override { return Status::Ok(); }
  Status Text(std::string_view) override { return Status::Ok(); }

  bool date1904 = false;
  std::vector<SheetEntry> sheets;
};

// For each cell style (the s attribute of a cell), whether its number format shows a date.
class StylesHandler : public XmlHandler {
 public:
  Status Start(std::string_view name, const XmlAttributes& a) override {
    if (name == "numFmt") {
      int id = 0;
      if (formats_.size() >= kMaxNumberFormats) {
        return NotWorkbook("it defines too many number formats");
      }
      if (ParseInt(a.Get("numFmtId"), id)) formats_[id] = std::string(a.Get("formatCode"));
    } else if (name == "cellXfs") {
      in_cell_formats_ = true;
    } else if (name == "xf" && in_cell_formats_) {
      int id = 0;
      (void)ParseInt(a.Get("numFmtId"), id);
      format_ids_.push_back(id);
    }
    return Status::Ok();
  }
  Status End(std::string_view name) override {
    if (name == "cellXfs") in_cell_formats_ = false;
    return Status::Ok();
  }
  Status Text(std::string_view) override { return Status::Ok(); }

  std::vector<DateKind> Kinds() const {
    std::vector<DateKind> kinds;
    kinds.reserve(format_ids_.size());
    for (int id : format_ids_) {
      auto format = formats_.find(id);
      kinds.push_back(
          tabular::ClassifyNumberFormat(id, format == formats_.end() ? "" : format->second));
    }
    return kinds;
  }

 private:
  bool in_cell_formats_ = false;
  std::map<int, std::string> formats_;
  std::vector<int> format_ids_;
};

// The shared string table, kept as one buffer with end offsets: a workbook of many tiny strings
// costs little more than its text.
class SharedStringsHandler : public XmlHandler {
 public:
  explicit SharedStringsHandler(size_t cap) : cap_(cap) {}

  Status Start(std::string_view name, const XmlAttributes&) override {
    if (name == "si") {
      in_item_ = true;
      current_.clear();
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
    return Status::Ok();
  }
  Status End(std::string_view name) override {
    if (name == "si" && in_item_) {
      in_item_ = false;
      pool_ += DecodeEscapes(current_);
      if (pool_.size() > UINT32_MAX) return Status::Invalid("the workbook holds too much text");
      ends_.push_back(static_cast<uint32_t>(pool_.size()));
    } else if (name == "rPh" && phonetic_depth_ > 0) {
      --phonetic_depth_;
    } else if (name == "t") {
      in_text_ = false;
    }
    return Status::Ok();
  }
  Status Text(std::string_view text) override {
    if (in_text_) AppendCapped(current_, text, cap_);
    return Status::Ok();
  }

  size_t size() const { return ends_.size(); }
  std::string_view Get(size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(pool_).substr(begin, ends_[i] - begin);
  }

 private:
  size_t cap_;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
  std::string current_;
  std::string pool_;
  std::vector<uint32_t> ends_;  // 4 bytes for each <si/>, which takes 5 in the file
};

// ---- The worksheet --------------------------------------------------------------------------

class SheetHandler : public XmlHandler {
 public:
  SheetHandler(const TableLimits& limits, const SharedStringsHandler& strings,
               std::vector<DateKind> styles, bool date1904)
      : limits_(limits),
        builder_(limits, Places::kXlsx),
        strings_(strings),
        styles_(std::move(styles)),
        date1904_(date1904),
        cap_(TextCap(limits)),
        text_budget_(SaturatingMultiply(limits.max_bytes, kExpansion)) {}

  Status Start(std::string_view name, const XmlAttributes& a) override {
    if (name == "sheetData") {
      in_data_ = true;
    } else if (!in_data_) {
      return Status::Ok();
    } else if (name == "row") {
      return StartRow(a);
    } else if (name == "c" && in_row_) {
      return StartCell(a);
    } else if (in_cell_) {
      if (name == "v") {
        capture_ = true;
      } else if (name == "is") {
        in_inline_ = true;
      } else if (name == "rPh") {
        ++phonetic_depth_;
      } else if (name == "t" && in_inline_ && phonetic_depth_ == 0) {
        capture_ = true;
      }
    }
    return Status::Ok();
  }

  Status End(std::string_view name) override {
    if (!in_data_) return Status::Ok();
    if (name == "v" || name == "t") {
      capture_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      return EndCell();
    } else if (name == "row" && in_row_) {
      in_row_ = false;
      return builder_.AddRecord(std::move(cells_), row_);
    } else if (name == "sheetData") {
      in_data_ = false;
    }
    return Status::Ok();
  }

  Status Text(std::string_view text) override {
    if (capture_) AppendCapped(value_, text, cap_);
    return Status::Ok();
  }

  tabular::TableBuilder& builder() { return builder_; }

 private:
  Status StartRow(const XmlAttributes& a) {
    std::string_view r = a.Get("r");
    int row = 0;
    if (r.empty()) {
      if (row_ >= INT_MAX - 1) return NotWorkbook("it has too many rows");
      row = row_ + 1;
    } else if (!ParseInt(r, row) || row < 1 || row >= INT_MAX - 1) {
      return NotWorkbook("a row number is not valid (\"" + tabular::Excerpt(r, 20) + "\")");
    }
    in_row_ = true;
    row_ = row;
    cells_.clear();
    next_column_ = 0;
    return Status::Ok();
  }

  Status StartCell(const XmlAttributes& a) {
    std::string_view reference = a.Get("r");
    if (reference.empty()) {
      column_ = next_column_;
    } else {
      int column = ParseColumn(reference);
      if (column < 0) {
        return NotWorkbook(tabular::Where(Places::kXlsx, row_) + ": the cell reference \"" +
                           tabular::Excerpt(reference, 20) + "\" is not valid");
      }
      column_ = static_cast<size_t>(column);
    }
    type_ = a.Get("t");
    style_ = 0;
    (void)ParseInt(a.Get("s"), style_);
    value_.clear();
    in_cell_ = true;
    in_inline_ = false;
    capture_ = false;
    phonetic_depth_ = 0;
    return Status::Ok();
  }

  Status EndCell() {
    std::string text;
    if (type_ == "s") {
      size_t index = 0;
      if (!ParseInt(value_, index) || index >= strings_.size()) {
        return NotWorkbook(tabular::Where(Places::kXlsx, row_) +
                           " refers to shared text that does not exist");
      }
      text = std::string(strings_.Get(index));
    } else if (type_ == "inlineStr" || type_ == "str") {
      text = DecodeEscapes(value_);
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    } else if (type_ == "e" || type_ == "d") {
      text = value_;
    } else if (!value_.empty()) {
      text = NumberText();
    }
    BATON_RETURN_IF_ERROR(builder_.CheckCell(text, column_, row_));
    if (text.size() > text_budget_) {
      return Status::Invalid("the workbook holds more than " +
                             tabular::SizeText(SaturatingMultiply(limits_.max_bytes, kExpansion)) +
                             " of text");
    }
    text_budget_ -= text.size();
    if (!text.empty()) {
      if (column_ >= cells_.size()) cells_.resize(column_ + 1);
      cells_[column_] = std::move(text);
    }
    next_column_ = column_ + 1;
    return Status::Ok();
  }

  std::string NumberText() const {
    DateKind kind = style_ < styles_.size() ? styles_[style_] : DateKind::kNone;
    if (kind != DateKind::kNone) {
      double serial = 0;
      auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), serial);
      if (ec == std::errc() && end == value_.data() + value_.size()) {
        if (auto date = tabular::SerialToText(serial, kind, date1904_)) return *date;
      }
    }
    return FormatNumber(value_);
  }

  TableLimits limits_;
  tabular::TableBuilder builder_;
  const SharedStringsHandler& strings_;
  std::vector<DateKind> styles_;
  bool date1904_;
  size_t cap_;
  size_t text_budget_;

  bool in_data_ = false;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_inline_ = false;
  bool capture_ = false;
  int phonetic_depth_ = 0;
  int row_ = 0;
  size_t next_column_ = 0;
  size_t column_ = 0;
  size_t style_ = 0;
  std::string type_;
  std::string value_;
  std::vector<std::string> cells_;
};

// The part a relationship of this kind points to, else the usual name when the package has it.
std::string FindPart(ZipArchive& zip, const RelationshipsHandler& relationships,
                     std::string_view kind, const std::string& usual) {
  if (const Relationship* r = relationships.FindType(kind)) return r->target;
  return zip.Has(usual) ? usual : std::string();
}

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes, const TableLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Status::Invalid("the file is larger than " + tabular::SizeText(limits.max_bytes));
  }
  BATON_ASSIGN_OR_RETURN(std::unique_ptr<ZipArchive> zip,
                         ZipArchive::Open(bytes, SaturatingMultiply(limits.max_bytes, kExpansion)));

  RelationshipsHandler package("");
  if (zip->Has("_rels/.rels")) BATON_RETURN_IF_ERROR(ParsePart(*zip, "_rels/.rels", package));
  std::string workbook_part = "xl/workbook.xml";
  if (const Relationship* r = package.FindType("officeDocument")) workbook_part = r->target;
  if (!zip->Has(workbook_part)) {
    if (zip->Has("mimetype") && zip->Has("content.xml")) {
      return Status::Invalid(
          "the file is an OpenDocument spreadsheet (.ods), not an XLSX workbook; save it as "
          ".xlsx or \"CSV UTF-8\" and choose it again");
    }
    return NotWorkbook(tabular::Excerpt(workbook_part, 200) + " is missing");
  }

  RelationshipsHandler relationships(DirOf(workbook_part));
  std::string relationships_part = RelationshipsPartOf(workbook_part);
  if (zip->Has(relationships_part)) {
    BATON_RETURN_IF_ERROR(ParsePart(*zip, relationships_part, relationships));
  }
  WorkbookHandler workbook;
  BATON_RETURN_IF_ERROR(ParsePart(*zip, workbook_part, workbook));

  const SheetEntry* chosen = nullptr;
  std::string sheet_part;
  for (const SheetEntry& sheet : workbook.sheets) {
    const Relationship* r = relationships.FindId(sheet.relationship_id);
    if (r == nullptr || !TypeIs(r->type, "worksheet")) continue;  // chart and dialog sheets
    if (chosen == nullptr || (chosen->hidden && !sheet.hidden)) {
      chosen = &sheet;
      sheet_part = r->target;
    }
    if (!sheet.hidden) break;
  }
  if (chosen == nullptr) return Status::Invalid("the workbook has no worksheet");

  SharedStringsHandler strings(TextCap(limits));
  std::string strings_part = FindPart(*zip, relationships, "sharedStrings", "xl/sharedStrings.xml");
  if (!strings_part.empty()) BATON_RETURN_IF_ERROR(ParsePart(*zip, strings_part, strings));
  StylesHandler styles;
  std::string styles_part = FindPart(*zip, relationships, "styles", "xl/styles.xml");
  if (!styles_part.empty()) BATON_RETURN_IF_ERROR(ParsePart(*zip, styles_part, styles));

  SheetHandler sheet(limits, strings, styles.Kinds(), workbook.date1904);
  BATON_RETURN_IF_ERROR(ParsePart(*zip, sheet_part, sheet));
  if (!sheet.builder().has_header()) {
    return Status::Invalid("the worksheet \"" + tabular::Excerpt(chosen->name, 100) +
                           "\" is empty: it has no header row");
  }
  return std::move(sheet.builder()).Finish();
}

}  // namespace baton
