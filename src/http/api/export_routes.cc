// Raw record exports: GET /api/v1/exports/{kind} (docs/formats/export.md). The handler only
// translates between HTTP and ExportService, and writes the table in the format asked for.
#include <charconv>
#include <cmath>

#include "http/api/api.h"
#include "http/api/api_support.h"
#include "tabular/csv_writer.h"
#include "tabular/xlsx_writer.h"

namespace baton::http {
namespace {

// Every export's sensitivity (MHPSS.md §5), whatever its format.
constexpr const char* kSensitivityHeader = "X-Baton-Sensitivity";

// One cell as JSON text: null when empty, numbers and booleans as such, text escaped by the JSON
// library. Rows are written cell by cell rather than built as objects first: a hundred thousand
// rows of ten cells would otherwise cost a million map nodes.
void AppendCell(std::string& out, const ExportColumn& column, std::string& text) {
  if (text.empty()) {
    out += "null";
    return;
  }
  if (column.type == "boolean") {
    out += text == "true" ? "true" : "false";
    return;
  }
  if (column.type == "number") {
    int64_t whole = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), whole);
    if (ec == std::errc() && end == text.data() + text.size()) {
      out += text;
      return;
    }
    double d = 0;
    auto [dend, dec] = std::from_chars(text.data(), text.data() + text.size(), d);
    if (dec == std::errc() && dend == text.data() + text.size() && std::isfinite(d)) {
      out += Json(d).dump();
      return;
    }
  }
  out += Json(std::move(text)).dump();
}

std::string JsonBody(ExportTable& table) {
  Json head = table.about;
  Json columns = Json::array();
  std::vector<std::string> keys;  // "\"key\":", ready to write
  for (const ExportColumn& c : table.columns) {
    columns.push_back({{"key", c.key}, {"label", c.label}, {"hxl", c.hxl.empty() ? Json(nullptr) : Json(c.hxl)}, {"type", c.type}});
    keys.push_back(Json(c.key).dump() + ":");
  }
  head["columns"] = std::move(columns);
  std::string out = head.dump();
  out.pop_back();  // the closing brace: the rows follow
  out += ",\"rows\":[";
  for (size_t r = 0; r < table.rows.size(); ++r) {
    out += r == 0 ? "{" : ",{";
    std::vector<std::string>& row = table.rows[r];
    for (size_t i = 0; i < table.columns.size(); ++i) {
      if (i > 0) out += ',';
      out += keys[i];
      AppendCell(out, table.columns[i], row[i]);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

// Column names, then HXL hashtags, then the rows.
std::vector<std::vector<std::string>> TextRows(ExportTable& table) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size() + 2);
  rows.emplace_back();
  rows.emplace_back();
  for (const ExportColumn& c : table.columns) {
    rows[0].push_back(c.key);
    rows[1].push_back(c.hxl);
  }
  for (std::vector<std::string>& row : table.rows) rows.push_back(std::move(row));
  table.rows.clear();
  return rows;
}

Result<std::string> XlsxBody(ExportTable& table) {
  Sheet records{.name = "Records", .rows = {}, .header_rows = 2, .column_widths = {}};
  std::vector<bool> numbers;
  for (const ExportColumn& c : table.columns) numbers.push_back(c.type == "number");
  for (std::vector<std::string>& text : TextRows(table)) {
    std::vector<SheetCell> cells;
    cells.reserve(text.size());
    const bool header = records.rows.size() < 2;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i].empty()) {
        cells.emplace_back(std::monostate{});
      } else if (!header && numbers[i]) {
        double d = 0;
        auto [end, ec] = std::from_chars(text[i].data(), text[i].data() + text[i].size(), d);
        if (ec == std::errc() && end == text[i].data() + text[i].size() && std::isfinite(d)) {
          cells.emplace_back(d);
        } else {
          cells.emplace_back(std::move(text[i]));
        }
      } else {
        cells.emplace_back(std::move(text[i]));
      }
    }
    records.rows.push_back(std::move(cells));
  }
  // What the file is: the same metadata as the JSON's, then what each column holds.
  Sheet about{.name = "About", .rows = {}, .header_rows = 1, .column_widths = {24, 60}};
  about.rows.push_back({std::string("field"), std::string("value")});
  for (auto it = table.about.begin(); it != table.about.end(); ++it) {
    const Json& v = *it;
    std::string text = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.is_object() ? v.value("name", v.dump()) : v.dump();
    about.rows.push_back({it.key(), std::move(text)});
  }
  about.rows.push_back({});
  about.rows.push_back({std::string("column"), std::string("label"), std::string("hxl"), std::string("type")});
  for (const ExportColumn& c : table.columns) about.rows.push_back({c.key, c.label, c.hxl, c.type});
  return WriteXlsx({records, about});
}

}  // namespace

void AddExportRoutes(Router& router, Services& s) {
  router.Add("GET", "/api/v1/exports/{kind}", [&s](Request& req) {
    return WithCaller(req, s, [&](const Caller& c) -> Result<Response> {
      BATON_RETURN_IF_ERROR(OnlyParams(req, {"programme", "from", "to", "period", "site", "identity", "format"}));
      const std::string format = QueryText(req, "format").empty() ? "json" : QueryText(req, "format");
      if (format != "json" && format != "csv" && format != "xlsx") {
        return Status::InvalidField("format", "must be json, csv or xlsx");
      }
      ExportParams params{req.params["kind"], QueryText(req, "programme"), QueryText(req, "from"), QueryText(req, "to"),
                          QueryText(req, "period"), QueryText(req, "site"), QueryText(req, "identity"), format};
      BATON_ASSIGN_OR_RETURN(ExportTable table, s.exports.Export(c.session.principal, params));
      const std::string sensitivity = table.about["sensitivity"].get<std::string>();
      const std::string name = "export-" + params.kind + "-" + table.about["identity"].get<std::string>() + "-" +
                               table.about["generated_at"].get<std::string>().substr(0, 10) + "." + format;
      Response out;
      if (format == "json") {
        out.body = JsonBody(table);
      } else if (format == "csv") {
        out.content_type = "text/csv; charset=utf-8";
        out.body = WriteCsv(TextRows(table));
      } else {
        BATON_ASSIGN_OR_RETURN(out.body, XlsxBody(table));
        out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      }
      out.set_header(kSensitivityHeader, sensitivity);
      // Records of people are not kept by browsers or proxies on the way.
      out.set_header("Cache-Control", "no-store");
      if (format != "json") out.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
      return out;
    });
  });
}

}  // namespace baton::http
