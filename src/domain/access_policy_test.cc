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

TEST(AccessPolicyTest, SystemMayDoAnything) {
  EXPECT_TRUE(AccessPolicy::Check(Principal::System(), Action::kDeactivate, Resource::kUser, {"x"}).ok());
}

TEST(AccessPolicyTest, ForbiddenSaysWhat) {
  Status s = AccessPolicy::Check(User("iom", {Role::kViewer}), Action::kCreate, Resource::kSite, {"iom"});
  EXPECT_EQ(s.message(), "your roles do not allow you to create this site");
}

}  // namespace
}  // namespace baton
