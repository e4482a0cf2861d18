// Support records end to end over HTTP against a real `baton serve` on a copy of the demo data
// (before the handover: IOM runs the programme): a manager shares a tool (Idempotency-Key), gives it
// a new version with If-Match and reads its versions; advising sessions by date; every bad input a
// problem naming the field; a stale If-Match 412; an unknown id 404; viewers and other
// organisations 403. The advisor while the support lasts is covered by src/service/support_test.cc.
#include <gtest/gtest.h>

#include <string>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

constexpr const char* kUnknownId = "0190a1b2-0000-7000-8000-000000000001";

class SupportRecordsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM support office", "sup");
    HttpResponse p = client().Post("/api/v1/programmes",
                                   {{"name", "Support fixture"}, {"site_id", shared_->site}, {"start_date", "2016-01-01"},
                                    {"viewer_organization_ids", {SessionOf("dca.viewer").organization_id}}},
                                   Token("iom.manager"));
    ASSERT_EQ(p.status, 201) << p.Describe();
    programme_ = new std::string(p.json()["id"].get<std::string>());
  }
  static void TearDownTestSuite() {
    delete programme_;
    StopSharedServer();
  }

  static const Session& SessionOf(const std::string& username) {
    Token(username);
    return shared_->sessions[username];
  }

  static Json Tool(const Json& extra = Json::object()) {
    Json body = {{"programme_id", *programme_}, {"title", "PHQ-9 scoring sheet"}, {"category", "form"}, {"version", "1.0"},
                 {"location", "shared drive MHPSS/Tools/phq9-scoring-sheet-1.0.pdf"}, {"shared_on", "2017-10-09"}};
    body.update(extra);
    return body;
  }
  static Json Advising(const Json& extra = Json::object()) {
    Json body = {{"programme_id", *programme_}, {"date", "2017-10-12"}, {"topic", "Referral pathways"},
                 {"mode", "remote_call"}, {"advisor_name", "IOM MHPSS advisor"},
                 {"notes", "The county hospital now takes the referrals."}, {"follow_up", "Update the directory."}};
    body.update(extra);
    return body;
  }
  static std::string Create(const std::string& collection, const Json& body) {
    HttpResponse r = client().Post("/api/v1/" + collection, body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  static std::string* programme_;
};
std::string* SupportRecordsTest::programme_ = nullptr;

TEST_F(SupportRecordsTest, AToolIsSharedGivenANewVersionWithIfMatchAndItsVersionsListed) {
  HttpResponse created = client().Post("/api/v1/support-tools", Tool({{"title", "  Lay counselling manual  "}, {"category", "manual"}, {"version", "2.0"}}),
                                       Token("iom.manager"), {{"Idempotency-Key", "support-tool-create-1"}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  const Json t = created.json();
  const std::string id = t["id"];
  EXPECT_EQ(t["title"], "Lay counselling manual") << "trimmed";
  EXPECT_EQ(t["version"], "2.0");
  EXPECT_EQ(t["record_version"], 1);
  EXPECT_EQ(t["shared_by_organization_id"], shared_->iom_org);
  EXPECT_EQ(created.header("etag").value_or(""), "\"1\"") << "the record's version, not the document's";
  EXPECT_EQ(created.header("location").value_or(""), "/api/v1/support-tools/" + id);
  HttpResponse again = client().Post("/api/v1/support-tools", Tool({{"title", "  Lay counselling manual  "}, {"category", "manual"}, {"version", "2.0"}}),
                                     Token("iom.manager"), {{"Idempotency-Key", "support-tool-create-1"}});
  EXPECT_EQ(again.json()["id"], id);
  EXPECT_EQ(again.header("idempotent-replayed").value_or(""), "true");

  const std::string path = "/api/v1/support-tools/" + id;
  HttpResponse read = client().Get(path, Token("iom.counsellor"));
  ASSERT_EQ(read.status, 200) << read.Describe();
  EXPECT_EQ(read.header("etag").value_or(""), "\"1\"");
  HttpResponse v21 = client().Patch(path, {{"version", "2.1"}, {"shared_on", "2017-12-04"},
                                           {"location", "shared drive MHPSS/Tools/lay-counselling-manual-2.1.pdf"}},
                                    Token("iom.manager"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(v21.status, 200) << v21.Describe();
  EXPECT_EQ(v21.json()["version"], "2.1");
  EXPECT_EQ(v21.header("etag").value_or(""), "\"2\"");
  // A change based on the first version is stale now, and changes nothing.
  HttpResponse stale = client().Patch(path, {{"version", "2.2"}}, Token("iom.manager"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  EXPECT_EQ(client().Get(path, Token("iom.manager")).json()["version"], "2.1");

  HttpResponse versions = client().Get(path + "/versions", Token("iom.me_officer"));
  ASSERT_EQ(versions.status, 200) << versions.Describe();
  const Json v = versions.json();
  EXPECT_EQ(v["tool_id"], id);
  EXPECT_EQ(v["current_version"], "2.1");
  ASSERT_EQ(v["items"].size(), 2u) << v.dump();
  EXPECT_EQ(v["items"][0]["version"], "2.0");
  EXPECT_EQ(v["items"][0]["shared_on"], "2017-10-09");
  EXPECT_EQ(v["items"][1]["version"], "2.1");
  EXPECT_EQ(v["items"][1]["shared_on"], "2017-12-04");
  EXPECT_EQ(v["items"][1]["recorded_by"], SessionOf("iom.manager").user_id);

  // The programme's tools, a page at a time.
  Create("support-tools", Tool());
  HttpResponse page = client().Get("/api/v1/support-tools?limit=1&programme_id=" + *programme_, Token("iom.facilitator"));
  ASSERT_EQ(page.status, 200) << page.Describe();
  ASSERT_EQ(page.json()["items"].size(), 1u);
  EXPECT_EQ(page.json()["items"][0]["id"], id);
  ASSERT_TRUE(page.json()["next_cursor"].is_string());
  HttpResponse next = client().Get("/api/v1/support-tools?limit=1&programme_id=" + *programme_ + "&cursor=" +
                                       page.json()["next_cursor"].get<std::string>(),
                                   Token("iom.facilitator"));
  ASSERT_EQ(next.status, 200) << next.Describe();
  EXPECT_EQ(next.json()["items"][0]["title"], "PHQ-9 scoring sheet");
}

TEST_F(SupportRecordsTest, AdvisingSessionsAreRecordedAndListedByDate) {
  const std::string late = Create("advising-sessions", Advising({{"date", "2017-11-16"}, {"topic", "Keeping members coming"}}));
  const std::string early = Create("advising-sessions", Advising({{"date", "2017-09-14"}, {"topic", "Supervision"}}));
  HttpResponse list = client().Get("/api/v1/advising-sessions?programme_id=" + *programme_, Token("iom.supervisor"));
  ASSERT_EQ(list.status, 200) << list.Describe();
  const Json items = list.json()["items"];
  ASSERT_GE(items.size(), 2u);
  std::string previous;
  int found = 0;
  for (const Json& s : items) {
    EXPECT_LE(previous, s["date"].get<std::string>()) << "by date";
    previous = s["date"];
    found += s["id"] == early || s["id"] == late;
  }
  EXPECT_EQ(found, 2);
  const std::string path = "/api/v1/advising-sessions/" + early;
  HttpResponse read = client().Get(path, Token("iom.manager"));
  ASSERT_EQ(read.status, 200) << read.Describe();
  EXPECT_EQ(read.json()["mode"], "remote_call");
  EXPECT_EQ(read.json()["advisor_name"], "IOM MHPSS advisor");
  EXPECT_FALSE(read.json().contains("advisor_user_id")) << "recorded by the owner's manager";
  HttpResponse changed = client().Patch(path, {{"follow_up", "Role plays at the refresher."}}, Token("iom.manager"),
                                        {{"If-Match", read.header("etag").value_or("")}});
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  EXPECT_EQ(changed.json()["follow_up"], "Role plays at the refresher.");
  EXPECT_TRUE(IsProblem(client().Patch(path, {{"topic", "Stale"}}, Token("iom.manager"), {{"If-Match", "\"1\""}}), 412));
}

TEST_F(SupportRecordsTest, BadInputIsAProblemNamingTheField) {
  const std::string manager = Token("iom.manager");
  auto post = [&](const std::string& collection, const Json& body) { return client().Post("/api/v1/" + collection, body, manager); };
  HttpResponse missing = post("support-tools", {{"programme_id", *programme_}, {"category", "poster"}});
  EXPECT_TRUE(IsProblem(missing, 422)) << missing.Describe();
  for (const char* field : {"title", "category", "version"}) EXPECT_TRUE(NamesField(missing, field)) << field;
  EXPECT_TRUE(NamesField(post("support-tools", Tool({{"shared_on", "2999-01-01"}})), "shared_on"));
  EXPECT_TRUE(NamesField(post("support-tools", Tool({{"shared_on", "2017-02-30"}})), "shared_on"));
  EXPECT_TRUE(NamesField(post("support-tools", Tool({{"programme_id", kUnknownId}})), "programme_id"));
  EXPECT_TRUE(NamesField(post("support-tools", Tool({{"shared_by_organization_id", shared_->alarm_org}})), "shared_by_organization_id"));
  EXPECT_TRUE(NamesField(post("advising-sessions", Advising({{"date", "2999-01-01"}})), "date"));
  EXPECT_TRUE(NamesField(post("advising-sessions", Advising({{"mode", "letter"}})), "mode"));
  EXPECT_TRUE(NamesField(post("advising-sessions", Advising({{"advisor_name", nullptr}})), "advisor_name"));
  EXPECT_TRUE(NamesField(post("advising-sessions", Advising({{"topic", ""}})), "topic"));
  const std::string tool = Create("support-tools", Tool());
  HttpResponse immutable = client().Patch("/api/v1/support-tools/" + tool, {{"programme_id", shared_->programme}}, manager);
  EXPECT_TRUE(IsProblem(immutable, 422)) << immutable.Describe();
  EXPECT_TRUE(NamesField(immutable, "programme_id"));
  HttpResponse list = client().Get("/api/v1/support-tools", manager);
  EXPECT_TRUE(IsProblem(list, 422)) << list.Describe();
  EXPECT_TRUE(NamesField(list, "programme_id"));
  EXPECT_TRUE(NamesField(client().Get("/api/v1/advising-sessions?programme_id=" + *programme_ + "&cursor=nope", manager), "cursor"));
  EXPECT_TRUE(NamesField(client().Get("/api/v1/advising-sessions?programme_id=" + *programme_ + "&limit=0", manager), "limit"));
  EXPECT_TRUE(NamesField(client().Get("/api/v1/advising-sessions?programme_id=" + *programme_ + "&sort=date", manager), "sort"));
  HttpResponse not_json = client().Request("POST", "/api/v1/support-tools",
                                           {{"Authorization", "Bearer " + manager}, {"Content-Type", "application/json"}}, "{\"title\":");
  EXPECT_TRUE(IsProblem(not_json, 400)) << not_json.Describe();
  // Unknown ids.
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/support-tools/" + std::string(kUnknownId), manager), 404));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/support-tools/" + std::string(kUnknownId) + "/versions", manager), 404));
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/support-tools/" + std::string(kUnknownId), {{"version", "3"}}, manager), 404));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/advising-sessions/" + std::string(kUnknownId), manager), 404));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/advising-sessions/" + tool, manager), 404)) << "a tool is no advising session";
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/support-tools?programme_id=" + std::string(kUnknownId), manager), 404));
}

TEST_F(SupportRecordsTest, ViewersAndOtherOrganisationsAreRefused) {
  const std::string tool = Create("support-tools", Tool());
  const std::string session = Create("advising-sessions", Advising());
  // The programme's counsellor reads but does not record.
  EXPECT_EQ(client().Get("/api/v1/support-tools/" + tool, Token("iom.counsellor")).status, 200);
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/support-tools", Tool(), Token("iom.counsellor")), 403));
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/advising-sessions/" + session, {{"topic", "x"}}, Token("iom.counsellor")), 403));
  for (const char* caller : {"iom.viewer", "dca.viewer", "alarm.manager"}) {
    SCOPED_TRACE(caller);
    EXPECT_TRUE(IsProblem(client().Get("/api/v1/support-tools/" + tool, Token(caller)), 403));
    EXPECT_TRUE(IsProblem(client().Get("/api/v1/support-tools/" + tool + "/versions", Token(caller)), 403));
    EXPECT_TRUE(IsProblem(client().Get("/api/v1/advising-sessions/" + session, Token(caller)), 403));
    EXPECT_TRUE(IsProblem(client().Get("/api/v1/advising-sessions?programme_id=" + *programme_, Token(caller)), 403));
    EXPECT_TRUE(IsProblem(client().Post("/api/v1/advising-sessions", Advising(), Token(caller)), 403));
    EXPECT_TRUE(IsProblem(client().Patch("/api/v1/support-tools/" + tool, {{"version", "9"}}, Token(caller)), 403));
  }
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/support-tools/" + tool), 401)) << "signed in only";
}

}  // namespace
}  // namespace baton::test
