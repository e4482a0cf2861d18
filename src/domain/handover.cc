#include "domain/handover.h"

#include <algorithm>
#include <array>

namespace baton {

const RecordSpec& HandoverSpec() {
  static const RecordSpec spec{
      "handover",
      {
          {.name = "programme_id", .type = FieldType::kId, .required = true, .immutable = true},
          {.name = "receiver_organization_id", .type = FieldType::kId, .required = true, .immutable = true},
          {.name = "effective_date", .type = FieldType::kDate, .required = true},
          // Why the data moves (MHPSS.md §6: a specified purpose).
          {.name = "purpose", .type = FieldType::kText, .required = true, .min_length = 10, .max_length = 4000},
          // The written data-transfer agreement the transfer rests on.
          {.name = "agreement_reference", .type = FieldType::kString, .required = true, .min_length = 2},
          // The end of the former owner's advisory support (its advisor access ends with the day).
          {.name = "support_until", .type = FieldType::kDate},
          {.name = "non_consenting", .type = FieldType::kEnum, .choices = {"deidentified", "withhold"}},
          {.name = "notes", .type = FieldType::kText, .max_length = 4000},
      }};
  return spec;
}

Status ResolveHandover(Json& state) {
  if (!state.contains("non_consenting")) state["non_consenting"] = "deidentified";
  const std::string effective = state.value("effective_date", "");
  const std::string until = state.value("support_until", "");
  if (!until.empty() && until < effective) {
    return Status::InvalidField("support_until", "must not be before the effective date " + effective);
  }
  return Status::Ok();
}

namespace {
constexpr std::array<const char*, 5> kStatusNames = {"planned", "approved", "packaged", "accepted", "cancelled"};
}

const char* HandoverStatusName(HandoverStatus s) { return kStatusNames[static_cast<size_t>(s)]; }

std::optional<HandoverStatus> ParseHandoverStatus(std::string_view name) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (name == kStatusNames[i]) return static_cast<HandoverStatus>(i);
  }
  return std::nullopt;
}

const char* TransferName(Transfer t) {
  switch (t) {
    case Transfer::kIdentified: return "identified";
    case Transfer::kDeidentified: return "deidentified";
    case Transfer::kWithheld: return "withheld";
  }
  return "withheld";
}

namespace {
// The code of a refusal, from the consent policy's plain words.
std::string RefusalCode(const ConsentDecision& d) {
  if (d.reason.starts_with("no consent")) return "no_consent";
  if (d.reason.find(" was withdrawn ") != std::string::npos) return "withdrawn";
  if (d.reason.find(" was refused ") != std::string::npos) return "refused";
  return "not_valid";
}
}  // namespace

PersonTransfer DecidePersonTransfer(std::string_view person_status, const std::vector<ConsentRecord>& consents,
                                    std::string_view birth_date, std::string_view receiver_org_id,
                                    std::string_view effective_date, std::string_view today,
                                    bool withhold_non_consenting) {
  const Transfer otherwise = withhold_non_consenting ? Transfer::kWithheld : Transfer::kDeidentified;
  if (person_status == "erased") return {otherwise, "", "the person's identifying data was erased", "erased"};
  ConsentQuestion question{ConsentPurpose::kSharePartner, std::string(receiver_org_id), std::string(effective_date),
                           std::string(birth_date)};
  ConsentDecision on_date = ConsentPolicy::Decide(consents, question);
  if (!on_date.allowed) {
    return {otherwise, "", on_date.reason + " (as of the effective date " + std::string(effective_date) + ")",
            RefusalCode(on_date)};
  }
  if (today > effective_date) {
    question.date = std::string(today);
    ConsentDecision now = ConsentPolicy::Decide(consents, question);
    if (!now.allowed) return {otherwise, "", now.reason, RefusalCode(now)};
  }
  return {Transfer::kIdentified, on_date.basis_id, "", "consent"};
}

Json DeidentifiedPerson(const Json& person) {
  Json out = Json::object();
  for (const char* field : {"organization_id", "programme_id", "site_id", "code", "sex", "population_group", "disability"}) {
    if (person.contains(field)) out[field] = person[field];
  }
  const std::string birth = person.value("birth_date_est", "");
  if (birth.size() >= 4 && std::all_of(birth.begin(), birth.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) {
    out["birth_year"] = std::stoi(birth.substr(0, 4));
    out["birth_date_est"] = birth.substr(0, 4) + "-07-01";
  }
  out["status"] = "deidentified";
  return out;
}

const std::vector<HandoverKind>& HandoverKinds() {
  using Link = HandoverKind::Link;
  static const std::vector<HandoverKind> kinds = {
      {"activity"},
      {"session", Link::kAlways, "", "", true, {"facilitator_id"}},
      {"attendance", Link::kAlways, "", "", true, {}},
      {"membership", Link::kAlways, "", "", true, {}},
      {"participant"},
      {"cooperative"},
      {"questionnaire"},
      {"response", Link::kPerson},
      {"instrument"},
      {"case", Link::kPerson},
      {"case_session", Link::kParent, "case", "case_id"},
      {"supervision", Link::kParent, "case", "case_id"},
      {"risk_assessment", Link::kPerson},
      {"risk_flag", Link::kPerson},
      {"assessment", Link::kPerson},
      {"referral", Link::kPerson},
      {"mediation", Link::kParties},
      {"mediation_session", Link::kParent, "mediation", "mediation_id"},
      {"mediation_agreement", Link::kParent, "mediation", "mediation_id"},
      {"programme_report"},
      {"support_tool"},
      {"advising_session"},
  };
  return kinds;
}

}  // namespace baton
