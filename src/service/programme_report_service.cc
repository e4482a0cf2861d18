#include "service/programme_report_service.h"

#include <cmath>
#include <utility>
#include <vector>

#include "domain/programme_reports.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/record_view.h"
#include "service/placement.h"
#include "tabular/xlsx_writer.h"

namespace baton {
namespace {

bool MayRead(const Principal& who, const AccessTarget& programme, const Json& report) {
  return AccessPolicy::MayReadProgrammeReport(who, programme, Str(report, "audience") == "internal",
                                              Str(report, "status") == "final");
}

// What a report shows of each indicator: no breakdown, its value with target and achievement.
constexpr const char* kIndicatorFields[] = {"code", "version", "level",     "domain", "wording",   "unit",    "sensitive",
                                            "value", "numerator", "denominator", "target", "achievement", "means_of_verification"};

}  // namespace

Result<Record> ProgrammeReportService::Load(std::string_view id) {
  auto r = ctx_.store().Get(kProgrammeReportKind, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::NotFound("no programme report with id " + std::string(id));
  return r;
}

Result<Json> ProgrammeReportService::List(const Principal& who, const ProgrammeReportListParams& params) {
  if (!AccessPolicy::MayList(who, Resource::kProgrammeReport)) {
    return Status::Forbidden("your roles do not allow you to see programme reports");
  }
  BATON_ASSIGN_OR_RETURN(Record programme, ListedProgramme(ctx_.store(), params.programme_id));
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  const AccessTarget target = ProgrammeTarget(programme.data, ctx_.Today());
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kProgrammeReport, target));
  ListQuery q{.kind = kProgrammeReportKind, .equals = {{"programme_id", params.programme_id}}, .limit = params.limit};
  // Readers who do not write reports list the final ones for the shared audience (and nothing else
  // is read past them, so pages stay full).
  if (!AccessPolicy::MayReadProgrammeReport(who, target, true, false)) {
    q.equals.emplace_back("audience", "shared");
    q.equals.emplace_back("status", "final");
  }
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(q.after_id, CursorId(params.cursor));
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  Json items = Json::array();
  for (const Record& r : page.items) {
    if (MayRead(who, target, r.data)) items.push_back(RecordView(r));
  }
  Json next = page.has_more && !page.items.empty() ? Json(Cursor(page.items.back().id)) : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<ProgrammeReportService::Readable> ProgrammeReportService::LoadReadable(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record r, Load(id));
  BATON_ASSIGN_OR_RETURN(Record programme, ProgrammeNamed(ctx_.store(), Str(r.data, "programme_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kProgrammeReport, ProgrammeTarget(programme.data, ctx_.Today())));
  if (!MayRead(who, ProgrammeTarget(programme.data, ctx_.Today()), r.data)) {
    return Status::Forbidden(Str(r.data, "audience") == "internal"
                                 ? "this report is for the programme's managers and M&E officers"
                                 : "this report is a draft: it is read once its writers mark it final");
  }
  return ProgrammeReportService::Readable{std::move(r), std::move(programme)};
}

Result<Json> ProgrammeReportService::Get(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Readable readable, LoadReadable(who, id));
  return RecordView(readable.report);
}

Result<Json> ProgrammeReportService::Create(const Principal& who, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(ProgrammeReportSpec(), input, InputMode::kCreate));
  BATON_RETURN_IF_ERROR(ResolveProgrammeReport(state, state));
  BATON_ASSIGN_OR_RETURN(Record programme, ProgrammeNamed(ctx_.store(), Str(state, "programme_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kProgrammeReport, ProgrammeTarget(programme.data, ctx_.Today())));
  state["organization_id"] = Str(programme.data, "organization_id");
  const std::string id = ctx_.NewId();
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back({kProgrammeReportKind, id, ChangeOp::kCreate, std::move(state), {}});
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record r, Load(id));
  return RecordView(r);
}

Result<Json> ProgrammeReportService::Update(const Principal& who, std::string_view id, const Json& patch,
                                            std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record current, Load(id));
  BATON_ASSIGN_OR_RETURN(Record programme, ProgrammeNamed(ctx_.store(), Str(current.data, "programme_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kProgrammeReport, ProgrammeTarget(programme.data, ctx_.Today())));
  BATON_ASSIGN_OR_RETURN(Json clean, ValidateInput(ProgrammeReportSpec(), patch, InputMode::kPatch));
  if (if_match && *if_match != current.version) return Stale();
  Json state = current.data;
  ApplyPatch(state, clean);
  BATON_RETURN_IF_ERROR(ResolveProgrammeReport(clean, state));
  EntityChange change{kProgrammeReportKind, current.id, ChangeOp::kUpdate, Diff(current.data, state),
                      if_match ? std::optional<int64_t>(current.version) : std::nullopt};
  if (!change.patch.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back(std::move(change));
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record r, Load(id));
  return RecordView(r);
}

Result<Json> ProgrammeReportService::Render(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Readable readable, LoadReadable(who, id));
  const Json report = RecordView(readable.report);
  ReportParams params;
  params.programme_id = readable.programme.id;
  params.from = Str(report, "from");
  params.to = Str(report, "to");
  params.audience = Str(report, "audience");
  BATON_ASSIGN_OR_RETURN(Json figures, reports_.Indicators(who, params));
  Json narrative = Json::object();
  for (const std::string& section : ProgrammeReportSections()) narrative[section] = report.value(section, Json());
  Json indicators = Json::array();
  for (const Json& i : figures["indicators"]) {
    Json out = Json::object();
    for (const char* f : kIndicatorFields) {
      if (i.contains(f)) out[f] = i[f];
    }
    indicators.push_back(std::move(out));
  }
  Json prog = figures["programme"];
  prog["donor"] = readable.programme.data.value("donor", Json());
  return Json{{"format_version", kProgrammeReportFormatVersion},
              {"id", report["id"]},
              {"version", report["version"]},
              {"updated_at", report.value("updated_at", Json())},
              {"title", report["title"]},
              {"status", report["status"]},
              {"audience", figures["audience"]},
              {"sensitivity", figures["sensitivity"]},
              {"period", report.value("period", Json())},
              {"from", figures["from"]},
              {"to", figures["to"]},
              {"programme", std::move(prog)},
              {"minimum_cell", figures["minimum_cell"]},
              {"suppressed", figures["suppressed"]},
              {"narrative", std::move(narrative)},
              {"indicators", std::move(indicators)}};
}

Result<std::string> ProgrammeReportService::Workbook(const Json& rendered, std::string_view lang) {
  if (lang != "en" && lang != "ar") return Status::InvalidField("lang", "must be en or ar");
  const bool ar = lang == "ar";
  auto cell_of = [](const Json& v) -> SheetCell {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) return v.get<std::string>();  // a hidden count: "<5"
    return std::monostate{};
  };
  Sheet figures{.name = ar ? "المؤشرات" : "Indicators", .rows = {}, .header_rows = 1, .column_widths = {28, 60, 10, 10, 12, 12, 16}};
  figures.rows.push_back({ar ? "الرمز" : "Code", ar ? "المؤشر" : "Indicator", ar ? "المستوى" : "Level", ar ? "الوحدة" : "Unit",
                          ar ? "النتيجة" : "Result", ar ? "الهدف" : "Target", ar ? "نسبة الإنجاز (%)" : "Achievement (%)"});
  for (const Json& i : rendered["indicators"]) {
    const Json& wording = i.value("wording", Json::object());
    std::string words = wording.is_object() ? wording.value(std::string(lang), wording.value("en", std::string())) : "";
    figures.rows.push_back({i.value("code", ""), words, i.value("level", ""), i.value("unit", ""),
                            cell_of(i.value("value", Json())), cell_of(i.value("target", Json())),
                            cell_of(i.value("achievement", Json()))});
  }
  static const std::vector<std::pair<std::string, std::pair<const char*, const char*>>> kLabels = {
      {"summary", {"Summary", "الملخص"}},
      {"achievements", {"Achievements", "الإنجازات"}},
      {"challenges", {"Challenges", "التحديات"}},
      {"lessons_learned", {"Lessons learned", "الدروس المستفادة"}},
      {"next_steps", {"Next steps", "الخطوات التالية"}}};
  Sheet narrative{.name = ar ? "السرد" : "Narrative", .rows = {}, .header_rows = 1, .column_widths = {22, 100}};
  narrative.rows.push_back({ar ? "القسم" : "Section", ar ? "النص" : "Text"});
  const Json& programme = rendered.value("programme", Json::object());
  narrative.rows.push_back({ar ? "العنوان" : "Title", rendered.value("title", "")});
  narrative.rows.push_back({ar ? "البرنامج" : "Programme", programme.value("name", "")});
  narrative.rows.push_back({ar ? "الفترة" : "Period", rendered.value("from", "") + " – " + rendered.value("to", "")});
  narrative.rows.push_back({ar ? "الجمهور" : "Audience", rendered.value("audience", "")});
  narrative.rows.push_back({ar ? "الحالة" : "Status", rendered.value("status", "")});
  const Json& text = rendered.value("narrative", Json::object());
  for (const auto& [key, label] : kLabels) {
    narrative.rows.push_back({ar ? label.second : label.first, cell_of(text.value(key, Json()))});
  }
  return WriteXlsx({figures, narrative});
}

}  // namespace baton
