// Reports end to end over HTTP against a real `baton serve` on a copy of the demo data: a
// programme of its own, counted by hand — people in two streams counted once, contacts each time,
// counselling, ages at first contact — the shared report a donor's viewer reads with small counts
// hidden, who may read which audience, the programme's own indicator and threshold, and every bad
// request refused with a problem naming the parameter.
#include <gtest/gtest.h>

#include <string>

#include "support/e2e.h"
#include "tabular/table.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

class ReportsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM reports office", "rpt");
    Token("dca.viewer");
    Token("iom.facilitator");
    // A programme of its own, shared with DanChurchAid's viewers.
    HttpResponse p = client().Post("/api/v1/programmes",
                                   {{"name", "Reports fixture"},
                                    {"site_id", shared_->site},
                                    {"start_date", "2016-01-01"},
                                    {"viewer_organization_ids", {shared_->sessions["dca.viewer"].organization_id}}},
                                   Token("iom.manager"));
    ASSERT_EQ(p.status, 201) << p.Describe();
    programme_ = new std::string(p.json()["id"].get<std::string>());
    // A: woman born 1980; B: boy born 2008; C: woman born 1950.
    a_ = new std::string(Person("female", "1980-03-01"));
    b_ = new std::string(Person("male", "2008-07-01"));
    c_ = new std::string(Person("female", "1950-01-01"));
    const std::string group = Plan("peer_support"), event = Plan("recreational");
    for (const char* d : {"2016-02-01", "2016-02-08", "2016-02-15"}) Attend(group, d, {*a_, *b_});
    Attend(group, "2016-02-22", {*a_});
    Attend(event, "2016-03-05", {*a_, *c_});
    Attend(event, "2017-01-10", {*b_, *c_});  // another year
  }
  static void TearDownTestSuite() {
    delete programme_;
    delete a_;
    delete b_;
    delete c_;
    StopSharedServer();
  }

  static std::string Person(const std::string& sex, const std::string& birth_date) {
    static int n = 0;
    const std::string names[] = {"Reportone", "Reporttwo", "Reportthree", "Reportfour"};
    return RegisterPerson(*programme_, "Nyandeng", names[n++ % 4], sex, birth_date);
  }
  static std::string Plan(const std::string& stream) { return PlanActivity(*programme_, stream, "Fixture " + stream); }
  static void Attend(const std::string& activity, const std::string& date, const std::vector<std::string>& people) {
    RecordAttendance(activity, date, people);
  }

  static HttpResponse Report(const std::string& query, const std::string& as = "iom.manager") {
    return client().Get("/api/v1/reports/indicators?programme=" + *programme_ + query, Token(as));
  }
  static Json Indicator(const HttpResponse& r, const std::string& code) {
    const Json j = r.json();
    for (const Json& i : j["indicators"]) {
      if (i["code"] == code) return i;
    }
    ADD_FAILURE() << "no " << code << " in " << r.Describe();
    return Json::object();
  }
  static Json Cell(const Json& indicator, const Json& where) {
    for (const Json& c : indicator["cells"]) {
      bool all = true;
      for (const auto& [k, v] : where.items()) all = all && c[k] == v;
      if (all) return c["value"];
    }
    return "absent";
  }

  static std::string* programme_;
  static std::string *a_, *b_, *c_;
};
std::string* ReportsTest::programme_ = nullptr;
std::string* ReportsTest::a_ = nullptr;
std::string* ReportsTest::b_ = nullptr;
std::string* ReportsTest::c_ = nullptr;

TEST_F(ReportsTest, AManagersReportCountsPeopleOnceAndContactsEachTime) {
  HttpResponse r = Report("&period=2016&breakdown=sex,age_band");
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json body = r.json();
  EXPECT_EQ(body["audience"], "internal");
  EXPECT_EQ(body["sensitivity"], "high");
  EXPECT_EQ(body["from"], "2016-01-01");
  EXPECT_EQ(body["to"], "2016-12-31");
  EXPECT_EQ(body["programme"]["name"], "Reports fixture");
  EXPECT_EQ(Indicator(r, "people_reached")["value"], 3) << "A is in both streams and counted once";
  EXPECT_EQ(Indicator(r, "people_reached_peer_support")["value"], 2);
  EXPECT_EQ(Indicator(r, "people_reached_recreational")["value"], 2) << "B and C's 2017 event is another year";
  EXPECT_EQ(Indicator(r, "contacts_peer_support")["value"], 7);
  EXPECT_EQ(Indicator(r, "contacts_recreational")["value"], 2);
  EXPECT_EQ(Indicator(r, "sessions_held")["value"], 5);
  EXPECT_EQ(Indicator(r, "peer_support_groups_active")["value"], 1);
  const Json reached = Indicator(r, "people_reached");
  EXPECT_EQ(Cell(reached, {{"sex", "female"}, {"age_band", "18_59"}}), 1);
  EXPECT_EQ(Cell(reached, {{"sex", "female"}, {"age_band", "60_plus"}}), 1);
  EXPECT_EQ(Cell(reached, {{"sex", "male"}, {"age_band", "6_11"}}), 1) << "B was 7 at his first 2016 session";
  EXPECT_EQ(reached["margins"]["sex"], (Json{{{"sex", "female"}, {"value", 2}}, {{"sex", "male"}, {"value", 1}}}));

  // A quarter and a custom period count only what fell in them.
  HttpResponse q1 = Report("&period=2016-Q1&indicators=contacts_peer_support,people_reached");
  ASSERT_EQ(q1.status, 200) << q1.Describe();
  EXPECT_EQ(q1.json()["indicators"].size(), 2u);
  EXPECT_EQ(Indicator(q1, "contacts_peer_support")["value"], 7);
  HttpResponse feb = Report("&from=2016-02-10&to=2016-02-28&indicators=contacts_peer_support,people_reached");
  EXPECT_EQ(Indicator(feb, "contacts_peer_support")["value"], 3);
  EXPECT_EQ(Indicator(feb, "people_reached")["value"], 2);
  HttpResponse y2017 = Report("&period=2017&indicators=people_reached");
  EXPECT_EQ(Indicator(y2017, "people_reached")["value"], 2);
}

// The demo's counselling: the share of cases closed in 2016 whose PHQ-9 improved, against what each
// closed case's own outcomes page (another reader of the same scores) says of it.
TEST_F(ReportsTest, ClosedCasesImprovementAgreesWithEachCasesOutcomes) {
  int closed = 0, improved = 0;
  std::string cursor;
  do {
    HttpResponse page = Get("/api/v1/cases?status=closed&limit=200&programme_id=" + shared_->programme +
                                (cursor.empty() ? "" : "&cursor=" + cursor),
                            "iom.manager");
    ASSERT_EQ(page.status, 200) << page.Describe();
    const Json body = page.json();
    for (const Json& c : body["items"]) {
      const std::string closed_on = c.value("closed_on", "");
      if (closed_on < "2016-01-01" || closed_on > "2016-12-31") continue;
      HttpResponse outcomes = Get("/api/v1/cases/" + c["id"].get<std::string>() + "/outcomes", "iom.manager");
      ASSERT_EQ(outcomes.status, 200) << outcomes.Describe();
      const Json instruments = outcomes.json()["instruments"];
      for (const Json& i : instruments) {
        if (i["instrument"] != "phq9" || i["change"].is_null()) continue;
        ++closed;
        if (i["change"]["improved"] == true) ++improved;
      }
    }
    cursor = body["next_cursor"].is_string() ? body["next_cursor"].get<std::string>() : "";
  } while (!cursor.empty());
  ASSERT_GT(closed, 10) << "the demo closes cases in 2016";
  ASSERT_LT(improved, closed) << "and not every one improves";
  HttpResponse r = client().Get("/api/v1/reports/indicators?programme=" + shared_->programme +
                                    "&period=2016&audience=internal&indicators=closed_cases_improved_phq9",
                                Token("iom.manager"));
  ASSERT_EQ(r.status, 200) << r.Describe();
  const Json phq9 = Indicator(r, "closed_cases_improved_phq9");
  EXPECT_EQ(phq9["denominator"], closed);
  EXPECT_EQ(phq9["numerator"], improved);
}

TEST_F(ReportsTest, ViewersAndOtherStaffReadTheSharedReportWithSmallCountsHidden) {
  for (const char* who : {"dca.viewer", "iom.facilitator", "iom.counsellor"}) {
    HttpResponse r = Report("&period=2016&breakdown=sex", who);
    ASSERT_EQ(r.status, 200) << who << ": " << r.Describe();
    EXPECT_EQ(r.json()["audience"], "shared") << who;
    EXPECT_EQ(r.json()["sensitivity"], "moderate");
    EXPECT_EQ(Indicator(r, "people_reached")["value"], "<5") << who << ": 3 people";
    EXPECT_EQ(Cell(Indicator(r, "people_reached"), {{"sex", "female"}}), "<5");
    EXPECT_EQ(Indicator(r, "contacts_peer_support")["value"], 7) << "7 contacts are not small";
    EXPECT_EQ(Cell(Indicator(r, "contacts_peer_support"), {{"sex", "male"}}), "<5") << "B's 3 contacts";
    EXPECT_EQ(Indicator(r, "sessions_held")["value"], 5) << "sessions are not people";
    HttpResponse internal = Report("&period=2016&audience=internal", who);
    EXPECT_TRUE(IsProblem(internal, 403)) << internal.Describe();
  }
  // A manager may ask for the shared report, to see what a donor sees.
  HttpResponse shared = Report("&period=2016&audience=shared&indicators=people_reached");
  EXPECT_EQ(shared.json()["audience"], "shared");
  EXPECT_EQ(Indicator(shared, "people_reached")["value"], "<5");
  // Another organisation, not granted, reads nothing; nor does a viewer of another granted one.
  EXPECT_TRUE(IsProblem(Report("&period=2016", "alarm.manager"), 403));
  EXPECT_TRUE(IsProblem(Report("&period=2016", "unmiss.viewer"), 403));
}

TEST_F(ReportsTest, TheProgrammesOwnIndicatorAndThresholdAreUsed) {
  HttpResponse programme = client().Get("/api/v1/programmes/" + *programme_, Token("iom.manager"));
  const Json own = {{"code", "women_in_groups"},
                    {"level", "output"},
                    {"domain", "reach"},
                    {"wording", {{"en", "Women in peer-support groups"}}},
                    {"numerator", {{"source", "attendance"}, {"measure", "people"}, {"where", {{"stream", {"peer_support"}}}}}}};
  HttpResponse bad = client().Patch("/api/v1/programmes/" + *programme_,
                                    {{"indicators", {{{"code", "x1"}, {"level", "output"}, {"domain", "reach"},
                                                      {"wording", {{"en", "x"}}},
                                                      {"numerator", {{"source", "gossip"}, {"measure", "count"}}}}}}},
                                    Token("iom.manager"), {{"If-Match", programme.header("etag").value_or("")}});
  EXPECT_TRUE(IsProblem(bad, 422) && NamesField(bad, "indicators[0].numerator.source")) << bad.Describe();
  HttpResponse bad_target = client().Patch(
      "/api/v1/programmes/" + *programme_,
      {{"indicator_targets", {{{"indicator", "people_reached"}, {"from", "2016-12-31"}, {"to", "2016-01-01"}, {"value", 10}}}}},
      Token("iom.manager"), {{"If-Match", programme.header("etag").value_or("")}});
  EXPECT_TRUE(IsProblem(bad_target, 422) && NamesField(bad_target, "indicator_targets[0].to")) << bad_target.Describe();
  HttpResponse set = client().Patch("/api/v1/programmes/" + *programme_,
                                    {{"indicators", {own}},
                                     {"minimum_cell", 3},
                                     {"indicator_targets",
                                      {{{"indicator", "contacts_peer_support"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 10}}}}},
                                    Token("iom.manager"), {{"If-Match", programme.header("etag").value_or("")}});
  ASSERT_EQ(set.status, 200) << set.Describe();
  HttpResponse r = Report("&period=2016&indicators=women_in_groups,people_reached,contacts_peer_support&breakdown=sex",
                          "dca.viewer");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.json()["minimum_cell"], 3);
  EXPECT_EQ(r.json()["suppressed"], "<3");
  EXPECT_EQ(Cell(Indicator(r, "contacts_peer_support"), {{"sex", "male"}}), 3) << "3 is not small under 3";
  EXPECT_EQ(Indicator(r, "contacts_peer_support")["target"], 10.0);
  EXPECT_EQ(Indicator(r, "contacts_peer_support")["achievement"], 70.0) << "7 of 10";
  HttpResponse q1 = Report("&period=2016-Q1&indicators=contacts_peer_support");
  EXPECT_TRUE(Indicator(q1, "contacts_peer_support")["target"].is_null()) << "the target is for the year";
  EXPECT_EQ(Indicator(r, "people_reached")["value"], "<3")
      << "three people in three age bands: the total would show that each band holds one";
  EXPECT_EQ(Indicator(r, "women_in_groups")["value"], "<3") << "one woman";
  // The three are all idp_camp: a published group margin of 3 would give the hidden total away.
  HttpResponse groups = Report("&period=2016&indicators=people_reached&breakdown=population_group", "dca.viewer");
  const Json margins = Indicator(groups, "people_reached")["margins"]["population_group"];
  ASSERT_EQ(margins.size(), 1u) << groups.Describe();
  EXPECT_EQ(margins[0], (Json{{"population_group", "idp_camp"}, {"value", "<3"}}));
  EXPECT_FALSE(Indicator(r, "women_in_groups")["builtin"].get<bool>());
  // Back as it was, for the other tests.
  HttpResponse now = client().Get("/api/v1/programmes/" + *programme_, Token("iom.manager"));
  ASSERT_EQ(client()
                .Patch("/api/v1/programmes/" + *programme_, {{"minimum_cell", nullptr}}, Token("iom.manager"),
                       {{"If-Match", now.header("etag").value_or("")}})
                .status,
            200);
}

TEST_F(ReportsTest, The4WsHasOneRowPerActivityWithHxlAndReadsBackFromEveryFormat) {
  const std::string base = "/api/v1/reports/4ws?programme=" + *programme_ + "&period=2016";
  HttpResponse json = client().Get(base + "&audience=internal", Token("iom.manager"));
  ASSERT_EQ(json.status, 200) << json.Describe();
  const Json j = json.json();
  EXPECT_EQ(j["audience"], "internal");
  ASSERT_EQ(j["rows"].size(), 2u) << "the peer-support group and the event";
  const Json peer = j["rows"][0]["activity_code"] == "8.2" ? j["rows"][0] : j["rows"][1];
  EXPECT_EQ(peer["activity"], "Fixture peer_support");
  EXPECT_EQ(peer["layer"], 3);
  EXPECT_EQ(peer["status"], "ongoing") << "it ends in 2017";
  EXPECT_EQ(peer["reached_total"], 2);
  EXPECT_EQ(peer["contacts_total"], 7);
  EXPECT_EQ(peer["reached_female_18_59"], 1);
  EXPECT_EQ(peer["contacts_male_6_11"], 3);
  EXPECT_EQ(peer["admin1"], "Jonglei");

  // The CSV: column names, then HXL hashtags, then the rows; the default audience is shared.
  HttpResponse csv = client().Get(base + "&format=csv", Token("iom.manager"));
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_TRUE(csv.header("content-type").value_or("").starts_with("text/csv"));
  EXPECT_NE(csv.header("content-disposition").value_or("").find("4ws-2016-01-01-2016-12-31.csv"), std::string::npos);
  Result<Table> table = ReadCsv(csv.body);
  ASSERT_TRUE(table.ok()) << table.status().message();
  auto column = [&](const Table& t, const std::string& name) {
    return static_cast<size_t>(std::find(t.header.begin(), t.header.end(), name) - t.header.begin());
  };
  ASSERT_EQ(table->rows.size(), 3u) << "the HXL row and two activities";
  EXPECT_EQ(table->rows[0][column(*table, "Organisation")], "#org");
  EXPECT_EQ(table->rows[0][column(*table, "People reached, female, 18_59")], "#reached+f+age18_59");
  EXPECT_EQ(table->rows[0][column(*table, "Service contacts, total")], "#output+contacts+total");
  const size_t reached = column(*table, "People reached, total"), code = column(*table, "4Ws code");
  for (size_t r = 1; r < table->rows.size(); ++r) {
    EXPECT_EQ(table->rows[r][reached], "<5") << "2 people, shared";
    if (table->rows[r][code] == "8.2") {
      EXPECT_EQ(table->rows[r][column(*table, "Service contacts, total")], "7");
    }
  }

  // The workbook, parsed: the same two header rows and numbers.
  HttpResponse xlsx = client().Get(base + "&format=xlsx&audience=internal", Token("iom.manager"));
  ASSERT_EQ(xlsx.status, 200) << xlsx.Describe();
  EXPECT_EQ(xlsx.header("content-type").value_or(""), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  Result<Table> book = ReadXlsx(xlsx.body);
  ASSERT_TRUE(book.ok()) << book.status().message();
  ASSERT_EQ(book->rows.size(), 3u);
  EXPECT_EQ(book->rows[0][column(*book, "Sector")], "#sector");
  for (size_t r = 1; r < book->rows.size(); ++r) {
    if (book->rows[r][column(*book, "4Ws code")] != "8.2") continue;
    EXPECT_EQ(book->rows[r][column(*book, "People reached, total")], "2");
    EXPECT_EQ(book->rows[r][column(*book, "Service contacts, male, 6_11")], "3");
  }

  // A viewer gets the shared table only; a bad format is refused.
  EXPECT_TRUE(IsProblem(client().Get(base + "&audience=internal", Token("dca.viewer")), 403));
  EXPECT_EQ(client().Get(base, Token("dca.viewer")).json()["audience"], "shared");
  HttpResponse pdf = client().Get(base + "&format=pdf", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(pdf, 422) && NamesField(pdf, "format")) << pdf.Describe();
  HttpResponse breakdown = client().Get(base + "&breakdown=sex", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(breakdown, 422) && NamesField(breakdown, "breakdown")) << breakdown.Describe();
}

TEST_F(ReportsTest, BadRequestsAreRefusedNamingTheParameter) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"&from=2016-01-01", "to"},
      {"&from=2016-13-01&to=2016-12-31", "from"},
      {"&from=2016-12-31&to=2016-01-01", "to"},
      {"&period=2016-Q5", "period"},
      {"&period=2016&from=2016-01-01", "period"},
      {"&period=2016&breakdown=sex,height", "breakdown"},
      {"&period=2016&indicators=people_reached,happiness", "indicators"},
      {"&period=2016&audience=everyone", "audience"},
      {"&period=2016&site=nowhere", "site"},
      {"&period=2016&colour=red", "colour"},
  };
  for (const auto& [query, field] : cases) {
    HttpResponse r = Report(query);
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, field)) << query << ": " << r.Describe();
  }
  HttpResponse none = client().Get("/api/v1/reports/indicators?period=2016", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(none, 422) && NamesField(none, "programme")) << none.Describe();
  HttpResponse unknown = client().Get("/api/v1/reports/indicators?period=2016&programme=0190a1b2-0000-7000-8000-000000000000",
                                      Token("iom.manager"));
  EXPECT_TRUE(IsProblem(unknown, 404)) << unknown.Describe();
  HttpResponse site = Report("&period=2016&site=0190a1b2-0000-7000-8000-000000000000");
  EXPECT_TRUE(IsProblem(site, 404)) << site.Describe();
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/reports/indicators?programme=" + *programme_ + "&period=2016", ""), 401));
}

}  // namespace
}  // namespace baton::test
