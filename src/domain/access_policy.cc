#include "domain/access_policy.h"

#include <algorithm>

namespace baton {
namespace {

bool SameOrg(const Principal& who, const AccessTarget& t) {
  return !who.organization_id.empty() && who.organization_id == t.organization_id;
}

bool Granted(const Principal& who, const AccessTarget& t) {
  return std::find(t.viewer_organization_ids.begin(), t.viewer_organization_ids.end(),
                   who.organization_id) != t.viewer_organization_ids.end();
}

// An advisor of the former owner, while its support after a handover lasts.
bool Advises(const Principal& who, const AccessTarget& t) {
  return who.has(Role::kAdvisor) && !who.organization_id.empty() &&
         std::find(t.advisor_organization_ids.begin(), t.advisor_organization_ids.end(), who.organization_id) !=
             t.advisor_organization_ids.end();
}

bool Facilitates(const Principal& who, const AccessTarget& t) {
  return who.has(Role::kFacilitator) &&
         std::find(t.facilitator_ids.begin(), t.facilitator_ids.end(), who.user_id) != t.facilitator_ids.end();
}

// Programme staff who see the activities of their organisation (plans and sessions, not notes).
bool ProgrammeStaff(const Principal& who) {
  return who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kCounsellor) ||
         who.has(Role::kFacilitator) || who.has(Role::kMeOfficer);
}

// The case's assigned counsellor or supervisor; outside a case, any counsellor or supervisor.
bool Assigned(const Principal& who, const AccessTarget& t) {
  if (t.counsellor_id.empty() && t.supervisor_id.empty()) {
    return who.has(Role::kCounsellor) || who.has(Role::kSupervisor);
  }
  return (who.has(Role::kCounsellor) && who.user_id == t.counsellor_id) ||
         (who.has(Role::kSupervisor) && who.user_id == t.supervisor_id);
}

// Named among a mediation's mediators, as programme staff who work with people.
bool Mediates(const Principal& who, const AccessTarget& t) {
  const bool staff = who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kCounsellor) ||
                     who.has(Role::kFacilitator);
  return staff && std::find(t.mediator_ids.begin(), t.mediator_ids.end(), who.user_id) != t.mediator_ids.end();
}

bool Allowed(const Principal& who, Action action, Resource resource, const AccessTarget& t) {
  const bool admin = who.has(Role::kAdmin);
  const bool manager = who.has(Role::kManager);
  switch (resource) {
    case Resource::kOrganization:
    case Resource::kSite:
      // Organisations and sites are shared reference data: everyone signed in reads them; an
      // admin adds them; only the owning organisation's admin changes them.
      if (action == Action::kRead) return true;
      if (action == Action::kCreate) return admin;
      if (action == Action::kAudit) return admin && SameOrg(who, t);
      return admin && SameOrg(who, t);
    case Resource::kProgramme:
      if (action == Action::kRead) return SameOrg(who, t) || Granted(who, t) || Advises(who, t);
      if (action == Action::kCreate || action == Action::kUpdate) return (admin || manager) && SameOrg(who, t);
      if (action == Action::kAudit) return (admin || manager) && SameOrg(who, t);
      return admin && SameOrg(who, t);
    case Resource::kUser:
      if (action == Action::kRead) return who.user_id == t.user_id || ((admin || manager) && SameOrg(who, t));
      return admin && SameOrg(who, t);
    case Resource::kChangeLog:
      return admin && (action == Action::kRead || action == Action::kAudit);
    case Resource::kPerson: {
      // People are seen only by their own organisation, and by no admin or viewer as such.
      if (!SameOrg(who, t)) return false;
      const bool caseworker = manager || who.has(Role::kSupervisor) || who.has(Role::kCounsellor);
      switch (action) {
        case Action::kRead: return AccessPolicy::PersonDetailFor(who, t) != PersonDetail::kNone;
        case Action::kCreate:
        case Action::kUpdate: return caseworker;
        case Action::kErase:
        case Action::kExport:
        case Action::kImport:
        case Action::kAudit: return manager;
        case Action::kDeactivate: return false;
      }
      return false;
    }
    case Resource::kActivity:
      // Managers plan activities; the programme's staff read them.
      if (!SameOrg(who, t)) return false;
      if (action == Action::kRead) return ProgrammeStaff(who);
      return manager && (action == Action::kCreate || action == Action::kUpdate || action == Action::kAudit);
    case Resource::kSession:
      // Sessions are recorded by the activity's own facilitators (in the field) and by managers.
      if (!SameOrg(who, t)) return false;
      if (action == Action::kRead) return ProgrammeStaff(who);
      if (action == Action::kCreate || action == Action::kUpdate) return manager || Facilitates(who, t);
      return manager && action == Action::kAudit;
    case Resource::kCase:
      // Counselling is seen by those assigned to it and by managers; the M&E officer reads a
      // case's status and dates (never what was said) to count cases.
      if (!SameOrg(who, t)) return false;
      switch (action) {
        case Action::kRead: return manager || who.has(Role::kMeOfficer) || Assigned(who, t);
        case Action::kCreate: return manager || who.has(Role::kSupervisor) || who.has(Role::kCounsellor);
        case Action::kUpdate: return manager || Assigned(who, t);
        case Action::kDeactivate:
        case Action::kAudit: return manager;
        default: return false;
      }
    case Resource::kReferralService:
      // The directory: every user of the owner reads it (a counsellor looks a service up);
      // admins and managers keep it.
      if (!SameOrg(who, t)) return false;
      if (action == Action::kRead) return true;
      return (admin || manager) && (action == Action::kCreate || action == Action::kUpdate || action == Action::kAudit);
    case Resource::kReferral: {
      // Referrals are casework: the owner's managers, supervisors and counsellors make and follow
      // them; the M&E officer reads them (without reason and feedback, people de-identified).
      if (!SameOrg(who, t)) return false;
      const bool caseworker = manager || who.has(Role::kSupervisor) || who.has(Role::kCounsellor);
      if (action == Action::kRead) return caseworker || who.has(Role::kMeOfficer);
      if (action == Action::kCreate || action == Action::kUpdate) return caseworker;
      return manager && action == Action::kAudit;
    }
    case Resource::kMediation:
      // Mediations are seen by their mediators, managers and supervisors; the M&E officer reads
      // type, status, outcome and dates to count them. Programme staff open the ones they mediate.
      if (!SameOrg(who, t)) return false;
      switch (action) {
        case Action::kRead: return manager || who.has(Role::kSupervisor) || who.has(Role::kMeOfficer) || Mediates(who, t);
        case Action::kCreate:
          return manager || who.has(Role::kSupervisor) || who.has(Role::kCounsellor) || who.has(Role::kFacilitator);
        case Action::kUpdate: return manager || who.has(Role::kSupervisor) || Mediates(who, t);
        case Action::kDeactivate:
        case Action::kAudit: return manager;
        default: return false;
      }
    case Resource::kProgrammeReport:
      // The narrative is written by the programme's managers and M&E officers; it is read by those
      // who read the programme's reports (which of them: MayReadProgrammeReport).
      if (action == Action::kRead) return ReportAudienceFor(who, t) != ReportAudience::kNone;
      if (!SameOrg(who, t)) return false;
      if (action == Action::kCreate || action == Action::kUpdate) return manager || who.has(Role::kMeOfficer);
      return manager && action == Action::kAudit;
    case Resource::kHandover:
      // Planned and changed by the sender's managers; approved and packaged by its managers and
      // admins (one of each); read by both organisations' managers and admins; accepted by the
      // receiver's.
      if (!admin && !manager) return false;
      if (action == Action::kRead) return SameOrg(who, t) || Granted(who, t);
      if (action == Action::kExport || action == Action::kImport || action == Action::kAudit) return SameOrg(who, t);
      return manager && SameOrg(who, t);
    case Resource::kSupport:
      // Tools shared and advising sessions after a handover: read by the programme's staff (the
      // owner's managers, supervisors, counsellors, facilitators and M&E officers) and recorded by
      // its managers; the former owner's advisors read and record them while their support lasts.
      if (Advises(who, t)) return action == Action::kRead || action == Action::kCreate || action == Action::kUpdate;
      if (!SameOrg(who, t)) return false;
      if (action == Action::kRead) return ProgrammeStaff(who);
      return manager && (action == Action::kCreate || action == Action::kUpdate);
  }
  return false;
}

}  // namespace

ReportAudience ReportAudienceFor(const Principal& who, const AccessTarget& programme) {
  if (SameOrg(who, programme)) {
    if (who.has(Role::kManager) || who.has(Role::kMeOfficer)) return ReportAudience::kInternal;
    return ReportAudience::kShared;
  }
  if (Granted(who, programme) && who.has(Role::kViewer)) return ReportAudience::kShared;
  return Advises(who, programme) ? ReportAudience::kShared : ReportAudience::kNone;
}

AccessTarget ProgrammeTarget(const Json& programme, std::string_view today) {
  AccessTarget t;
  if (!programme.is_object()) return t;
  t.organization_id = programme.value("organization_id", "");
  for (const Json& id : programme.value("viewer_organization_ids", Json::array())) {
    if (id.is_string()) t.viewer_organization_ids.push_back(id.get<std::string>());
  }
  for (const Json& a : programme.value("advisors", Json::array())) {
    if (!a.is_object() || !a.contains("organization_id") || !a["organization_id"].is_string()) continue;
    const std::string until = a.value("until", "");
    if (!today.empty() && !until.empty() && until >= today) {
      t.advisor_organization_ids.push_back(a["organization_id"].get<std::string>());
    }
  }
  return t;
}

ExportIdentity ExportIdentityFor(const Principal& who, const AccessTarget& programme) {
  if (!SameOrg(who, programme)) return ExportIdentity::kNone;
  if (who.has(Role::kAdmin) || who.has(Role::kManager)) return ExportIdentity::kIdentified;
  if (who.has(Role::kMeOfficer)) return ExportIdentity::kDeidentified;
  return ExportIdentity::kNone;
}

const char* ResourceName(Resource r) {
  switch (r) {
    case Resource::kOrganization: return "organization";
    case Resource::kSite: return "site";
    case Resource::kProgramme: return "programme";
    case Resource::kUser: return "user";
    case Resource::kChangeLog: return "change log";
    case Resource::kPerson: return "person";
    case Resource::kActivity: return "activity";
    case Resource::kSession: return "session";
    case Resource::kCase: return "case";
    case Resource::kReferralService: return "service of the referral directory";
    case Resource::kReferral: return "referral";
    case Resource::kMediation: return "mediation";
    case Resource::kProgrammeReport: return "programme report";
    case Resource::kHandover: return "handover";
    case Resource::kSupport: return "support record";
  }
  return "record";
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kRead: return "read";
    case Action::kCreate: return "create";
    case Action::kUpdate: return "change";
    case Action::kDeactivate: return "deactivate";
    case Action::kAudit: return "see the history of";
    case Action::kErase: return "erase";
    case Action::kExport: return "export";
    case Action::kImport: return "import";
  }
  return "act on";
}

Status AccessPolicy::Check(const Principal& who, Action action, Resource resource, const AccessTarget& target) {
  if (who.is_system() || Allowed(who, action, resource, target)) return Status::Ok();
  return Status::Forbidden(std::string("your roles do not allow you to ") + ActionName(action) + " this " +
                           ResourceName(resource));
}

bool AccessPolicy::MayList(const Principal& who, Resource resource) {
  if (who.is_system()) return true;
  switch (resource) {
    case Resource::kOrganization:
    case Resource::kSite:
    case Resource::kProgramme:
      return true;  // programmes are filtered to the caller's own and granted ones
    case Resource::kUser:
      return who.has(Role::kAdmin) || who.has(Role::kManager);
    case Resource::kChangeLog:
      return who.has(Role::kAdmin);
    case Resource::kPerson:
      return PersonDetailFor(who, {who.organization_id, "", {}}) != PersonDetail::kNone;
    case Resource::kActivity:
    case Resource::kSession:
      return ProgrammeStaff(who);
    case Resource::kReferralService:
      return !who.organization_id.empty();  // filtered to the caller's organisation
    case Resource::kReferral:
    case Resource::kCase:
      return who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kCounsellor) ||
             who.has(Role::kMeOfficer);
    case Resource::kMediation:
      return who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kCounsellor) ||
             who.has(Role::kFacilitator) || who.has(Role::kMeOfficer);
    case Resource::kProgrammeReport:
      return !who.organization_id.empty();  // filtered to the reports the caller may read
    case Resource::kHandover:
      return who.has(Role::kAdmin) || who.has(Role::kManager);
    case Resource::kSupport:
      // A programme's staff, and advisors (each programme then decides: ProgrammeTarget).
      return ProgrammeStaff(who) || who.has(Role::kAdvisor);
  }
  return false;
}

bool AccessPolicy::MayReadProgrammeReport(const Principal& who, const AccessTarget& programme, bool internal_audience,
                                          bool final) {
  if (who.is_system()) return true;
  switch (ReportAudienceFor(who, programme)) {
    case ReportAudience::kInternal: return true;
    case ReportAudience::kShared: return !internal_audience && final;
    case ReportAudience::kNone: return false;
  }
  return false;
}

bool AccessPolicy::MayRotateOrgKey(const Principal& who, const AccessTarget& organization) {
  if (who.is_system()) return true;
  return who.has(Role::kAdmin) && SameOrg(who, organization);
}

bool AccessPolicy::MayRegisterOrgKey(const Principal& who, const AccessTarget& organization) {
  if (who.is_system()) return true;
  return who.has(Role::kAdmin) && !who.organization_id.empty() && !SameOrg(who, organization);
}

bool AccessPolicy::MaySeeSessionNotes(const Principal& who, const AccessTarget& session) {
  if (who.is_system()) return true;
  if (!SameOrg(who, session)) return false;
  return who.has(Role::kManager) || who.has(Role::kSupervisor) || Facilitates(who, session);
}

bool AccessPolicy::MaySeeParticipantNames(const Principal& who, const AccessTarget& training) {
  if (who.is_system()) return true;
  if (!SameOrg(who, training)) return false;
  return who.has(Role::kManager) || who.has(Role::kSupervisor) || Facilitates(who, training);
}

bool AccessPolicy::MaySeeResponses(const Principal& who, const AccessTarget& assessment) {
  if (who.is_system()) return true;
  if (!SameOrg(who, assessment)) return false;
  return who.has(Role::kManager) || who.has(Role::kMeOfficer) || Facilitates(who, assessment);
}

bool AccessPolicy::MaySeeCaseNotes(const Principal& who, const AccessTarget& target) {
  if (who.is_system()) return true;
  if (!SameOrg(who, target)) return false;
  return who.has(Role::kManager) || Assigned(who, target);
}

bool AccessPolicy::MaySeeReferralNotes(const Principal& who, const AccessTarget& referral) {
  if (who.is_system()) return true;
  if (!SameOrg(who, referral)) return false;
  return who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kCounsellor);
}

bool AccessPolicy::MaySeeMediationText(const Principal& who, const AccessTarget& mediation) {
  if (who.is_system()) return true;
  if (!SameOrg(who, mediation)) return false;
  return who.has(Role::kManager) || who.has(Role::kSupervisor) ||
         (who.has(Role::kCounsellor) && Mediates(who, mediation));
}

PersonDetail AccessPolicy::PersonDetailFor(const Principal& who, const AccessTarget& person) {
  if (who.is_system()) return PersonDetail::kFull;
  if (!SameOrg(who, person)) return PersonDetail::kNone;
  if (who.has(Role::kManager) || who.has(Role::kSupervisor) || who.has(Role::kCounsellor)) return PersonDetail::kFull;
  if (who.has(Role::kFacilitator)) return PersonDetail::kAttendance;
  if (who.has(Role::kMeOfficer)) return PersonDetail::kDeidentified;
  return PersonDetail::kNone;
}

}  // namespace baton
