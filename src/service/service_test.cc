// Service-level tests on a real SQLite store, a fake clock and seeded randomness.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "service/services.h"
#include "service/setup_service.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Init();
    dir_ = fs::temp_directory_path() / ("baton-service-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Open(/*demo=*/false);
  }
  void TearDown() override {
    services_.reset();
    if (store_) store_->Close();
    fs::remove_all(dir_);
  }
  void Open(bool demo) {
    auto store = OpenStore({.url = "sqlite:" + (dir_ / "baton.db").string()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(MarkStore(*store_, demo).ok());
    ServiceOptions options;
    options.password_cost = crypto::PasswordCost::kFast;
    options.data_key = std::string(32, 'k');
  options.data_key = std::string(32, 'k');
    auto services = OpenServices(*store_, clock_, random_, options);
    ASSERT_TRUE(services.ok());
    services_ = std::move(services).value();
    auto iom = InitializeOrganization(*services_, "IOM", "iom.admin", kAdminPassword);
    ASSERT_TRUE(iom.ok()) << iom.status().ToString();
    iom_ = iom->organization_id;
    auto alarm = InitializeOrganization(*services_, "ALARM", "alarm.admin", kAdminPassword);
    ASSERT_TRUE(alarm.ok()) << alarm.status().ToString();
    alarm_ = alarm->organization_id;
  }
  Principal SignIn(const std::string& username, const std::string& password = kAdminPassword) {
    auto s = services_->auth.Login(username, password, "10.0.0.1");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? s->principal : Principal{};
  }
  Record MakeSite(const Principal& who, const std::string& name = "Bor PoC site") {
    auto r = services_->accounts.Create(who, Collection::kSites,
                                        Json{{"name", name}, {"type", "poc_site"}, {"admin1", "Jonglei"}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Record{};
  }
  Record MakeUser(const Principal& who, const std::string& username, Json roles) {
    auto r = services_->accounts.Create(who, Collection::kUsers,
                                        Json{{"username", username}, {"display_name", username}, {"roles", roles},
                                             {"password", kAdminPassword}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Record{};
  }
  int64_t Head() { return store_->Head()->first; }

  static constexpr const char* kAdminPassword = "mango tree by the nile";
  fs::path dir_;
  FakeClock clock_{1'502'789'400'000};
  SeededRandom random_{7};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
  std::string iom_, alarm_;
};

TEST_F(ServiceTest, AdminCreatesSiteOwnedByTheirOrganisation) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  EXPECT_EQ(site.data["organization_id"], iom_);
  EXPECT_EQ(site.data["active"], true);
  EXPECT_EQ(site.version, 1);
}

TEST_F(ServiceTest, ValidationErrorsNameFieldsAndWriteNothing) {
  Principal admin = SignIn("iom.admin");
  int64_t before = Head();
  auto r = services_->accounts.Create(admin, Collection::kSites, Json{{"name", ""}, {"type", "castle"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  EXPECT_GE(r.status().errors().size(), 3u);
  EXPECT_EQ(Head(), before);
}

TEST_F(ServiceTest, ProgrammeNeedsAnExistingSiteAndOrderedDates) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  auto missing = services_->accounts.Create(
      admin, Collection::kProgrammes,
      Json{{"name", "MHPSS"}, {"site_id", "01900000-0000-7000-8000-000000000000"}, {"start_date", "2014-03-01"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().errors()[0].field, "site_id");
  auto backwards = services_->accounts.Create(
      admin, Collection::kProgrammes,
      Json{{"name", "MHPSS"}, {"site_id", site.id}, {"start_date", "2014-03-01"}, {"end_date", "2013-01-01"}});
  ASSERT_FALSE(backwards.ok());
  EXPECT_EQ(backwards.status().errors()[0].field, "end_date");
  auto ok = services_->accounts.Create(admin, Collection::kProgrammes,
                                       Json{{"name", "MHPSS"}, {"site_id", site.id}, {"start_date", "2014-03-01"}});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->data["status"], "active");
}

TEST_F(ServiceTest, StaleIfMatchIsRefusedAndFreshOneApplies) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  auto first = services_->accounts.Update(admin, Collection::kSites, site.id, Json{{"admin2", "Bor South"}}, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->version, 2);
  auto stale = services_->accounts.Update(admin, Collection::kSites, site.id, Json{{"admin2", "Twic East"}}, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), Code::kPreconditionFailed);
  EXPECT_EQ((*services_->accounts.Get(admin, Collection::kSites, site.id)).data["admin2"], "Bor South");
}

TEST_F(ServiceTest, PatchThatChangesNothingWritesNothing) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  int64_t before = Head();
  auto same = services_->accounts.Update(admin, Collection::kSites, site.id, Json{{"name", "Bor PoC site"}}, std::nullopt);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, 1);
  EXPECT_EQ(Head(), before);
}

TEST_F(ServiceTest, OtherOrganisationCannotChangeOrDeactivateASite) {
  Record site = MakeSite(SignIn("iom.admin"));
  Principal other = SignIn("alarm.admin");
  auto r = services_->accounts.Update(other, Collection::kSites, site.id, Json{{"name", "Mine"}}, std::nullopt);
  EXPECT_EQ(r.status().code(), Code::kForbidden);
  EXPECT_EQ(services_->accounts.Deactivate(other, Collection::kSites, site.id, std::nullopt).status().code(),
            Code::kForbidden);
  // But sites are shared reference data: ALARM reads it.
  EXPECT_TRUE(services_->accounts.Get(other, Collection::kSites, site.id).ok());
}

TEST_F(ServiceTest, UsernamesAreUniqueAndTheConflictNamesTheField) {
  Principal admin = SignIn("iom.admin");
  auto dup = services_->accounts.Create(admin, Collection::kUsers,
                                        Json{{"username", "ALARM.admin"}, {"display_name", "x"}, {"roles", {"viewer"}},
                                             {"password", kAdminPassword}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), Code::kConflict);
  ASSERT_EQ(dup.status().errors().size(), 1u);
  EXPECT_EQ(dup.status().errors()[0].field, "username");
}

TEST_F(ServiceTest, WeakPasswordIsRefusedOnCreate) {
  Principal admin = SignIn("iom.admin");
  auto weak = services_->accounts.Create(admin, Collection::kUsers,
                                         Json{{"username", "iom.c"}, {"display_name", "C"}, {"roles", {"counsellor"}},
                                              {"password", "password123"}});
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.status().errors()[0].field, "password");
}

TEST_F(ServiceTest, UsersNeverCarryPasswordHashes) {
  Principal admin = SignIn("iom.admin");
  Record user = MakeUser(admin, "iom.counsellor", {"counsellor"});
  EXPECT_FALSE(user.data.contains("password"));
  EXPECT_EQ(user.data.dump().find("argon2"), std::string::npos);
}

TEST_F(ServiceTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  auto wrong = services_->auth.Login("iom.admin", "not the password", "1.2.3.4");
  auto unknown = services_->auth.Login("nobody.here", "not the password", "1.2.3.4");
  EXPECT_EQ(wrong.status().code(), Code::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
}

TEST_F(ServiceTest, RepeatedFailuresLockTheUsernameForTheWindow) {
  for (int i = 0; i < 5; ++i) (void)services_->auth.Login("iom.admin", "wrong password!", "1.2.3.4");
  auto locked = services_->auth.Login("iom.admin", kAdminPassword, "5.6.7.8");
  EXPECT_EQ(locked.status().code(), Code::kTooManyRequests);
  clock_.Advance(15 * 60 * 1000 + 1);
  EXPECT_TRUE(services_->auth.Login("iom.admin", kAdminPassword, "5.6.7.8").ok());
}

TEST_F(ServiceTest, SessionsExpireAndLogoutEndsThem) {
  auto s = services_->auth.Login("iom.admin", kAdminPassword, "1.2.3.4");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(services_->auth.Authenticate(s->token).ok());
  ASSERT_TRUE(services_->auth.Logout(s->token).ok());
  EXPECT_EQ(services_->auth.Authenticate(s->token).status().code(), Code::kUnauthenticated);

  auto t = services_->auth.Login("iom.admin", kAdminPassword, "1.2.3.4");
  ASSERT_TRUE(t.ok());
  clock_.Advance(12LL * 3600 * 1000 + 1);
  auto expired = services_->auth.Authenticate(t->token);
  EXPECT_EQ(expired.status().code(), Code::kUnauthenticated);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);
}

TEST_F(ServiceTest, TokensAreStoredOnlyAsHashes) {
  auto s = services_->auth.Login("iom.admin", kAdminPassword, "1.2.3.4");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(store_->GetSession(s->token).ok());
  EXPECT_TRUE(store_->GetSession(crypto::Blake2bHex(s->token)).ok());
}

TEST_F(ServiceTest, DeactivatedUserIsSignedOutAndCannotSignIn) {
  Principal admin = SignIn("iom.admin");
  Record user = MakeUser(admin, "iom.counsellor", {"counsellor"});
  auto session = services_->auth.Login("iom.counsellor", kAdminPassword, "1.2.3.4");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(services_->accounts.Deactivate(admin, Collection::kUsers, user.id, std::nullopt).ok());
  EXPECT_EQ(services_->auth.Authenticate(session->token).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(services_->auth.Login("iom.counsellor", kAdminPassword, "1.2.3.4").status().code(), Code::kUnauthenticated);
}

TEST_F(ServiceTest, AdminCannotLockThemselvesOut) {
  Principal admin = SignIn("iom.admin");
  auto r = services_->accounts.Deactivate(admin, Collection::kUsers, admin.user_id, std::nullopt);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  auto roles = services_->accounts.Update(admin, Collection::kUsers, admin.user_id, Json{{"roles", {"viewer"}}}, std::nullopt);
  EXPECT_EQ(roles.status().code(), Code::kConflict);
}

TEST_F(ServiceTest, RoleChangeTakesEffectOnTheNextRequest) {
  Principal admin = SignIn("iom.admin");
  Record user = MakeUser(admin, "iom.staff", {"viewer"});
  auto session = services_->auth.Login("iom.staff", kAdminPassword, "1.2.3.4");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(services_->accounts.Update(admin, Collection::kUsers, user.id, Json{{"roles", {"manager"}}}, std::nullopt).ok());
  auto now = services_->auth.Authenticate(session->token);
  ASSERT_TRUE(now.ok());
  EXPECT_TRUE(now->principal.has(Role::kManager));
  EXPECT_FALSE(now->principal.has(Role::kViewer));
}

TEST_F(ServiceTest, ChangePasswordNeedsTheCurrentOneAndEndsSessions) {
  auto s = services_->auth.Login("iom.admin", kAdminPassword, "1.2.3.4");
  ASSERT_TRUE(s.ok());
  Status wrong = services_->auth.ChangePassword(s->principal, "not it at all", "a brand new passphrase");
  EXPECT_EQ(wrong.errors()[0].field, "current_password");
  Status weak = services_->auth.ChangePassword(s->principal, kAdminPassword, "short");
  EXPECT_EQ(weak.errors()[0].field, "new_password");
  ASSERT_TRUE(services_->auth.ChangePassword(s->principal, kAdminPassword, "a brand new passphrase").ok());
  EXPECT_FALSE(services_->auth.Authenticate(s->token).ok());
  EXPECT_FALSE(services_->auth.Login("iom.admin", kAdminPassword, "1.2.3.4").ok());
  EXPECT_TRUE(services_->auth.Login("iom.admin", "a brand new passphrase", "1.2.3.4").ok());
}

TEST_F(ServiceTest, DemoPasswordOpensOnlyADemoStore) {
  // A user whose stored hash is of the demo password (as if a demo database were copied).
  auto change = services_->auth.CredentialChange("x", "iom.admin", kDemoPassword, ChangeOp::kUpdate);
  EXPECT_FALSE(change.ok());  // the policy refuses it outside a demo store
  TearDown();
  fs::create_directories(dir_);
  Open(/*demo=*/true);
  Principal admin = SignIn("iom.admin");
  auto demo_user = services_->accounts.Create(admin, Collection::kUsers,
                                              Json{{"username", "iom.demo"}, {"display_name", "D"}, {"roles", {"viewer"}},
                                                   {"password", std::string(kDemoPassword)}});
  ASSERT_TRUE(demo_user.ok()) << demo_user.status().ToString();
  EXPECT_TRUE(services_->auth.Login("iom.demo", std::string(kDemoPassword), "1.2.3.4").ok());
}

TEST_F(ServiceTest, ProgrammesAreListedOnlyToTheirOrganisationAndGrantedViewers) {
  Principal iom = SignIn("iom.admin");
  Record site = MakeSite(iom);
  auto viewer_org = services_->accounts.Create(iom, Collection::kOrganizations,
                                               Json{{"code", "dca"}, {"name", "DanChurchAid"}, {"type", "donor"}});
  ASSERT_TRUE(viewer_org.ok());
  for (int i = 0; i < 3; ++i) {
    Json p = {{"name", "Programme " + std::to_string(i)}, {"site_id", site.id}, {"start_date", "2014-03-01"}};
    if (i == 1) p["viewer_organization_ids"] = {alarm_};
    ASSERT_TRUE(services_->accounts.Create(iom, Collection::kProgrammes, p).ok());
  }
  Principal alarm = SignIn("alarm.admin");
  auto seen = services_->accounts.List(alarm, Collection::kProgrammes, {});
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->items.size(), 1u);
  EXPECT_EQ(seen->items[0].data["name"], "Programme 1");
  EXPECT_EQ(services_->accounts.List(iom, Collection::kProgrammes, {})->items.size(), 3u);
}

TEST_F(ServiceTest, ListPagesWithCursorsAndSearch) {
  Principal admin = SignIn("iom.admin");
  for (int i = 0; i < 7; ++i) {
    MakeSite(admin, "Site " + std::to_string(i));
    clock_.Advance(1);
  }
  MakeSite(admin, "Bor PoC site");
  ListParams params;
  params.limit = 3;
  std::vector<std::string> names;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = services_->accounts.List(admin, Collection::kSites, params);
    ASSERT_TRUE(page.ok());
    for (const Record& r : page->items) names.push_back(r.data["name"]);
    if (!page->next_cursor) break;
    params.cursor = *page->next_cursor;
  }
  ASSERT_EQ(names.size(), 8u);
  EXPECT_EQ(names[0], "Site 0");
  EXPECT_EQ(names[7], "Bor PoC site");

  ListParams search;
  search.search = "bor poc";
  EXPECT_EQ(services_->accounts.List(admin, Collection::kSites, search)->items.size(), 1u);
  ListParams bad;
  bad.filters["colour"] = "red";
  EXPECT_EQ(services_->accounts.List(admin, Collection::kSites, bad).status().errors()[0].field, "colour");
  bad.filters = {{"active", "maybe"}};
  EXPECT_EQ(services_->accounts.List(admin, Collection::kSites, bad).status().code(), Code::kInvalid);
  bad.filters = {};
  bad.cursor = "***";
  EXPECT_EQ(services_->accounts.List(admin, Collection::kSites, bad).status().errors()[0].field, "cursor");
}

TEST_F(ServiceTest, UsersAreListedOnlyWithinTheCallersOrganisation) {
  Principal alarm = SignIn("alarm.admin");
  auto page = services_->accounts.List(alarm, Collection::kUsers, {});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].data["username"], "alarm.admin");
}

TEST_F(ServiceTest, HistoryShowsWhoChangedWhatAndHidesPasswordHashes) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  clock_.Advance(60'000);
  ASSERT_TRUE(services_->accounts.Update(admin, Collection::kSites, site.id, Json{{"admin2", "Bor South"}}, 1).ok());
  auto history = services_->audit.History(admin, Collection::kSites, site.id, 0, 100);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->items.size(), 2u);
  EXPECT_EQ(history->items[0]["op"], "create");
  EXPECT_EQ(history->items[1]["changes"], (Json{{"admin2", "Bor South"}}));
  EXPECT_EQ(history->items[1]["actor_username"], "iom.admin");
  EXPECT_EQ(history->items[1]["at"], "2017-08-15T09:31:00.000Z");

  auto user_history = services_->audit.History(admin, Collection::kUsers, admin.user_id, 0, 100);
  ASSERT_TRUE(user_history.ok());
  EXPECT_EQ(user_history->items[0]["changes"]["password"], "changed");
  EXPECT_EQ(user_history->items.dump().find("argon2"), std::string::npos);
}

TEST_F(ServiceTest, VerifyPassesOnAnIntactStoreAndIsForAdminsOnly) {
  Principal admin = SignIn("iom.admin");
  MakeSite(admin);
  auto report = services_->audit.Verify(admin);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->entries, Head());
  MakeUser(admin, "iom.manager", {"manager"});
  EXPECT_EQ(services_->audit.Verify(SignIn("iom.manager")).status().code(), Code::kForbidden);
}

TEST_F(ServiceTest, DemoSeedTellsTheStory) {
  TearDown();
  fs::create_directories(dir_);
  auto store = OpenStore({.url = "sqlite:" + (dir_ / "demo.db").string()});
  ASSERT_TRUE(store.ok());
  store_ = std::move(store).value();
  ASSERT_TRUE(MarkStore(*store_, true).ok());
  ServiceOptions options;
  options.password_cost = crypto::PasswordCost::kFast;
  options.data_key = std::string(32, 'k');
  services_ = std::move(OpenServices(*store_, clock_, random_, options)).value();
  auto logins = SeedDemo(*services_, 60);
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  std::vector<std::string> names;
  for (const auto& l : *logins) names.push_back(l.username);
  for (const char* u : {"iom.admin", "iom.manager", "alarm.counsellor", "dca.viewer", "unmiss.viewer"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), u), names.end()) << u;
  }
  auto s = services_->auth.Login("dca.viewer", std::string(kDemoPassword), "1.2.3.4");
  ASSERT_TRUE(s.ok());
  auto programmes = services_->accounts.List(s->principal, Collection::kProgrammes, {});
  ASSERT_EQ(programmes->items.size(), 1u);
  EXPECT_EQ(programmes->items[0].data["end_date"], "2017-08-15");
  EXPECT_EQ(MarkStore(*store_, true).code(), Code::kConflict);
  // The people of the programme, seen by its manager with names, never by the donor.
  auto manager = services_->auth.Login("iom.manager", std::string(kDemoPassword), "1.2.3.4");
  ASSERT_TRUE(manager.ok());
  auto people = services_->persons.List(manager->principal, {.limit = 200});
  ASSERT_TRUE(people.ok()) << people.status().ToString();
  EXPECT_EQ(people->items.size(), 60u);
  for (const Json& p : people->items) {
    EXPECT_TRUE(p.contains("given_name")) << p.dump();
    EXPECT_EQ(p["programme_id"], programmes->items[0].id);
  }
  EXPECT_EQ(services_->persons.List(s->principal, {}).status().code(), Code::kForbidden);
}

}  // namespace
}  // namespace baton

namespace baton {
namespace {

TEST_F(ServiceTest, ClockBehindTheLogStillStampsLaterChangeSets) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  services_.reset();
  clock_.Set(1'400'000'000'000);  // the laptop restarts with its clock years behind
  ServiceOptions options;
  options.password_cost = crypto::PasswordCost::kFast;
  options.data_key = std::string(32, 'k');
  services_ = std::move(OpenServices(*store_, clock_, random_, options)).value();
  ASSERT_TRUE(services_->accounts.Update(Principal::System(), Collection::kSites, site.id,
                                         Json{{"admin2", "Bor South"}}, std::nullopt).ok());
  auto log = store_->ReadLog(0, 1000);
  ASSERT_TRUE(log.ok());
  HlcTime previous;
  for (const StoredEntry& row : *log) {
    HlcTime t = ParseEntry(row.body, row.hash)->set.hlc;
    EXPECT_GT(t, previous) << "entry " << row.seq;
    previous = t;
  }
}

TEST_F(ServiceTest, ParallelGuessesAreThrottledToo) {
  std::vector<std::thread> threads;
  std::atomic<int> rejected_as_wrong{0};
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      if (services_->auth.Login("iom.admin", "wrong password!", "1.2.3.4").status().code() == Code::kUnauthenticated) {
        ++rejected_as_wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(rejected_as_wrong.load(), 5) << "more guesses were checked than the limit allows";
}

TEST_F(ServiceTest, SuccessfulSignInsFromOneOfficeAddressDoNotLockIt) {
  Principal admin = SignIn("iom.admin");
  for (int i = 0; i < 40; ++i) MakeUser(admin, "staff" + std::to_string(i), {"facilitator"});
  for (int i = 0; i < 40; ++i) {
    EXPECT_TRUE(services_->auth.Login("staff" + std::to_string(i), kAdminPassword, "10.9.9.9").ok()) << i;
  }
}

TEST_F(ServiceTest, GarbageUsernamesNeverReachTheStore) {
  for (std::string name : {std::string(100'000, 'a'), std::string("iom.admin\0x", 11), std::string("")}) {
    EXPECT_EQ(services_->auth.Login(name, kAdminPassword, "1.2.3.4").status().code(), Code::kUnauthenticated);
  }
}

TEST_F(ServiceTest, PasswordsAreTakenExactlyAsSent) {
  Principal admin = SignIn("iom.admin");
  ASSERT_TRUE(services_->accounts.Create(admin, Collection::kUsers,
                                         Json{{"username", "trim.test"}, {"display_name", "T"}, {"roles", {"viewer"}},
                                              {"password", "  Zebra-Quilt-77  "}}).ok());
  EXPECT_TRUE(services_->auth.Login("trim.test", "  Zebra-Quilt-77  ", "1.2.3.4").ok());
  EXPECT_FALSE(services_->auth.Login("trim.test", "Zebra-Quilt-77", "1.2.3.4").ok());
}

TEST_F(ServiceTest, AdminKeepsAdminWhileAddingRolesAndCannotDeactivateOwnOrganisation) {
  Principal admin = SignIn("iom.admin");
  auto more = services_->accounts.Update(admin, Collection::kUsers, admin.user_id,
                                         Json{{"roles", {"admin", "manager"}}}, std::nullopt);
  EXPECT_TRUE(more.ok()) << more.status().ToString();
  auto own = services_->accounts.Deactivate(admin, Collection::kOrganizations, iom_, std::nullopt);
  EXPECT_EQ(own.status().code(), Code::kConflict);
  EXPECT_EQ(own.status().errors()[0].field, "active");
  EXPECT_EQ(services_->auth.ResetPassword(admin, admin.user_id, "a brand new passphrase").code(), Code::kConflict);
}

TEST_F(ServiceTest, OnlyWhoMayDeactivateMayReactivate) {
  Principal admin = SignIn("iom.admin");
  Record site = MakeSite(admin);
  auto programme = services_->accounts.Create(admin, Collection::kProgrammes,
                                              Json{{"name", "P"}, {"site_id", site.id}, {"start_date", "2014-03-01"}});
  ASSERT_TRUE(programme.ok());
  ASSERT_TRUE(services_->accounts.Deactivate(admin, Collection::kProgrammes, programme->id, std::nullopt).ok());
  MakeUser(admin, "iom.manager", {"manager"});
  Principal manager = SignIn("iom.manager");
  auto undo = services_->accounts.Update(manager, Collection::kProgrammes, programme->id, Json{{"active", true}},
                                         std::nullopt);
  EXPECT_EQ(undo.status().code(), Code::kForbidden);
  auto nulled = services_->accounts.Update(admin, Collection::kProgrammes, programme->id, Json{{"active", nullptr}},
                                           std::nullopt);
  EXPECT_EQ(nulled.status().code(), Code::kInvalid);
}

}  // namespace
}  // namespace baton
