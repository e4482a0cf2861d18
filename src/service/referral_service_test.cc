// Referrals at the service level, on a real SQLite store with a fake clock: what is kept in clear
// and what is sealed, which reads of a referral are logged (its reason and feedback, its slip) and
// which are not (lists, the M&E officer's view), and the dates stamped on the fake clock's day.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "base/clock.h"
#include "base/crypto.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "service/test_node.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

class ReferralServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-referral-test");
    node_ = std::make_unique<test::Node>(dir_, clock_, random_, 'k', /*demo=*/false);
    store_ = node_->store.get();
    services_ = node_->services.get();
    auto iom = InitializeOrganization(*services_, "IOM", "iom.admin", kPassword);
    ASSERT_TRUE(iom.ok()) << iom.status().ToString();
    Principal admin = SignIn("iom.admin");
    auto create = [&](Collection c, const Json& body) {
      auto r = services_->accounts.Create(admin, c, body);
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      return r.ok() ? r->id : std::string();
    };
    const std::string site = create(Collection::kSites, {{"name", "Bor PoC site"}, {"code", "bor"}, {"type", "poc_site"}, {"admin1", "Jonglei"}});
    programme_ = create(Collection::kProgrammes, {{"name", "MHPSS Bor"}, {"site_id", site}, {"start_date", "2014-03-01"}});
    for (const char* role : {"manager", "counsellor", "me_officer"}) {
      create(Collection::kUsers, {{"username", std::string("iom.") + role}, {"display_name", role}, {"roles", {role}},
                                  {"password", kPassword}});
    }
    manager_ = SignIn("iom.manager");
    counsellor_ = SignIn("iom.counsellor");
    me_officer_ = SignIn("iom.me_officer");
    auto person = services_->persons.Create(counsellor_, {{"given_name", "Abuk"}, {"family_name", "Deng"}, {"sex", "female"},
                                                          {"birth_date", "1990-05-01"}, {"population_group", "idp_camp"},
                                                          {"programme_id", programme_}, {"site_id", site}});
    ASSERT_TRUE(person.ok()) << person.status().ToString();
    person_ = person->view["id"];
    auto consent = services_->persons.AddConsent(counsellor_, person_, {{"purpose", "referral"}, {"status", "given"},
                                                                       {"method", "verbal"}, {"date", "2017-01-10"},
                                                                       {"text_version", "v1"}});
    ASSERT_TRUE(consent.ok()) << consent.status().ToString();
    auto service = services_->referrals.CreateService(manager_, {{"name", "Hospital mental health unit"},
                                                                 {"provider", "State hospital"},
                                                                 {"category", "specialised_mental_health"}});
    ASSERT_TRUE(service.ok()) << service.status().ToString();
    service_ = service->value("id", "");
  }

  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  Principal SignIn(const std::string& username) {
    auto s = services_->auth.Login(username, kPassword, "10.0.0.1");
    EXPECT_TRUE(s.ok()) << username << ": " << s.status().ToString();
    return s.ok() ? s->principal : Principal{};
  }

  std::string Refer() {
    auto r = services_->referrals.Create(counsellor_, {{"direction", "outgoing"}, {"programme_id", programme_},
                                                       {"person_id", person_}, {"service_id", service_},
                                                       {"reason", "Hears voices at night"}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->value("id", "") : std::string();
  }

  std::vector<AccessEntry> Reads(const std::string& kind, const std::string& id) {
    auto r = store_->ListAccess(kind, id, 100);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<AccessEntry>{};
  }

  static constexpr const char* kPassword = "mango tree by the nile";
  fs::path dir_;
  FakeClock clock_{1'502'789'400'000};  // 2017-08-15T09:30:00Z
  SeededRandom random_{17};
  std::unique_ptr<test::Node> node_;
  Store* store_ = nullptr;
  Services* services_ = nullptr;
  std::string programme_, person_, service_;
  Principal manager_, counsellor_, me_officer_;
};

TEST_F(ReferralServiceTest, TheReasonIsSealedAndANewReferralIsDatedOnTheProgrammesDay) {
  const std::string id = Refer();
  auto stored = store_->Get("referral", id);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->data.contains("reason"));
  ASSERT_TRUE(stored->data.contains("sealed"));
  EXPECT_EQ(stored->data.dump().find("voices"), std::string::npos);
  EXPECT_EQ(stored->data["made_on"], "2017-08-15");
  EXPECT_EQ(stored->data["made_by"], counsellor_.user_id);
  auto accepted = services_->referrals.Update(counsellor_, id, {{"status", "accepted"}}, std::nullopt);
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ((*accepted)["accepted_on"], "2017-08-15");
  EXPECT_EQ((*accepted)["reason"], "Hears voices at night");
}

TEST_F(ReferralServiceTest, ReadsOfReasonAndFeedbackAreLoggedAndOnlyThose) {
  const std::string id = Refer();
  EXPECT_TRUE(Reads("referral", id).empty()) << "making it is no read";
  ASSERT_TRUE(services_->referrals.Get(counsellor_, id).ok());
  std::vector<AccessEntry> reads = Reads("referral", id);
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].user_id, counsellor_.user_id);
  EXPECT_EQ(reads[0].action, "view");
  EXPECT_EQ(reads[0].at_ms, clock_.NowMs());
  // The M&E officer's read shows neither, and lists never do: nothing more is logged.
  auto deidentified = services_->referrals.Get(me_officer_, id);
  ASSERT_TRUE(deidentified.ok()) << deidentified.status().ToString();
  EXPECT_FALSE(deidentified->contains("reason"));
  ASSERT_TRUE(services_->referrals.List(counsellor_, {}).ok());
  EXPECT_EQ(Reads("referral", id).size(), 1u);
  // The slip is a read of the referral and, when it names the person, a disclosure of them.
  clock_.Advance(1000);
  auto slip = services_->referrals.Slip(manager_, id);
  ASSERT_TRUE(slip.ok()) << slip.status().ToString();
  EXPECT_EQ((*slip)["person"]["given_name"], "Abuk");
  reads = Reads("referral", id);
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[1].action, "slip");
  EXPECT_EQ(reads[1].user_id, manager_.user_id);
  std::vector<AccessEntry> person_reads = Reads("person", person_);
  ASSERT_FALSE(person_reads.empty());
  EXPECT_EQ(person_reads.back().action, "referral_slip");
}

}  // namespace
}  // namespace baton
