#include "domain/referrals.h"

#include <algorithm>
#include <utility>

namespace baton {
namespace {

bool In(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool Present(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && !object[field].is_null();
}

std::string Text(const Json& object, const char* field) {
  return Present(object, field) && object[field].is_string() ? object[field].get<std::string>() : "";
}

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return out;
}

}  // namespace

const std::vector<ReferralCategory>& DefaultReferralCategories() {
  static const std::vector<ReferralCategory> v = {
      {"specialised_mental_health", "specialised mental health"},
      {"general_health", "general health"},
      {"gbv_case_management", "GBV case management"},
      {"child_protection", "child protection"},
      {"protection_legal", "protection and legal"},
      {"livelihoods", "livelihoods and vocational"},
      {"education", "education"},
      {"basic_needs", "basic needs (food, shelter, WASH, NFI)"},
      {"disability_rehabilitation", "disability and rehabilitation"},
      {"other_psychosocial", "other psychosocial services"},
  };
  return v;
}

std::vector<std::string> ReferralCategoriesOf(const Json& organization) {
  std::vector<std::string> codes;
  for (const ReferralCategory& c : DefaultReferralCategories()) codes.push_back(c.code);
  if (Present(organization, "referral_categories_extra") && organization["referral_categories_extra"].is_array()) {
    for (const Json& c : organization["referral_categories_extra"]) {
      if (c.is_string() && !In(codes, c.get<std::string>())) codes.push_back(c.get<std::string>());
    }
  }
  return codes;
}

RecordSpec ReferralServiceSpec(const std::vector<std::string>& categories) {
  using enum FieldType;
  return RecordSpec{"service",
                    {
                        {.name = "name", .type = kString, .required = true, .max_length = 200},
                        {.name = "provider", .type = kString, .required = true, .max_length = 200},
                        {.name = "category", .type = kEnum, .required = true, .choices = categories},
                        {.name = "location", .type = kString, .max_length = 200},
                        {.name = "contact", .type = kText, .max_length = 1000},
                        {.name = "accepts", .type = kText, .max_length = 2000},
                        {.name = "active", .type = kBool},
                    }};
}

const std::vector<std::string>& ReferralUrgencies() {
  static const std::vector<std::string> v = {"routine", "urgent", "emergency"};
  return v;
}

const std::vector<std::string>& ReferralStatuses() {
  static const std::vector<std::string> v = {"made", "accepted", "completed", "declined", "cancelled"};
  return v;
}

const std::vector<std::string>& ReferralDirections() {
  static const std::vector<std::string> v = {"outgoing", "incoming"};
  return v;
}

const RecordSpec& ReferralSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "referral",
      {
          {.name = "direction", .type = kEnum, .required = true, .immutable = true, .choices = ReferralDirections()},
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "person_id", .type = kId, .required = true, .immutable = true},
          {.name = "case_id", .type = kId},
          {.name = "service_id", .type = kId, .immutable = true},
          {.name = "from_organization", .type = kString, .immutable = true, .max_length = 200},
          {.name = "urgency", .type = kEnum, .choices = ReferralUrgencies()},
          {.name = "status", .type = kEnum, .choices = ReferralStatuses()},
          {.name = "made_on", .type = kDate},
          {.name = "accepted_on", .type = kDate},
          {.name = "closed_on", .type = kDate},
          {.name = "follow_up_on", .type = kDate},
          {.name = "feedback_on", .type = kDate},
          {.name = "reason", .type = kText, .required = true, .max_length = 2000},
          {.name = "feedback", .type = kText, .max_length = 2000},
          {.name = "activity_code", .type = kString, .max_length = 40},
      }};
  return spec;
}

const std::vector<std::string>& ReferralSealedFields() {
  static const std::vector<std::string> v = {"reason", "feedback"};
  return v;
}

void ApplyReferralDefaults(Json& referral, std::string_view today) {
  if (!Present(referral, "status")) referral["status"] = "made";
  if (!Present(referral, "urgency")) referral["urgency"] = "routine";
  if (!Present(referral, "made_on")) referral["made_on"] = std::string(today);
  if (!Present(referral, "activity_code")) referral["activity_code"] = std::string(kReferralActivityCode);
}

const std::vector<std::string>& NextReferralStatuses(std::string_view status) {
  static const std::vector<std::string> from_made = {"accepted", "declined", "cancelled"};
  static const std::vector<std::string> from_accepted = {"completed", "declined", "cancelled"};
  static const std::vector<std::string> none;
  if (status == "made") return from_made;
  if (status == "accepted") return from_accepted;
  return none;
}

bool IsFinalReferralStatus(std::string_view status) {
  return status == "completed" || status == "declined" || status == "cancelled";
}

Status ApplyReferralTransition(const Json& before, Json& state, std::string_view today) {
  const std::string to = Text(state, "status");
  if (before.is_null()) {
    if (to != "made") {
      return Status::InvalidField("status", "a new referral is made; record its acceptance or closing afterwards");
    }
    return Status::Ok();
  }
  const std::string from = Text(before, "status");
  if (to == from) return Status::Ok();
  const std::vector<std::string>& next = NextReferralStatuses(from);
  if (!In(next, to)) {
    return Status::ConflictField(
        "status", "a referral that is " + from + " cannot become " + to +
                      (next.empty() ? ": it is closed" : "; it may become " + Joined(next)));
  }
  if (to == "accepted" && !Present(state, "accepted_on")) state["accepted_on"] = std::string(today);
  if (IsFinalReferralStatus(to) && !Present(state, "closed_on")) state["closed_on"] = std::string(today);
  return Status::Ok();
}

Status CheckReferralState(const Json& r, bool has_feedback, std::string_view today) {
  std::vector<FieldError> errors;
  const bool outgoing = Text(r, "direction") == "outgoing";
  if (outgoing && !Present(r, "service_id")) {
    errors.push_back({"service_id", "is required: an outgoing referral names a service of your directory"});
  }
  if (!outgoing && Present(r, "service_id")) {
    errors.push_back({"service_id", "is only for an outgoing referral; an incoming one names from_organization"});
  }
  if (!outgoing && !Present(r, "from_organization")) {
    errors.push_back({"from_organization", "is required: an incoming referral names the organisation it came from"});
  }
  if (outgoing && Present(r, "from_organization")) {
    errors.push_back({"from_organization", "is only for an incoming referral"});
  }
  const std::string status = Text(r, "status");
  const std::string made = Text(r, "made_on");
  const std::string accepted = Text(r, "accepted_on");
  const std::string closed = Text(r, "closed_on");
  if ((status == "accepted" || status == "completed") && accepted.empty()) {
    errors.push_back({"accepted_on", "is required once the referral is " + status});
  } else if (status == "made" && !accepted.empty()) {
    errors.push_back({"accepted_on", "is set only once the referral is accepted"});
  } else if (!accepted.empty() && accepted < made) {
    errors.push_back({"accepted_on", "must not be before made_on (" + made + ")"});
  }
  if (IsFinalReferralStatus(status) && closed.empty()) {
    errors.push_back({"closed_on", "is required once the referral is " + status});
  } else if (!IsFinalReferralStatus(status) && !closed.empty()) {
    errors.push_back({"closed_on", "is set only when the referral is completed, declined or cancelled"});
  } else if (!closed.empty() && !accepted.empty() && closed < accepted) {
    errors.push_back({"closed_on", "must not be before accepted_on (" + accepted + ")"});
  } else if (!closed.empty() && closed < made) {
    errors.push_back({"closed_on", "must not be before made_on (" + made + ")"});
  }
  for (const char* field : {"follow_up_on", "feedback_on"}) {
    const std::string d = Text(r, field);
    if (!d.empty() && d < made) errors.push_back({field, "must not be before made_on (" + made + ")"});
  }
  if (Present(r, "feedback_on") && !has_feedback) {
    errors.push_back({"feedback_on", "is the date of the feedback: give the feedback too"});
  }
  for (const char* field : {"made_on", "accepted_on", "closed_on", "feedback_on"}) {
    const std::string d = Text(r, field);
    const bool named = std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == field; });
    if (!named && !d.empty() && d > today) errors.push_back({field, "is after today: record what has happened"});
  }
  return Status::InvalidFields(std::move(errors));
}

Json ReferralSlip(const SlipInput& in) {
  Json slip = {{"referral_id", Text(in.referral, "id")},
               {"date", Text(in.referral, "made_on")},
               {"urgency", Text(in.referral, "urgency")},
               {"reason", in.reason},
               {"referrer", {{"organization", in.referrer_organization}, {"name", in.referrer_name}}}};
  Json service = Json::object();
  if (in.service.is_object()) {
    for (const char* f : {"name", "provider", "category", "location", "contact"}) {
      if (Present(in.service, f)) service[f] = in.service[f];
    }
  }
  slip["service"] = std::move(service);
  Json person = Json::object();
  if (Present(in.person, "code")) person["code"] = in.person["code"];
  if (in.referral_consent) {
    for (const char* f : {"given_name", "family_name", "other_names", "sex", "age_years"}) {
      if (Present(in.person, f)) person[f] = in.person[f];
    }
    slip["identity_shown"] = true;
  } else {
    slip["identity_shown"] = false;
    slip["identity_note"] = "only the person's code is shown: " + in.consent_reason;
  }
  slip["person"] = std::move(person);
  return slip;
}

}  // namespace baton
