// Consent per purpose (MHPSS.md §6) and the one rule set that answers "may this person's data be
// used for Y, or shared with organisation X, on date D?". Referral, export and handover all ask it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

// kShareProgrammes: the organisation's other programmes and sites may use the person's data (e.g.
// record them at another site's activities).
enum class ConsentPurpose { kServices, kFollowUp, kReferral, kSharePartner, kShareAnyPartner, kPhoto, kShareProgrammes };
enum class ConsentStatus { kGiven, kRefused, kWithdrawn };
enum class ConsentMethod { kVerbal, kWritten, kGuardian };

// "services", "follow_up", "referral", "share_partner", "share_any_partner", "photo", "share_programmes".
const char* ConsentPurposeName(ConsentPurpose p);
std::optional<ConsentPurpose> ParseConsentPurpose(std::string_view name);
const char* ConsentStatusName(ConsentStatus s);  // "given", "refused", "withdrawn"
std::optional<ConsentStatus> ParseConsentStatus(std::string_view name);
const char* ConsentMethodName(ConsentMethod m);  // "verbal", "written", "guardian"
std::optional<ConsentMethod> ParseConsentMethod(std::string_view name);

// Age below which consent must be given by a guardian.
inline constexpr int kAdultAge = 18;

// One recorded statement of consent. Records are never changed: a withdrawal or a renewed consent
// is a new record, so the history is the list itself.
struct ConsentRecord {
  std::string id;
  ConsentPurpose purpose = ConsentPurpose::kServices;
  std::string partner_org_id;  // only for kSharePartner
  ConsentStatus status = ConsentStatus::kGiven;
  ConsentMethod method = ConsentMethod::kVerbal;
  std::string date;        // "YYYY-MM-DD": when it was given, refused or withdrawn
  std::string expires_on;  // "" = no end; otherwise the last day it holds
  int64_t order = 0;       // recording order (log sequence); breaks ties between records of one date
};

struct ConsentQuestion {
  ConsentPurpose purpose = ConsentPurpose::kServices;
  std::string partner_org_id;  // for kSharePartner: the organisation that would receive the data
  std::string date;            // the day of the use or transfer
  std::string birth_date;      // the person's (possibly estimated) birth date; "" when unknown
};

struct ConsentDecision {
  bool allowed = false;
  std::string reason;    // plain words for the user, e.g. "consent for referral was withdrawn on 2016-03-02"
  std::string basis_id;  // the record the answer rests on ("" when none)
};

class ConsentPolicy {
 public:
  // The record in force for (purpose, partner) on `date`: the latest record dated on or before
  // `date` (ties by `order`). Records dated after `date` do not count yet.
  static std::optional<ConsentRecord> InForce(const std::vector<ConsentRecord>& records, ConsentPurpose purpose,
                                              std::string_view partner_org_id, std::string_view date);

  // Rules, in this order:
  //  - no record in force -> refused ("no consent for <purpose> is recorded");
  //  - refused or withdrawn -> refused, naming the date;
  //  - given but expired (expires_on < date) -> refused, naming the date;
  //  - the person was a child (< kAdultAge) on the record's date and the method is not guardian ->
  //    refused ("consent for a child must be given by a guardian");
  //  - otherwise allowed.
  // For kSharePartner with partner X: a record for X in force decides (a refusal for X is not
  // overridden by a general consent); without one, a share_any_partner record in force decides.
  static ConsentDecision Decide(const std::vector<ConsentRecord>& records, const ConsentQuestion& question);
};

}  // namespace baton
