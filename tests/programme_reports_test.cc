// Programme reports end to end over HTTP against a real `baton serve` on a copy of the demo data:
// a programme of its own with hand-counted attendance and targets for 2016, a manager writing the
// narrative (If-Match, Idempotency-Key), the rendered report's achievement figures worked out by
// hand, the workbook parsed back, what a donor's viewer reads (final, shared, small counts hidden),
// other organisations refused, and every bad input answered with a problem naming the field.
#include <gtest/gtest.h>

#include <string>

#include "support/e2e.h"
#include "support/shared_demo_server.h"
#include "tabular/table.h"
#include "tabular/zip_archive.h"

namespace baton::test {
namespace {

class ProgrammeReportsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM programme report office", "prr");
    Token("dca.viewer");
    Token("iom.facilitator");
    HttpResponse p = client().Post("/api/v1/programmes",
                                   {{"name", "Programme report fixture"},
                                    {"site_id", shared_->site},
                                    {"start_date", "2016-01-01"},
                                    {"donor", "Fixture donor"},
                                    {"viewer_organization_ids", {shared_->sessions["dca.viewer"].organization_id}}},
                                   Token("iom.manager"));
    ASSERT_EQ(p.status, 201) << p.Describe();
    programme_ = new std::string(p.json()["id"].get<std::string>());
    // Three people; A attends the group four times and the event once, B the group three times,
    // C the event once: 3 people reached, 7 peer-support contacts, 5 sessions in 2016.
    const std::string a = Person("female", "1980-03-01"), b = Person("male", "2008-07-01"),
                      c = Person("female", "1950-01-01");
    const std::string group = Plan("peer_support"), event = Plan("recreational");
    for (const char* d : {"2016-02-01", "2016-02-08", "2016-02-15"}) Attend(group, d, {a, b});
    Attend(group, "2016-02-22", {a});
    Attend(event, "2016-03-05", {a, c});
    Attend(event, "2017-01-10", {b, c});  // another year
    // Targets for 2016 (and one for 2016-Q1, which a yearly report does not use).
    HttpResponse now = client().Get("/api/v1/programmes/" + *programme_, Token("iom.manager"));
    HttpResponse set = client().Patch(
        "/api/v1/programmes/" + *programme_,
        {{"indicator_targets",
          {{{"indicator", "people_reached"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 4}},
           {{"indicator", "contacts_peer_support"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 10}},
           {{"indicator", "sessions_held"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 8}},
           {{"indicator", "people_reached_recreational"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 0}},
           {{"indicator", "sessions_held"}, {"from", "2016-01-01"}, {"to", "2016-03-31"}, {"value", 2}}}}},
        Token("iom.manager"), {{"If-Match", now.header("etag").value_or("")}});
    ASSERT_EQ(set.status, 200) << set.Describe();
  }
  static void TearDownTestSuite() {
    delete programme_;
    StopSharedServer();
  }

  static std::string Person(const std::string& sex, const std::string& birth_date) {
    static int n = 0;
    const std::string names[] = {"Narrativeone", "Narrativetwo", "Narrativethree"};
    return RegisterPerson(*programme_, "Achol", names[n++ % 3], sex, birth_date);
  }
  static std::string Plan(const std::string& stream) { return PlanActivity(*programme_, stream, "Narrative " + stream); }
  static void Attend(const std::string& activity, const std::string& date, const std::vector<std::string>& people) {
    RecordAttendance(activity, date, people);
  }

  // A new report of the fixture programme for 2016, by the manager.
  static Json NewReport(const Json& extra = Json::object()) {
    Json body = {{"programme_id", *programme_}, {"title", "Annual report 2016"}, {"period", "2016"},
                 {"summary", "Peer support and recreation reached the PoC site's families."}};
    body.update(extra);
    HttpResponse r = client().Post("/api/v1/programme-reports", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json();
  }
  static HttpResponse Render(const std::string& id, const std::string& as, const std::string& query = "") {
    return client().Get("/api/v1/programme-reports/" + id + "/render" + query, Token(as));
  }
  static HttpResponse Change(const std::string& id, const Json& patch, const std::string& as = "iom.manager") {
    HttpResponse now = client().Get("/api/v1/programme-reports/" + id, Token(as));
    return client().Patch("/api/v1/programme-reports/" + id, patch, Token(as),
                          {{"If-Match", now.header("etag").value_or("")}});
  }
  static Json Indicator(const Json& rendered, const std::string& code) {
    for (const Json& i : rendered["indicators"]) {
      if (i["code"] == code) return i;
    }
    ADD_FAILURE() << "no " << code;
    return Json::object();
  }
  // The uncompressed text of one part of a workbook.
  static std::string Part(const std::string& xlsx, const std::string& name) {
    auto zip = tabular::ZipArchive::Open(xlsx, 16 << 20);
    EXPECT_TRUE(zip.ok()) << zip.status().message();
    if (!zip.ok()) return "";
    std::string out;
    Status s = (*zip)->Read(name, [&](std::string_view chunk) {
      out.append(chunk);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << name << ": " << s.message();
    return out;
  }

  static std::string* programme_;
};
std::string* ProgrammeReportsTest::programme_ = nullptr;

TEST_F(ProgrammeReportsTest, AManagerWritesTheNarrativeAndEditsItWithIfMatch) {
  HttpResponse created = client().Post("/api/v1/programme-reports",
                                       {{"programme_id", *programme_}, {"title", "  Report for the donor  "}, {"period", "2016-Q3"}},
                                       Token("iom.manager"), {{"Idempotency-Key", "progreport-create-1"}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  const Json r = created.json();
  EXPECT_EQ(r["title"], "Report for the donor") << "trimmed";
  EXPECT_EQ(r["from"], "2016-07-01");
  EXPECT_EQ(r["to"], "2016-09-30");
  EXPECT_EQ(r["period"], "2016-Q3");
  EXPECT_EQ(r["audience"], "shared") << "a programme report goes to the donor";
  EXPECT_EQ(r["status"], "draft");
  EXPECT_EQ(created.header("etag").value_or(""), "\"1\"");
  EXPECT_EQ(created.header("location").value_or(""), "/api/v1/programme-reports/" + r["id"].get<std::string>());
  // The same key and body: the same report, not a second one.
  HttpResponse again = client().Post("/api/v1/programme-reports",
                                     {{"programme_id", *programme_}, {"title", "  Report for the donor  "}, {"period", "2016-Q3"}},
                                     Token("iom.manager"), {{"Idempotency-Key", "progreport-create-1"}});
  EXPECT_EQ(again.json()["id"], r["id"]);
  EXPECT_EQ(again.header("idempotent-replayed").value_or(""), "true");

  const std::string id = r["id"];
  const std::string path = "/api/v1/programme-reports/" + id;
  HttpResponse edited = client().Patch(path, {{"achievements", "Two groups met weekly."}, {"from", "2016-01-01"}, {"to", "2016-12-31"}},
                                       Token("iom.me_officer"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(edited.status, 200) << edited.Describe();
  EXPECT_EQ(edited.json()["achievements"], "Two groups met weekly.");
  EXPECT_EQ(edited.json()["from"], "2016-01-01");
  EXPECT_FALSE(edited.json().contains("period")) << "the dates are the period now";
  EXPECT_EQ(edited.header("etag").value_or(""), "\"2\"");
  // A change based on version 1 is stale now, and changes nothing.
  HttpResponse stale = client().Patch(path, {{"achievements", "Overwritten"}}, Token("iom.manager"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  EXPECT_EQ(client().Get(path, Token("iom.manager")).json()["achievements"], "Two groups met weekly.");
  // The change log keeps who wrote what.
  HttpResponse history = client().Get("/api/v1/programme-reports?programme_id=" + *programme_, Token("iom.manager"));
  ASSERT_EQ(history.status, 200) << history.Describe();
  bool listed = false;
  const Json page = history.json();
  for (const Json& item : page["items"]) listed = listed || item["id"] == id;
  EXPECT_TRUE(listed) << history.Describe();
}

TEST_F(ProgrammeReportsTest, TheRenderedReportCarriesTargetsAndAchievementWorkedOutByHand) {
  const Json report = NewReport({{"audience", "internal"}, {"challenges", "Rains closed the site for two weeks."}});
  HttpResponse r = Render(report["id"], "iom.manager");
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json j = r.json();
  EXPECT_EQ(j["format_version"], 1);
  EXPECT_EQ(j["title"], "Annual report 2016");
  EXPECT_EQ(j["audience"], "internal");
  EXPECT_EQ(j["sensitivity"], "high");
  EXPECT_EQ(j["from"], "2016-01-01");
  EXPECT_EQ(j["to"], "2016-12-31");
  EXPECT_EQ(j["programme"]["name"], "Programme report fixture");
  EXPECT_EQ(j["programme"]["donor"], "Fixture donor");
  EXPECT_EQ(j["narrative"]["summary"], "Peer support and recreation reached the PoC site's families.");
  EXPECT_EQ(j["narrative"]["challenges"], "Rains closed the site for two weeks.");
  EXPECT_TRUE(j["narrative"]["next_steps"].is_null());
  // 3 people of 4: 75%; 7 contacts of 10: 70%; 5 sessions of 8: 62.5% (the Q1 target is not the year's).
  const Json reached = Indicator(j, "people_reached");
  EXPECT_EQ(reached["value"], 3);
  EXPECT_EQ(reached["target"], 4.0);
  EXPECT_EQ(reached["achievement"], 75.0);
  EXPECT_EQ(reached["wording"]["en"], "People reached (unique, all services)");
  EXPECT_FALSE(reached.contains("cells")) << "a programme report has no breakdown";
  EXPECT_EQ(Indicator(j, "contacts_peer_support")["achievement"], 70.0);
  EXPECT_EQ(Indicator(j, "sessions_held")["value"], 5);
  EXPECT_EQ(Indicator(j, "sessions_held")["target"], 8.0);
  EXPECT_EQ(Indicator(j, "sessions_held")["achievement"], 62.5);
  EXPECT_TRUE(Indicator(j, "people_reached_recreational")["achievement"].is_null()) << "a target of 0";
  EXPECT_TRUE(Indicator(j, "cases_opened")["target"].is_null());
  EXPECT_TRUE(Indicator(j, "cases_opened")["achievement"].is_null());

  // The workbook: the indicators sheet parsed back, and the narrative sheet's text.
  HttpResponse xlsx = Render(report["id"], "iom.manager", "?format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.Describe();
  EXPECT_EQ(xlsx.header("content-type").value_or(""), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(xlsx.header("content-disposition").value_or("").find("programme-report-2016-01-01-2016-12-31.xlsx"),
            std::string::npos);
  Result<Table> book = ReadXlsx(xlsx.body);
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->header, (std::vector<std::string>{"Code", "Indicator", "Level", "Unit", "Result", "Target", "Achievement (%)"}));
  bool seen = false;
  for (const auto& row : book->rows) {
    if (row[0] == "sessions_held") {
      seen = true;
      EXPECT_EQ(row[4], "5");
      EXPECT_EQ(row[5], "8");
      EXPECT_EQ(row[6], "62.5");
    }
    if (row[0] == "people_reached") {
      EXPECT_EQ(row[1], "People reached (unique, all services)");
      EXPECT_EQ(row[4], "3");
      EXPECT_EQ(row[6], "75");
    }
    if (row[0] == "cases_opened") {
      EXPECT_EQ(row[5], "") << "no target: an empty cell";
    }
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(book->rows.size(), j["indicators"].size());
  const std::string workbook = Part(xlsx.body, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"Indicators\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"Narrative\""), std::string::npos) << workbook;
  const std::string strings = Part(xlsx.body, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Rains closed the site for two weeks."), std::string::npos);
  EXPECT_NE(strings.find("Lessons learned"), std::string::npos);
  // In Arabic: the labels and sheet names change, the figures do not.
  HttpResponse arabic = Render(report["id"], "iom.manager", "?format=xlsx&lang=ar");
  ASSERT_EQ(arabic.status, 200) << arabic.Describe();
  Result<Table> ar = ReadXlsx(arabic.body);
  ASSERT_TRUE(ar.ok()) << ar.status().message();
  EXPECT_EQ(ar->header[4], "النتيجة");
  EXPECT_EQ(ar->rows.size(), book->rows.size());
}

TEST_F(ProgrammeReportsTest, ADonorsViewerReadsFinalSharedReportsWithSmallCountsHidden) {
  const Json report = NewReport({{"title", "Donor report 2016"}});
  const std::string id = report["id"];
  // A draft is for its writers.
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/programme-reports/" + id, Token("dca.viewer")), 403));
  EXPECT_TRUE(IsProblem(Render(id, "dca.viewer"), 403));
  auto listed = [&](const std::string& as) {
    HttpResponse l = client().Get("/api/v1/programme-reports?programme_id=" + *programme_, Token(as));
    EXPECT_EQ(l.status, 200) << l.Describe();
    const Json page = l.json();
    for (const Json& item : page["items"]) {
      if (item["id"] == id) return true;
    }
    return false;
  };
  EXPECT_FALSE(listed("dca.viewer"));
  EXPECT_TRUE(listed("iom.me_officer"));
  ASSERT_EQ(Change(id, {{"status", "final"}}).status, 200);
  EXPECT_TRUE(listed("dca.viewer"));

  for (const char* who : {"dca.viewer", "iom.manager", "iom.counsellor"}) {
    HttpResponse r = Render(id, who);
    ASSERT_EQ(r.status, 200) << who << ": " << r.Describe();
    const Json j = r.json();
    EXPECT_EQ(j["audience"], "shared") << who;
    EXPECT_EQ(j["sensitivity"], "moderate");
    EXPECT_EQ(j["suppressed"], "<5");
    EXPECT_EQ(Indicator(j, "people_reached")["value"], "<5") << who << ": 3 people";
    EXPECT_EQ(Indicator(j, "people_reached")["target"], 4.0);
    EXPECT_TRUE(Indicator(j, "people_reached")["achievement"].is_null()) << "75% would give the hidden 3 away";
    EXPECT_EQ(Indicator(j, "contacts_peer_support")["achievement"], 70.0) << "7 contacts are not small";
    EXPECT_EQ(Indicator(j, "sessions_held")["achievement"], 62.5);
  }
  // The workbook keeps the hidden count hidden.
  HttpResponse xlsx = Render(id, "dca.viewer", "?format=xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.Describe();
  Result<Table> book = ReadXlsx(xlsx.body);
  ASSERT_TRUE(book.ok()) << book.status().message();
  bool seen = false;
  for (const auto& row : book->rows) {
    if (row[0] != "people_reached") continue;
    seen = true;
    EXPECT_EQ(row[4], "<5");
    EXPECT_EQ(row[5], "4");
    EXPECT_EQ(row[6], "");
  }
  EXPECT_TRUE(seen);

  // Viewers and other staff read; they do not write.
  EXPECT_TRUE(IsProblem(Change(id, {{"summary", "A viewer's words"}}, "dca.viewer"), 403));
  HttpResponse by_counsellor = client().Patch("/api/v1/programme-reports/" + id, {{"summary", "x"}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(by_counsellor, 403)) << by_counsellor.Describe();
  // An internal report stays with the managers and M&E officers, final or not.
  const Json internal = NewReport({{"audience", "internal"}, {"status", "final"}});
  EXPECT_TRUE(IsProblem(Render(internal["id"], "dca.viewer"), 403));
  EXPECT_TRUE(IsProblem(Render(internal["id"], "iom.counsellor"), 403));
  EXPECT_EQ(Render(internal["id"], "iom.me_officer").status, 200);
}

TEST_F(ProgrammeReportsTest, OtherOrganisationsAreRefused) {
  const Json report = NewReport({{"status", "final"}});
  const std::string id = report["id"];
  for (const char* who : {"alarm.manager", "alarm.admin", "unmiss.viewer"}) {
    EXPECT_TRUE(IsProblem(client().Get("/api/v1/programme-reports/" + id, Token(who)), 403)) << who;
    EXPECT_TRUE(IsProblem(Render(id, who, "?format=xlsx"), 403)) << who;
    EXPECT_TRUE(IsProblem(client().Get("/api/v1/programme-reports?programme_id=" + *programme_, Token(who)), 403)) << who;
    EXPECT_TRUE(IsProblem(client().Patch("/api/v1/programme-reports/" + id, {{"summary", "theirs"}}, Token(who)), 403)) << who;
  }
  HttpResponse theirs = client().Post("/api/v1/programme-reports",
                                      {{"programme_id", *programme_}, {"title", "Not ours"}, {"period", "2016"}},
                                      Token("alarm.manager"));
  EXPECT_TRUE(IsProblem(theirs, 403)) << theirs.Describe();
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/programme-reports/" + id, ""), 401));
}

TEST_F(ProgrammeReportsTest, BadInputIsRefusedNamingTheField) {
  const Json good = {{"programme_id", *programme_}, {"title", "Bad input"}, {"period", "2016"}};
  auto with = [&](const Json& change) {
    Json body = good;
    for (const auto& [k, v] : change.items()) {
      if (v.is_null()) {
        body.erase(k);
      } else {
        body[k] = v;
      }
    }
    return client().Post("/api/v1/programme-reports", body, Token("iom.manager"));
  };
  const std::vector<std::pair<Json, std::string>> cases = {
      {{{"title", nullptr}}, "title"},
      {{{"title", std::string(201, 'x')}}, "title"},
      {{{"summary", std::string(10001, 'x')}}, "summary"},
      {{{"next_steps", 42}}, "next_steps"},
      {{{"period", "2016-Q5"}}, "period"},
      {{{"period", nullptr}}, "period"},
      {{{"period", "2016"}, {"from", "2016-01-01"}, {"to", "2016-03-31"}}, "period"},
      {{{"period", nullptr}, {"from", "2016-05-01"}}, "to"},
      {{{"period", nullptr}, {"from", "2016-05-01"}, {"to", "2016-04-01"}}, "to"},
      {{{"period", nullptr}, {"from", "2016-02-30"}, {"to", "2016-04-01"}}, "from"},
      {{{"audience", "public"}}, "audience"},
      {{{"status", "published"}}, "status"},
      {{{"programme_id", nullptr}}, "programme_id"},
      {{{"programme_id", "not-an-id"}}, "programme_id"},
      {{{"programme_id", "0190a1b2-0000-7000-8000-000000000000"}}, "programme_id"},
      {{{"colour", "red"}}, "colour"},
  };
  for (const auto& [change, field] : cases) {
    HttpResponse r = with(change);
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, field)) << change.dump() << ": " << r.Describe();
  }
  const Json report = NewReport();
  const std::string id = report["id"];
  HttpResponse immutable = Change(id, {{"programme_id", shared_->programme}});
  EXPECT_TRUE(IsProblem(immutable, 422) && NamesField(immutable, "programme_id")) << immutable.Describe();
  HttpResponse inverted = Change(id, {{"from", "2017-01-01"}});
  EXPECT_TRUE(IsProblem(inverted, 422) && NamesField(inverted, "to")) << inverted.Describe();
  HttpResponse long_text = Change(id, {{"lessons_learned", std::string(10001, 'a')}});
  EXPECT_TRUE(IsProblem(long_text, 422) && NamesField(long_text, "lessons_learned")) << long_text.Describe();
  HttpResponse bad_etag = client().Patch("/api/v1/programme-reports/" + id, {{"summary", "x"}}, Token("iom.manager"),
                                         {{"If-Match", "yesterday"}});
  EXPECT_TRUE(IsProblem(bad_etag, 422) && NamesField(bad_etag, "If-Match")) << bad_etag.Describe();
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"?format=pdf", "format"}, {"?lang=fr", "lang"}, {"?colour=red", "colour"}}) {
    HttpResponse r = Render(id, "iom.manager", query);
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, field)) << query << ": " << r.Describe();
  }
  HttpResponse list = client().Get("/api/v1/programme-reports", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(list, 422) && NamesField(list, "programme_id")) << list.Describe();
  HttpResponse limit = client().Get("/api/v1/programme-reports?programme_id=" + *programme_ + "&limit=0", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(limit, 422) && NamesField(limit, "limit")) << limit.Describe();
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/programme-reports/0190a1b2-0000-7000-8000-000000000000", Token("iom.manager")), 404));
  HttpResponse not_json = client().Request("POST", "/api/v1/programme-reports",
                                           {{"Authorization", "Bearer " + Token("iom.manager")}, {"Content-Type", "application/json"}},
                                           "{\"title\": ");
  EXPECT_TRUE(IsProblem(not_json, 400)) << not_json.Describe();
}

}  // namespace
}  // namespace baton::test
