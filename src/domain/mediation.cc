#include "domain/mediation.h"

#include <algorithm>
#include <optional>
#include <set>

namespace baton {
namespace {

bool Present(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && !object[field].is_null();
}

std::string Text(const Json& object, const char* field) {
  return Present(object, field) && object[field].is_string() ? object[field].get<std::string>() : "";
}

std::string Index(const std::string& list, size_t i) { return list + "[" + std::to_string(i) + "]"; }

// Checks an object nested in a list against `spec`, naming errors "<at>.<member>". Returns the
// normalised object, or nullopt when there were errors.
std::optional<Json> CheckNested(const RecordSpec& spec, const Json& object, const std::string& at,
                                std::vector<FieldError>& errors) {
  if (!object.is_object()) {
    errors.push_back({at, "must be an object"});
    return std::nullopt;
  }
  Result<Json> r = ValidateInput(spec, object, InputMode::kCreate);
  if (r.ok()) return std::move(r).value();
  for (const FieldError& e : r.status().errors()) errors.push_back({at + "." + e.field, e.message});
  if (r.status().errors().empty()) errors.push_back({at, r.status().message()});
  return std::nullopt;
}

const RecordSpec& PartySpec() {
  using enum FieldType;
  static const RecordSpec spec{"party",
                               {
                                   {.name = "person_id", .type = kId},
                                   {.name = "description", .type = kString, .max_length = 200},
                               }};
  return spec;
}

const RecordSpec& MediatorSpec() {
  using enum FieldType;
  static const RecordSpec spec{"mediator",
                               {
                                   {.name = "user_id", .type = kId},
                                   {.name = "name", .type = kString, .max_length = 200},
                                   {.name = "role", .type = kString, .max_length = 200},
                               }};
  return spec;
}

const RecordSpec& DisputeTypeSpec() {
  using enum FieldType;
  static const RecordSpec spec{"dispute_type",
                               {
                                   {.name = "code", .type = kSlug, .required = true, .min_length = 2, .max_length = 40},
                                   {.name = "label", .type = kString, .required = true, .max_length = 200},
                                   {.name = "mediate", .type = kBool},
                                   {.name = "guidance", .type = kString, .max_length = 500},
                               }};
  return spec;
}

// A list of objects each holding exactly one of `one` and `other` (and for mediators, `role` only
// beside `other`): the shape both parties and mediators share.
std::vector<Json> CheckEitherList(const Json& list, const std::string& at, const RecordSpec& spec, const char* one,
                                  const char* other, std::vector<FieldError>& errors) {
  std::vector<Json> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string item_at = Index(at, i);
    std::optional<Json> item = CheckNested(spec, list[i], item_at, errors);
    if (!item) continue;
    const bool has_one = Present(*item, one);
    const bool has_other = !Text(*item, other).empty();
    if (has_one == has_other) {
      errors.push_back({item_at, std::string("must hold either ") + one + " or " + other + ", not both"});
      continue;
    }
    if (has_one && !seen.insert(Text(*item, one)).second) {
      errors.push_back({item_at + "." + one, "appears twice"});
      continue;
    }
    out.push_back(std::move(*item));
  }
  return out;
}

// The default dispute types; the resource disputes of a camp are over water points, firewood and
// rations (MHPSS.md [U]: no list was found in a primary source).
const char kGbvGuidance[] =
    "Gender-based violence is not mediated: mediation can put the survivor at risk. With the survivor's "
    "consent, refer them to GBV case management, and close this case as referred.";

}  // namespace

// ---- Dispute types ----

const std::vector<DisputeType>& DefaultDisputeTypes() {
  static const std::vector<DisputeType> types = {
      {"family", "Family and household disputes", true, ""},
      {"land_shelter", "Land and shelter", true, ""},
      {"resource", "Resources (water, firewood, rations)", true, ""},
      {"inter_community", "Between communities", true, ""},
      {"youth", "Youth", true, ""},
      {"gender_based", "Gender-based violence (not mediated: refer)", false, kGbvGuidance},
      {"other", "Other", true, ""},
  };
  return types;
}

namespace {

Result<std::vector<DisputeType>> ReadDisputeTypes(const Json& field) {
  const std::string at = "dispute_types";
  if (!field.is_object()) return Status::InvalidField(at, "must be an object {replace, types}");
  std::vector<FieldError> errors;
  for (auto it = field.begin(); it != field.end(); ++it) {
    if (it.key() != "replace" && it.key() != "types") {
      errors.push_back({at + "." + it.key(), "is not a field of dispute_types"});
    }
  }
  const bool replace = Present(field, "replace") && field["replace"].is_boolean() && field["replace"].get<bool>();
  if (Present(field, "replace") && !field["replace"].is_boolean()) {
    errors.push_back({at + ".replace", "must be true or false"});
  }
  std::vector<DisputeType> types = replace ? std::vector<DisputeType>{} : DefaultDisputeTypes();
  if (!Present(field, "types") || !field["types"].is_array()) {
    errors.push_back({at + ".types", "must be a list of {code, label, mediate, guidance}"});
    return Status::InvalidFields(std::move(errors));
  }
  const Json& rows = field["types"];
  if (rows.size() > 100) errors.push_back({at + ".types", "must have at most 100 types"});
  std::set<std::string> seen;
  for (size_t i = 0; i < rows.size() && i < 100; ++i) {
    const std::string row_at = Index(at + ".types", i);
    std::optional<Json> row = CheckNested(DisputeTypeSpec(), rows[i], row_at, errors);
    if (!row) continue;
    // The stored field is the client's text, so a code must already be in its normal form.
    if ((*row)["code"] != rows[i]["code"]) {
      errors.push_back({row_at + ".code", "must be written in lower case, without surrounding spaces"});
      continue;
    }
    DisputeType type{Text(*row, "code"), Text(*row, "label"),
                     !Present(*row, "mediate") || (*row)["mediate"].get<bool>(), Text(*row, "guidance")};
    if (!seen.insert(type.code).second) {
      errors.push_back({row_at + ".code", "appears twice"});
      continue;
    }
    auto existing = std::find_if(types.begin(), types.end(), [&](const DisputeType& t) { return t.code == type.code; });
    if (existing != types.end()) {
      *existing = std::move(type);
    } else {
      types.push_back(std::move(type));
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  if (types.empty()) return Status::InvalidField(at + ".types", "must name at least one dispute type");
  return types;
}

}  // namespace

Status CheckDisputeTypes(const Json& field) { return ReadDisputeTypes(field).status(); }

std::vector<DisputeType> DisputeTypesOfProgramme(const Json& programme) {
  if (!Present(programme, "dispute_types")) return DefaultDisputeTypes();
  Result<std::vector<DisputeType>> types = ReadDisputeTypes(programme["dispute_types"]);
  return types.ok() ? *types : DefaultDisputeTypes();
}

const DisputeType* FindDisputeType(const std::vector<DisputeType>& types, std::string_view code) {
  for (const DisputeType& t : types) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

// ---- Mediation cases ----

const std::vector<std::string>& MediationStatuses() {
  static const std::vector<std::string> v = {"open", "closed"};
  return v;
}

const std::vector<std::string>& MediationOutcomes() {
  static const std::vector<std::string> v = {"resolved", "partially_resolved", "unresolved", "referred"};
  return v;
}

Status CheckParties(const Json& parties) {
  const std::string at = "parties";
  if (!parties.is_array()) return Status::InvalidField(at, "must be a list of {person_id} or {description}");
  if (parties.size() < kMinParties || parties.size() > kMaxParties) {
    return Status::InvalidField(
        at, "must name from " + std::to_string(kMinParties) + " to " + std::to_string(kMaxParties) + " parties");
  }
  std::vector<FieldError> errors;
  CheckEitherList(parties, at, PartySpec(), "person_id", "description", errors);
  return Status::InvalidFields(std::move(errors));
}

Status CheckMediators(const Json& mediators) {
  const std::string at = "mediators";
  if (!mediators.is_array()) return Status::InvalidField(at, "must be a list of {user_id} or {name, role}");
  if (mediators.empty() || mediators.size() > kMaxMediators) {
    return Status::InvalidField(at, "must name from 1 to " + std::to_string(kMaxMediators) + " mediators");
  }
  std::vector<FieldError> errors;
  CheckEitherList(mediators, at, MediatorSpec(), "user_id", "name", errors);
  for (size_t i = 0; i < mediators.size(); ++i) {
    if (Present(mediators[i], "user_id") && Present(mediators[i], "role")) {
      errors.push_back({Index(at, i) + ".role", "is for mediators without an account (with a name)"});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

namespace {

void NormaliseList(Json& record, const char* field, const RecordSpec& spec) {
  if (!Present(record, field) || !record[field].is_array()) return;
  Json out = Json::array();
  for (const Json& item : record[field]) {
    Result<Json> clean = ValidateInput(spec, item, InputMode::kCreate);
    if (!clean.ok()) return;  // not checked: left as it is
    Json kept = Json::object();
    for (auto it = clean->begin(); it != clean->end(); ++it) {
      if (!it->is_null() && !(it->is_string() && it->get<std::string>().empty())) kept[it.key()] = *it;
    }
    out.push_back(std::move(kept));
  }
  record[field] = std::move(out);
}

std::vector<std::string> IdsIn(const Json& record, const char* field, const char* member) {
  std::vector<std::string> out;
  if (!Present(record, field) || !record[field].is_array()) return out;
  for (const Json& item : record[field]) {
    const std::string id = Text(item, member);
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

}  // namespace

void NormaliseParties(Json& mediation) { NormaliseList(mediation, "parties", PartySpec()); }
void NormaliseMediators(Json& mediation) { NormaliseList(mediation, "mediators", MediatorSpec()); }
std::vector<std::string> PartyPersonIds(const Json& mediation) { return IdsIn(mediation, "parties", "person_id"); }
std::vector<std::string> MediatorUserIds(const Json& mediation) { return IdsIn(mediation, "mediators", "user_id"); }

const RecordSpec& MediationSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "mediation",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "dispute_type", .type = kSlug, .required = true, .min_length = 2, .max_length = 40},
          {.name = "parties", .type = kList, .required = true, .check = &CheckParties},
          {.name = "mediators", .type = kList, .required = true, .check = &CheckMediators},
          {.name = "opened_on", .type = kDate, .immutable = true},
          {.name = "status", .type = kEnum, .choices = MediationStatuses()},
          {.name = "outcome", .type = kEnum, .choices = MediationOutcomes()},
          {.name = "closed_on", .type = kDate},
          {.name = "follow_up_on", .type = kDate},
          {.name = "activity_ids", .type = kIdList},
          {.name = "summary", .type = kText, .max_length = 4000},
          {.name = "referral_note", .type = kText, .max_length = 2000},
          {.name = "reopen_reason", .type = kString, .max_length = 500},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& MediationSealedFields() {
  static const std::vector<std::string> v = {"summary", "referral_note", "reopen_reason"};
  return v;
}

Status CheckMediationState(const Json& before, const Json& state, const DisputeType& type, std::string_view today) {
  std::vector<FieldError> errors;
  const bool created = !before.is_object() || before.empty();
  const std::string status = Text(state, "status");
  const std::string opened = Text(state, "opened_on");
  if (created && status != "open") errors.push_back({"status", "a mediation is opened: record its outcome later"});
  if (created && opened > today) errors.push_back({"opened_on", "is after today"});
  if (Present(state, "activity_ids") && state["activity_ids"].size() > kMaxLinkedActivities) {
    errors.push_back({"activity_ids", "must link at most " + std::to_string(kMaxLinkedActivities) + " activities"});
  }
  if (status == "closed") {
    const std::string outcome = Text(state, "outcome");
    if (outcome.empty()) {
      errors.push_back({"outcome", "is required to close a mediation"});
    } else if (!type.mediate && outcome != "referred") {
      errors.push_back({"outcome", "must be referred: " + type.label + " is not mediated"});
    }
    if (outcome == "referred" && Text(state, "referral_note").empty()) {
      errors.push_back({"referral_note", "is required for a referred case: say to whom and why"});
    }
    const std::string closed = Text(state, "closed_on");
    if (closed.empty()) {
      errors.push_back({"closed_on", "is required to close a mediation"});
    } else if (!opened.empty() && closed < opened) {
      errors.push_back({"closed_on", "must not be before the mediation was opened (" + opened + ")"});
    } else if (closed > today) {
      errors.push_back({"closed_on", "is after today"});
    }
  } else {
    for (const char* f : {"outcome", "closed_on", "referral_note"}) {
      if (Present(state, f)) errors.push_back({f, "is only for a closed mediation"});
    }
  }
  if (Text(before, "status") == "closed" && status == "open" && Text(state, "reopen_reason").empty()) {
    errors.push_back({"reopen_reason", "is required to reopen a closed mediation"});
  }
  const std::string follow_up = Text(state, "follow_up_on");
  if (!follow_up.empty() && !opened.empty() && follow_up < opened) {
    errors.push_back({"follow_up_on", "must not be before the mediation was opened (" + opened + ")"});
  }
  return Status::InvalidFields(std::move(errors));
}

void ApplyMediationMove(const Json& before, Json& state) {
  if (Text(before, "status") == "closed" && Text(state, "status") == "open") {
    for (const char* f : {"outcome", "closed_on", "closed_by"}) state.erase(f);
    state["reopened"] = before.value("reopened", 0) + 1;
  }
}

Status CheckMediated(const DisputeType& type) {
  if (type.mediate) return Status::Ok();
  return Status::ConflictField("dispute_type",
                               type.guidance.empty() ? type.label + " is not mediated: refer the case" : type.guidance);
}

// ---- Sessions ----

const std::vector<std::string>& MediationSessionKinds() {
  static const std::vector<std::string> v = {"joint", "separate", "shuttle", "follow_up"};
  return v;
}

const RecordSpec& MediationSessionSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "mediation_session",
      {
          {.name = "mediation_id", .type = kId, .required = true, .immutable = true},
          {.name = "date", .type = kDate, .required = true},
          {.name = "kind", .type = kEnum, .required = true, .choices = MediationSessionKinds()},
          {.name = "duration_minutes", .type = kInteger, .min = 1, .max = 600},
          {.name = "place", .type = kString, .max_length = 200},
          {.name = "notes", .type = kText, .max_length = 20000},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& MediationSessionSealedFields() {
  static const std::vector<std::string> v = {"notes"};
  return v;
}

Status CheckMediationSessionState(const Json& session, const Json& mediation, std::string_view today) {
  const std::string date = Text(session, "date");
  const std::string opened = Text(mediation, "opened_on");
  const std::string closed = Text(mediation, "closed_on");
  if (!opened.empty() && date < opened) {
    return Status::InvalidField("date", "must not be before the mediation was opened (" + opened + ")");
  }
  if (date > today) return Status::InvalidField("date", "is after today: record a session once it is held");
  if (Text(mediation, "status") == "closed" && !closed.empty() && date > closed &&
      Text(session, "kind") != "follow_up") {
    return Status::InvalidField(
        "kind", "the mediation was closed on " + closed + ": a later session is a follow_up (or reopen the mediation)");
  }
  return Status::Ok();
}

// ---- Agreements ----

const std::vector<std::string>& AgreementHeldValues() {
  static const std::vector<std::string> v = {"held", "partly_held", "not_held"};
  return v;
}

const RecordSpec& AgreementSpec() {
  using enum FieldType;
  static const RecordSpec spec{"mediation_agreement",
                               {
                                   {.name = "mediation_id", .type = kId, .required = true, .immutable = true},
                                   {.name = "date", .type = kDate, .required = true},
                                   {.name = "session_id", .type = kId},
                                   {.name = "text", .type = kText, .required = true, .max_length = 10000},
                                   {.name = "held", .type = kEnum, .choices = AgreementHeldValues()},
                                   {.name = "followed_up_on", .type = kDate},
                                   {.name = "active", .type = kBool},
                               }};
  return spec;
}

const std::vector<std::string>& AgreementSealedFields() {
  static const std::vector<std::string> v = {"text"};
  return v;
}

Status CheckAgreementState(const Json& agreement, const Json& mediation, std::string_view today) {
  std::vector<FieldError> errors;
  const std::string date = Text(agreement, "date");
  const std::string opened = Text(mediation, "opened_on");
  const std::string closed = Text(mediation, "closed_on");
  if (!opened.empty() && date < opened) {
    errors.push_back({"date", "must not be before the mediation was opened (" + opened + ")"});
  } else if (date > today) {
    errors.push_back({"date", "is after today"});
  } else if (Text(mediation, "status") == "closed" && !closed.empty() && date > closed) {
    errors.push_back({"date", "is after the mediation was closed (" + closed + "): reopen it first"});
  }
  const bool held = Present(agreement, "held");
  const std::string followed = Text(agreement, "followed_up_on");
  if (held && followed.empty()) errors.push_back({"followed_up_on", "is required with held: when was it followed up?"});
  if (!held && !followed.empty())
    errors.push_back({"held", "is required with followed_up_on: did the agreement hold?"});
  if (!followed.empty()) {
    if (followed < date) {
      errors.push_back({"followed_up_on", "must not be before the agreement (" + date + ")"});
    } else if (followed > today) {
      errors.push_back({"followed_up_on", "is after today"});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

}  // namespace baton
