#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tabular/excel_dates.h"
#include "tabular/csv_writer.h"
#include "tabular/table.h"

namespace baton {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Table MustRead(Result<Table> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return {};
  return std::move(result).value();
}

// The error message, or "ok" when reading succeeded.
std::string ErrorOf(const Result<Table>& result) {
  if (result.ok()) return "ok";
  EXPECT_EQ(result.status().code(), Code::kInvalid);
  return result.status().message();
}

// ---- CSV ------------------------------------------------------------------------------------

TEST(CsvWriterTest, WritesWhatReadCsvReadsBack) {
  const Rows rows = {{"id", "answer", "note"},
                     {"r1", "water;food", "Said \"enough\", then left"},
                     {"r2", "", "two\nlines"},
                     {"r3", "مياه", " padded "},
                     {"r4", "-3", "12.5"}};
  const std::string csv = WriteCsv(rows);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("\"Said \"\"enough\"\", then left\"\r\n"), std::string::npos) << csv;
  Table t = MustRead(ReadCsv(csv));
  EXPECT_EQ(t.header, rows[0]);
  EXPECT_EQ(t.rows, (Rows{rows.begin() + 1, rows.end()}));
}

TEST(CsvWriterTest, FormulasAreDefusedNumbersAreNot) {
  Table t = MustRead(ReadCsv(WriteCsv({{"a", "b", "c", "d", "e"}, {"=1+1", "+cmd", "@SUM(A1)", "-3.5", "-x"}})));
  EXPECT_EQ(t.rows, (Rows{{"'=1+1", "'+cmd", "'@SUM(A1)", "-3.5", "'-x"}}));
}

TEST(CsvTest, ReadsHeaderAndRowsWithTheirLines) {
  Table t = MustRead(ReadCsv(" Name , Age\nAmina,34\nBilal,29\n"));
  EXPECT_EQ(t.header, (std::vector<std::string>{"Name", "Age"}));
  EXPECT_EQ(t.rows, (Rows{{"Amina", "34"}, {"Bilal", "29"}}));
  EXPECT_EQ(t.lines, (std::vector<int>{2, 3}));
}

TEST(CsvTest, DataCellsAreNotTrimmed) {
  Table t = MustRead(ReadCsv("a,b\n  x , y\n"));
  EXPECT_EQ(t.rows, (Rows{{"  x ", " y"}}));
}

TEST(CsvTest, QuotedCellsHoldDelimitersAndDoubledQuotes) {
  Table t = MustRead(ReadCsv("name,note\n\"Diallo, Awa\",\"said \"\"yes\"\"\"\n\"\",\"\"\"\"\n"));
  EXPECT_EQ(t.rows, (Rows{{"Diallo, Awa", "said \"yes\""}, {"", "\""}}));
}

TEST(CsvTest, EmbeddedNewlinesKeepTheLinesOfLaterRows) {
  Table t =
      MustRead(ReadCsv("name,address\nAwa,\"Block 4\nTent 12\n\"\nBilal,\"Zone\r\nB\"\nChris,C\n"));
  EXPECT_EQ(t.rows, (Rows{{"Awa", "Block 4\nTent 12\n"}, {"Bilal", "Zone\nB"}, {"Chris", "C"}}));
  EXPECT_EQ(t.lines, (std::vector<int>{2, 5, 7}));
}

TEST(CsvTest, SemicolonDelimiterIsDetected) {
  Table t = MustRead(ReadCsv("Nom;Poids;Note\nAwa;3,5;\"a;b\"\n"));
  EXPECT_EQ(t.header, (std::vector<std::string>{"Nom", "Poids", "Note"}));
  EXPECT_EQ(t.rows, (Rows{{"Awa", "3,5", "a;b"}}));
}

TEST(CsvTest, TabDelimiterIsDetected) {
  Table t = MustRead(ReadCsv("a\tb\tc\n1\t2,5\t3\n"));
  EXPECT_EQ(t.rows, (Rows{{"1", "2,5", "3"}}));
}

TEST(CsvTest, DelimitersInsideQuotedHeaderCellsDoNotCount) {
  Table t = MustRead(ReadCsv("\"a;b;c\",d\n1,2\n"));
  EXPECT_EQ(t.header, (std::vector<std::string>{"a;b;c", "d"}));
}

TEST(CsvTest, SingleColumnFile) {
  Table t = MustRead(ReadCsv("name\nAwa\nBilal"));
  EXPECT_EQ(t.rows, (Rows{{"Awa"}, {"Bilal"}}));
}

TEST(CsvTest, ByteOrderMarkIsSkipped) {
  Table t = MustRead(ReadCsv("\xEF\xBB\xBFName,Age\nAwa,3\n"));
  EXPECT_EQ(t.header[0], "Name");
}

TEST(CsvTest, CrLfAndLoneCrEndRecords) {
  Table t = MustRead(ReadCsv("a,b\r\n1,2\r\n3,4\r5,6"));
  EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", "4"}, {"5", "6"}}));
  EXPECT_EQ(t.lines, (std::vector<int>{2, 3, 4}));
}

TEST(CsvTest, TrailingEmptyCellsAreDropped) {
  Table t = MustRead(ReadCsv("a,b,,\n1,2,,,,\n3,,\n"));
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", ""}}));
}

TEST(CsvTest, ShortRowsArePadded) {
  Table t = MustRead(ReadCsv("a,b,c\n1\n1,2\n"));
  EXPECT_EQ(t.rows, (Rows{{"1", "", ""}, {"1", "2", ""}}));
}

TEST(CsvTest, AValueBeyondTheHeaderIsAnErrorNamingTheLine) {
  EXPECT_EQ(ErrorOf(ReadCsv("a,b\n1,2\n1,2,3\n")),
            "line 3: column 3 has a value but no heading (the header has 2 columns)");
}

TEST(CsvTest, EmptyHeaderCellsInTheMiddleAreKept) {
  Table t = MustRead(ReadCsv("a,,c\n1,2,3\n"));
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "", "c"}));
}

TEST(CsvTest, BlankLinesAreSkipped) {
  Table t = MustRead(ReadCsv("\n\na,b\n\n1,2\n,\n  ,\t\n\r\n3,4\n\n"));
  EXPECT_EQ(t.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(t.lines, (std::vector<int>{5, 9}));
}

TEST(CsvTest, TextAfterAClosingQuoteIsKept) {
  Table t = MustRead(ReadCsv("a,b\n\"5\" tall,He said \"hi\"\n"));
  EXPECT_EQ(t.rows, (Rows{{"5 tall", "He said \"hi\""}}));
}

TEST(CsvTest, UnclosedQuoteNamesTheLineWhereTheCellStarts) {
  EXPECT_EQ(ErrorOf(ReadCsv("a,b\n1,2\n3,\"four\n5,6\n7,8\n")),
            "line 3: a quoted cell is not closed (a \" is missing)");
}

TEST(CsvTest, ArabicText) {
  Table t = MustRead(ReadCsv("الاسم,العمر\nأمينة,٣٤\n"));
  EXPECT_EQ(t.header, (std::vector<std::string>{"الاسم", "العمر"}));
  EXPECT_EQ(t.rows, (Rows{{"أمينة", "٣٤"}}));
}

TEST(CsvTest, InvalidUtf8NamesTheLine) {
  // "Zoé" in Windows-1252, as Excel's plain "CSV" writes it.
  EXPECT_EQ(ErrorOf(ReadCsv("name\r\nAwa\r\n\"a\nb\"\r\nZo\xE9\r\n")),
            "line 5: the text is not valid UTF-8; save the file as \"CSV UTF-8\" and choose it "
            "again");
  EXPECT_NE(ErrorOf(ReadCsv("a\n\xED\xA0\x80\n")), "ok");      // a surrogate
  EXPECT_NE(ErrorOf(ReadCsv("a\n\xC0\xAF\n")), "ok");          // overlong
  EXPECT_NE(ErrorOf(ReadCsv("a\n\xF4\x90\x80\x80\n")), "ok");  // above U+10FFFF
  EXPECT_NE(ErrorOf(ReadCsv("a\n\xE2\x82")), "ok");            // cut short
}

TEST(CsvTest, Utf16IsRefusedWithAHint) {
  EXPECT_EQ(ErrorOf(ReadCsv(std::string("\xFF\xFE"
                                        "a\0,\0",
                                        6))),
            "the file is UTF-16 text; save it as \"CSV UTF-8\" and choose it again");
}

TEST(CsvTest, EmptyFileIsAnError) {
  EXPECT_EQ(ErrorOf(ReadCsv("")), "the file is empty: it has no header row");
  EXPECT_EQ(ErrorOf(ReadCsv("\xEF\xBB\xBF\n ,, \n")), "the file is empty: it has no header row");
}

TEST(CsvTest, HeaderOnlyGivesNoRows) {
  Table t = MustRead(ReadCsv("a,b\n"));
  EXPECT_EQ(t.header.size(), 2u);
  EXPECT_TRUE(t.rows.empty());
}

TEST(CsvTest, LimitOnBytes) {
  TableLimits limits;
  limits.max_bytes = 8;
  EXPECT_EQ(ErrorOf(ReadCsv("a,b\n1,2\n3", limits)), "the file is larger than 8 bytes");
}

TEST(CsvTest, LimitOnRows) {
  TableLimits limits;
  limits.max_rows = 2;
  EXPECT_EQ(ErrorOf(ReadCsv("a\n1\n2\n", limits)), "ok");
  EXPECT_EQ(ErrorOf(ReadCsv("a\n1\n2\n3\n", limits)), "the file has more than 2 rows");
}

TEST(CsvTest, LimitOnColumns) {
  TableLimits limits;
  limits.max_columns = 3;
  EXPECT_EQ(ErrorOf(ReadCsv("a,b,c\n1,2,3\n", limits)), "ok");
  EXPECT_EQ(ErrorOf(ReadCsv("a,b,c\n1,2,3,4\n", limits)),
            "line 2: the row has more than 3 columns");
  // Thousands of empty trailing cells are ignored, not stored.
  EXPECT_EQ(ErrorOf(ReadCsv("a,b,c\n1,2,3" + std::string(10000, ',') + "\n", limits)), "ok");
}

TEST(CsvTest, LimitOnCellCountsCharactersNotBytes) {
  TableLimits limits;
  limits.max_cell = 5;
  EXPECT_EQ(ErrorOf(ReadCsv("a\nأمينةة\n", limits)),
            "line 2: a cell in column 1 is longer than 5 characters");
  EXPECT_EQ(ErrorOf(ReadCsv("a\nأمينة\n", limits)), "ok");
  EXPECT_EQ(ErrorOf(ReadCsv("a,b\n1,\"" + std::string(1000, 'x') + "\n", limits)),
            "line 2: a cell in column 2 is longer than 5 characters");
}

TEST(CsvTest, PaddingIsBoundedByTheCellLimit) {
  TableLimits limits;
  limits.max_bytes = 200;
  std::string csv = std::string(99, ',') + "x\n";  // a header of 100 columns
  for (int i = 0; i < 3; ++i) csv += "1\n";        // 300 cells once padded, from 106 bytes
  EXPECT_EQ(ErrorOf(ReadCsv(csv, limits)), "the file has more than 200 cells");
}

// ---- Dates ----------------------------------------------------------------------------------

using tabular::ClassifyNumberFormat;
using tabular::DateKind;
using tabular::SerialToText;

TEST(ExcelDatesTest, BuiltInFormats) {
  EXPECT_EQ(ClassifyNumberFormat(0, ""), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(2, ""), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(14, ""), DateKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(22, ""), DateKind::kDateTime);
  EXPECT_EQ(ClassifyNumberFormat(20, ""), DateKind::kTime);
  EXPECT_EQ(ClassifyNumberFormat(46, ""), DateKind::kNone);
}

TEST(ExcelDatesTest, CustomFormats) {
  EXPECT_EQ(ClassifyNumberFormat(164, "yyyy-mm-dd"), DateKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(164, "[$-409]d\\-mmm\\-yy;@"), DateKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(164, "dd/mm/yyyy hh:mm"), DateKind::kDateTime);
  EXPECT_EQ(ClassifyNumberFormat(164, "h:mm AM/PM"), DateKind::kTime);
  EXPECT_EQ(ClassifyNumberFormat(164, "mmm"), DateKind::kDate);
  EXPECT_EQ(ClassifyNumberFormat(164, "[h]:mm:ss"), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(164, "0.00E+00"), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(164, "#,##0 \"days\""), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(164, "[Red]0.00"), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(164, "General"), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(164, "@"), DateKind::kNone);
  EXPECT_EQ(ClassifyNumberFormat(14, "0.00"), DateKind::kNone);  // a built-in id redefined
}

TEST(ExcelDatesTest, The1900SystemWithItsLeapDay) {
  EXPECT_EQ(SerialToText(1, DateKind::kDate, false), "1900-01-01");
  EXPECT_EQ(SerialToText(59, DateKind::kDate, false), "1900-02-28");
  EXPECT_EQ(SerialToText(60, DateKind::kDate, false), "1900-02-29");
  EXPECT_EQ(SerialToText(61, DateKind::kDate, false), "1900-03-01");
  EXPECT_EQ(SerialToText(32980, DateKind::kDate, false), "1990-04-17");
  EXPECT_EQ(SerialToText(45658.5, DateKind::kDateTime, false), "2025-01-01 12:00:00");
  EXPECT_EQ(SerialToText(2958465, DateKind::kDate, false), "9999-12-31");
  EXPECT_EQ(SerialToText(0.354166666666667, DateKind::kTime, false), "08:30:00");
  EXPECT_EQ(SerialToText(45658.99999999, DateKind::kDateTime, false), "2025-01-02 00:00:00");
  EXPECT_EQ(SerialToText(0, DateKind::kDate, false), std::nullopt);
  EXPECT_EQ(SerialToText(-1, DateKind::kDate, false), std::nullopt);
  EXPECT_EQ(SerialToText(2958466, DateKind::kDate, false), std::nullopt);
  EXPECT_EQ(SerialToText(1e300, DateKind::kDate, false), std::nullopt);
}

TEST(ExcelDatesTest, The1904System) {
  EXPECT_EQ(SerialToText(0, DateKind::kDate, true), "1904-01-01");
  EXPECT_EQ(SerialToText(31518, DateKind::kDate, true), "1990-04-17");
  EXPECT_EQ(SerialToText(2957003, DateKind::kDate, true), "9999-12-31");
  EXPECT_EQ(SerialToText(2957004, DateKind::kDate, true), std::nullopt);
}

// ---- XLSX helpers ---------------------------------------------------------------------------

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A workbook written by libxlsxwriter; build fills it in.
std::string WriteXlsx(const std::function<void(lxw_workbook*)>& build,
                      bool constant_memory = false) {
  static int counter = 0;
  std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("baton_tabular_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + ".xlsx");
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  EXPECT_NE(workbook, nullptr);
  build(workbook);
  EXPECT_EQ(workbook_close(workbook), LXW_NO_ERROR);
  std::string bytes = ReadFile(path);
  std::filesystem::remove(path);
  return bytes;
}

// A ZIP archive made in memory: the entries of base (if any) with entries added or replaced.
std::string Zip(const std::map<std::string, std::string>& entries, const std::string& base = "") {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(base.empty() ? nullptr : base.data(), base.size(), 0, &error);
  EXPECT_NE(source, nullptr);
  zip_source_keep(source);
  zip_t* archive = zip_open_from_source(source, base.empty() ? ZIP_TRUNCATE : 0, &error);
  EXPECT_NE(archive, nullptr);
  for (const auto& [name, content] : entries) {
    zip_source_t* data = zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_int64_t index = zip_name_locate(archive, name.c_str(), 0);
    if (index >= 0) {
      EXPECT_EQ(zip_file_replace(archive, static_cast<zip_uint64_t>(index), data, 0), 0);
    } else {
      EXPECT_GE(zip_file_add(archive, name.c_str(), data, 0), 0);
    }
  }
  EXPECT_EQ(zip_close(archive), 0);
  std::string bytes;
  EXPECT_EQ(zip_source_open(source), 0);
  char buffer[8192];
  for (zip_int64_t got; (got = zip_source_read(source, buffer, sizeof buffer)) > 0;) {
    bytes.append(buffer, static_cast<size_t>(got));
  }
  zip_source_close(source);
  zip_source_free(source);
  zip_error_fini(&error);
  return bytes;
}

constexpr char kMain[] = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr char kRel[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string Worksheet(const std::string& rows) {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"") +
         kMain + "\"><sheetData>" + rows + "</sheetData></worksheet>";
}

struct HandWorkbook {
  std::string sheet_rows;
  std::string shared_strings;  // the <si> items, when not empty
  std::string styles;          // the inside of <styleSheet>, when not empty
  std::string workbook_pr;     // e.g. <workbookPr date1904="1"/>
};

// A minimal workbook written by hand, for what libxlsxwriter cannot or will not write.
std::string HandXlsx(const HandWorkbook& w) {
  std::map<std::string, std::string> parts;
  parts["_rels/.rels"] =
      std::string(
          "<Relationships "
          "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">") +
      "<Relationship Id=\"rId1\" Type=\"" + kRel +
      "/officeDocument\" Target=\"xl/workbook.xml\"/>" + "</Relationships>";
  std::string rels =
      std::string(
          "<Relationships "
          "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">") +
      "<Relationship Id=\"rId1\" Type=\"" + kRel +
      "/worksheet\" Target=\"worksheets/sheet1.xml\"/>";
  if (!w.shared_strings.empty()) {
    rels += std::string("<Relationship Id=\"rId2\" Type=\"") + kRel +
            "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
    parts["xl/sharedStrings.xml"] =
        std::string("<sst xmlns=\"") + kMain + "\">" + w.shared_strings + "</sst>";
  }
  if (!w.styles.empty()) {
    rels += std::string("<Relationship Id=\"rId3\" Type=\"") + kRel +
            "/styles\" Target=\"/xl/styles.xml\"/>";
    parts["xl/styles.xml"] =
        std::string("<styleSheet xmlns=\"") + kMain + "\">" + w.styles + "</styleSheet>";
  }
  parts["xl/_rels/workbook.xml.rels"] = rels + "</Relationships>";
  parts["xl/workbook.xml"] =
      std::string("<workbook xmlns=\"") + kMain + "\" xmlns:r=\"" + kRel + "\">" + w.workbook_pr +
      "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  parts["xl/worksheets/sheet1.xml"] = Worksheet(w.sheet_rows);
  return Zip(parts);
}

// Styles where s="1" is a date (built-in format 14) and s="2" a date and time (custom).
constexpr char kDateStyles[] =
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\\ hh:mm\"/></numFmts>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\"/></cellXfs>";

// The registry sheet used by several tests, with a second sheet that must be ignored.
std::string RegistryWorkbook(bool constant_memory = false) {
  return WriteXlsx(
      [](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "Registre");
        lxw_worksheet* other = workbook_add_worksheet(wb, "Autre");
        lxw_format* date = workbook_add_format(wb);
        format_set_num_format(date, "yyyy-mm-dd");
        lxw_format* builtin_date = workbook_add_format(wb);
        format_set_num_format_index(builtin_date, 14);
        lxw_format* stamp = workbook_add_format(wb);
        format_set_num_format(stamp, "dd/mm/yyyy hh:mm");
        lxw_format* clock = workbook_add_format(wb);
        format_set_num_format(clock, "hh:mm");
        lxw_format* money = workbook_add_format(wb);
        format_set_num_format(money, "#,##0.00");

        const char* headings[] = {" Name ", "Age",   "Born",  "Registered",
                                  "Active", "Phone", "Visit", "Fee"};
        for (int c = 0; c < 8; ++c)
          worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), headings[c], nullptr);
        lxw_datetime born = {1990, 4, 17, 0, 0, 0};
        lxw_datetime registered = {2024, 1, 2, 13, 45, 0};
        lxw_datetime visit = {1900, 1, 0, 8, 30, 0};  // a time of day only
        worksheet_write_string(ws, 1, 0, "أمينة عبد الله", nullptr);
        worksheet_write_number(ws, 1, 1, 34, nullptr);
        worksheet_write_datetime(ws, 1, 2, &born, date);
        worksheet_write_datetime(ws, 1, 3, &registered, stamp);
        worksheet_write_boolean(ws, 1, 4, 1, nullptr);
        worksheet_write_number(ws, 1, 5, 771234567, nullptr);
        worksheet_write_datetime(ws, 1, 6, &visit, clock);
        worksheet_write_number(ws, 1, 7, 1234.5, money);
        // Row 3: empty cells in the middle.
        worksheet_write_string(ws, 2, 0, "Bilal", nullptr);
        worksheet_write_datetime(ws, 2, 2, &born, builtin_date);
        worksheet_write_boolean(ws, 2, 4, 0, nullptr);
        worksheet_write_number(ws, 2, 7, 0.1, nullptr);
        // Row 4 is empty; row 5 has a formula and a large number.
        worksheet_write_string(ws, 4, 0, "Chris", nullptr);
        worksheet_write_formula_num(ws, 4, 1, "=30+4", nullptr, 34);
        worksheet_write_number(ws, 4, 5, 1e11, nullptr);
        worksheet_write_string(other, 0, 0, "Ignored", nullptr);
        worksheet_write_string(other, 1, 0, "never read", nullptr);
      },
      constant_memory);
}

// ---- XLSX -----------------------------------------------------------------------------------

TEST(XlsxTest, ReadsTheFirstSheetWithTypesDatesAndGaps) {
  Table t = MustRead(ReadXlsx(RegistryWorkbook()));
  EXPECT_EQ(t.header, (std::vector<std::string>{"Name", "Age", "Born", "Registered", "Active",
                                                "Phone", "Visit", "Fee"}));
  EXPECT_EQ(t.rows, (Rows{{"أمينة عبد الله", "34", "1990-04-17", "2024-01-02 13:45:00", "TRUE",
                           "771234567", "08:30:00", "1234.5"},
                          {"Bilal", "", "1990-04-17", "", "FALSE", "", "", "0.1"},
                          {"Chris", "34", "", "", "", "100000000000", "", ""}}));
  EXPECT_EQ(t.lines, (std::vector<int>{2, 3, 5}));
}

TEST(XlsxTest, InlineStringsAsWrittenInConstantMemoryMode) {
  std::string bytes = RegistryWorkbook(/*constant_memory=*/true);
  Table t = MustRead(ReadXlsx(bytes));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][0], "أمينة عبد الله");
  EXPECT_EQ(t.rows[0][2], "1990-04-17");
  EXPECT_EQ(t.header[0], "Name");
}

TEST(XlsxTest, RichTextRunsAreJoined) {
  std::string bytes = WriteXlsx([](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    char plain[] = "Abu ";
    char strong[] = "Bakr";
    lxw_rich_string_tuple first = {nullptr, plain};
    lxw_rich_string_tuple second = {bold, strong};
    lxw_rich_string_tuple* runs[] = {&first, &second, nullptr};
    worksheet_write_string(ws, 0, 0, "Name", nullptr);
    worksheet_write_rich_string(ws, 1, 0, runs, nullptr);
  });
  Table t = MustRead(ReadXlsx(bytes));
  EXPECT_EQ(t.rows, (Rows{{"Abu Bakr"}}));
}

TEST(XlsxTest, ReadTableChoosesByContent) {
  EXPECT_EQ(MustRead(ReadTable(RegistryWorkbook())).rows.size(), 3u);
  EXPECT_EQ(MustRead(ReadTable("a;b\n1;2\n")).rows, (Rows{{"1", "2"}}));
}

TEST(XlsxTest, DatesInThe1900SystemKeepItsLeapDay) {
  HandWorkbook w;
  w.styles = kDateStyles;
  w.sheet_rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Date</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>59</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>60</v></c></row>"
      "<row r=\"4\"><c r=\"A4\" s=\"1\"><v>61</v></c></row>"
      "<row r=\"5\"><c r=\"A5\" s=\"2\"><v>45658.75</v></c></row>"
      "<row r=\"6\"><c r=\"A6\" s=\"1\"><v>-3</v></c></row>"
      "<row r=\"7\"><c r=\"A7\" s=\"9\"><v>61</v></c></row>";
  Table t = MustRead(ReadXlsx(HandXlsx(w)));
  EXPECT_EQ(t.rows, (Rows{{"1900-02-28"},
                          {"1900-02-29"},
                          {"1900-03-01"},
                          {"2025-01-01 18:00:00"},
                          {"-3"},
                          {"61"}}));
}

TEST(XlsxTest, DatesInThe1904System) {
  HandWorkbook w;
  w.styles = kDateStyles;
  w.workbook_pr = "<workbookPr date1904=\"1\"/>";
  w.sheet_rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Date</t></is></c></row>"
      "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>0</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>31518</v></c></row>";
  Table t = MustRead(ReadXlsx(HandXlsx(w)));
  EXPECT_EQ(t.rows, (Rows{{"1904-01-01"}, {"1990-04-17"}}));
}

TEST(XlsxTest, SharedStringsWithPhoneticHintsAndEscapes) {
  HandWorkbook w;
  w.shared_strings =
      "<si><t>Name</t></si>"
      "<si><r><t>Ab</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">u Bakr</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>hint</t></rPh></si>"
      "<si><t>a_x000D_b_x005F_x0041_</t></si>";
  w.sheet_rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c></row>";
  Table t = MustRead(ReadXlsx(HandXlsx(w)));
  EXPECT_EQ(t.rows, (Rows{{"Abu Bakr"}, {"a\rb_x0041_"}}));
}

TEST(XlsxTest, CellsWithoutReferencesFollowOneAnother) {
  HandWorkbook w;
  w.sheet_rows =
      "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
      "<row><c><v>1</v></c><c t=\"e\"><v>#N/A</v></c></row>"
      "<row r=\"9\"><c r=\"B9\" t=\"str\"><f>A1&amp;\"x\"</f><v>ax</v></c></row>";
  Table t = MustRead(ReadXlsx(HandXlsx(w)));
  EXPECT_EQ(t.rows, (Rows{{"1", "#N/A"}, {"", "ax"}}));
  EXPECT_EQ(t.lines, (std::vector<int>{2, 9}));
}

TEST(XlsxTest, HiddenSheetsAreSkipped) {
  std::string bytes = WriteXlsx([](lxw_workbook* wb) {
    lxw_worksheet* hidden = workbook_add_worksheet(wb, "Lists");
    lxw_worksheet* visible = workbook_add_worksheet(wb, "Register");
    worksheet_write_string(hidden, 0, 0, "lookup", nullptr);
    worksheet_write_string(visible, 0, 0, "Name", nullptr);
    worksheet_write_string(visible, 1, 0, "Awa", nullptr);
    worksheet_activate(visible);
    worksheet_hide(hidden);
  });
  Table t = MustRead(ReadXlsx(bytes));
  EXPECT_EQ(t.header, (std::vector<std::string>{"Name"}));
  EXPECT_EQ(t.rows, (Rows{{"Awa"}}));
}

TEST(XlsxTest, AValueBeyondTheHeaderNamesRowAndColumn) {
  HandWorkbook w;
  w.sheet_rows =
      "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
      "<row r=\"4\"><c r=\"D4\"><v>3</v></c></row>";
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w))),
            "row 4: column D has a value but no heading (the header has 2 columns)");
}

TEST(XlsxTest, EmptySheetIsAnError) {
  std::string bytes = WriteXlsx([](lxw_workbook* wb) { workbook_add_worksheet(wb, "Vide"); });
  EXPECT_EQ(ErrorOf(ReadXlsx(bytes)), "the worksheet \"Vide\" is empty: it has no header row");
}

TEST(XlsxTest, LimitsApply) {
  TableLimits limits;
  limits.max_columns = 3;
  HandWorkbook w;
  w.sheet_rows =
      "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"/></row><row r=\"2\"><c "
      "r=\"GR2\"><v>1</v></c></row>";
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w), limits)), "row 2: the row has more than 3 columns");

  limits = {};
  limits.max_rows = 1;
  w.sheet_rows = "<row><c><v>1</v></c></row><row><c><v>1</v></c></row><row><c><v>1</v></c></row>";
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w), limits)), "the file has more than 1 rows");

  limits = {};
  limits.max_cell = 3;
  w.sheet_rows = "<row><c t=\"inlineStr\"><is><t>abcd</t></is></c></row>";
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w), limits)),
            "row 1: a cell in column A is longer than 3 characters");

  // Escaped characters take 7 bytes each in the part; a long run of them is still too long.
  std::string escaped;
  for (int i = 0; i < 3000; ++i) escaped += "_x0041_";
  w.shared_strings = "<si><t>" + escaped + "</t></si>";
  w.sheet_rows = "<row><c t=\"s\"><v>0</v></c></row>";
  limits.max_cell = 2999;
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w), limits)),
            "row 1: a cell in column A is longer than 2999 characters");
  limits.max_cell = 3000;
  EXPECT_EQ(MustRead(ReadXlsx(HandXlsx(w), limits)).header[0], std::string(3000, 'A'));
  w.shared_strings.clear();

  limits = {};
  limits.max_bytes = 100;
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w), limits)), "the file is larger than 100 bytes");
}

// ---- Damaged and hostile workbooks ----------------------------------------------------------

TEST(XlsxHostileTest, TruncatedFile) {
  std::string bytes = RegistryWorkbook();
  EXPECT_EQ(ErrorOf(ReadTable(bytes.substr(0, bytes.size() / 2))),
            "the file is not a valid XLSX workbook: it is damaged or incomplete");
  EXPECT_EQ(ErrorOf(ReadTable(bytes.substr(0, 10))),
            "the file is not a valid XLSX workbook: it is damaged or incomplete");
}

TEST(XlsxHostileTest, CorruptCompressedData) {
  std::string bytes = RegistryWorkbook();
  // Overwrite the compressed data of the first worksheet, just after its local header.
  const std::string name = "xl/worksheets/sheet1.xml";
  size_t at = bytes.find(name);
  ASSERT_NE(at, std::string::npos);
  size_t data = at + name.size();
  for (size_t i = data; i < data + 40 && i < bytes.size(); ++i)
    bytes[i] = static_cast<char>(0xFF - i % 7);
  std::string error = ErrorOf(ReadXlsx(bytes));
  EXPECT_TRUE(error.starts_with("the file is not a valid XLSX workbook: xl/worksheets/sheet1.xml"))
      << error;
}

TEST(XlsxHostileTest, ZipThatIsNotAWorkbook) {
  std::string bytes = Zip({{"notes.txt", "hello"}});
  EXPECT_EQ(ErrorOf(ReadTable(bytes)),
            "the file is not a valid XLSX workbook: xl/workbook.xml is missing");
}

TEST(XlsxHostileTest, OpenDocumentAndLegacyFormatsAreNamed) {
  std::string ods = Zip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                         {"content.xml", "<office:document-content/>"}});
  EXPECT_TRUE(ErrorOf(ReadTable(ods)).starts_with("the file is an OpenDocument spreadsheet"));
  std::string xls = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") + std::string(504, '\0');
  EXPECT_TRUE(ErrorOf(ReadTable(xls)).starts_with("the file is an older Excel workbook (.xls)"));
}

TEST(XlsxHostileTest, ZipBombStopsAtTheExpansionLimit) {
  TableLimits limits;
  limits.max_bytes = 64 << 10;
  HandWorkbook w;
  w.sheet_rows = "<row><c><v>1</v></c></row>" + std::string(8 << 20, ' ');
  std::string bytes = HandXlsx(w);
  ASSERT_LT(bytes.size(), limits.max_bytes);
  EXPECT_EQ(ErrorOf(ReadXlsx(bytes, limits)),
            "the workbook is too large once uncompressed (more than 640 KB)");
}

TEST(XlsxHostileTest, SharedTextRepeatedManyTimesIsBounded) {
  TableLimits limits;
  limits.max_bytes = 16 << 10;
  HandWorkbook w;
  w.shared_strings = "<si><t>" + std::string(5000, 'x') + "</t></si>";
  for (int r = 0; r < 200; ++r) w.sheet_rows += "<row><c t=\"s\"><v>0</v></c></row>";
  std::string bytes = HandXlsx(w);
  ASSERT_LT(bytes.size(), limits.max_bytes);
  EXPECT_EQ(ErrorOf(ReadXlsx(bytes, limits)), "the workbook holds more than 160 KB of text");
}

TEST(XlsxHostileTest, DocumentTypesAndEntitiesAreRefused) {
  HandWorkbook w;
  w.sheet_rows = "<row><c t=\"s\"><v>0</v></c></row>";
  w.shared_strings = "<si><t>x</t></si>";
  std::string bytes = HandXlsx(w);
  std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;\">]>"
      "<sst><si><t>&b;</t></si></sst>";
  EXPECT_EQ(ErrorOf(ReadXlsx(Zip({{"xl/sharedStrings.xml", laughs}}, bytes))),
            "the file is not a valid XLSX workbook: xl/sharedStrings.xml declares a document type, "
            "which workbooks never do");
  std::string external =
      "<?xml version=\"1.0\"?><!DOCTYPE sst SYSTEM \"file:///etc/passwd\"><sst/>";
  EXPECT_NE(ErrorOf(ReadXlsx(Zip({{"xl/sharedStrings.xml", external}}, bytes))), "ok");
}

TEST(XlsxHostileTest, DeepNestingIsRefused) {
  HandWorkbook w;
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<x>";
  w.sheet_rows = deep;
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w))),
            "the file is not a valid XLSX workbook: xl/worksheets/sheet1.xml nests elements too "
            "deeply");
}

TEST(XlsxHostileTest, MalformedPartsAreNamed) {
  HandWorkbook w;
  w.sheet_rows = "<row><c r=\"1A\"><v>1</v></c></row>";
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w))),
            "the file is not a valid XLSX workbook: row 1: the cell reference \"1A\" is not valid");
  w.sheet_rows = "<row><c t=\"s\"><v>7</v></c></row>";
  EXPECT_EQ(
      ErrorOf(ReadXlsx(HandXlsx(w))),
      "the file is not a valid XLSX workbook: row 1 refers to shared text that does not exist");
  w.sheet_rows = "<row><c><v>1</v></c>";
  EXPECT_TRUE(ErrorOf(ReadXlsx(HandXlsx(w)))
                  .starts_with("the file is not a valid XLSX workbook: xl/worksheets/sheet1.xml is "
                               "not well-formed XML"));
  w.sheet_rows = "<row r=\"-4\"/>";
  EXPECT_EQ(ErrorOf(ReadXlsx(HandXlsx(w))),
            "the file is not a valid XLSX workbook: a row number is not valid (\"-4\")");
}

}  // namespace
}  // namespace baton
