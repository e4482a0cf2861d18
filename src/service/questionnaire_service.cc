#include "service/questionnaire_service.h"

#include <utility>

#include "domain/activities.h"
#include "domain/record_spec.h"
#include "service/activity_records.h"
#include "service/data_keys.h"
#include "service/record_view.h"
#include "service/sealed_records.h"
#include "tabular/csv_writer.h"

namespace baton {
namespace {

constexpr const char* kQuestionnaire = "questionnaire";
constexpr const char* kResponse = "response";
constexpr int kPage = 1000;  // responses read per store page for the summary and the export

Status RequireKeys(const DataKeys& keys) {
  if (keys.present()) return Status::Ok();
  return Status::Unavailable("this server was started without a data key, so answers cannot be kept or read");
}

Status RequireAssessment(const Record& activity) {
  if (Str(activity.data, "stream") != "needs_assessment") {
    return Status::InvalidField("activity_id", "is not a needs assessment: it has no questionnaire");
  }
  return Status::Ok();
}

Status MayReadResponses(const Principal& who, const Record& activity) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(activity)));
  if (AccessPolicy::MaySeeResponses(who, TargetOfActivity(activity))) return Status::Ok();
  return Status::Forbidden(
      "your roles do not allow you to read individual responses: the assessment's facilitators, managers and M&E "
      "officers may; the summary is open to the programme's staff");
}

}  // namespace

Result<QuestionnaireService::Assessment> QuestionnaireService::LoadAssessment(std::string_view activity_id) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), activity_id));
  Assessment a{std::move(activity), std::nullopt};
  auto form = ctx_.store().Get(kQuestionnaire, a.activity.id);
  if (form.ok()) {
    a.questionnaire = std::move(*form);
  } else if (form.status().code() != Code::kNotFound) {
    return form.status();
  }
  return a;
}

Result<Questionnaire> QuestionnaireService::FormOf(const Assessment& a) const {
  if (!a.questionnaire) {
    return Status::Conflict("this needs assessment has no questionnaire yet: its planner sets one first");
  }
  return ParseQuestionnaire(a.questionnaire->data.value("form", Json::object()));
}

Result<Record> QuestionnaireService::LoadResponse(std::string_view id) {
  auto r = ctx_.store().Get(kResponse, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) return Status::NotFound("no response with id " + std::string(id));
  return r;
}

Result<Json> QuestionnaireService::Form(const Principal& who, std::string_view activity_id) {
  BATON_ASSIGN_OR_RETURN(Assessment a, LoadAssessment(activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kActivity, TargetOfActivity(a.activity)));
  BATON_RETURN_IF_ERROR(RequireAssessment(a.activity));
  if (!a.questionnaire) return Status::NotFound("this needs assessment has no questionnaire yet");
  return RecordView(*a.questionnaire);
}

Result<Json> QuestionnaireService::SetForm(const Principal& who, std::string_view activity_id, const Json& form,
                                           std::optional<int64_t> if_match, bool& created) {
  BATON_ASSIGN_OR_RETURN(Assessment a, LoadAssessment(activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kActivity, TargetOfActivity(a.activity)));
  BATON_RETURN_IF_ERROR(RequireAssessment(a.activity));
  BATON_ASSIGN_OR_RETURN(Questionnaire parsed, ParseQuestionnaire(form));
  const int64_t current = a.questionnaire ? a.questionnaire->version : 0;
  if (if_match && *if_match != current) return Stale();
  const Json normal = QuestionnaireJson(parsed);
  if (a.questionnaire) {
    BATON_ASSIGN_OR_RETURN(Questionnaire before, FormOf(a));
    ListQuery any{.kind = kResponse, .equals = {{"activity_id", a.activity.id}}, .limit = 1};
    BATON_ASSIGN_OR_RETURN(RecordPage answered, ctx_.store().List(any));
    if (!answered.items.empty()) {
      if (std::optional<FieldError> change = MeaningChange(before, parsed)) {
        return Status::ConflictField(change->field, change->message +
                                                        ": responses are recorded with this questionnaire, so only its "
                                                        "wording may change; a new questionnaire needs a new needs "
                                                        "assessment");
      }
    }
  }
  created = !a.questionnaire.has_value();
  ChangeSet set = ctx_.NewChangeSet(who);
  if (created) {
    Json state = {{"organization_id", a.activity.data["organization_id"]},
                  {"programme_id", a.activity.data["programme_id"]},
                  {"activity_id", a.activity.id},
                  {"form", normal}};
    set.changes.push_back({kQuestionnaire, a.activity.id, ChangeOp::kCreate, std::move(state), {}});
  } else {
    Json state = a.questionnaire->data;
    state["form"] = normal;
    Json diff = Diff(a.questionnaire->data, state);
    if (diff.empty()) return RecordView(*a.questionnaire);
    set.changes.push_back({kQuestionnaire, a.activity.id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(current) : std::nullopt});
  }
  BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  BATON_ASSIGN_OR_RETURN(Record stored, ctx_.store().Get(kQuestionnaire, a.activity.id));
  return RecordView(stored);
}

Status QuestionnaireService::CheckResponse(const Record& activity, const Questionnaire& form, Json& state,
                                           const Json& before) {
  // Every problem at once, so that the enumerator's form can show them all.
  std::vector<FieldError> errors;
  auto keep = [&](const Status& s) {
    errors.insert(errors.end(), s.errors().begin(), s.errors().end());
    return s.ok() || !s.errors().empty();  // false: a failure that is not about the input
  };
  const std::string date = Str(state, "date");
  Status in_activity = CheckDateInActivity(date, activity.data);
  if (!keep(in_activity)) return in_activity;
  if (in_activity.ok() && date > ctx_.Today()) errors.push_back({"date", "is after today: record an interview once it is held"});
  // A named respondent is checked when named, or when the date moves (consent is asked on the day).
  const std::string person = Str(state, "person_id");
  if (in_activity.ok() && !person.empty() && (person != Str(before, "person_id") || date != Str(before, "date"))) {
    Status people = attendance_.CheckPeople(activity, date, {{"person_id", person}});
    if (!keep(people)) return people;
  }
  Result<Json> answers = CheckAnswers(form, state["answers"]);
  if (!keep(answers.status())) return answers.status();
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  state["answers"] = std::move(*answers);
  return Status::Ok();
}

Status QuestionnaireService::WithAnswerErrors(const Status& invalid, const Questionnaire& form, const Json& input) {
  if (invalid.errors().empty() || !input.is_object() || !input.contains("answers") || !input["answers"].is_object()) {
    return invalid;
  }
  std::vector<FieldError> errors = invalid.errors();
  const Status answers = CheckAnswers(form, input["answers"]).status();
  errors.insert(errors.end(), answers.errors().begin(), answers.errors().end());
  return Status::InvalidFields(std::move(errors));
}

Result<Json> QuestionnaireService::View(const Principal& who, const Record& response, const Json& answers) {
  Json view = RecordView(response);
  view.erase("sealed");
  view["answers"] = answers;
  if (Has(view, "person_id")) {
    BATON_ASSIGN_OR_RETURN(auto people, persons_.Summaries(who, {Str(view, "person_id")}));
    if (auto it = people.find(Str(view, "person_id")); it != people.end()) view["person"] = it->second;
  }
  return view;
}

Result<Json> QuestionnaireService::AddResponse(const Principal& who, std::string_view activity_id, const Json& input) {
  BATON_ASSIGN_OR_RETURN(Assessment a, LoadAssessment(activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kCreate, Resource::kSession, TargetOfActivity(a.activity)));
  BATON_RETURN_IF_ERROR(RequireAssessment(a.activity));
  BATON_ASSIGN_OR_RETURN(Questionnaire form, FormOf(a));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  Result<Json> valid = ValidateInput(ResponseSpec(), input, InputMode::kCreate);
  if (!valid.ok()) return WithAnswerErrors(valid.status(), form, input);
  Json state = std::move(*valid);
  BATON_RETURN_IF_ERROR(CheckResponse(a.activity, form, state, Json::object()));
  const std::string id = ctx_.NewId();
  const std::string key = ctx_.keys().NewRecordKey(ctx_.random());
  const Json answers = state["answers"];
  state.erase("answers");
  state["sealed"] = SealFields(key, kResponse, id, {{"answers", answers}}, ctx_.random());
  state["organization_id"] = a.activity.data["organization_id"];
  state["programme_id"] = a.activity.data["programme_id"];
  state["activity_id"] = a.activity.id;
  state["form_version"] = form.version;
  state["active"] = state.value("active", true);
  EntityChange change{kResponse, id, ChangeOp::kCreate, std::move(state), {}};
  change.local.record_key = ctx_.keys().Wrap(key, kResponse, id, ctx_.random());
  ChangeSet set = ctx_.NewChangeSet(who);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_ASSIGN_OR_RETURN(Record stored, LoadResponse(id));
  return View(who, stored, answers);
}

Result<Json> QuestionnaireService::GetResponse(const Principal& who, std::string_view id) {
  BATON_ASSIGN_OR_RETURN(Record response, LoadResponse(id));
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), Str(response.data, "activity_id")));
  BATON_RETURN_IF_ERROR(MayReadResponses(who, activity));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, response));
  return View(who, response, u.fields.value("answers", Json::object()));
}

Result<Json> QuestionnaireService::UpdateResponse(const Principal& who, std::string_view id, const Json& patch,
                                                  std::optional<int64_t> if_match) {
  BATON_ASSIGN_OR_RETURN(Record response, LoadResponse(id));
  BATON_ASSIGN_OR_RETURN(Assessment a, LoadAssessment(Str(response.data, "activity_id")));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kSession, TargetOfActivity(a.activity)));
  BATON_ASSIGN_OR_RETURN(Questionnaire form, FormOf(a));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  Result<Json> valid = ValidateInput(ResponseSpec(), patch, InputMode::kPatch);
  if (!valid.ok()) return WithAnswerErrors(valid.status(), form, patch);
  const Json clean = std::move(*valid);
  if (if_match && *if_match != response.version) return Stale();
  BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx_, response));
  if (u.key.empty()) return Status::Unavailable("the response's key is not held here; its answers cannot be changed");
  Json before = response.data;
  before["answers"] = u.fields.value("answers", Json::object());
  Json state = before;
  ApplyPatch(state, clean);
  if (!Has(state, "answers")) return Status::InvalidField("answers", "is required");
  BATON_RETURN_IF_ERROR(CheckResponse(a.activity, form, state, before));
  const Json answers = state["answers"];
  state.erase("answers");
  if (answers != before["answers"]) {
    state["sealed"] = SealFields(u.key, kResponse, response.id, {{"answers", answers}}, ctx_.random());
  }
  Json diff = Diff(response.data, state);
  if (!diff.empty()) {
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kResponse, response.id, ChangeOp::kUpdate, std::move(diff),
                           if_match ? std::optional<int64_t>(response.version) : std::nullopt});
    BATON_RETURN_IF_ERROR(CommitFailure(ctx_.store().Commit(std::move(set)).status()));
  }
  BATON_ASSIGN_OR_RETURN(Record stored, LoadResponse(id));
  return View(who, stored, answers);
}

Result<Json> QuestionnaireService::Responses(const Principal& who, std::string_view activity_id,
                                             const ResponseListParams& params) {
  BATON_ASSIGN_OR_RETURN(Record activity, LoadActivity(ctx_.store(), activity_id));
  BATON_RETURN_IF_ERROR(MayReadResponses(who, activity));
  BATON_RETURN_IF_ERROR(RequireAssessment(activity));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  if (params.limit < 1 || params.limit > 200) return Status::InvalidField("limit", "must be between 1 and 200");
  ListQuery q{.kind = kResponse,
              .equals = {{"activity_id", activity.id}},
              .order_by = "date",
              .descending = params.newest_first,
              .limit = params.limit};
  if (!params.cursor.empty()) {
    BATON_ASSIGN_OR_RETURN(auto after, OrderedCursorParts(params.cursor));
    if (!IsValidDate(after.first)) return Status::InvalidField("cursor", "is not a cursor from a previous page");
    q.after_value = after.first;
    q.after_id = after.second;
  }
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  BATON_ASSIGN_OR_RETURN(auto unsealed, UnsealAll(ctx_, page.items));
  Json items = Json::array();
  for (const Record& r : page.items) {
    BATON_ASSIGN_OR_RETURN(Json view, View(who, r, unsealed[r.id].fields.value("answers", Json::object())));
    items.push_back(std::move(view));
  }
  Json next = page.has_more && !page.items.empty()
                  ? Json(OrderedCursor(Str(page.items.back().data, "date"), page.items.back().id))
                  : Json(nullptr);
  return Json{{"items", std::move(items)}, {"next_cursor", next}};
}

Result<std::pair<std::vector<Json>, int>> QuestionnaireService::ActiveAnswers(const Record& activity,
                                                                               std::vector<Record>* records) {
  std::vector<Json> answers;
  int set_aside = 0;
  ListQuery q{.kind = kResponse, .equals = {{"activity_id", activity.id}}, .order_by = "date", .limit = kPage};
  BATON_RETURN_IF_ERROR(ForEachPage(ctx_.store(), q, [&](std::vector<Record>& page) -> Status {
    BATON_ASSIGN_OR_RETURN(auto unsealed, UnsealAll(ctx_, page));
    for (Record& r : page) {
      if (!r.data.value("active", true)) {
        ++set_aside;
        continue;
      }
      answers.push_back(unsealed[r.id].fields.value("answers", Json::object()));
      if (records) records->push_back(std::move(r));
    }
    return Status::Ok();
  }));
  return std::pair{std::move(answers), set_aside};
}

Result<Json> QuestionnaireService::Summary(const Principal& who, std::string_view activity_id) {
  BATON_ASSIGN_OR_RETURN(Assessment a, LoadAssessment(activity_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kSession, TargetOfActivity(a.activity)));
  BATON_RETURN_IF_ERROR(RequireAssessment(a.activity));
  BATON_ASSIGN_OR_RETURN(Questionnaire form, FormOf(a));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  BATON_ASSIGN_OR_RETURN(auto active, ActiveAnswers(a.activity, nullptr));
  Json summary = SummariseResponses(form, active.first);
  summary["activity_id"] = a.activity.id;
  summary["title"] = form.title;
  summary["set_aside"] = active.second;
  return summary;
}

Result<std::string> QuestionnaireService::ExportCsv(const Principal& who, std::string_view activity_id,
                                                    bool include_text) {
  BATON_ASSIGN_OR_RETURN(Assessment a, LoadAssessment(activity_id));
  BATON_RETURN_IF_ERROR(MayReadResponses(who, a.activity));
  BATON_RETURN_IF_ERROR(RequireAssessment(a.activity));
  BATON_ASSIGN_OR_RETURN(Questionnaire form, FormOf(a));
  BATON_RETURN_IF_ERROR(RequireKeys(ctx_.keys()));
  std::vector<Record> records;
  BATON_ASSIGN_OR_RETURN(auto active, ActiveAnswers(a.activity, &records));
  std::vector<std::vector<std::string>> table = ResponseTable(form, active.first, include_text);
  for (size_t i = 0; i < table.size(); ++i) {
    std::vector<std::string> lead = {"response_id", "date", "respondent"};
    if (i > 0) {
      const Record& r = records[i - 1];
      lead = {r.id, Str(r.data, "date"), Has(r.data, "person_id") ? "named" : "anonymous"};
    }
    table[i].insert(table[i].begin(), lead.begin(), lead.end());
  }
  return WriteCsv(table);
}

}  // namespace baton
