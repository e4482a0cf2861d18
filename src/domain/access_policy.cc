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
      if (action == Action::kRead) return SameOrg(who, t) || Granted(who, t);
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
  }
  return false;
}

}  // namespace

const char* ResourceName(Resource r) {
  switch (r) {
    case Resource::kOrganization: return "organization";
    case Resource::kSite: return "site";
    case Resource::kProgramme: return "programme";
    case Resource::kUser: return "user";
    case Resource::kChangeLog: return "change log";
    case Resource::kPerson: return "person";
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
  }
  return false;
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
