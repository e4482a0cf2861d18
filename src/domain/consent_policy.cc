#include "domain/consent_policy.h"

#include <array>
#include <utility>

#include "domain/dates.h"

namespace baton {
namespace {

template <class E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, const char*>, N>& table, std::string_view name) {
  for (const auto& [value, text] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <class E, size_t N>
const char* Name(const std::array<std::pair<E, const char*>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "";
}

constexpr std::array<std::pair<ConsentPurpose, const char*>, 7> kPurposes = {{
    {ConsentPurpose::kServices, "services"},
    {ConsentPurpose::kFollowUp, "follow_up"},
    {ConsentPurpose::kReferral, "referral"},
    {ConsentPurpose::kSharePartner, "share_partner"},
    {ConsentPurpose::kShareAnyPartner, "share_any_partner"},
    {ConsentPurpose::kPhoto, "photo"},
    {ConsentPurpose::kShareProgrammes, "share_programmes"},
}};

constexpr std::array<std::pair<ConsentStatus, const char*>, 3> kStatuses = {{
    {ConsentStatus::kGiven, "given"},
    {ConsentStatus::kRefused, "refused"},
    {ConsentStatus::kWithdrawn, "withdrawn"},
}};

constexpr std::array<std::pair<ConsentMethod, const char*>, 3> kMethods = {{
    {ConsentMethod::kVerbal, "verbal"},
    {ConsentMethod::kWritten, "written"},
    {ConsentMethod::kGuardian, "guardian"},
}};

// The purpose in the words shown to a user.
const char* PurposeWords(ConsentPurpose p) {
  switch (p) {
    case ConsentPurpose::kServices: return "services";
    case ConsentPurpose::kFollowUp: return "follow-up";
    case ConsentPurpose::kReferral: return "referral";
    case ConsentPurpose::kSharePartner: return "sharing with this partner";
    case ConsentPurpose::kShareAnyPartner: return "sharing with partners";
    case ConsentPurpose::kPhoto: return "photos";
    case ConsentPurpose::kShareProgrammes: return "sharing with other programmes";
  }
  return "";
}

ConsentDecision Refuse(std::string reason, std::string basis_id) {
  return ConsentDecision{false, std::move(reason), std::move(basis_id)};
}

}  // namespace

const char* ConsentPurposeName(ConsentPurpose p) { return Name(kPurposes, p); }
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view name) { return Parse(kPurposes, name); }
const char* ConsentStatusName(ConsentStatus s) { return Name(kStatuses, s); }
std::optional<ConsentStatus> ParseConsentStatus(std::string_view name) { return Parse(kStatuses, name); }
const char* ConsentMethodName(ConsentMethod m) { return Name(kMethods, m); }
std::optional<ConsentMethod> ParseConsentMethod(std::string_view name) { return Parse(kMethods, name); }

// Dates are "YYYY-MM-DD", so comparing the strings compares the days. The partner matters only for
// kSharePartner; records equal in date and order are taken in list order, the later one winning.
std::optional<ConsentRecord> ConsentPolicy::InForce(const std::vector<ConsentRecord>& records,
                                                    ConsentPurpose purpose, std::string_view partner_org_id,
                                                    std::string_view date) {
  const ConsentRecord* best = nullptr;
  for (const ConsentRecord& r : records) {
    if (r.purpose != purpose) continue;
    if (purpose == ConsentPurpose::kSharePartner && r.partner_org_id != partner_org_id) continue;
    if (r.date > date) continue;
    if (best == nullptr || r.date > best->date || (r.date == best->date && r.order >= best->order)) best = &r;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

ConsentDecision ConsentPolicy::Decide(const std::vector<ConsentRecord>& records, const ConsentQuestion& question) {
  std::optional<ConsentRecord> record =
      InForce(records, question.purpose, question.partner_org_id, question.date);
  if (!record && question.purpose == ConsentPurpose::kSharePartner) {
    record = InForce(records, ConsentPurpose::kShareAnyPartner, "", question.date);
  }
  if (!record) {
    return Refuse(std::string("no consent for ") + PurposeWords(question.purpose) + " is recorded", "");
  }
  std::string what = std::string("consent for ") + PurposeWords(record->purpose);
  switch (record->status) {
    case ConsentStatus::kRefused:
      return Refuse(what + " was refused on " + record->date, record->id);
    case ConsentStatus::kWithdrawn:
      return Refuse(what + " was withdrawn on " + record->date, record->id);
    case ConsentStatus::kGiven:
      break;
  }
  if (!record->expires_on.empty() && record->expires_on < question.date) {
    return Refuse(what + " expired on " + record->expires_on, record->id);
  }
  // The age that matters is the age when consent was given: a child's guardian consent still holds
  // after the child turns 18, and a child's own consent does not become valid by growing up. An
  // unknown birth date is taken as an adult's.
  bool child = !question.birth_date.empty() && YearsBetween(question.birth_date, record->date) < kAdultAge;
  if (child && record->method != ConsentMethod::kGuardian) {
    return Refuse("consent for a child must be given by a guardian", record->id);
  }
  return ConsentDecision{true, what + " was given on " + record->date, record->id};
}

}  // namespace baton
