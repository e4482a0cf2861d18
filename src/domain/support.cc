#include "domain/support.h"

namespace baton {
namespace {

bool Given(const Json& state, const char* field) {
  return state.contains(field) && !state[field].is_null() && !(state[field].is_string() && state[field].get<std::string>().empty());
}

}  // namespace

const std::vector<std::string>& SupportToolCategories() {
  static const std::vector<std::string> v = {"manual", "form", "guideline", "training_material", "other"};
  return v;
}

const std::vector<std::string>& AdvisingModes() {
  static const std::vector<std::string> v = {"remote_call", "visit", "email", "message"};
  return v;
}

const RecordSpec& SupportToolSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "support_tool",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "title", .type = kString, .required = true, .max_length = 200},
          {.name = "category", .type = kEnum, .required = true, .choices = SupportToolCategories()},
          {.name = "version", .type = kString, .required = true, .max_length = 20},
          {.name = "description", .type = kText, .max_length = 2000},
          {.name = "location", .type = kString, .max_length = 500},
          {.name = "shared_on", .type = kDate},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const RecordSpec& AdvisingSessionSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "advising_session",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "date", .type = kDate, .required = true},
          {.name = "topic", .type = kString, .required = true, .max_length = 200},
          {.name = "mode", .type = kEnum, .required = true, .choices = AdvisingModes()},
          {.name = "advisor_name", .type = kString, .max_length = 200},
          {.name = "notes", .type = kText, .max_length = kMaxSupportNotesLength},
          {.name = "follow_up", .type = kText, .max_length = 2000},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

Status ResolveSupportTool(Json& state, std::string_view today) {
  std::vector<FieldError> errors;
  if (!Given(state, "shared_on")) state["shared_on"] = std::string(today);
  if (state["shared_on"].get<std::string>() > today) errors.push_back({"shared_on", "is in the future"});
  if (!state.contains("active") || state["active"].is_null()) state["active"] = true;
  return Status::InvalidFields(std::move(errors));
}

Status ResolveAdvisingSession(Json& state, std::string_view today) {
  std::vector<FieldError> errors;
  if (Given(state, "date") && state["date"].get<std::string>() > today) errors.push_back({"date", "is in the future"});
  if (!Given(state, "advisor_name")) errors.push_back({"advisor_name", "is required: who advised"});
  if (!state.contains("active") || state["active"].is_null()) state["active"] = true;
  return Status::InvalidFields(std::move(errors));
}

}  // namespace baton
