// Conflict mediation and peacebuilding: a mediation case between two or more parties (registered
// persons, or groups described without names), its mediators, sessions, the agreements reached and
// whether they held, and the outcome. Dispute types are data a programme may extend. Pure logic:
// the records as clients send them, the case's states and the rules across fields;
// service/MediationService loads, checks access and stores.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// ---- Dispute types (data: MHPSS.md §2 gives no list, so a programme may extend or replace it) ----

struct DisputeType {
  std::string code;      // "land_shelter"
  std::string label;     // what it means, in English
  bool mediate = true;   // false: not mediated; the case is referred (gender-based violence)
  std::string guidance;  // what to do instead, when not mediated
};

// family, land_shelter, resource (water, firewood, rations), inter_community, youth, gender_based
// (not mediated: route to GBV case management) and other.
const std::vector<DisputeType>& DefaultDisputeTypes();

// Checks a programme's "dispute_types" field, which extends or replaces the default list:
//   {"replace": false,   optional; true: "types" is the whole list
//    "types": [{"code": "cattle", "label": "Cattle raiding and grazing", "mediate": true,
//               "guidance": "..."}]}                       mediate and guidance optional
// Extending, a code already in the list replaces that row. kInvalid naming e.g.
// "dispute_types.types[1].code".
Status CheckDisputeTypes(const Json& field);

// The list a programme uses: the defaults, extended or replaced by its "dispute_types" field when
// that passes CheckDisputeTypes.
std::vector<DisputeType> DisputeTypesOfProgramme(const Json& programme);
// nullptr when `code` is not in `types`.
const DisputeType* FindDisputeType(const std::vector<DisputeType>& types, std::string_view code);

// ---- Mediation cases ----

inline constexpr size_t kMinParties = 2;
inline constexpr size_t kMaxParties = 20;
inline constexpr size_t kMaxMediators = 20;
inline constexpr size_t kMaxLinkedActivities = 50;

// "open", "closed".
const std::vector<std::string>& MediationStatuses();
// "resolved", "partially_resolved", "unresolved", "referred".
const std::vector<std::string>& MediationOutcomes();

// Parties: [{"person_id": id} (a registered person) or {"description": "youth of block 3"} (a group
// or community, described without names)], kMinParties..kMaxParties, each person once.
// Errors name "parties", "parties[2].person_id", "parties[2]".
Status CheckParties(const Json& parties);
// Mediators: [{"user_id": id} (staff of the organisation) or {"name": "...", "role": "block
// chief"} (community leaders and others without an account)], 1..kMaxMediators, each user once.
Status CheckMediators(const Json& mediators);
// The lists as stored: texts trimmed, empty optional members dropped (after the checks passed).
void NormaliseParties(Json& mediation);
void NormaliseMediators(Json& mediation);
// The person ids among the parties, and the user ids among the mediators, in order.
std::vector<std::string> PartyPersonIds(const Json& mediation);
std::vector<std::string> MediatorUserIds(const Json& mediation);

// What a client may send for a mediation: programme_id (fixed), dispute_type (a code of the
// programme's list, checked by the service), parties, mediators, opened_on (fixed; today when not
// given), status, outcome, closed_on, follow_up_on, activity_ids (community dialogue and
// peacebuilding events linked), summary, referral_note and reopen_reason (sealed), active.
const RecordSpec& MediationSpec();
// The mediation fields sealed (encrypted with the record's key) rather than stored.
const std::vector<std::string>& MediationSealedFields();

// Rules across a mediation's full state after a change (`before` is {} for a new one), with its
// sealed fields merged in, its dispute type and today's date:
//   a new mediation is open; opened_on is not after today;
//   closed needs outcome and closed_on (not before opened_on, not after today); outcome referred
//   needs referral_note; a type that is not mediated closes only as referred;
//   open carries none of outcome, closed_on, referral_note; a reopened one (closed → open) needs
//   reopen_reason; follow_up_on is not before opened_on.
// Errors: kInvalid naming each field.
Status CheckMediationState(const Json& before, const Json& state, const DisputeType& type, std::string_view today);

// The mediation after a move: reopening (closed → open) clears outcome, closed_on and who closed
// it, and counts the reopening in "reopened". `closed_by` and closed_on's default are the caller's.
void ApplyMediationMove(const Json& before, Json& state);

// Sessions and agreements are refused for a dispute type that is not mediated. kConflict naming
// "dispute_type" with the type's guidance.
Status CheckMediated(const DisputeType& type);

// ---- Sessions ----

// "joint" (the parties together), "separate" (each party apart), "shuttle" (the mediators go between
// them), "follow_up" (checking that agreements hold).
const std::vector<std::string>& MediationSessionKinds();

// What a client may send for a session: mediation_id (fixed), date, kind, duration_minutes
// (1..600), place, notes (sealed), active.
const RecordSpec& MediationSessionSpec();
const std::vector<std::string>& MediationSessionSealedFields();

// The date is on or after the mediation's opened_on and not after `today`; after a mediation was
// closed only a follow_up session is held. Errors: kInvalid naming the field.
Status CheckMediationSessionState(const Json& session, const Json& mediation, std::string_view today);

// ---- Agreements ----

// Whether an agreement held when followed up: "held", "partly_held", "not_held".
const std::vector<std::string>& AgreementHeldValues();

// What a client may send for an agreement: mediation_id (fixed), date, session_id (optional: the
// session it was reached in), text (sealed, required on create), held and followed_up_on (set
// together, at follow-up), active.
const RecordSpec& AgreementSpec();
const std::vector<std::string>& AgreementSealedFields();

// The date is on or after the mediation's opened_on, not after `today`, and (for a closed
// mediation) not after closed_on; held and followed_up_on come together, followed_up_on not before
// the date nor after today. Errors: kInvalid naming each field.
Status CheckAgreementState(const Json& agreement, const Json& mediation, std::string_view today);

}  // namespace baton
