// Outcome instruments and assessments (domain/instruments, domain/outcome_assessment): the
// built-in instruments and a programme's own definitions; a person's answers to one on a day, in a
// counselling case or outside one, scored when recorded (total, band, flags, subscales), the item
// answers sealed. An instrument's risk flag (PHQ-9 item 9 above 0) raises a risk flag
// (service/RiskService) in the same change set. Scores are read by those who may read the case
// (the M&E officer included, to measure change); the answers and flags only by those
// AccessPolicy::MaySeeCaseNotes allows, each read of the answers logged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/instruments.h"
#include "service/context.h"
#include "service/person_service.h"
#include "service/risk_service.h"

namespace baton {

struct AssessmentListParams {
  std::string person_id;  // one of person_id and case_id is required
  std::string case_id;
  std::string instrument;
  std::string cursor;
  int limit = 50;
};

class OutcomeService {
 public:
  OutcomeService(ServiceContext& ctx, PersonService& persons, RiskService& risk)
      : ctx_(ctx), persons_(persons), risk_(risk) {}

  // The built-in instruments and, with a programme of the caller's organisation, that
  // programme's own: {"items": [definition + "id" for a programme's own]}.
  Result<Json> Instruments(const Principal& who, const std::string& programme_id);
  // A programme's own instrument (domain InstrumentRecordSpec), by its admin or manager; the code
  // is not a built-in's nor another of the programme's.
  Result<Json> AddInstrument(const Principal& who, const Json& input);
  // Replaces the definition (same code). Once assessments were scored with it, a new definition
  // needs a new version (kConflict naming definition.version).
  Result<Json> UpdateInstrument(const Principal& who, std::string_view id, const Json& patch,
                                std::optional<int64_t> if_match);

  // Records and scores an assessment (domain OutcomeAssessmentSpec).
  Result<Json> Add(const Principal& who, const Json& input);
  Result<Json> Get(const Principal& who, std::string_view id);
  // Corrects date, timepoint or answers (scored again; a risk flag that newly fires is raised) or
  // sets an assessment aside ({"active": false}).
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);
  // A person's or a case's assessments by date, scores without answers: {"items", "next_cursor"}.
  Result<Json> List(const Principal& who, const AssessmentListParams& params);
  // A case's scores over time per instrument and the change from the first (the baseline when one
  // is marked) to the latest: {"case_id", "instruments": [{instrument, name, min_total, max_total,
  // higher_is_better, series: [...], change: {...} | null}]}.
  Result<Json> Outcomes(const Principal& who, std::string_view case_id);

  // The instrument `code` as `programme_id` uses it: a built-in or the programme's own.
  Result<Instrument> FindInstrument(const std::string& code, const std::string& programme_id);

 private:
  Result<AccessTarget> TargetOf(const Json& assessment);
  // The assessment as `who` sees it; `with_answers` adds the item answers when allowed (logged).
  Result<Json> View(const Principal& who, const Record& assessment, const AccessTarget& target, bool with_answers);
  // Scores `answers` into `state` (total, band, flags, ...); kInvalid naming "answers[i]".
  Result<InstrumentScore> Score(const Instrument& instrument, const Json& answers, Json& state);

  ServiceContext& ctx_;
  PersonService& persons_;
  RiskService& risk_;
};

}  // namespace baton
