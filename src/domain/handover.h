// A handover of a programme to a partner organisation (docs/formats/handover.md; MHPSS.md §6: a
// transfer to a third party needs the person's consent, a specified purpose and a written
// agreement). The rules here decide what moves and how; the service reads the records, asks these
// rules and writes the package. No I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/consent_policy.h"
#include "domain/record_spec.h"

namespace baton {

// What a manager fills in when planning a handover.
const RecordSpec& HandoverSpec();
// Cross-field rules and defaults of a plan's state (input already applied): support_until not
// before effective_date (errors name support_until); non_consenting defaults to "deidentified".
Status ResolveHandover(Json& state);

// planned → approved (a manager's and an admin's approval both given) → packaged (a package was
// made; it may be made again) → accepted (the receiver imported it); planned or approved →
// cancelled.
enum class HandoverStatus { kPlanned, kApproved, kPackaged, kAccepted, kCancelled };
const char* HandoverStatusName(HandoverStatus s);
std::optional<HandoverStatus> ParseHandoverStatus(std::string_view name);

// How a person's data moves.
//   kIdentified   with identity and history: consent to share with the receiver holds
//   kDeidentified a stand-in without identity (DeidentifiedPerson) stays the sender's; counted in
//                 reports and attendance, opened by no one at the receiver
//   kWithheld     nothing of the person moves (the plan's non_consenting is "withhold")
enum class Transfer { kIdentified, kDeidentified, kWithheld };
const char* TransferName(Transfer t);

struct PersonTransfer {
  Transfer transfer = Transfer::kWithheld;
  std::string basis_id;  // the consent record the identified transfer rests on
  std::string reason;    // for the others: why, in plain words
  // Why, as a code a report counts by: "consent" (identified); "no_consent", "refused",
  // "withdrawn", "not_valid" (expired, or a child's given without a guardian), "erased", "merged".
  std::string code;
};

// The decision for one person: identified only when consent to share with `receiver_org_id` is in
// force on the effective date and still on `today` (a withdrawal recorded since is honoured);
// an erased person never moves with identity. Merged records follow their survivor (the service
// asks for the survivor).
PersonTransfer DecidePersonTransfer(std::string_view person_status, const std::vector<ConsentRecord>& consents,
                                    std::string_view birth_date, std::string_view receiver_org_id,
                                    std::string_view effective_date, std::string_view today,
                                    bool withhold_non_consenting);

// The stand-in of a person who does not move with identity: code, sex, birth year (the estimated
// birth date becomes 1 July of that year), population group, site, disability flag; status
// "deidentified"; no names, contacts, notes or answers.
Json DeidentifiedPerson(const Json& person);

// The kinds of a programme's records that move, parents before children (the order a receiver
// creates them in), and what decides whether each record moves:
//   kAlways   it names no one (an activity, a session) or names people only by id (attendance,
//             memberships, cooperatives: counts stay whole, no identity moves)
//   kPerson   its `person_id` must move identified (a record naming no one moves)
//   kParties  every registered party (`parties[].person_id`) must move identified
//   kParent   its parent (`parent_field`, a record of `parent_kind`) must move
// The many records of a programme (sessions, attendance, memberships) are read by their typed
// columns alone: nothing of their data decides or is counted, and the staff they name are in
// `staff_columns`.
struct HandoverKind {
  enum class Link { kAlways, kPerson, kParties, kParent };
  std::string kind;
  Link link = Link::kAlways;
  std::string parent_kind;
  std::string parent_field;
  bool by_columns = false;
  std::vector<std::string> staff_columns;
};
const std::vector<HandoverKind>& HandoverKinds();

}  // namespace baton
