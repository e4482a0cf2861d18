// Who may do what: role + organisation (+ programme grants). The one policy every service asks;
// the rules are listed in docs/ARCHITECTURE.md and tested as a matrix of actions × roles ×
// own/other organisation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "domain/persons.h"
#include "domain/roles.h"

namespace baton {

// kErase destroys identifying data (a person's erasure, or folding a duplicate into another);
// kExport takes everything held on one person out of Baton (subject access); kImport registers
// people in bulk from a file.
enum class Action { kRead, kCreate, kUpdate, kDeactivate, kAudit, kErase, kExport, kImport };
// kPerson covers a person and their consent records. kActivity is an activity's plan; kSession
// one of its sessions (with its attendance). kCase is a counselling case with its sessions,
// supervision notes, risk assessments and flags, and outcome assessments. kReferralService is an
// entry of the organisation's directory of services; kReferral a referral of a person to or from a
// service. kMediation is a mediation case with its sessions and agreements. kProgrammeReport is
// the narrative of a programme's report for a period (its target is the programme's). kHandover is
// a programme's handover to a partner: its target is the sending organisation, with the receiver
// in viewer_organization_ids; kExport approves and packages it; kImport accepts a package (the
// target is the receiving organisation). kSupport is the support a programme gets after its
// handover: technical tools shared and advising sessions (its target is the programme's, with the
// former owners whose support lasts in advisor_organization_ids).
enum class Resource {
  kOrganization, kSite, kProgramme, kUser, kChangeLog, kPerson, kActivity, kSession, kCase,
  kReferralService, kReferral, kMediation, kProgrammeReport, kHandover, kSupport
};

// What the policy needs to know about the record acted on.
struct AccessTarget {
  std::string organization_id;  // the owning organisation (an organisation owns itself)
  std::string user_id;          // for users: the user's own id
  std::vector<std::string> viewer_organization_ids;  // for programmes: organisations granted view
  std::vector<std::string> facilitator_ids;  // for activities and sessions: the users who run them
  std::string counsellor_id;  // for cases: the assigned counsellor and clinical supervisor ("" for a
  std::string supervisor_id;  // person's records outside a case: any of the organisation's)
  std::vector<std::string> mediator_ids;  // for mediations: the staff named as its mediators
  // For programmes: the former owners whose advisors (role advisor) read it de-identified after a
  // handover, while their support lasts (ProgrammeTarget keeps only those).
  std::vector<std::string> advisor_organization_ids;
};

class AccessPolicy {
 public:
  // Ok, or kForbidden saying what is missing.
  static Status Check(const Principal& who, Action action, Resource resource, const AccessTarget& target);
  // May `who` list records of this kind at all (results are then filtered record by record)?
  static bool MayList(const Principal& who, Resource resource);
  // How much of a person `who` may see (kNone unless the person belongs to their organisation).
  static PersonDetail PersonDetailFor(const Principal& who, const AccessTarget& person);
  // May `who` read a session's notes: its activity's facilitators, managers and supervisors.
  static bool MaySeeSessionNotes(const Principal& who, const AccessTarget& session);
  // May `who` read the names of a training's participants: those who work with them — the
  // training's facilitators — and the owner's managers and supervisors (the other staff count them
  // without names).
  static bool MaySeeParticipantNames(const Principal& who, const AccessTarget& training);
  // May `who` read a needs assessment's individual responses (answers, respondents, the export):
  // the assessment's facilitators (who take them), the owner's managers and M&E officers (who
  // analyse them). The other staff see the summary only.
  static bool MaySeeResponses(const Principal& who, const AccessTarget& assessment);
  // May `who` read what a person said in counselling (a case's summary and plan, session and
  // supervision notes, risk details, item answers of outcome instruments): the assigned counsellor,
  // the case's supervisor and the owner's managers; outside a case (counsellor_id ""), the owner's
  // managers, supervisors and counsellors. Never facilitators, M&E officers, viewers or admins.
  static bool MaySeeCaseNotes(const Principal& who, const AccessTarget& target);
  // May `who` read a referral's reason and feedback (and print its slip): the owner's managers,
  // supervisors and counsellors. The M&E officer reads referrals without them.
  static bool MaySeeReferralNotes(const Principal& who, const AccessTarget& referral);
  // May `who` read what was said and agreed in a mediation (agreements' text, session notes, the
  // summary and referral note): the owner's managers and supervisors, and counsellors named as its
  // mediators. Never facilitators (even as mediators: they record, and read the rest), M&E
  // officers, viewers or admins.
  static bool MaySeeMediationText(const Principal& who, const AccessTarget& mediation);
  // May `who` read a programme report of `programme` written for the internal or the shared
  // audience, as a draft or final: those who write reports (the owner's managers and M&E officers)
  // read every one; whoever reads the programme's shared reports (ReportAudienceFor) reads the
  // final reports written for the shared audience, never a draft.
  static bool MayReadProgrammeReport(const Principal& who, const AccessTarget& programme, bool internal_audience,
                                     bool final);
  // Organisation keys (docs/formats/handover.md): a key card is public — everyone signed in reads
  // it as part of the organisation (kRead on kOrganization). May `who` make a new key pair for
  // `organization` (rotate): its own admins only.
  static bool MayRotateOrgKey(const Principal& who, const AccessTarget& organization);
  // May `who` record `organization`'s public key from its key card (register): admins of another
  // organisation, who will address handover packages to it. An organisation's own key pair is
  // made (rotated), never registered, so its own admins may not.
  static bool MayRegisterOrgKey(const Principal& who, const AccessTarget& organization);
};

// What of a programme's reports `who` may read (docs/formats/report.md): kInternal — every count —
// for the owner's managers and M&E officers; kShared — small counts hidden — for the owner's other
// users and for viewers of the organisations the programme names in viewer_organization_ids (donor,
// coordination); kNone for anyone else.
enum class ReportAudience { kNone, kShared, kInternal };
ReportAudience ReportAudienceFor(const Principal& who, const AccessTarget& programme);

// How much of a programme's raw records `who` may export (docs/formats/export.md): kIdentified —
// names and contact fields too — for the owner's admins and managers; kDeidentified — codes,
// never names — for the owner's M&E officers; kNone for everyone else (the other staff, viewers,
// advisors, other organisations).
enum class ExportIdentity { kNone, kDeidentified, kIdentified };
ExportIdentity ExportIdentityFor(const Principal& who, const AccessTarget& programme);

// The target of a programme's record (its `data`) on `today`: owner, viewers, and the advisors
// whose support (`advisors[].until`, inclusive) has not ended.
AccessTarget ProgrammeTarget(const Json& programme, std::string_view today);

const char* ResourceName(Resource resource);
const char* ActionName(Action action);

}  // namespace baton
