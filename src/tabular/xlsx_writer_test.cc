#include "tabular/xlsx_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tabular/table.h"
#include "tabular/zip_archive.h"

namespace baton {
namespace {

using Cells = std::vector<SheetCell>;

std::string MustWrite(const std::vector<Sheet>& sheets) {
  Result<std::string> bytes = WriteXlsx(sheets);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

// The uncompressed part, or nullopt when the workbook has no such part.
std::optional<std::string> Part(const std::string& xlsx, const std::string& name) {
  Result<std::unique_ptr<tabular::ZipArchive>> zip = tabular::ZipArchive::Open(xlsx, 64 << 20);
  EXPECT_TRUE(zip.ok()) << zip.status().ToString();
  if (!zip.ok() || !(*zip)->Has(name)) return std::nullopt;
  std::string content;
  Status read = (*zip)->Read(name, [&](std::string_view chunk) {
    content.append(chunk);
    return Status::Ok();
  });
  EXPECT_TRUE(read.ok()) << read.ToString();
  return content;
}

// The error message of a write that must fail with kInvalid.
std::string InvalidOf(const std::vector<Sheet>& sheets) {
  Result<std::string> bytes = WriteXlsx(sheets);
  if (bytes.ok()) return "ok";
  EXPECT_EQ(bytes.status().code(), Code::kInvalid) << bytes.status().ToString();
  return bytes.status().message();
}

Sheet OneCell(std::string name, SheetCell cell) {
  return Sheet{.name = std::move(name), .rows = {{std::move(cell)}}};
}

// Points $TMPDIR at a fresh directory for one test, and back again.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::filesystem::path& dir) : dir_(dir) {
    if (const char* old = getenv("TMPDIR")) old_ = old;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~ScopedTmpdir() {
    if (old_) {
      setenv("TMPDIR", old_->c_str(), 1);
    } else {
      unsetenv("TMPDIR");
    }
  }
  ScopedTmpdir(const ScopedTmpdir&) = delete;
  ScopedTmpdir& operator=(const ScopedTmpdir&) = delete;

 private:
  std::filesystem::path dir_;
  std::optional<std::string> old_;
};

std::filesystem::path FreshDirectory() {
  std::string path = (std::filesystem::temp_directory_path() / "baton-xlsx-test-XXXXXX").string();
  EXPECT_NE(mkdtemp(path.data()), nullptr);
  return path;
}

Sheet ReachedSheet() {
  return Sheet{
      .name = "Reached",
      .rows =
          {
              Cells{"Organisation", "Girls reached", "Note", "Phone", "Share"},
              Cells{"#org", "#reached+f+age0_17", "#meta+note", "#contact+phone", "#indicator+pct"},
              Cells{"منظمة الأمل للدعم النفسي", 12.0, "=1+1", "+962791234567", 0.25},
              Cells{"Relief", 1234567.0, std::monostate{}, "@SUM(A1)", -2.5},
              Cells{" padded ", 0.0, "-1", "_x0041_ and _x_x00e9__x005F_", std::monostate{}},
              Cells{"tab\tand\nline", 0.1, "bell\x07", "_X0041_", std::monostate{}},
          },
      .header_rows = 2,
      .column_widths = {30, 14.5},
  };
}

TEST(XlsxWriterTest, ReadXlsxReadsEveryCellBack) {
  std::string xlsx = MustWrite({ReachedSheet(), Sheet{.name = "ملخص", .rows = {{"Total", 7.0}}}});
  Result<Table> table = ReadXlsx(xlsx);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->header,
            (std::vector<std::string>{"Organisation", "Girls reached", "Note", "Phone", "Share"}));
  EXPECT_EQ(table->rows,
            (std::vector<std::vector<std::string>>{
                {"#org", "#reached+f+age0_17", "#meta+note", "#contact+phone", "#indicator+pct"},
                {"منظمة الأمل للدعم النفسي", "12", "=1+1", "+962791234567", "0.25"},
                {"Relief", "1234567", "", "@SUM(A1)", "-2.5"},
                {" padded ", "0", "-1", "_x0041_ and _x_x00e9__x005F_", ""},
                {"tab\tand\nline", "0.1", "bell\x07", "_X0041_", ""},
            }));
  EXPECT_EQ(table->lines, (std::vector<int>{2, 3, 4, 5, 6}));
}

TEST(XlsxWriterTest, TextThatLooksLikeAFormulaIsStoredAsText) {
  std::string xlsx = MustWrite({ReachedSheet()});
  std::optional<std::string> sheet = Part(xlsx, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet.has_value());
  EXPECT_EQ(sheet->find("<f>"), std::string::npos) << *sheet;
  EXPECT_EQ(sheet->find("<f "), std::string::npos) << *sheet;
  // C3 "=1+1", D3 "+962...", D4 "@SUM(A1)" and C5 "-1" are shared strings; B3 is a number.
  EXPECT_NE(sheet->find("<c r=\"C3\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<c r=\"D3\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<c r=\"D4\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<c r=\"C5\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<c r=\"B3\"><v>12</v></c>"), std::string::npos) << *sheet;
  std::optional<std::string> strings = Part(xlsx, "xl/sharedStrings.xml");
  ASSERT_TRUE(strings.has_value());
  EXPECT_NE(strings->find("<t>=1+1</t>"), std::string::npos) << *strings;
}

TEST(XlsxWriterTest, HeaderRowsAreBoldAndFrozenAndWidthsSet) {
  std::string xlsx = MustWrite({ReachedSheet()});
  std::optional<std::string> sheet = Part(xlsx, "xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet.has_value());
  EXPECT_NE(sheet->find("ySplit=\"2\""), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("state=\"frozen\""), std::string::npos) << *sheet;
  // Both header rows use the bold format (s="1"), the data rows the default.
  EXPECT_NE(sheet->find("<c r=\"A1\" s=\"1\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<c r=\"E2\" s=\"1\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<c r=\"A3\" t=\"s\">"), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<col min=\"1\" max=\"1\""), std::string::npos) << *sheet;
  EXPECT_NE(sheet->find("<col min=\"2\" max=\"2\""), std::string::npos) << *sheet;
  std::optional<std::string> styles = Part(xlsx, "xl/styles.xml");
  ASSERT_TRUE(styles.has_value());
  EXPECT_NE(styles->find("<b/>"), std::string::npos) << *styles;
}

TEST(XlsxWriterTest, SheetsComeInOrder) {
  std::string xlsx = MustWrite({ReachedSheet(), Sheet{.name = "ملخص", .rows = {{"Total", 7.0}}},
                                Sheet{.name = "Empty", .header_rows = 0}});
  EXPECT_TRUE(Part(xlsx, "xl/worksheets/sheet2.xml").has_value());
  EXPECT_TRUE(Part(xlsx, "xl/worksheets/sheet3.xml").has_value());
  EXPECT_FALSE(Part(xlsx, "xl/worksheets/sheet4.xml").has_value());
  std::optional<std::string> workbook = Part(xlsx, "xl/workbook.xml");
  ASSERT_TRUE(workbook.has_value());
  size_t first = workbook->find("<sheet name=\"Reached\"");
  size_t second = workbook->find("<sheet name=\"ملخص\"");
  size_t third = workbook->find("<sheet name=\"Empty\"");
  ASSERT_NE(first, std::string::npos) << *workbook;
  ASSERT_NE(second, std::string::npos) << *workbook;
  ASSERT_NE(third, std::string::npos) << *workbook;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  std::optional<std::string> summary = Part(xlsx, "xl/worksheets/sheet2.xml");
  ASSERT_TRUE(summary.has_value());
  EXPECT_NE(summary->find("<c r=\"B1\" s=\"1\"><v>7</v></c>"), std::string::npos) << *summary;
}

TEST(XlsxWriterTest, BadSheetNamesAreInvalid) {
  EXPECT_EQ(InvalidOf({}), "a workbook needs at least one sheet");
  EXPECT_EQ(InvalidOf({OneCell("", "x")}), "sheet 1 has no name");
  EXPECT_EQ(InvalidOf({OneCell(std::string(32, 'a'), "x")}),
            "sheet 1 (\"" + std::string(32, 'a') + "\"): a sheet name has at most 31 characters");
  for (const char* bad : {"a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b"}) {
    EXPECT_EQ(InvalidOf({OneCell(bad, "x")}),
              "sheet 1 (\"" + std::string(bad) + "\"): a sheet name cannot hold [ ] : * ? / \\")
        << bad;
  }
  EXPECT_EQ(InvalidOf({OneCell(std::string("a\0b", 3), "x")}),
            "sheet 1: the name holds a NUL character");
  EXPECT_EQ(InvalidOf({OneCell("'Data", "x")}),
            "sheet 1 (\"'Data\"): a sheet name cannot start or end with an apostrophe");
  EXPECT_EQ(InvalidOf({OneCell("Data", "x"), OneCell("DATA", "y")}),
            "sheet 2 (\"DATA\"): another sheet has the same name");
  EXPECT_EQ(InvalidOf({OneCell("Dat\xff", "x")}), "sheet 1: the name is not UTF-8 text");
  // 31 characters of Arabic (62 bytes) is a good name.
  std::string arabic;
  for (int i = 0; i < 31; ++i) arabic += "م";
  EXPECT_TRUE(WriteXlsx({OneCell(arabic, "x")}).ok());
}

TEST(XlsxWriterTest, BadCellsAreInvalid) {
  EXPECT_EQ(InvalidOf({OneCell("Data", "caf\xe9")}),
            "sheet 1 (\"Data\"), cell A1: the text is not UTF-8");
  EXPECT_EQ(InvalidOf({OneCell("Data", "\xc0\xaf")}),  // overlong '/'
            "sheet 1 (\"Data\"), cell A1: the text is not UTF-8");
  EXPECT_EQ(InvalidOf({OneCell("Data", "\xed\xa0\x80")}),  // a UTF-16 surrogate
            "sheet 1 (\"Data\"), cell A1: the text is not UTF-8");
  Sheet later{.name = "Data", .rows = {{"a", "b"}, {"c", std::string("d\0e", 3)}}};
  EXPECT_EQ(InvalidOf({later}), "sheet 1 (\"Data\"), cell B2: the text holds a NUL character");
  EXPECT_EQ(InvalidOf({OneCell("Data", std::string(32'768, 'x'))}),
            "sheet 1 (\"Data\"), cell A1: a cell holds at most 32,767 characters");
  EXPECT_TRUE(WriteXlsx({OneCell("Data", std::string(32'767, 'x'))}).ok());
  EXPECT_EQ(InvalidOf({OneCell("Data", std::nan(""))}),
            "sheet 1 (\"Data\"), cell A1: the number is not finite");
  EXPECT_EQ(InvalidOf({OneCell("Data", HUGE_VAL)}),
            "sheet 1 (\"Data\"), cell A1: the number is not finite");
  EXPECT_EQ(InvalidOf({Sheet{.name = "Data", .header_rows = -1}}),
            "sheet 1 (\"Data\"): header_rows is below 0");
  EXPECT_EQ(InvalidOf({Sheet{.name = "Data", .column_widths = {10, 256}}}),
            "sheet 1 (\"Data\"): the width of column B is not between 0 and 255");
  EXPECT_EQ(InvalidOf({Sheet{.name = "Data", .rows = {Cells(16'385)}}}),
            "sheet 1 (\"Data\"), row 1 has more than 16,384 cells");
}

TEST(XlsxWriterTest, LeavesNoTemporaryFileBehind) {
  std::filesystem::path dir = FreshDirectory();
  {
    ScopedTmpdir tmpdir(dir);
    MustWrite({ReachedSheet(), Sheet{.name = "ملخص", .rows = {{"Total", 7.0}}}});
    EXPECT_EQ(InvalidOf({OneCell("Data", "caf\xe9")}),
              "sheet 1 (\"Data\"), cell A1: the text is not UTF-8");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(XlsxWriterTest, MissingTemporaryDirectoryIsInternal) {
  std::filesystem::path dir = FreshDirectory();
  std::filesystem::remove(dir);
  ScopedTmpdir tmpdir(dir);
  Result<std::string> bytes = WriteXlsx({ReachedSheet()});
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), Code::kInternal) << bytes.status().ToString();
}

}  // namespace
}  // namespace baton
