// Referrals (MHPSS.md §7, 4Ws code 7.2 "linking vulnerable people to resources, with follow-up"):
// the organisation's directory of services people are referred to, the referral records as clients
// send them, the status machine made → accepted → completed | declined (or cancelled by the
// referrer), and what a printed referral slip may carry. Pure logic: callers load and store.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// ---- The directory's categories (MHPSS.md §7 [U]: data an organisation extends) ----

struct ReferralCategory {
  std::string code;   // "specialised_mental_health"
  std::string label;  // what it means, in English
};

// The built-in categories: specialised_mental_health, general_health, gbv_case_management,
// child_protection, protection_legal, livelihoods, education, basic_needs,
// disability_rehabilitation, other_psychosocial.
const std::vector<ReferralCategory>& DefaultReferralCategories();

// The codes an organisation files its services under: the built-in ones, then the codes of its
// "referral_categories_extra" field (a list of codes) not already among them, in its order.
std::vector<std::string> ReferralCategoriesOf(const Json& organization);

// ---- The directory of services ----

// What a client may send for a service entry of the directory: name, provider (the organisation
// that runs it, as people call it), category (one of `categories`), location (site, block, town),
// contact (the service's own contact details: an office phone, a focal point's post; not a
// beneficiary's data), accepts (who and what it takes: ages, conditions, referral form), active.
RecordSpec ReferralServiceSpec(const std::vector<std::string>& categories);

// ---- Referrals ----

// "routine", "urgent", "emergency".
const std::vector<std::string>& ReferralUrgencies();
// "made", "accepted", "completed", "declined", "cancelled".
const std::vector<std::string>& ReferralStatuses();
// "outgoing" (this organisation refers a person to a service of its directory) or "incoming" (another
// organisation referred the person to this one).
const std::vector<std::string>& ReferralDirections();

// The 4Ws activity code a referral counts under unless it names another (MHPSS.md §2).
inline constexpr std::string_view kReferralActivityCode = "7.2";

// What a client may send for a referral: direction, programme_id, person_id (fixed once set);
// service_id (outgoing) or from_organization (incoming), fixed too; case_id (a counselling case,
// kept as given); urgency; status; made_on, accepted_on, closed_on, follow_up_on, feedback_on
// (dates); reason and feedback (free text, sealed by the service); activity_code.
const RecordSpec& ReferralSpec();
// The referral fields sealed (encrypted with the record's key) rather than stored: "reason",
// "feedback".
const std::vector<std::string>& ReferralSealedFields();

// Fills what a new referral leaves out: status "made", urgency "routine", made_on `today`,
// activity_code kReferralActivityCode.
void ApplyReferralDefaults(Json& referral, std::string_view today);

// The statuses a referral in `status` may move to: made → accepted, declined, cancelled;
// accepted → completed, declined, cancelled; completed, declined and cancelled are final.
const std::vector<std::string>& NextReferralStatuses(std::string_view status);
bool IsFinalReferralStatus(std::string_view status);

// A status change from `before` to `state` (both full states; `before` null for a new referral).
// A new referral is "made" (kInvalid naming "status" otherwise). A change not allowed by
// NextReferralStatuses is kConflict naming "status". An allowed change stamps its date when the
// client gave none: accepted_on for "accepted", closed_on for a final status, both `today`.
Status ApplyReferralTransition(const Json& before, Json& state, std::string_view today);

// Rules across a referral's full state (after defaults and the transition). kInvalid naming
//   "service_id": absent on an outgoing referral, present on an incoming one;
//   "from_organization": absent on an incoming referral, present on an outgoing one;
//   "accepted_on": absent when status is accepted or completed; present while it is made; before
//     made_on;
//   "closed_on": absent when the status is final, present otherwise; before accepted_on or made_on;
//   "follow_up_on", "feedback_on": before made_on; feedback_on without feedback (`has_feedback`,
//     since the feedback itself is sealed apart from the state);
//   any of made_on, accepted_on, closed_on, feedback_on after `today` (what happened is not in the
//     future; a follow-up may be).
Status CheckReferralState(const Json& referral, bool has_feedback, std::string_view today);

// ---- The referral slip ----

// What the slip is made from. `person` may hold more than a slip may carry (phone, notes, ...):
// ReferralSlip takes only what it may.
struct SlipInput {
  Json referral;        // the referral's state: id, made_on, urgency, direction, ...
  std::string reason;   // the opened reason
  Json service;         // the directory entry referred to (null for none)
  Json person;          // the person as the caller sees them
  bool referral_consent = false;  // consent for referral is in force today
  std::string consent_reason;     // the consent policy's words for it
  std::string referrer_organization;  // the referring organisation's name
  std::string referrer_name;          // who made the referral (a staff member's display name)
};

// The slip: {"referral_id", "date", "urgency", "reason", "service": {name, provider, category,
// location, contact}, "referrer": {organization, name}, "person": {...}, "identity_shown",
// "identity_note"}. The person's identity (code, given_name, family_name, other_names, sex,
// age_years) only when `referral_consent`; otherwise the code alone and identity_note says why.
// Never notes, contact details of the person, other consents or the feedback.
Json ReferralSlip(const SlipInput& input);

}  // namespace baton
