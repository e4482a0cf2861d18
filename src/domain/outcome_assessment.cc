#include "domain/outcome_assessment.h"

namespace baton {

const std::vector<std::string>& AssessmentTimepoints() {
  static const std::vector<std::string> v = {"screening", "baseline", "mid", "endline", "follow_up"};
  return v;
}

const RecordSpec& OutcomeAssessmentSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "assessment",
      {
          {.name = "instrument", .type = kString, .required = true, .immutable = true, .max_length = 40},
          {.name = "person_id", .type = kId, .required = true, .immutable = true},
          {.name = "case_id", .type = kId, .immutable = true},
          {.name = "programme_id", .type = kId, .immutable = true},
          {.name = "date", .type = kDate},
          {.name = "timepoint", .type = kEnum, .choices = AssessmentTimepoints()},
          // Checked against the instrument by CheckItemAnswers (length, ranges, whole numbers).
          {.name = "answers", .type = kList, .required = true},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const RecordSpec& InstrumentRecordSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "instrument",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          // Read by ParseCustomInstrument, which names every bad member under "definition.".
          {.name = "definition", .type = kObject, .required = true},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

InstrumentScore StoredScore(const Json& assessment) {
  InstrumentScore score;
  auto number = [&](const char* field) -> std::optional<double> {
    if (assessment.contains(field) && assessment[field].is_number()) return assessment[field].get<double>();
    return std::nullopt;
  };
  score.total = number("total");
  score.scaled = number("scaled");
  if (assessment.contains("band") && assessment["band"].is_string()) score.band = assessment["band"].get<std::string>();
  return score;
}

}  // namespace baton
