#include "domain/cases.h"

#include <algorithm>
#include <cmath>

namespace baton {
namespace {

bool Present(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && !object[field].is_null();
}

std::string Text(const Json& object, const char* field) {
  return Present(object, field) && object[field].is_string() ? object[field].get<std::string>() : "";
}

inline constexpr size_t kMaxGoals = 20;
inline constexpr size_t kMaxGoalText = 1000;

// A case plan: {"goals": [{"text", "status": open|achieved|dropped}]}, at most kMaxGoals.
Status CheckPlan(const Json& plan) {
  static const std::vector<std::string> statuses = {"open", "achieved", "dropped"};
  std::vector<FieldError> errors;
  for (const auto& [key, value] : plan.items()) {
    if (key != "goals") errors.push_back({"plan." + key, "is not a member of a case plan (only goals)"});
  }
  if (!plan.contains("goals")) return errors.empty() ? Status::Ok() : Status::InvalidFields(std::move(errors));
  const Json& goals = plan["goals"];
  if (!goals.is_array()) return Status::InvalidField("plan.goals", "must be a list of {text, status}");
  if (goals.size() > kMaxGoals) {
    return Status::InvalidField("plan.goals", "must have at most " + std::to_string(kMaxGoals) + " goals");
  }
  for (size_t i = 0; i < goals.size(); ++i) {
    const std::string at = "plan.goals[" + std::to_string(i) + "]";
    const Json& goal = goals[i];
    if (!goal.is_object()) {
      errors.push_back({at, "must be an object {text, status}"});
      continue;
    }
    for (const auto& [key, value] : goal.items()) {
      if (key != "text" && key != "status") errors.push_back({at + "." + key, "is not a member of a goal"});
    }
    const std::string text = Text(goal, "text");
    if (text.empty() || text.find_first_not_of(" \t\r\n") == std::string::npos) {
      errors.push_back({at + ".text", "is required"});
    } else if (text.size() > kMaxGoalText) {
      errors.push_back({at + ".text", "must be at most " + std::to_string(kMaxGoalText) + " characters"});
    }
    if (Present(goal, "status") &&
        (!goal["status"].is_string() ||
         std::find(statuses.begin(), statuses.end(), goal["status"].get<std::string>()) == statuses.end())) {
      errors.push_back({at + ".status", "must be one of open, achieved, dropped"});
    }
  }
  return errors.empty() ? Status::Ok() : Status::InvalidFields(std::move(errors));
}

bool Closing(const std::string& status) { return status == "closing" || status == "closed"; }

}  // namespace

const char* CaseStatusName(CaseStatus status) {
  switch (status) {
    case CaseStatus::kIntake: return "intake";
    case CaseStatus::kAssessment: return "assessment";
    case CaseStatus::kActive: return "active";
    case CaseStatus::kClosing: return "closing";
    case CaseStatus::kClosed: return "closed";
  }
  return "intake";
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view name) {
  for (CaseStatus s : {CaseStatus::kIntake, CaseStatus::kAssessment, CaseStatus::kActive, CaseStatus::kClosing,
                       CaseStatus::kClosed}) {
    if (name == CaseStatusName(s)) return s;
  }
  return std::nullopt;
}

const std::vector<std::string>& CaseStatusNames() {
  static const std::vector<std::string> v = {"intake", "assessment", "active", "closing", "closed"};
  return v;
}

const std::vector<std::string>& CaseClosureReasons() {
  static const std::vector<std::string> v = {"goals_met", "client_withdrew", "moved_away", "referred",
                                             "lost_contact", "died", "not_eligible", "other"};
  return v;
}

const std::vector<std::string>& CaseOutcomes() {
  static const std::vector<std::string> v = {"improved", "partly_improved", "unchanged", "deteriorated", "unknown"};
  return v;
}

const RecordSpec& CaseSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "case",
      {
          {.name = "person_id", .type = kId, .required = true, .immutable = true},
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "counsellor_id", .type = kId, .required = true},
          {.name = "supervisor_id", .type = kId, .required = true},
          {.name = "opened_on", .type = kDate, .immutable = true},
          // How the person came: on their own, brought by family or the community, or referred.
          {.name = "referral_source", .type = kEnum,
           .choices = {"self", "family", "community_leader", "staff", "group_facilitator", "other_organisation",
                       "other"}},
          {.name = "status", .type = kEnum, .choices = CaseStatusNames()},
          {.name = "closure_reason", .type = kEnum, .choices = CaseClosureReasons()},
          {.name = "outcome", .type = kEnum, .choices = CaseOutcomes()},
          {.name = "closed_on", .type = kDate},
          {.name = "reopen_reason", .type = kString, .max_length = 500},
          {.name = "next_follow_up", .type = kDate},
          {.name = "summary", .type = kText, .max_length = 4000},
          {.name = "plan", .type = kObject, .check = &CheckPlan},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& CaseSealedFields() {
  static const std::vector<std::string> v = {"summary", "plan", "reopen_reason"};
  return v;
}

Status CheckCaseTransition(CaseStatus from, CaseStatus to, CaseActor actor) {
  using enum CaseStatus;
  if (from == to) return Status::Ok();
  bool allowed = false;
  switch (from) {
    case kIntake: allowed = true; break;
    case kAssessment: allowed = to != kIntake; break;
    case kActive: allowed = to == kClosing || to == kClosed; break;
    case kClosing: allowed = to == kClosed || to == kActive; break;
    case kClosed: allowed = to == kAssessment || to == kActive; break;
  }
  if (!allowed) {
    return Status::ConflictField("status", std::string("a case cannot move from ") + CaseStatusName(from) + " to " +
                                               CaseStatusName(to));
  }
  if (to == kClosed && actor == CaseActor::kCounsellor) {
    return Status::ConflictField(
        "status", "only the case's supervisor or a manager signs a closure off: ask for closure with status closing");
  }
  return Status::Ok();
}

Status CheckCaseState(const Json& before, const Json& state) {
  std::vector<FieldError> errors;
  const std::string status = Text(state, "status");
  const std::string opened = Text(state, "opened_on");
  if (Closing(status)) {
    if (!Present(state, "closure_reason")) errors.push_back({"closure_reason", "is required to close a case"});
    if (!Present(state, "outcome")) errors.push_back({"outcome", "is required to close a case"});
  } else {
    for (const char* f : {"closure_reason", "outcome", "closed_on"}) {
      if (Present(state, f)) errors.push_back({f, std::string("is only for a case that is closing or closed, not ") + status});
    }
  }
  if (status == "closed") {
    const std::string closed = Text(state, "closed_on");
    if (closed.empty()) {
      errors.push_back({"closed_on", "is required to close a case"});
    } else if (!opened.empty() && closed < opened) {
      errors.push_back({"closed_on", "must not be before the case was opened (" + opened + ")"});
    }
  }
  if (Text(before, "status") == "closed" && status != "closed" && !Present(state, "reopen_reason")) {
    errors.push_back({"reopen_reason", "is required to reopen a closed case"});
  }
  const std::string follow_up = Text(state, "next_follow_up");
  if (!follow_up.empty() && !opened.empty() && follow_up < opened) {
    errors.push_back({"next_follow_up", "must not be before the case was opened (" + opened + ")"});
  }
  return errors.empty() ? Status::Ok() : Status::InvalidFields(std::move(errors));
}

void ApplyCaseMove(const Json& before, Json& state) {
  const std::string from = Text(before, "status");
  const std::string to = Text(state, "status");
  if (from == to) return;
  if (from == "closed") {
    for (const char* f : {"closure_reason", "outcome", "closed_on", "closure_requested_by", "closure_signed_by",
                          "closure_signed_on"}) {
      state.erase(f);
    }
    state["reopened"] = before.value("reopened", 0) + 1;
  } else if (from == "closing" && to == "active") {
    for (const char* f : {"closure_reason", "outcome", "closed_on", "closure_requested_by"}) state.erase(f);
  }
}

// ---- Counselling sessions ----

const std::vector<std::string>& CaseSessionTypes() {
  static const std::vector<std::string> v = {"individual", "family", "home_visit", "phone"};
  return v;
}

const RecordSpec& CaseSessionSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "case_session",
      {
          {.name = "case_id", .type = kId, .required = true, .immutable = true},
          {.name = "date", .type = kDate, .required = true},
          {.name = "type", .type = kEnum, .required = true, .choices = CaseSessionTypes()},
          {.name = "duration_minutes", .type = kInteger, .min = 1, .max = 600},
          {.name = "attended", .type = kBool},
          {.name = "next_appointment", .type = kDate},
          {.name = "notes", .type = kText, .max_length = 20000},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& CaseSessionSealedFields() {
  static const std::vector<std::string> v = {"notes"};
  return v;
}

Status CheckCaseSessionState(const Json& session, const Json& case_state, std::string_view today) {
  std::vector<FieldError> errors;
  const std::string date = Text(session, "date");
  const std::string opened = Text(case_state, "opened_on");
  const std::string closed = Text(case_state, "closed_on");
  if (!opened.empty() && date < opened) {
    errors.push_back({"date", "must not be before the case was opened (" + opened + ")"});
  } else if (date > today) {
    errors.push_back({"date", "is after today: record a session once it is held (plan it as next_appointment)"});
  } else if (Text(case_state, "status") == "closed" && !closed.empty() && date > closed) {
    errors.push_back({"date", "is after the case was closed (" + closed + "): reopen the case first"});
  }
  const std::string next = Text(session, "next_appointment");
  if (!next.empty() && next <= date) errors.push_back({"next_appointment", "must be after the session's date"});
  if (Present(session, "attended") && session["attended"] == false && Present(session, "duration_minutes")) {
    errors.push_back({"duration_minutes", "is not given for a missed appointment"});
  }
  return errors.empty() ? Status::Ok() : Status::InvalidFields(std::move(errors));
}

// ---- Supervision ----

const RecordSpec& SupervisionSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "supervision",
      {
          {.name = "case_id", .type = kId, .required = true, .immutable = true},
          {.name = "date", .type = kDate, .required = true},
          {.name = "note", .type = kText, .required = true, .max_length = 20000},
      }};
  return spec;
}

const std::vector<std::string>& SupervisionSealedFields() {
  static const std::vector<std::string> v = {"note"};
  return v;
}

// ---- Risk ----

const std::vector<std::string>& RiskLevels() {
  static const std::vector<std::string> v = {"none", "low", "medium", "high"};
  return v;
}

const std::vector<std::string>& RiskDomains() {
  static const std::vector<std::string> v = {"self_harm", "harm_to_others", "protection"};
  return v;
}

const RecordSpec& RiskAssessmentSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "risk_assessment",
      {
          {.name = "person_id", .type = kId, .required = true, .immutable = true},
          {.name = "case_id", .type = kId, .immutable = true},
          {.name = "date", .type = kDate, .required = true},
          {.name = "self_harm", .type = kEnum, .choices = RiskLevels()},
          {.name = "harm_to_others", .type = kEnum, .choices = RiskLevels()},
          {.name = "protection", .type = kEnum, .choices = RiskLevels()},
          {.name = "details", .type = kText, .max_length = 20000},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& RiskAssessmentSealedFields() {
  static const std::vector<std::string> v = {"details"};
  return v;
}

Status CheckRiskAssessmentState(const Json& assessment) {
  for (const std::string& domain : RiskDomains()) {
    if (Present(assessment, domain.c_str())) return Status::Ok();
  }
  return Status::InvalidField("self_harm", "at least one risk domain must be assessed: self_harm, harm_to_others or protection");
}

std::string RiskLevelOf(const Json& assessment) {
  size_t highest = 0;
  const std::vector<std::string>& levels = RiskLevels();
  for (const std::string& domain : RiskDomains()) {
    const std::string level = Text(assessment, domain.c_str());
    auto it = std::find(levels.begin(), levels.end(), level);
    if (it != levels.end()) highest = std::max(highest, static_cast<size_t>(it - levels.begin()));
  }
  return levels[highest];
}

std::vector<std::string> HighRiskDomains(const Json& assessment) {
  std::vector<std::string> high;
  for (const std::string& domain : RiskDomains()) {
    if (Text(assessment, domain.c_str()) == "high") high.push_back(domain);
  }
  return high;
}

int RiskAcknowledgeHoursOf(const Json& programme) {
  if (Present(programme, "risk_acknowledge_hours") && programme["risk_acknowledge_hours"].is_number()) {
    const double h = programme["risk_acknowledge_hours"].get<double>();
    if (h >= 1 && h <= 720 && h == std::floor(h)) return static_cast<int>(h);
  }
  return kDefaultRiskAcknowledgeHours;
}

const RecordSpec& RiskAcknowledgementSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "risk_acknowledgement",
      {
          {.name = "note", .type = kText, .required = true, .max_length = 4000},
      }};
  return spec;
}

}  // namespace baton
