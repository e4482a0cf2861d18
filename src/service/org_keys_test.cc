// Organisation key pairs at the service level, on a real SQLite store with a fake clock: the card
// and the key pairs made from the seed agree, rotating replaces both, the seed never reaches the
// change log, and a partner's key is registered only where the organisation's own pair is not kept.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>

#include "base/clock.h"
#include "base/crypto.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "service/test_node.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

// The key of the seed 0x01 0x02 ... 0x20 (TheKeysOfASeedAreTheOnesTheFormatDescribes).
// Checked against an independent implementation (Python's hashlib and cryptography).
constexpr const char* kGoldenText =
    "baton-org-key-1:zkhhwPFeFZRlWFpqt6Gr9AGLwuXD2S7M9E77bBEQQotd0vOnBWzE2zuxPY44gL8PrwtqT6TE_XauwPXrNFIhVA";
constexpr const char* kGoldenFingerprint = "66b1 4c7e 0a65 2ff7 acc5 4315 d3f1 cc81";

// A well-formed key text for made-up key bytes.
std::string KeyText(char sign_byte, char box_byte) {
  return "baton-org-key-1:" + crypto::Base64Url(std::string(32, sign_byte) + std::string(32, box_byte));
}

class OrgKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-org-keys-test");
    node_ = std::make_unique<test::Node>(dir_, clock_, random_, 'k', /*demo=*/false);
    store_ = node_->store.get();
    services_ = node_->services.get();
    iom_ = CreateOrganization("iom", "International Organization for Migration");
    alarm_ = CreateOrganization("alarm", "African Leadership and Reconciliation Ministries");
    partner_ = CreateOrganization("partner", "A partner whose key pair is kept elsewhere");
    iom_admin_ = {"u-iom-admin", iom_, "iom.admin", {Role::kAdmin}};
    iom_viewer_ = {"u-iom-viewer", iom_, "iom.viewer", {Role::kViewer}};
    alarm_admin_ = {"u-alarm-admin", alarm_, "alarm.admin", {Role::kAdmin}};
  }

  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }

  std::string CreateOrganization(const std::string& code, const std::string& name) {
    auto r = services_->accounts.Create(Principal::System(), Collection::kOrganizations,
                                        {{"code", code}, {"name", name}, {"type", "other"}});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : std::string();
  }

  Json Rotate(const Principal& who, const std::string& org) {
    auto card = services_->org_keys.Rotate(who, org);
    EXPECT_TRUE(card.ok()) << card.status().ToString();
    return card.ok() ? *card : Json();
  }

  // Every change-log body, joined.
  std::string LogText() {
    auto entries = store_->ReadLog(0, 100000);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    std::string all;
    for (const StoredEntry& e : entries.ok() ? *entries : std::vector<StoredEntry>{}) all += e.body + "\n";
    return all;
  }

  fs::path dir_;
  FakeClock clock_{1'502'789'400'000};  // 2017-08-15T09:30:00Z
  SeededRandom random_{29};
  std::unique_ptr<test::Node> node_;
  Store* store_ = nullptr;
  Services* services_ = nullptr;
  std::string iom_, alarm_, partner_;
  Principal iom_admin_, iom_viewer_, alarm_admin_;
};

TEST_F(OrgKeysTest, RotateMakesACardWhoseKeysAreTheSecretKeysPublicHalves) {
  Json card = Rotate(iom_admin_, iom_);
  EXPECT_EQ(card["organization_id"], iom_);
  EXPECT_EQ(card["source"], "generated");
  EXPECT_EQ(card["local"], true);
  EXPECT_EQ(card["created_at"], "2017-08-15T09:30:00.000Z");
  auto parsed = ParseOrgPublicKey(card["public_key"].get<std::string>());
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->text, card["public_key"]);
  EXPECT_EQ(parsed->fingerprint, card["fingerprint"]);

  auto on_record = services_->org_keys.PublicKey(iom_);
  ASSERT_TRUE(on_record.ok()) << on_record.status().ToString();
  EXPECT_EQ(on_record->organization_id, iom_);
  EXPECT_EQ(on_record->text, parsed->text);

  auto secret = services_->org_keys.SecretKeys(iom_);
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(secret->public_key.text, parsed->text);
  EXPECT_EQ(secret->public_key.organization_id, iom_);
  EXPECT_EQ(secret->signing.public_key, parsed->sign_key);
  EXPECT_EQ(secret->box.public_key, parsed->box_key);
  EXPECT_NE(parsed->sign_key, parsed->box_key);

  // What the pair signs, the card's key checks; what is sealed to the card's key, the pair opens.
  const std::string message = "handover package of the Bor PoC programme";
  const std::string signature = crypto::Sign(secret->signing, message);
  EXPECT_TRUE(crypto::VerifySignature(parsed->sign_key, message, signature));
  EXPECT_FALSE(crypto::VerifySignature(parsed->sign_key, message + ".", signature));
  const std::string sealed = crypto::SealTo(parsed->box_key, "the package key");
  auto opened = crypto::OpenSealedBox(secret->box, sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "the package key");

  // The record carries the public half and who made it; the card is what everyone reads.
  auto org = store_->Get("organization", iom_);
  ASSERT_TRUE(org.ok());
  EXPECT_EQ(org->data["public_key"]["text"], card["public_key"]);
  EXPECT_EQ(org->data["public_key"]["fingerprint"], card["fingerprint"]);
  EXPECT_EQ(org->data["public_key"]["source"], "generated");
  EXPECT_EQ(org->data["public_key"]["by"], iom_admin_.user_id);
  auto read = services_->org_keys.Card(alarm_admin_, iom_);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, card);
}

TEST_F(OrgKeysTest, RotatingAgainReplacesTheKeyAndOldBoxesNoLongerOpen) {
  Json first = Rotate(iom_admin_, iom_);
  auto first_keys = services_->org_keys.SecretKeys(iom_);
  ASSERT_TRUE(first_keys.ok());
  const std::string sealed = crypto::SealTo(first_keys->box.public_key, "addressed to the old key");
  clock_.Advance(60'000);
  Json second = Rotate(Principal::System(), iom_);
  EXPECT_NE(second["public_key"], first["public_key"]);
  EXPECT_NE(second["fingerprint"], first["fingerprint"]);
  EXPECT_EQ(second["created_at"], "2017-08-15T09:31:00.000Z");
  auto second_keys = services_->org_keys.SecretKeys(iom_);
  ASSERT_TRUE(second_keys.ok());
  EXPECT_EQ(second_keys->public_key.text, second["public_key"]);
  EXPECT_NE(second_keys->signing.public_key, first_keys->signing.public_key);
  EXPECT_NE(second_keys->box.public_key, first_keys->box.public_key);
  EXPECT_FALSE(crypto::OpenSealedBox(second_keys->box, sealed).ok());
  auto record = store_->Get("organization", iom_);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->data["public_key"]["by"], "system");
}

TEST_F(OrgKeysTest, TheSeedNeverEntersTheChangeLog) {
  Rotate(iom_admin_, iom_);
  Rotate(iom_admin_, iom_);
  auto wrapped = store_->GetRecordKeys("organization", {iom_});
  ASSERT_TRUE(wrapped.ok());
  ASSERT_EQ(wrapped->count(iom_), 1u);
  auto seed = services_->ctx.keys().Unwrap(wrapped->at(iom_), "organization", iom_);
  ASSERT_TRUE(seed.ok()) << seed.status().ToString();
  ASSERT_EQ(seed->size(), 32u);
  auto secret = services_->org_keys.SecretKeys(iom_);
  ASSERT_TRUE(secret.ok());
  const std::string log = LogText();
  ASSERT_NE(log.find(secret->public_key.text), std::string::npos) << "the public half is in the log";
  for (const std::string& secret_text :
       {crypto::Base64Url(*seed), crypto::Hex({reinterpret_cast<const uint8_t*>(seed->data()), seed->size()}), wrapped->at(iom_),
        crypto::Base64Url(secret->signing.secret_key), crypto::Base64Url(secret->box.secret_key)}) {
    EXPECT_EQ(log.find(secret_text), std::string::npos) << "secret material in the log: " << secret_text;
  }
}

TEST_F(OrgKeysTest, OnlyTheOrganisationsOwnAdminsAndTheSystemRotate) {
  for (const Principal& who : {alarm_admin_, iom_viewer_}) {
    auto r = services_->org_keys.Rotate(who, iom_);
    EXPECT_EQ(r.status().code(), Code::kForbidden) << who.username;
  }
  EXPECT_EQ(services_->org_keys.Rotate(iom_admin_, "no-such-organisation").status().code(), Code::kNotFound);
  auto none = services_->org_keys.LocalOrganizations();
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty()) << "nothing was written";
}

TEST_F(OrgKeysTest, RegisterRecordsAPartnersKeyAndRefusesMalformedTextAndAnOrganisationWithItsOwnPair) {
  Rotate(Principal::System(), iom_);
  const std::string partner_key = KeyText('p', 'q');

  // IOM's own pair is kept here: its key is rotated, never registered.
  auto own = services_->org_keys.Register(alarm_admin_, iom_, partner_key);
  EXPECT_EQ(own.status().code(), Code::kConflict) << own.status().ToString();
  EXPECT_EQ(services_->org_keys.Register(Principal::System(), iom_, partner_key).status().code(), Code::kConflict);
  // Its own admins do not register a key for it, and only admins register.
  EXPECT_EQ(services_->org_keys.Register(iom_admin_, iom_, partner_key).status().code(), Code::kForbidden);
  EXPECT_EQ(services_->org_keys.Register(iom_viewer_, partner_, partner_key).status().code(), Code::kForbidden);

  auto malformed = services_->org_keys.Register(alarm_admin_, partner_, "baton-org-key-1:not a key");
  ASSERT_EQ(malformed.status().code(), Code::kInvalid) << malformed.status().ToString();
  ASSERT_FALSE(malformed.status().errors().empty());
  EXPECT_EQ(malformed.status().errors()[0].field, "public_key");
  EXPECT_EQ(services_->org_keys.PublicKey(partner_).status().code(), Code::kNotFound);

  auto card = services_->org_keys.Register(alarm_admin_, partner_, partner_key + "\n");
  ASSERT_TRUE(card.ok()) << card.status().ToString();
  EXPECT_EQ((*card)["public_key"], partner_key);
  EXPECT_EQ((*card)["source"], "registered");
  EXPECT_EQ((*card)["local"], false);
  auto read = services_->org_keys.Card(iom_viewer_, partner_);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, *card);
  EXPECT_EQ(services_->org_keys.SecretKeys(partner_).status().code(), Code::kNotFound);

  // The same key again writes nothing; another replaces it.
  auto head = store_->Head();
  ASSERT_TRUE(head.ok());
  ASSERT_TRUE(services_->org_keys.Register(alarm_admin_, partner_, partner_key).ok());
  EXPECT_EQ(store_->Head()->first, head->first);
  auto replaced = services_->org_keys.Register(Principal::System(), partner_, KeyText('r', 's'));
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ((*replaced)["public_key"], KeyText('r', 's'));
  EXPECT_EQ(store_->Get("organization", partner_)->data["public_key"]["by"], "system");
}

TEST_F(OrgKeysTest, LocalOrganizationsListsOnlyThoseWithSeeds) {
  auto none = services_->org_keys.LocalOrganizations();
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  Rotate(Principal::System(), alarm_);
  Rotate(Principal::System(), iom_);
  ASSERT_TRUE(services_->org_keys.Register(alarm_admin_, partner_, KeyText('a', 'b')).ok());
  auto local = services_->org_keys.LocalOrganizations();
  ASSERT_TRUE(local.ok());
  std::vector<std::string> expected = {iom_, alarm_};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*local, expected);
}

TEST_F(OrgKeysTest, TheSystemReplacesAPairKeptHereWhenTheOrganisationMovedToItsOwnServer) {
  Rotate(Principal::System(), alarm_);
  const std::string elsewhere = KeyText('e', 'f');
  // An admin never does; the system only when told to.
  EXPECT_EQ(services_->org_keys.Register(iom_admin_, alarm_, elsewhere, /*replace_local=*/true).status().code(),
            Code::kConflict);
  EXPECT_EQ(services_->org_keys.Register(Principal::System(), alarm_, elsewhere).status().code(), Code::kConflict);
  auto card = services_->org_keys.Register(Principal::System(), alarm_, elsewhere, /*replace_local=*/true);
  ASSERT_TRUE(card.ok()) << card.status().ToString();
  EXPECT_EQ((*card)["public_key"], elsewhere);
  EXPECT_FALSE((*card)["local"].get<bool>());
  EXPECT_EQ(services_->org_keys.SecretKeys(alarm_).status().code(), Code::kNotFound);
  EXPECT_TRUE(services_->org_keys.LocalOrganizations()->empty());
}

TEST_F(OrgKeysTest, ACardNeedsAKeyAndAnOrganisation) {
  EXPECT_EQ(services_->org_keys.Card(iom_viewer_, iom_).status().code(), Code::kNotFound);
  EXPECT_EQ(services_->org_keys.Card(iom_viewer_, "no-such-organisation").status().code(), Code::kNotFound);
  EXPECT_EQ(services_->org_keys.PublicKey(iom_).status().code(), Code::kNotFound);
  EXPECT_EQ(services_->org_keys.SecretKeys(iom_).status().code(), Code::kNotFound);
}

TEST_F(OrgKeysTest, ParseOrgPublicKeyTakesOnlyTheTextForm) {
  const std::string good = KeyText('x', 'y');
  auto parsed = ParseOrgPublicKey(good);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->sign_key, std::string(32, 'x'));
  EXPECT_EQ(parsed->box_key, std::string(32, 'y'));
  EXPECT_EQ(parsed->text, good);
  EXPECT_TRUE(parsed->organization_id.empty());
  EXPECT_TRUE(ParseOrgPublicKey("  " + good + "\r\n").ok()) << "the ends are trimmed";

  const std::string body = good.substr(std::string("baton-org-key-1:").size());
  const std::vector<std::string> bad = {
      "",
      body,                                                   // no prefix
      "baton-org-key-2:" + body,                              // another format
      "BATON-ORG-KEY-1:" + body,                              //
      "baton-org-key-1:",                                     // nothing after it
      "baton-org-key-1:" + crypto::Base64Url(std::string(63, 'x')),         // too short
      "baton-org-key-1:" + crypto::Base64Url(std::string(65, 'x')),         // too long
      "baton-org-key-1:" + body.substr(0, 85) + "=",          // padding
      "baton-org-key-1:" + body.substr(0, 40) + "+/" + body.substr(42),  // base64, not base64url
      "baton-org-key-1:" + body.substr(0, 40) + " " + body.substr(41),   // a space within
      "baton-org-key-1:" + body.substr(0, 85) + "B",          // bits beyond the 64 bytes
  };
  for (const std::string& text : bad) {
    auto r = ParseOrgPublicKey(text);
    ASSERT_FALSE(r.ok()) << "accepted: " << text;
    EXPECT_EQ(r.status().code(), Code::kInvalid) << text;
    ASSERT_FALSE(r.status().errors().empty()) << text;
    EXPECT_EQ(r.status().errors()[0].field, "public_key") << text;
  }
}

TEST_F(OrgKeysTest, TheFingerprintIsSixteenBytesOfBlake2bInGroupsOfFour) {
  auto parsed = ParseOrgPublicKey(KeyText('x', 'y'));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(std::regex_match(parsed->fingerprint, std::regex("([0-9a-f]{4} ){7}[0-9a-f]{4}"))) << parsed->fingerprint;
  std::string hex = crypto::Blake2bHex(std::string(32, 'x') + std::string(32, 'y')).substr(0, 32);
  std::string grouped = parsed->fingerprint;
  grouped.erase(std::remove(grouped.begin(), grouped.end(), ' '), grouped.end());
  EXPECT_EQ(grouped, hex);
  EXPECT_NE(ParseOrgPublicKey(KeyText('x', 'z'))->fingerprint, parsed->fingerprint);
}

TEST_F(OrgKeysTest, ClientsCannotSetThePublicKeyAndAPatchKeepsIt) {
  Json card = Rotate(iom_admin_, iom_);
  auto set = services_->accounts.Update(iom_admin_, Collection::kOrganizations, iom_,
                                        {{"public_key", {{"text", KeyText('a', 'b')}}}}, std::nullopt);
  EXPECT_EQ(set.status().code(), Code::kInvalid);
  auto made = services_->accounts.Create(iom_admin_, Collection::kOrganizations,
                                         {{"code", "forged"}, {"name", "Forged"}, {"type", "other"},
                                          {"public_key", {{"text", KeyText('a', 'b')}}}});
  EXPECT_EQ(made.status().code(), Code::kInvalid);
  auto patched = services_->accounts.Update(iom_admin_, Collection::kOrganizations, iom_, {{"country", "South Sudan"}},
                                            std::nullopt);
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->data["public_key"]["text"], card["public_key"]);
  auto secret = services_->org_keys.SecretKeys(iom_);
  EXPECT_TRUE(secret.ok()) << secret.status().ToString();
}

TEST_F(OrgKeysTest, APairThatIsNotTheOneOnRecordIsNotUsed) {
  Rotate(iom_admin_, iom_);
  // The record names another key (a registration that reached this node from elsewhere).
  auto org = store_->Get("organization", iom_);
  ASSERT_TRUE(org.ok());
  ChangeSet set = services_->ctx.NewChangeSet(Principal::System());
  set.changes.push_back({"organization", iom_, ChangeOp::kUpdate,
                         Json{{"public_key", {{"text", KeyText('o', 'p')}, {"source", "registered"}}}}, org->version});
  ASSERT_TRUE(store_->Commit(std::move(set)).ok());
  EXPECT_EQ(services_->org_keys.SecretKeys(iom_).status().code(), Code::kConflict);
  // Rotating makes a pair and a record that agree again.
  Rotate(iom_admin_, iom_);
  EXPECT_TRUE(services_->org_keys.SecretKeys(iom_).ok());
}

TEST_F(OrgKeysTest, WithoutADataKeyNoPairIsMade) {
  ServiceOptions options;
  options.password_cost = crypto::PasswordCost::kFast;
  auto keyless = OpenServices(*store_, clock_, random_, options);
  ASSERT_TRUE(keyless.ok()) << keyless.status().ToString();
  EXPECT_EQ((*keyless)->org_keys.Rotate(Principal::System(), iom_).status().code(), Code::kUnavailable);
  Rotate(Principal::System(), iom_);
  EXPECT_EQ((*keyless)->org_keys.SecretKeys(iom_).status().code(), Code::kUnavailable);
  EXPECT_TRUE((*keyless)->org_keys.Card(iom_viewer_, iom_).ok()) << "the public half needs no data key";
}


// The derivation of docs/formats/handover.md, pinned: a seed kept by an earlier release must give
// the same keys, text and fingerprint.
TEST_F(OrgKeysTest, TheKeysOfASeedAreTheOnesTheFormatDescribes) {
  std::string seed;
  for (int i = 1; i <= 32; ++i) seed.push_back(static_cast<char>(i));
  const crypto::KeyPair signing = crypto::SigningKeysFromSeed(crypto::DeriveKey(seed, 1, "orgsign_"));
  const crypto::KeyPair box = crypto::BoxKeysFromSeed(crypto::DeriveKey(seed, 2, "orgbox__"));
  const std::string text = "baton-org-key-1:" + crypto::Base64Url(signing.public_key + box.public_key);
  EXPECT_EQ(text, kGoldenText);
  auto org = store_->Get("organization", iom_);
  ASSERT_TRUE(org.ok());
  ChangeSet set = services_->ctx.NewChangeSet(Principal::System());
  EntityChange change{"organization", iom_, ChangeOp::kUpdate,
                      Json{{"public_key", {{"text", text}, {"source", "generated"}}}}, org->version};
  change.local.record_key = services_->ctx.keys().Wrap(seed, "organization", iom_, random_);
  set.changes.push_back(std::move(change));
  ASSERT_TRUE(store_->Commit(std::move(set)).ok());
  auto keys = services_->org_keys.SecretKeys(iom_);
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  EXPECT_EQ(keys->signing.secret_key, signing.secret_key);
  EXPECT_EQ(keys->box.secret_key, box.secret_key);
  EXPECT_EQ(keys->public_key.text, kGoldenText);
  EXPECT_EQ(keys->public_key.fingerprint, kGoldenFingerprint);
}

}  // namespace
}  // namespace baton
