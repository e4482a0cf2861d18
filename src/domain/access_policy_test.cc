#include "domain/access_policy.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

Principal User(std::string org, std::initializer_list<Role> roles, std::string id = "u1") {
  return Principal{std::move(id), std::move(org), "someone", roles};
}

TEST(AccessPolicyTest, SharedReferenceDataIsReadableByEveryone) {
  Principal viewer = User("dca", {Role::kViewer});
  EXPECT_TRUE(AccessPolicy::Check(viewer, Action::kRead, Resource::kSite, {"iom"}).ok());
  EXPECT_TRUE(AccessPolicy::Check(viewer, Action::kRead, Resource::kOrganization, {"iom"}).ok());
  EXPECT_FALSE(AccessPolicy::Check(viewer, Action::kCreate, Resource::kSite, {"dca"}).ok());
}

TEST(AccessPolicyTest, OnlyTheOwningAdminChangesASite) {
  EXPECT_TRUE(AccessPolicy::Check(User("iom", {Role::kAdmin}), Action::kUpdate, Resource::kSite, {"iom"}).ok());
  Status s = AccessPolicy::Check(User("alarm", {Role::kAdmin}), Action::kUpdate, Resource::kSite, {"iom"});
  EXPECT_EQ(s.code(), Code::kForbidden);
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kManager}), Action::kUpdate, Resource::kSite, {"iom"}).ok());
}

TEST(AccessPolicyTest, ProgrammesAreSeenByTheirOrganisationAndGrantedViewers) {
  AccessTarget programme{"alarm", "", {"dca"}};
  EXPECT_TRUE(AccessPolicy::Check(User("alarm", {Role::kCounsellor}), Action::kRead, Resource::kProgramme, programme).ok());
  EXPECT_TRUE(AccessPolicy::Check(User("dca", {Role::kViewer}), Action::kRead, Resource::kProgramme, programme).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kManager}), Action::kRead, Resource::kProgramme, programme).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("dca", {Role::kViewer}), Action::kUpdate, Resource::kProgramme, programme).ok());
  EXPECT_TRUE(AccessPolicy::Check(User("alarm", {Role::kManager}), Action::kUpdate, Resource::kProgramme, programme).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("alarm", {Role::kManager}), Action::kDeactivate, Resource::kProgramme, programme).ok());
}

TEST(AccessPolicyTest, UsersAreManagedByTheirOwnAdminAndSeeThemselves) {
  AccessTarget target{"iom", "u7", {}};
  EXPECT_TRUE(AccessPolicy::Check(User("iom", {Role::kAdmin}), Action::kUpdate, Resource::kUser, target).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("alarm", {Role::kAdmin}), Action::kRead, Resource::kUser, target).ok());
  EXPECT_TRUE(AccessPolicy::Check(User("iom", {Role::kCounsellor}, "u7"), Action::kRead, Resource::kUser, target).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kCounsellor}, "u8"), Action::kRead, Resource::kUser, target).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kCounsellor}, "u7"), Action::kUpdate, Resource::kUser, target).ok());
}

TEST(AccessPolicyTest, ChangeLogIsForAdminsOnly) {
  EXPECT_TRUE(AccessPolicy::MayList(User("iom", {Role::kAdmin}), Resource::kChangeLog));
  EXPECT_FALSE(AccessPolicy::MayList(User("iom", {Role::kManager}), Resource::kChangeLog));
  EXPECT_FALSE(AccessPolicy::MayList(User("iom", {Role::kMeOfficer}), Resource::kUser));
}

TEST(AccessPolicyTest, PeopleAreSeenByTheirOrganisationInTheDetailTheRoleNeeds) {
  AccessTarget own{"org-a", "", {}};
  AccessTarget other{"org-b", "", {}};
  auto who = [](Role r) { return Principal{"u", "org-a", "u", {r}}; };
  EXPECT_EQ(AccessPolicy::PersonDetailFor(who(Role::kManager), own), PersonDetail::kFull);
  EXPECT_EQ(AccessPolicy::PersonDetailFor(who(Role::kSupervisor), own), PersonDetail::kFull);
  EXPECT_EQ(AccessPolicy::PersonDetailFor(who(Role::kCounsellor), own), PersonDetail::kFull);
  EXPECT_EQ(AccessPolicy::PersonDetailFor(who(Role::kFacilitator), own), PersonDetail::kAttendance);
  EXPECT_EQ(AccessPolicy::PersonDetailFor(who(Role::kMeOfficer), own), PersonDetail::kDeidentified);
  for (Role r : {Role::kAdmin, Role::kViewer, Role::kAdvisor}) {
    EXPECT_EQ(AccessPolicy::PersonDetailFor(who(r), own), PersonDetail::kNone) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MayList(who(r), Resource::kPerson)) << RoleName(r);
  }
  for (Role r : AllRoles()) {
    EXPECT_EQ(AccessPolicy::PersonDetailFor(who(r), other), PersonDetail::kNone) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::Check(who(r), Action::kRead, Resource::kPerson, other).ok()) << RoleName(r);
  }
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kCounsellor), Action::kCreate, Resource::kPerson, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kFacilitator), Action::kUpdate, Resource::kPerson, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kCounsellor), Action::kErase, Resource::kPerson, own).ok());
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kManager), Action::kErase, Resource::kPerson, own).ok());
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kManager), Action::kExport, Resource::kPerson, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kMeOfficer), Action::kExport, Resource::kPerson, own).ok());
  // A field of a person: names reach facilitators, never M&E; protection details stay with caseworkers.
  EXPECT_TRUE(PersonFieldVisible(PersonDetail::kAttendance, "given_name"));
  EXPECT_FALSE(PersonFieldVisible(PersonDetail::kDeidentified, "given_name"));
  EXPECT_FALSE(PersonFieldVisible(PersonDetail::kDeidentified, "birth_date"));
  EXPECT_TRUE(PersonFieldVisible(PersonDetail::kDeidentified, "age_years"));
  EXPECT_FALSE(PersonFieldVisible(PersonDetail::kAttendance, "phone"));
  EXPECT_FALSE(PersonFieldVisible(PersonDetail::kAttendance, "specific_needs"));
  EXPECT_TRUE(PersonFieldVisible(PersonDetail::kDeidentified, "specific_needs"));
  EXPECT_TRUE(PersonFieldVisible(PersonDetail::kFull, "notes"));
  EXPECT_FALSE(PersonFieldVisible(PersonDetail::kNone, "code"));
}

TEST(AccessPolicyTest, ManagersPlanActivitiesAndTheirFacilitatorsRecordSessions) {
  AccessTarget own{.organization_id = "org-a", .facilitator_ids = {"fac-1"}};
  AccessTarget other{.organization_id = "org-b", .facilitator_ids = {"fac-1"}};
  auto who = [](Role r, const char* id = "u") { return Principal{id, "org-a", "u", {r}}; };
  for (Role r : {Role::kManager, Role::kSupervisor, Role::kCounsellor, Role::kFacilitator, Role::kMeOfficer}) {
    EXPECT_TRUE(AccessPolicy::MayList(who(r), Resource::kActivity)) << RoleName(r);
    EXPECT_TRUE(AccessPolicy::Check(who(r), Action::kRead, Resource::kActivity, own).ok()) << RoleName(r);
    EXPECT_TRUE(AccessPolicy::Check(who(r), Action::kRead, Resource::kSession, own).ok()) << RoleName(r);
  }
  for (Role r : {Role::kAdmin, Role::kViewer, Role::kAdvisor}) {
    EXPECT_FALSE(AccessPolicy::MayList(who(r), Resource::kActivity)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::Check(who(r), Action::kRead, Resource::kSession, own).ok()) << RoleName(r);
  }
  for (Role r : AllRoles()) {
    EXPECT_FALSE(AccessPolicy::Check(who(r), Action::kRead, Resource::kActivity, other).ok()) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::Check(who(r, "fac-1"), Action::kCreate, Resource::kSession, other).ok()) << RoleName(r);
  }
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kManager), Action::kCreate, Resource::kActivity, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kFacilitator, "fac-1"), Action::kUpdate, Resource::kActivity, own).ok());
  // A facilitator records the sessions of the activities they run, not of others'.
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kFacilitator, "fac-1"), Action::kCreate, Resource::kSession, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kFacilitator, "fac-2"), Action::kCreate, Resource::kSession, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kCounsellor, "fac-1"), Action::kCreate, Resource::kSession, own).ok());
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kManager), Action::kUpdate, Resource::kSession, own).ok());
  // Session notes: the activity's facilitators, managers and supervisors; never M&E.
  EXPECT_TRUE(AccessPolicy::MaySeeSessionNotes(who(Role::kFacilitator, "fac-1"), own));
  EXPECT_FALSE(AccessPolicy::MaySeeSessionNotes(who(Role::kFacilitator, "fac-2"), own));
  EXPECT_TRUE(AccessPolicy::MaySeeSessionNotes(who(Role::kSupervisor), own));
  EXPECT_FALSE(AccessPolicy::MaySeeSessionNotes(who(Role::kMeOfficer), own));
  EXPECT_FALSE(AccessPolicy::MaySeeSessionNotes(who(Role::kCounsellor), own));
  EXPECT_FALSE(AccessPolicy::MaySeeSessionNotes(who(Role::kManager), other));
  // Training participants' names: the training's facilitators, managers and supervisors.
  for (Role r : {Role::kManager, Role::kSupervisor}) {
    EXPECT_TRUE(AccessPolicy::MaySeeParticipantNames(who(r), own)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MaySeeParticipantNames(who(r), other)) << RoleName(r);
  }
  EXPECT_TRUE(AccessPolicy::MaySeeParticipantNames(who(Role::kFacilitator, "fac-1"), own));
  EXPECT_FALSE(AccessPolicy::MaySeeParticipantNames(who(Role::kFacilitator, "fac-2"), own));
  EXPECT_FALSE(AccessPolicy::MaySeeParticipantNames(who(Role::kFacilitator, "fac-1"), other));
  for (Role r : {Role::kCounsellor, Role::kMeOfficer, Role::kAdmin, Role::kViewer, Role::kAdvisor}) {
    EXPECT_FALSE(AccessPolicy::MaySeeParticipantNames(who(r), own)) << RoleName(r);
  }
  // A needs assessment's responses: its facilitators, the owner's managers and M&E officers.
  for (Role r : {Role::kManager, Role::kMeOfficer}) {
    EXPECT_TRUE(AccessPolicy::MaySeeResponses(who(r), own)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MaySeeResponses(who(r), other)) << RoleName(r);
  }
  EXPECT_TRUE(AccessPolicy::MaySeeResponses(who(Role::kFacilitator, "fac-1"), own));
  EXPECT_FALSE(AccessPolicy::MaySeeResponses(who(Role::kFacilitator, "fac-2"), own));
  for (Role r : {Role::kSupervisor, Role::kCounsellor, Role::kAdmin, Role::kViewer, Role::kAdvisor}) {
    EXPECT_FALSE(AccessPolicy::MaySeeResponses(who(r), own)) << RoleName(r);
  }
}

TEST(AccessPolicyTest, SystemMayDoAnything) {
  EXPECT_TRUE(AccessPolicy::Check(Principal::System(), Action::kDeactivate, Resource::kUser, {"x"}).ok());
}

TEST(AccessPolicyTest, ForbiddenSaysWhat) {
  Status s = AccessPolicy::Check(User("iom", {Role::kViewer}), Action::kCreate, Resource::kSite, {"iom"});
  EXPECT_EQ(s.message(), "your roles do not allow you to create this site");
}

TEST(AccessPolicyTest, CasesAreSeenByThoseAssignedAndManagers) {
  AccessTarget own{.organization_id = "org-a", .counsellor_id = "c-1", .supervisor_id = "s-1"};
  AccessTarget other = own;
  other.organization_id = "org-b";
  AccessTarget outside_a_case{.organization_id = "org-a"};
  auto who = [](Role r, const char* id = "u") { return Principal{id, "org-a", "u", {r}}; };
  // Reading the case (status, dates): those assigned, managers and the M&E officer.
  for (const Principal& p : {who(Role::kCounsellor, "c-1"), who(Role::kSupervisor, "s-1"), who(Role::kManager),
                             who(Role::kMeOfficer)}) {
    EXPECT_TRUE(AccessPolicy::Check(p, Action::kRead, Resource::kCase, own).ok()) << p.user_id;
    EXPECT_FALSE(AccessPolicy::Check(p, Action::kRead, Resource::kCase, other).ok()) << p.user_id;
  }
  for (const Principal& p : {who(Role::kCounsellor, "c-2"), who(Role::kSupervisor, "s-2"),
                             who(Role::kFacilitator), who(Role::kViewer), who(Role::kAdmin), who(Role::kAdvisor),
                             who(Role::kCounsellor, "s-1"), who(Role::kSupervisor, "c-1")}) {
    EXPECT_FALSE(AccessPolicy::Check(p, Action::kRead, Resource::kCase, own).ok()) << p.user_id;
  }
  // What was said: never the M&E officer, never an unassigned counsellor.
  EXPECT_TRUE(AccessPolicy::MaySeeCaseNotes(who(Role::kCounsellor, "c-1"), own));
  EXPECT_TRUE(AccessPolicy::MaySeeCaseNotes(who(Role::kSupervisor, "s-1"), own));
  EXPECT_TRUE(AccessPolicy::MaySeeCaseNotes(who(Role::kManager), own));
  EXPECT_FALSE(AccessPolicy::MaySeeCaseNotes(who(Role::kManager), other));
  for (Role r : {Role::kMeOfficer, Role::kFacilitator, Role::kViewer, Role::kAdmin, Role::kAdvisor}) {
    EXPECT_FALSE(AccessPolicy::MaySeeCaseNotes(who(r), own)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MaySeeCaseNotes(who(r), outside_a_case)) << RoleName(r);
  }
  EXPECT_FALSE(AccessPolicy::MaySeeCaseNotes(who(Role::kCounsellor, "c-2"), own));
  // Outside a case, any of the organisation's counsellors and supervisors.
  EXPECT_TRUE(AccessPolicy::MaySeeCaseNotes(who(Role::kCounsellor, "c-2"), outside_a_case));
  EXPECT_TRUE(AccessPolicy::MaySeeCaseNotes(who(Role::kSupervisor, "s-2"), outside_a_case));
  // Changing a case: those assigned and managers; opening one: any caseworker.
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kCounsellor, "c-1"), Action::kUpdate, Resource::kCase, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kCounsellor, "c-2"), Action::kUpdate, Resource::kCase, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kMeOfficer), Action::kUpdate, Resource::kCase, own).ok());
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kCounsellor, "c-9"), Action::kCreate, Resource::kCase, outside_a_case).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kFacilitator), Action::kCreate, Resource::kCase, outside_a_case).ok());
  EXPECT_FALSE(AccessPolicy::MayList(who(Role::kFacilitator), Resource::kCase));
  EXPECT_TRUE(AccessPolicy::MayList(who(Role::kMeOfficer), Resource::kCase));
}

TEST(AccessPolicyTest, TheDirectoryIsReadByTheOwnerAndKeptByItsAdminsAndManagers) {
  AccessTarget own{"org-a", "", {}};
  auto who = [](Role r, const char* org = "org-a") { return Principal{"u", org, "u", {r}}; };
  for (Role r : AllRoles()) {
    EXPECT_TRUE(AccessPolicy::Check(who(r), Action::kRead, Resource::kReferralService, own).ok()) << RoleName(r);
    const bool keeps = r == Role::kAdmin || r == Role::kManager;
    EXPECT_EQ(AccessPolicy::Check(who(r), Action::kCreate, Resource::kReferralService, own).ok(), keeps) << RoleName(r);
    EXPECT_EQ(AccessPolicy::Check(who(r), Action::kUpdate, Resource::kReferralService, own).ok(), keeps) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::Check(who(r, "org-b"), Action::kRead, Resource::kReferralService, own).ok());
    EXPECT_TRUE(AccessPolicy::MayList(who(r), Resource::kReferralService));
  }
}

TEST(AccessPolicyTest, ReferralsAreCaseworkAndTheMeOfficerReadsThemWithoutNotes) {
  AccessTarget own{"org-a", "", {}};
  auto who = [](Role r, const char* org = "org-a") { return Principal{"u", org, "u", {r}}; };
  for (Role r : AllRoles()) {
    const bool caseworker = r == Role::kManager || r == Role::kSupervisor || r == Role::kCounsellor;
    const bool reads = caseworker || r == Role::kMeOfficer;
    EXPECT_EQ(AccessPolicy::Check(who(r), Action::kRead, Resource::kReferral, own).ok(), reads) << RoleName(r);
    EXPECT_EQ(AccessPolicy::MayList(who(r), Resource::kReferral), reads) << RoleName(r);
    EXPECT_EQ(AccessPolicy::Check(who(r), Action::kCreate, Resource::kReferral, own).ok(), caseworker) << RoleName(r);
    EXPECT_EQ(AccessPolicy::Check(who(r), Action::kUpdate, Resource::kReferral, own).ok(), caseworker) << RoleName(r);
    EXPECT_EQ(AccessPolicy::MaySeeReferralNotes(who(r), own), caseworker) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::Check(who(r, "org-b"), Action::kRead, Resource::kReferral, own).ok()) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MaySeeReferralNotes(who(r, "org-b"), own)) << RoleName(r);
  }
}

TEST(AccessPolicyTest, MediationsAreSeenByTheirMediatorsAndAgreementsNeverByFacilitators) {
  AccessTarget own{.organization_id = "org-a", .mediator_ids = {"f-1", "c-1"}};
  AccessTarget other = own;
  other.organization_id = "org-b";
  auto who = [](Role r, const char* id = "u") { return Principal{id, "org-a", "u", {r}}; };
  // Reading the case (type, status, parties as the role sees people): its mediators, managers,
  // supervisors and the M&E officer; of their own organisation only.
  for (const Principal& p : {who(Role::kFacilitator, "f-1"), who(Role::kCounsellor, "c-1"), who(Role::kManager),
                             who(Role::kSupervisor), who(Role::kMeOfficer)}) {
    EXPECT_TRUE(AccessPolicy::Check(p, Action::kRead, Resource::kMediation, own).ok()) << p.user_id;
    EXPECT_FALSE(AccessPolicy::Check(p, Action::kRead, Resource::kMediation, other).ok()) << p.user_id;
  }
  for (const Principal& p : {who(Role::kFacilitator, "f-2"), who(Role::kCounsellor, "c-2"), who(Role::kViewer, "f-1"),
                             who(Role::kAdmin, "c-1"), who(Role::kAdvisor), who(Role::kMeOfficer, "x")}) {
    const bool me = p.has(Role::kMeOfficer);
    EXPECT_EQ(AccessPolicy::Check(p, Action::kRead, Resource::kMediation, own).ok(), me) << p.user_id;
  }
  // What was said and agreed: managers, supervisors and counsellors who mediate; never a facilitator,
  // even one who mediates, nor the M&E officer.
  EXPECT_TRUE(AccessPolicy::MaySeeMediationText(who(Role::kCounsellor, "c-1"), own));
  EXPECT_TRUE(AccessPolicy::MaySeeMediationText(who(Role::kManager), own));
  EXPECT_TRUE(AccessPolicy::MaySeeMediationText(who(Role::kSupervisor), own));
  EXPECT_FALSE(AccessPolicy::MaySeeMediationText(who(Role::kSupervisor), other));
  EXPECT_FALSE(AccessPolicy::MaySeeMediationText(who(Role::kFacilitator, "f-1"), own));
  EXPECT_FALSE(AccessPolicy::MaySeeMediationText(who(Role::kCounsellor, "c-2"), own));
  for (Role r : {Role::kMeOfficer, Role::kViewer, Role::kAdmin, Role::kAdvisor}) {
    EXPECT_FALSE(AccessPolicy::MaySeeMediationText(who(r, "c-1"), own)) << RoleName(r);
  }
  // Recording: mediators (a facilitator too), managers and supervisors; opening: programme staff.
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kFacilitator, "f-1"), Action::kUpdate, Resource::kMediation, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kFacilitator, "f-2"), Action::kUpdate, Resource::kMediation, own).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kMeOfficer), Action::kUpdate, Resource::kMediation, own).ok());
  EXPECT_TRUE(AccessPolicy::Check(who(Role::kFacilitator), Action::kCreate, Resource::kMediation, {"org-a"}).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kMeOfficer), Action::kCreate, Resource::kMediation, {"org-a"}).ok());
  EXPECT_FALSE(AccessPolicy::Check(who(Role::kSupervisor), Action::kDeactivate, Resource::kMediation, own).ok());
  EXPECT_TRUE(AccessPolicy::MayList(who(Role::kFacilitator), Resource::kMediation));
  EXPECT_FALSE(AccessPolicy::MayList(who(Role::kViewer), Resource::kMediation));
  EXPECT_FALSE(AccessPolicy::MayList(who(Role::kAdmin), Resource::kMediation));
}

TEST(AccessPolicyTest, ProgrammeReportsAreWrittenByManagersAndMeOfficersAndReadByTheirAudience) {
  const AccessTarget programme{"iom", "", {"dca"}};
  // Writers: the owner's managers and M&E officers; no one else, of the owner or not.
  for (Role r : {Role::kManager, Role::kMeOfficer}) {
    EXPECT_TRUE(AccessPolicy::Check(User("iom", {r}), Action::kCreate, Resource::kProgrammeReport, programme).ok()) << RoleName(r);
    EXPECT_TRUE(AccessPolicy::Check(User("iom", {r}), Action::kUpdate, Resource::kProgrammeReport, programme).ok()) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::Check(User("alarm", {r}), Action::kUpdate, Resource::kProgrammeReport, programme).ok()) << RoleName(r);
    for (bool internal : {false, true}) {
      for (bool final : {false, true}) {
        EXPECT_TRUE(AccessPolicy::MayReadProgrammeReport(User("iom", {r}), programme, internal, final)) << RoleName(r);
      }
    }
  }
  for (Role r : {Role::kAdmin, Role::kSupervisor, Role::kCounsellor, Role::kFacilitator, Role::kViewer, Role::kAdvisor}) {
    EXPECT_FALSE(AccessPolicy::Check(User("iom", {r}), Action::kUpdate, Resource::kProgrammeReport, programme).ok()) << RoleName(r);
    // The owner's other users read final reports for the shared audience only.
    EXPECT_TRUE(AccessPolicy::MayReadProgrammeReport(User("iom", {r}), programme, false, true)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MayReadProgrammeReport(User("iom", {r}), programme, false, false)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MayReadProgrammeReport(User("iom", {r}), programme, true, true)) << RoleName(r);
  }
  // A granted organisation's viewer reads what goes outside; nobody else of it, nor of others.
  EXPECT_TRUE(AccessPolicy::MayReadProgrammeReport(User("dca", {Role::kViewer}), programme, false, true));
  EXPECT_FALSE(AccessPolicy::MayReadProgrammeReport(User("dca", {Role::kViewer}), programme, false, false));
  EXPECT_FALSE(AccessPolicy::MayReadProgrammeReport(User("dca", {Role::kViewer}), programme, true, true));
  EXPECT_FALSE(AccessPolicy::MayReadProgrammeReport(User("dca", {Role::kManager}), programme, false, true));
  EXPECT_FALSE(AccessPolicy::Check(User("dca", {Role::kManager}), Action::kRead, Resource::kProgrammeReport, programme).ok());
  EXPECT_FALSE(AccessPolicy::MayReadProgrammeReport(User("unmiss", {Role::kViewer}), programme, false, true));
  EXPECT_FALSE(AccessPolicy::Check(User("dca", {Role::kViewer}), Action::kCreate, Resource::kProgrammeReport, programme).ok());
}

TEST(AccessPolicyTest, OnlyTheOwnersAdminsAndManagersExportIdentities) {
  AccessTarget programme{"iom", "", {"dca"}};
  EXPECT_EQ(ExportIdentityFor(User("iom", {Role::kAdmin}), programme), ExportIdentity::kIdentified);
  EXPECT_EQ(ExportIdentityFor(User("iom", {Role::kManager}), programme), ExportIdentity::kIdentified);
  EXPECT_EQ(ExportIdentityFor(User("iom", {Role::kMeOfficer}), programme), ExportIdentity::kDeidentified);
  EXPECT_EQ(ExportIdentityFor(User("iom", {Role::kMeOfficer, Role::kViewer}), programme), ExportIdentity::kDeidentified);
  for (Role r : {Role::kSupervisor, Role::kCounsellor, Role::kFacilitator, Role::kViewer, Role::kAdvisor}) {
    EXPECT_EQ(ExportIdentityFor(User("iom", {r}), programme), ExportIdentity::kNone) << RoleName(r);
  }
  EXPECT_EQ(ExportIdentityFor(User("alarm", {Role::kManager}), programme), ExportIdentity::kNone);
  EXPECT_EQ(ExportIdentityFor(User("dca", {Role::kViewer, Role::kAdmin}), programme), ExportIdentity::kNone)
      << "a granted viewer organisation reads shared reports, never records";
}


TEST(AccessPolicyTest, AnOrganisationsOwnAdminsRotateItsKeyAndOtherAdminsRegisterIt) {
  const AccessTarget iom{"iom"};
  // The card is part of the organisation: everyone signed in reads it.
  for (Role r : AllRoles()) {
    EXPECT_TRUE(AccessPolicy::Check(User("dca", {r}), Action::kRead, Resource::kOrganization, iom).ok()) << RoleName(r);
  }
  EXPECT_TRUE(AccessPolicy::MayRotateOrgKey(User("iom", {Role::kAdmin}), iom));
  EXPECT_FALSE(AccessPolicy::MayRotateOrgKey(User("alarm", {Role::kAdmin}), iom));
  EXPECT_FALSE(AccessPolicy::MayRegisterOrgKey(User("iom", {Role::kAdmin}), iom))
      << "an organisation's own key pair is made, never registered";
  EXPECT_TRUE(AccessPolicy::MayRegisterOrgKey(User("alarm", {Role::kAdmin}), iom));
  for (Role r : AllRoles()) {
    if (r == Role::kAdmin) continue;
    EXPECT_FALSE(AccessPolicy::MayRotateOrgKey(User("iom", {r}), iom)) << RoleName(r);
    EXPECT_FALSE(AccessPolicy::MayRegisterOrgKey(User("alarm", {r}), iom)) << RoleName(r);
  }
  EXPECT_FALSE(AccessPolicy::MayRegisterOrgKey(Principal{"u", "", "nobody", {Role::kAdmin}}, iom))
      << "an admin of no organisation";
  EXPECT_TRUE(AccessPolicy::MayRotateOrgKey(Principal::System(), iom));
  EXPECT_TRUE(AccessPolicy::MayRegisterOrgKey(Principal::System(), iom));
}

TEST(AccessPolicyTest, HandoversArePlannedByTheSendersManagersApprovedByItsAdminsAndManagersAndAcceptedByTheReceivers) {
  AccessTarget plan{"iom", "", {"alarm"}};  // sent by IOM to ALARM
  for (Action a : {Action::kCreate, Action::kUpdate, Action::kDeactivate}) {
    EXPECT_TRUE(AccessPolicy::Check(User("iom", {Role::kManager}), a, Resource::kHandover, plan).ok());
    EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kAdmin}), a, Resource::kHandover, plan).ok());
    EXPECT_FALSE(AccessPolicy::Check(User("alarm", {Role::kManager}), a, Resource::kHandover, plan).ok());
  }
  // Approving and packaging: the sender's admins and managers.
  EXPECT_TRUE(AccessPolicy::Check(User("iom", {Role::kAdmin}), Action::kExport, Resource::kHandover, plan).ok());
  EXPECT_TRUE(AccessPolicy::Check(User("iom", {Role::kManager}), Action::kExport, Resource::kHandover, plan).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("alarm", {Role::kAdmin}), Action::kExport, Resource::kHandover, plan).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kSupervisor}), Action::kExport, Resource::kHandover, plan).ok());
  // Reading: both organisations' admins and managers, nobody else.
  for (const char* org : {"iom", "alarm"}) {
    EXPECT_TRUE(AccessPolicy::Check(User(org, {Role::kAdmin}), Action::kRead, Resource::kHandover, plan).ok());
    EXPECT_TRUE(AccessPolicy::Check(User(org, {Role::kManager}), Action::kRead, Resource::kHandover, plan).ok());
    EXPECT_FALSE(AccessPolicy::Check(User(org, {Role::kCounsellor}), Action::kRead, Resource::kHandover, plan).ok());
  }
  EXPECT_FALSE(AccessPolicy::Check(User("dca", {Role::kManager}), Action::kRead, Resource::kHandover, plan).ok());
  // Accepting a package: the receiving organisation's admins and managers (the target is it).
  AccessTarget receiver{"alarm"};
  EXPECT_TRUE(AccessPolicy::Check(User("alarm", {Role::kManager}), Action::kImport, Resource::kHandover, receiver).ok());
  EXPECT_TRUE(AccessPolicy::Check(User("alarm", {Role::kAdmin}), Action::kImport, Resource::kHandover, receiver).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kManager}), Action::kImport, Resource::kHandover, receiver).ok());
  EXPECT_FALSE(AccessPolicy::Check(User("alarm", {Role::kCounsellor}), Action::kImport, Resource::kHandover, receiver).ok());
  EXPECT_TRUE(AccessPolicy::MayList(User("alarm", {Role::kAdmin}), Resource::kHandover));
  EXPECT_FALSE(AccessPolicy::MayList(User("alarm", {Role::kMeOfficer}), Resource::kHandover));
}

TEST(AccessPolicyTest, TheFormerOwnersAdvisorsReadTheProgrammeAndItsSharedReportsWhileTheSupportLasts) {
  const Json programme = {{"organization_id", "alarm"},
                          {"viewer_organization_ids", {"dca"}},
                          {"advisors", {{{"organization_id", "iom"}, {"until", "2017-12-31"}}}}};
  const Principal advisor = User("iom", {Role::kAdvisor});
  AccessTarget during = ProgrammeTarget(programme, "2017-12-31");
  EXPECT_EQ(during.organization_id, "alarm");
  EXPECT_EQ(during.viewer_organization_ids, std::vector<std::string>{"dca"});
  EXPECT_EQ(during.advisor_organization_ids, std::vector<std::string>{"iom"});
  EXPECT_TRUE(AccessPolicy::Check(advisor, Action::kRead, Resource::kProgramme, during).ok());
  EXPECT_EQ(ReportAudienceFor(advisor, during), ReportAudience::kShared);
  EXPECT_FALSE(AccessPolicy::Check(advisor, Action::kUpdate, Resource::kProgramme, during).ok());
  // Only the advisor role of that organisation; never people.
  EXPECT_EQ(ReportAudienceFor(User("iom", {Role::kManager}), during), ReportAudience::kNone);
  EXPECT_FALSE(AccessPolicy::Check(User("iom", {Role::kManager}), Action::kRead, Resource::kProgramme, during).ok());
  EXPECT_EQ(ReportAudienceFor(User("unmiss", {Role::kAdvisor}), during), ReportAudience::kNone);
  EXPECT_EQ(AccessPolicy::PersonDetailFor(advisor, {"alarm"}), PersonDetail::kNone);
  // The day after the support ended, nothing; without a date, nothing either.
  AccessTarget after = ProgrammeTarget(programme, "2018-01-01");
  EXPECT_TRUE(after.advisor_organization_ids.empty());
  EXPECT_FALSE(AccessPolicy::Check(advisor, Action::kRead, Resource::kProgramme, after).ok());
  EXPECT_EQ(ReportAudienceFor(advisor, after), ReportAudience::kNone);
  EXPECT_TRUE(ProgrammeTarget(programme, "").advisor_organization_ids.empty());
  // Malformed entries are ignored.
  EXPECT_TRUE(ProgrammeTarget({{"advisors", {"iom", {{"until", "2099-01-01"}}}}}, "2017-01-01").advisor_organization_ids.empty());
}

TEST(AccessPolicyTest, SupportIsReadByTheProgrammesStaffAndRecordedByItsManagersAndTheFormerOwnersAdvisors) {
  // ALARM's programme since the handover: IOM's advisors support it until the end of 2017.
  const Json programme = {{"organization_id", "alarm"},
                          {"viewer_organization_ids", {"dca"}},
                          {"advisors", {{{"organization_id", "iom"}, {"until", "2017-12-31"}}}}};
  const AccessTarget during = ProgrammeTarget(programme, "2017-12-31");
  const AccessTarget after = ProgrammeTarget(programme, "2018-01-01");
  auto may = [](const Principal& p, Action a, const AccessTarget& t) {
    return AccessPolicy::Check(p, a, Resource::kSupport, t).ok();
  };
  // The owner's programme staff read; only its managers record.
  for (Role r : {Role::kManager, Role::kSupervisor, Role::kCounsellor, Role::kFacilitator, Role::kMeOfficer}) {
    EXPECT_TRUE(may(User("alarm", {r}), Action::kRead, after)) << RoleName(r);
    EXPECT_EQ(may(User("alarm", {r}), Action::kCreate, after), r == Role::kManager) << RoleName(r);
    EXPECT_EQ(may(User("alarm", {r}), Action::kUpdate, after), r == Role::kManager) << RoleName(r);
  }
  for (Role r : {Role::kAdmin, Role::kViewer, Role::kAdvisor}) {
    EXPECT_FALSE(may(User("alarm", {r}), Action::kRead, during)) << RoleName(r);
    EXPECT_FALSE(may(User("alarm", {r}), Action::kCreate, during)) << RoleName(r);
  }
  // The former owner's advisors read and record while the support lasts (its last day included),
  // and nothing from the next day; its other staff never.
  for (Action a : {Action::kRead, Action::kCreate, Action::kUpdate}) {
    EXPECT_TRUE(may(User("iom", {Role::kAdvisor}), a, during)) << ActionName(a);
    EXPECT_FALSE(may(User("iom", {Role::kAdvisor}), a, after)) << ActionName(a);
  }
  EXPECT_FALSE(may(User("iom", {Role::kAdvisor}), Action::kDeactivate, during));
  EXPECT_FALSE(may(User("iom", {Role::kAdvisor}), Action::kAudit, during));
  for (Role r : AllRoles()) {
    if (r == Role::kAdvisor) continue;
    EXPECT_FALSE(may(User("iom", {r}), Action::kRead, during)) << RoleName(r);
  }
  // Neither a granted viewer nor an advisor of an organisation that never ran it.
  EXPECT_FALSE(may(User("dca", {Role::kViewer}), Action::kRead, during));
  EXPECT_FALSE(may(User("dca", {Role::kAdvisor}), Action::kRead, during));
  EXPECT_TRUE(AccessPolicy::MayList(User("iom", {Role::kAdvisor}), Resource::kSupport));
  EXPECT_FALSE(AccessPolicy::MayList(User("alarm", {Role::kViewer}), Resource::kSupport));
  EXPECT_TRUE(may(Principal::System(), Action::kCreate, after));
}

}  // namespace
}  // namespace baton
