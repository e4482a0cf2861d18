// Organisation keys end to end over HTTP against a real `baton serve` on a copy of the demo data:
// every demo organisation has a key card, its own admin rotates it (Idempotency-Key honoured), a
// partner's key is registered by an admin of another organisation and refused where the
// organisation keeps its own pair, and every refusal is a problem naming what is wrong.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "support/e2e.h"

namespace baton::test {
namespace {

const std::regex kKeyText("baton-org-key-1:[A-Za-z0-9_-]{86}");
const std::regex kFingerprint("([0-9a-f]{4} ){7}[0-9a-f]{4}");
const std::string kUnknownOrg = "01900000-0000-7000-8000-000000000000";

class OrgKeysApiTest : public DemoServerTest {
 protected:
  void SetUp() override {
    DemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    for (const char* user : {"iom.admin", "iom.viewer", "alarm.admin", "alarm.manager", "dca.viewer"}) {
      sessions_[user] = SignIn(client(), user);
      ASSERT_FALSE(sessions_[user].token.empty()) << user;
    }
    iom_ = sessions_["iom.admin"].organization_id;
    alarm_ = sessions_["alarm.admin"].organization_id;
  }

  const std::string& Token(const std::string& user) { return sessions_[user].token; }

  static std::string KeyPath(const std::string& org) { return "/api/v1/organizations/" + org + "/public-key"; }

  Json Card(const std::string& org, const std::string& as = "dca.viewer") {
    HttpResponse r = client().Get(KeyPath(org), Token(as));
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.json();
  }

  // A partner organisation recorded by ALARM's admin: it has no key pair on this node.
  std::string Partner() {
    HttpResponse r = client().Post("/api/v1/organizations",
                                   {{"code", "partner"}, {"name", "Partner organisation"}, {"type", "national_ngo"}},
                                   Token("alarm.admin"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  std::map<std::string, Session> sessions_;
  std::string iom_, alarm_;
};

TEST_F(OrgKeysApiTest, EveryDemoOrganisationHasAKeyCardEveryoneReads) {
  for (const std::string& org : {iom_, alarm_}) {
    SCOPED_TRACE(org);
    Json card = Card(org);
    EXPECT_EQ(card.value("organization_id", ""), org);
    EXPECT_TRUE(std::regex_match(card.value("public_key", ""), kKeyText)) << card;
    EXPECT_TRUE(std::regex_match(card.value("fingerprint", ""), kFingerprint)) << card;
    EXPECT_EQ(card.value("source", ""), "generated");
    EXPECT_EQ(card.value("local", false), true);
    EXPECT_FALSE(card.value("created_at", "").empty());
    // The public half is a field of the organisation record, so it travels with it.
    HttpResponse record = client().Get("/api/v1/organizations/" + org, Token("iom.viewer"));
    ASSERT_EQ(record.status, 200) << record.Describe();
    EXPECT_EQ(record.json()["public_key"].value("text", ""), card["public_key"]);
    EXPECT_EQ(record.json()["public_key"].value("fingerprint", ""), card["fingerprint"]);
  }
  EXPECT_NE(Card(iom_)["public_key"], Card(alarm_)["public_key"]);
}

TEST_F(OrgKeysApiTest, TheOrganisationsAdminRotatesItsKey) {
  const Json before = Card(iom_);
  const Headers once = {{"Idempotency-Key", "rotate-iom-1"}};
  HttpResponse r = client().Post(KeyPath(iom_) + "/rotate", Json::object(), Token("iom.admin"), once);
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json after = r.json();
  EXPECT_EQ(after.value("organization_id", ""), iom_);
  EXPECT_TRUE(std::regex_match(after.value("public_key", ""), kKeyText)) << after;
  EXPECT_NE(after["public_key"], before["public_key"]);
  EXPECT_NE(after["fingerprint"], before["fingerprint"]);
  EXPECT_EQ(after.value("local", false), true);
  EXPECT_EQ(Card(iom_), after);
  // A retry with the same key gets the same answer, and no second key.
  HttpResponse again = client().Post(KeyPath(iom_) + "/rotate", Json::object(), Token("iom.admin"), once);
  ASSERT_EQ(again.status, 200) << again.Describe();
  EXPECT_EQ(again.header("Idempotent-Replayed").value_or(""), "true");
  EXPECT_EQ(again.json(), after);
  EXPECT_EQ(Card(iom_), after);
  // Without a body too.
  HttpResponse bare = client().Request("POST", KeyPath(iom_) + "/rotate", {{"Authorization", "Bearer " + Token("iom.admin")}});
  ASSERT_EQ(bare.status, 200) << bare.Describe();
  EXPECT_NE(bare.json()["public_key"], after["public_key"]);
  EXPECT_GT(LogEntries(client(), Token("iom.admin")), 0) << "the change log is intact";
}

TEST_F(OrgKeysApiTest, OnlyTheOwnAdminRotates) {
  const Json before = Card(iom_);
  for (const char* user : {"iom.viewer", "alarm.admin", "alarm.manager", "dca.viewer"}) {
    HttpResponse r = client().Post(KeyPath(iom_) + "/rotate", Json::object(), Token(user));
    EXPECT_TRUE(IsProblem(r, 403)) << user << ": " << r.Describe();
  }
  EXPECT_EQ(Card(iom_), before);
}

TEST_F(OrgKeysApiTest, APartnersKeyIsRegisteredByAnotherOrganisationsAdmin) {
  const std::string iom_key = Card(iom_)["public_key"];
  // IOM keeps its own key pair on this node: a key for it is made by rotating, never registered.
  HttpResponse own = client().Put(KeyPath(iom_), {{"public_key", Card(alarm_)["public_key"]}}, Token("alarm.admin"));
  EXPECT_TRUE(IsProblem(own, 409)) << own.Describe();
  EXPECT_EQ(Card(iom_)["public_key"], iom_key);
  HttpResponse self = client().Put(KeyPath(iom_), {{"public_key", iom_key}}, Token("iom.admin"));
  EXPECT_TRUE(IsProblem(self, 403)) << self.Describe();

  const std::string partner = Partner();
  HttpResponse none = client().Get(KeyPath(partner), Token("iom.viewer"));
  EXPECT_TRUE(IsProblem(none, 404)) << none.Describe();
  HttpResponse viewer = client().Put(KeyPath(partner), {{"public_key", iom_key}}, Token("iom.viewer"));
  EXPECT_TRUE(IsProblem(viewer, 403)) << viewer.Describe();

  HttpResponse r = client().Put(KeyPath(partner), {{"public_key", iom_key + "\n"}}, Token("alarm.admin"));
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json card = r.json();
  EXPECT_EQ(card.value("organization_id", ""), partner);
  EXPECT_EQ(card.value("public_key", ""), iom_key);
  EXPECT_EQ(card["fingerprint"], Card(iom_)["fingerprint"]);
  EXPECT_EQ(card.value("source", ""), "registered");
  EXPECT_EQ(card.value("local", true), false);
  EXPECT_EQ(Card(partner), card);
  // Rotating needs the partner's own admin, who works elsewhere.
  HttpResponse rotate = client().Post(KeyPath(partner) + "/rotate", Json::object(), Token("alarm.admin"));
  EXPECT_TRUE(IsProblem(rotate, 403)) << rotate.Describe();
}

TEST_F(OrgKeysApiTest, AMalformedKeyIsRefusedNamingTheField) {
  const std::string partner = Partner();
  const std::string good = Card(iom_)["public_key"];
  const std::vector<Json> bad = {
      {{"public_key", "baton-org-key-1:short"}},
      {{"public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB"}},
      {{"public_key", good.substr(0, good.size() - 1) + "="}},
      {{"public_key", 42}},
      Json::object(),
  };
  for (const Json& body : bad) {
    HttpResponse r = client().Put(KeyPath(partner), body, Token("alarm.admin"));
    EXPECT_TRUE(IsProblem(r, 422)) << body << ": " << r.Describe();
    EXPECT_TRUE(NamesField(r, "public_key")) << body << ": " << r.Describe();
  }
  HttpResponse extra = client().Put(KeyPath(partner), {{"public_key", good}, {"note", "x"}}, Token("alarm.admin"));
  EXPECT_TRUE(IsProblem(extra, 422)) << extra.Describe();
  EXPECT_TRUE(NamesField(extra, "note")) << extra.Describe();
  HttpResponse text = client().Request("PUT", KeyPath(partner),
                                       {{"Authorization", "Bearer " + Token("alarm.admin")}, {"Content-Type", "text/plain"}},
                                       good);
  EXPECT_TRUE(IsProblem(text, 415)) << text.Describe();
  HttpResponse none = client().Get(KeyPath(partner), Token("alarm.admin"));
  EXPECT_TRUE(IsProblem(none, 404)) << "nothing was registered: " << none.Describe();
}

TEST_F(OrgKeysApiTest, AnUnknownOrganisationIsNotFound) {
  HttpResponse get = client().Get(KeyPath(kUnknownOrg), Token("iom.admin"));
  EXPECT_TRUE(IsProblem(get, 404)) << get.Describe();
  HttpResponse rotate = client().Post(KeyPath(kUnknownOrg) + "/rotate", Json::object(), Token("iom.admin"));
  EXPECT_TRUE(IsProblem(rotate, 404)) << rotate.Describe();
  HttpResponse put = client().Put(KeyPath(kUnknownOrg), {{"public_key", Card(iom_)["public_key"]}}, Token("alarm.admin"));
  EXPECT_TRUE(IsProblem(put, 404)) << put.Describe();
  HttpResponse anonymous = client().Get(KeyPath(iom_));
  EXPECT_TRUE(IsProblem(anonymous, 401)) << anonymous.Describe();
}

TEST_F(OrgKeysApiTest, ClientsCannotSetThePublicKeyAndAPatchKeepsIt) {
  const Json card = Card(iom_);
  HttpResponse patch = client().Patch("/api/v1/organizations/" + iom_,
                                      {{"public_key", {{"text", Card(alarm_)["public_key"]}}}}, Token("iom.admin"));
  EXPECT_TRUE(IsProblem(patch, 422)) << patch.Describe();
  EXPECT_TRUE(NamesField(patch, "public_key")) << patch.Describe();
  HttpResponse create = client().Post("/api/v1/organizations",
                                      {{"code", "forged"}, {"name", "Forged"}, {"type", "other"},
                                       {"public_key", {{"text", card["public_key"]}}}},
                                      Token("iom.admin"));
  EXPECT_TRUE(IsProblem(create, 422)) << create.Describe();
  HttpResponse ok = client().Patch("/api/v1/organizations/" + iom_, {{"country", "South Sudan (Jonglei)"}}, Token("iom.admin"));
  ASSERT_EQ(ok.status, 200) << ok.Describe();
  EXPECT_EQ(ok.json()["public_key"].value("text", ""), card["public_key"]);
  EXPECT_EQ(Card(iom_), card);
}

}  // namespace
}  // namespace baton::test
