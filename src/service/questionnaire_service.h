// Needs assessments (needs_assessment activities): the questionnaire (a form defined as data,
// domain/questionnaire) kept as a record of its own with the activity's id, and the responses to
// it, each a record whose answers are sealed under its own key. Anyone of the programme's staff
// reads the form and the per-question summary; the individual responses and their export only
// those AccessPolicy::MaySeeResponses allows. The form is set by those who plan the activity;
// responses are taken by those who record its sessions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.h"
#include "domain/questionnaire.h"
#include "service/attendance_service.h"
#include "service/context.h"
#include "service/person_service.h"

namespace baton {

struct ResponseListParams {
  std::string cursor;
  int limit = 50;
  bool newest_first = false;  // by interview date (ties by id: recorded order, to the millisecond), newest first
};

class QuestionnaireService {
 public:
  QuestionnaireService(ServiceContext& ctx, PersonService& persons, AttendanceService& attendance)
      : ctx_(ctx), persons_(persons), attendance_(attendance) {}

  // The assessment's questionnaire: {"id" (the activity's), "activity_id", "programme_id",
  // "organization_id", "version" (of the record, for If-Match), "form": {...}}. kNotFound when none
  // is set yet.
  Result<Json> Form(const Principal& who, std::string_view activity_id);
  // Sets the questionnaire (PUT; `form` as CheckQuestionnaire reads it). `if_match` names the
  // version of the questionnaire record, 0 for none yet. Once responses are recorded only the
  // wording may change (domain MeaningChange): any other change is kConflict naming it.
  // `created` tells whether this was the first form.
  Result<Json> SetForm(const Principal& who, std::string_view activity_id, const Json& form,
                       std::optional<int64_t> if_match, bool& created);

  // The responses by interview date (ties by id), oldest or newest first, each with its
  // answers: {"items": [...], "next_cursor"}.
  Result<Json> Responses(const Principal& who, std::string_view activity_id, const ResponseListParams& params);
  // Records a response: {date, person_id?, answers} (domain ResponseSpec). The interview date lies
  // within the activity's dates and not after today; a named respondent passes the attendance
  // rules (AttendanceService::CheckPeople); the answers are checked and normalised by CheckAnswers.
  Result<Json> AddResponse(const Principal& who, std::string_view activity_id, const Json& input);
  Result<Json> GetResponse(const Principal& who, std::string_view id);
  // Corrects a response (any of its fields; answers are replaced whole); If-Match honoured.
  Result<Json> UpdateResponse(const Principal& who, std::string_view id, const Json& patch,
                              std::optional<int64_t> if_match);

  // The per-question summary of the active responses (domain SummariseResponses) with
  // "activity_id", "title" and "set_aside" (responses marked inactive, not counted).
  Result<Json> Summary(const Principal& who, std::string_view activity_id);
  // The active responses as CSV (RFC 4180, UTF-8): response_id, date, respondent ("named" or
  // "anonymous"), then one column per question (text questions only when include_text). Nobody's
  // id or name is in it.
  Result<std::string> ExportCsv(const Principal& who, std::string_view activity_id, bool include_text);

 private:
  struct Assessment {
    Record activity;
    std::optional<Record> questionnaire;  // the record, when a form is set
  };
  // The activity (a needs assessment) and its questionnaire record, if any.
  Result<Assessment> LoadAssessment(std::string_view activity_id);
  // The parsed form of an assessment that has one; kConflict otherwise.
  Result<Questionnaire> FormOf(const Assessment& a) const;
  Result<Record> LoadResponse(std::string_view id);
  // Every active response's answers, by interview date (ties by id), and how many were set aside.
  Result<std::pair<std::vector<Json>, int>> ActiveAnswers(const Record& activity, std::vector<Record>* records);
  // The response as `who` sees it: the record's fields, its answers and, when named, the person.
  Result<Json> View(const Principal& who, const Record& response, const Json& answers);
  // Checks the state of a response (new or corrected) against the activity and the form.
  // Every problem found is named at once (date, respondent, answers).
  Status CheckResponse(const Record& activity, const Questionnaire& form, Json& state, const Json& before);
  // A response refused by its field rules, with the problems of its answers added when it has any.
  static Status WithAnswerErrors(const Status& invalid, const Questionnaire& form, const Json& input);

  ServiceContext& ctx_;
  PersonService& persons_;
  AttendanceService& attendance_;
};

}  // namespace baton
