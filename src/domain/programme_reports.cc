#include "domain/programme_reports.h"

#include "domain/indicators.h"

namespace baton {

const RecordSpec& ProgrammeReportSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "programme_report",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "title", .type = kString, .required = true, .max_length = 200},
          {.name = "period", .type = kString, .max_length = 10},
          {.name = "from", .type = kDate},
          {.name = "to", .type = kDate},
          {.name = "audience", .type = kEnum, .choices = {"shared", "internal"}},
          {.name = "status", .type = kEnum, .choices = {"draft", "final"}},
          {.name = "summary", .type = kText, .max_length = kMaxNarrativeLength},
          {.name = "achievements", .type = kText, .max_length = kMaxNarrativeLength},
          {.name = "challenges", .type = kText, .max_length = kMaxNarrativeLength},
          {.name = "lessons_learned", .type = kText, .max_length = kMaxNarrativeLength},
          {.name = "next_steps", .type = kText, .max_length = kMaxNarrativeLength},
      }};
  return spec;
}

const std::vector<std::string>& ProgrammeReportSections() {
  static const std::vector<std::string> v = {"summary", "achievements", "challenges", "lessons_learned", "next_steps"};
  return v;
}

Status ResolveProgrammeReport(const Json& input, Json& state) {
  auto given = [&](const char* f) { return input.contains(f) && !input[f].is_null(); };
  std::vector<FieldError> errors;
  if (given("period")) {
    if (given("from") || given("to")) {
      errors.push_back({"period", "is given with from and to: give one or the other"});
    } else {
      Result<Period> p = ParsePeriod(state["period"].get<std::string>());
      if (p.ok()) {
        state["from"] = p->from;
        state["to"] = p->to;
      } else {
        errors.push_back({"period", "must be a year (2016), a quarter (2016-Q3) or a month (2016-05)"});
      }
    }
  } else if (given("from") || given("to")) {
    state.erase("period");  // the dates are the period now
  }
  if (errors.empty()) {
    const bool from = state.contains("from") && state["from"].is_string();
    const bool to = state.contains("to") && state["to"].is_string();
    if (!from && !to) {
      errors.push_back({"period", "is required: a period (2016, 2016-Q3, 2016-05), or from and to"});
    } else if (!from) {
      errors.push_back({"from", "is required with to"});
    } else if (!to) {
      errors.push_back({"to", "is required with from"});
    } else if (state["from"].get<std::string>() > state["to"].get<std::string>()) {
      errors.push_back({"to", "is before from"});
    }
  }
  if (!state.contains("audience") || state["audience"].is_null()) state["audience"] = "shared";
  if (!state.contains("status") || state["status"].is_null()) state["status"] = "draft";
  return Status::InvalidFields(std::move(errors));
}

}  // namespace baton
