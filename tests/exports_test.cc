// Raw record exports end to end over HTTP against a real `baton serve` on a copy of the demo data:
// a programme of its own with named people, sessions, a case with scores; the de-identified files
// (JSON, CSV with its HXL row, XLSX) read back and shown to hold no name or phone; identified
// exports for the owner's admins and managers only, written to each named person's access log
// (their subject access export shows it), never naming an erased person; bad requests refused
// with a problem naming the parameter.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/e2e.h"
#include "support/shared_demo_server.h"
#include "tabular/table.h"
#include "tabular/zip_archive.h"

namespace baton::test {
namespace {

constexpr const char* kPhone = "+211 955 010 203";

class ExportsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM exports office", "exp");
    for (const char* who : {"iom.facilitator", "iom.counsellor", "iom.supervisor"}) Token(who);
    HttpResponse p = client().Post("/api/v1/programmes",
                                   {{"name", "Exports fixture"}, {"site_id", shared_->site}, {"start_date", "2016-01-01"}},
                                   Token("iom.manager"));
    ASSERT_EQ(p.status, 201) << p.Describe();
    programme_ = new std::string(p.json()["id"].get<std::string>());
    // A: woman born 1980; B: boy born 2008; E: erased later.
    a_ = new std::string(Person("Exportalpha", "female", "1980-03-01"));
    b_ = new std::string(Person("Exportbeta", "male", "2008-07-01"));
    e_ = new std::string(Person("Exportgamma", "female", "1990-01-01"));
    activity_ = new std::string(Plan());
    Attend("2016-02-01", {{*a_, true}, {*b_, true}});
    Attend("2016-02-08", {{*a_, true}, {*b_, false}});
    Attend("2017-01-10", {{*b_, true}});
    // A case of A with two PHQ-9 scores.
    HttpResponse c = client().Post("/api/v1/cases",
                                   {{"person_id", *a_}, {"programme_id", *programme_},
                                    {"counsellor_id", shared_->sessions["iom.counsellor"].user_id},
                                    {"supervisor_id", shared_->sessions["iom.supervisor"].user_id},
                                    {"opened_on", "2016-03-01"}, {"summary", "Exportsecret summary"}},
                                   Token("iom.counsellor"));
    ASSERT_EQ(c.status, 201) << c.Describe();
    case_ = new std::string(c.json()["id"].get<std::string>());
    for (auto [date, answer] : {std::pair{"2016-03-01", 2}, std::pair{"2016-06-01", 0}}) {
      HttpResponse a = client().Post("/api/v1/assessments",
                                     {{"instrument", "phq9"}, {"person_id", *a_}, {"case_id", *case_}, {"date", date},
                                      {"answers", Json::array({answer, answer, answer, answer, answer, answer, answer, answer, 0})}},
                                     Token("iom.counsellor"));
      ASSERT_EQ(a.status, 201) << a.Describe();
    }
    HttpResponse erased = client().Post("/api/v1/persons/" + *e_ + "/erase", {{"reason", "asked to be forgotten"}},
                                        Token("iom.manager"));
    ASSERT_EQ(erased.status, 200) << erased.Describe();
  }
  static void TearDownTestSuite() {
    for (std::string* s : {programme_, a_, b_, e_, activity_, case_}) delete s;
    StopSharedServer();
  }
  void SetUp() override {
    SharedDemoServerTest::SetUp();
    if (programme_ == nullptr || case_ == nullptr) FAIL() << "the fixture was not made";
  }

  static std::string Person(const std::string& family, const std::string& sex, const std::string& birth_date) {
    HttpResponse r = client().Post("/api/v1/persons",
                                   {{"given_name", "Nyakuoth"}, {"family_name", family}, {"sex", sex},
                                    {"birth_date", birth_date}, {"population_group", "idp_camp"}, {"phone", kPhone},
                                    {"address", "Block 7 Exportstreet"}, {"programme_id", *programme_},
                                    {"site_id", shared_->site}},
                                   Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }
  static std::string Plan() {
    HttpResponse r = client().Post(
        "/api/v1/activities",
        {{"programme_id", *programme_}, {"site_id", shared_->site}, {"stream", "peer_support"}, {"title", "Export group"},
         {"start_date", "2016-01-01"}, {"end_date", "2017-12-31"}, {"attendance_mode", "named"},
         {"facilitators", {{"user_ids", Json::array({shared_->sessions["iom.facilitator"].user_id})}}}},
        Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }
  static void Attend(const std::string& date, const std::vector<std::pair<std::string, bool>>& people) {
    Json attendance = Json::array();
    for (const auto& [p, present] : people) attendance.push_back({{"person_id", p}, {"present", present}});
    HttpResponse r = client().Post("/api/v1/activities/" + *activity_ + "/sessions",
                                   {{"date", date}, {"attendance", attendance}}, Token("iom.facilitator"));
    ASSERT_EQ(r.status, 201) << r.Describe();
  }

  static HttpResponse Export(const std::string& kind, const std::string& query, const std::string& as = "iom.manager") {
    return client().Get("/api/v1/exports/" + kind + "?programme=" + *programme_ + query, Token(as));
  }
  static std::string CodeOf(const std::string& person) {
    return Get("/api/v1/persons/" + person, "iom.manager").json().value("code", "");
  }
  static Json RowOf(const Json& body, const std::string& key, const std::string& value) {
    for (const Json& r : body["rows"]) {
      if (r.value(key, "") == value) return r;
    }
    ADD_FAILURE() << "no row with " << key << " " << value;
    return Json::object();
  }
  static size_t Column(const Table& t, const std::string& name) {
    return static_cast<size_t>(std::find(t.header.begin(), t.header.end(), name) - t.header.begin());
  }

  static inline std::string *programme_ = nullptr, *a_ = nullptr, *b_ = nullptr, *e_ = nullptr;
  static inline std::string *activity_ = nullptr, *case_ = nullptr;
};

TEST_F(ExportsTest, ADeidentifiedExportOfPeopleHoldsCodesAndNoNames) {
  HttpResponse r = Export("people", "&period=2016", "iom.me_officer");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.header("x-baton-sensitivity").value_or(""), "moderate");
  const Json body = r.json();
  EXPECT_EQ(body["format"], "baton-export/1");
  EXPECT_EQ(body["kind"], "people");
  EXPECT_EQ(body["identity"], "deidentified");
  EXPECT_EQ(body["sensitivity"], "moderate");
  EXPECT_EQ(body["programme"]["id"], *programme_);
  // Registered today, not in 2016: the period is the registration date.
  EXPECT_EQ(body["row_count"], 0) << r.Describe();

  HttpResponse all = Export("people", "", "iom.me_officer");
  ASSERT_EQ(all.status, 200) << all.Describe();
  const Json j = all.json();
  ASSERT_EQ(j["row_count"], 3) << all.Describe();
  ASSERT_EQ(j["rows"].size(), 3u);
  const Json a = RowOf(j, "person_code", CodeOf(*a_));
  EXPECT_EQ(a["sex"], "female");
  EXPECT_EQ(a["age_band"], "18_59");
  EXPECT_EQ(a["birth_year"], 1980);
  EXPECT_EQ(a["population_group"], "idp_camp");
  EXPECT_EQ(a["site"], Get("/api/v1/sites/" + shared_->site, "iom.manager").json()["name"]);
  EXPECT_EQ(a["status"], "active");
  // B's band today, from the age the registry shows.
  const int b_age = Get("/api/v1/persons/" + *b_, "iom.manager").json().value("age_years", -1);
  EXPECT_EQ(RowOf(j, "person_code", CodeOf(*b_))["age_band"], b_age < 12 ? "6_11" : b_age < 18 ? "12_17" : "18_59");
  for (const Json& row : j["rows"]) {
    EXPECT_FALSE(row.contains("given_name") || row.contains("phone") || row.contains("birth_date")) << row;
  }
  for (const char* secret : {"Nyakuoth", "Exportalpha", "Exportbeta", "955 010", "Exportstreet", "1980-03-01"}) {
    EXPECT_EQ(all.body.find(secret), std::string::npos) << secret;
  }
  std::vector<std::string> keys;
  for (const Json& c : j["columns"]) keys.push_back(c["key"]);
  EXPECT_EQ(keys, (std::vector<std::string>{"person_code", "sex", "age_band", "birth_year", "population_group", "disability",
                                            "site", "admin1", "admin2", "status"}));
}

TEST_F(ExportsTest, TheCsvAndTheWorkbookReadBackWithTheirHxlRow) {
  HttpResponse csv = Export("attendance", "&period=2016&format=csv", "iom.me_officer");
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_TRUE(csv.header("content-type").value_or("").starts_with("text/csv"));
  EXPECT_EQ(csv.header("x-baton-sensitivity").value_or(""), "moderate");
  EXPECT_NE(csv.header("content-disposition").value_or("").find("export-attendance-deidentified-"), std::string::npos);
  Result<Table> t = ReadCsv(csv.body);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->rows.size(), 5u) << "the HXL row and four attendances of 2016 (2017's left out)";
  EXPECT_EQ(t->rows[0][Column(*t, "person_code")], "#person+code");
  EXPECT_EQ(t->rows[0][Column(*t, "sex")], "#gender");
  EXPECT_EQ(t->rows[0][Column(*t, "admin1")], "#adm1+name");
  EXPECT_EQ(t->rows[0][Column(*t, "date")], "#date");
  const std::string b = CodeOf(*b_);
  int present = 0, absent = 0;
  for (size_t i = 1; i < t->rows.size(); ++i) {
    EXPECT_EQ(t->rows[i][Column(*t, "activity")], "Export group");
    EXPECT_EQ(t->rows[i][Column(*t, "stream")], "peer_support");
    if (t->rows[i][Column(*t, "person_code")] != b) continue;
    EXPECT_EQ(t->rows[i][Column(*t, "age_band")], "6_11");
    (t->rows[i][Column(*t, "present")] == "true" ? present : absent)++;
  }
  EXPECT_EQ(present, 1);
  EXPECT_EQ(absent, 1) << "one row per person per session, present or not";
  EXPECT_EQ(csv.body.find("Nyakuoth"), std::string::npos);
  EXPECT_EQ(t->header.size(), 15u);

  HttpResponse xlsx = Export("cases", "&period=2016&format=xlsx", "iom.me_officer");
  ASSERT_EQ(xlsx.status, 200) << xlsx.Describe();
  EXPECT_EQ(xlsx.header("x-baton-sensitivity").value_or(""), "moderate");
  Result<Table> book = ReadXlsx(xlsx.body);
  ASSERT_TRUE(book.ok()) << book.status().message();
  ASSERT_EQ(book->rows.size(), 2u) << "the HXL row and A's case";
  EXPECT_EQ(book->rows[0][Column(*book, "person_code")], "#person+code");
  EXPECT_EQ(book->rows[1][Column(*book, "case_id")], *case_);
  EXPECT_EQ(book->rows[1][Column(*book, "person_code")], CodeOf(*a_));
  EXPECT_EQ(book->rows[1][Column(*book, "opened_on")], "2016-03-01");
  EXPECT_EQ(book->rows[1][Column(*book, "counsellor_id")], shared_->sessions["iom.counsellor"].user_id);
  EXPECT_EQ(book->rows[1][Column(*book, "assessments")], "2") << "a number in the workbook";
  EXPECT_EQ(book->rows[1][Column(*book, "scores")], "phq9 16 -> 0");
  EXPECT_EQ(Column(*book, "summary"), book->header.size()) << "never the case's summary";
  EXPECT_EQ(xlsx.body.find("Exportsecret"), std::string::npos);
  // The second sheet says what the file is.
  Result<std::unique_ptr<tabular::ZipArchive>> zip = tabular::ZipArchive::Open(xlsx.body, 10 << 20);
  ASSERT_TRUE(zip.ok()) << zip.status().message();
  std::string workbook, about;
  ASSERT_TRUE((*zip)->Read("xl/workbook.xml", [&](std::string_view c) { workbook.append(c); return Status::Ok(); }).ok());
  EXPECT_NE(workbook.find("name=\"About\""), std::string::npos) << workbook;
  ASSERT_TRUE((*zip)->Read("xl/sharedStrings.xml", [&](std::string_view c) { about.append(c); return Status::Ok(); }).ok());
  EXPECT_NE(about.find("sensitivity"), std::string::npos);
  EXPECT_NE(about.find("baton-export/1"), std::string::npos);
}

TEST_F(ExportsTest, CasesAssessmentsAndReferralsCarryNoCounsellingText) {
  HttpResponse cases = Export("cases", "&period=2016");
  ASSERT_EQ(cases.status, 200) << cases.Describe();
  EXPECT_EQ(cases.json()["sensitivity"], "moderate");
  EXPECT_EQ(cases.body.find("Exportsecret"), std::string::npos);
  HttpResponse assessments = Export("assessments", "&from=2016-05-01&to=2016-12-31");
  ASSERT_EQ(assessments.status, 200) << assessments.Describe();
  const Json j = assessments.json();
  ASSERT_EQ(j["rows"].size(), 1u) << assessments.Describe();
  EXPECT_EQ(j["rows"][0]["instrument"], "phq9");
  EXPECT_EQ(j["rows"][0]["total"], 0);
  EXPECT_EQ(j["rows"][0]["date"], "2016-06-01");
  EXPECT_EQ(j["rows"][0]["case_id"], *case_);
  EXPECT_TRUE(j["rows"][0]["band"].is_string());
  EXPECT_FALSE(j["rows"][0].contains("answers"));
  HttpResponse referrals = Export("referrals", "&period=2016", "iom.me_officer");
  ASSERT_EQ(referrals.status, 200) << referrals.Describe();
  const Json referral_columns = referrals.json()["columns"];
  ASSERT_FALSE(referral_columns.empty());
  for (const Json& c : referral_columns) {
    EXPECT_NE(c["key"], "reason");
    EXPECT_NE(c["key"], "feedback");
  }
  HttpResponse activities = Export("activities", "&period=2017");
  ASSERT_EQ(activities.status, 200) << activities.Describe();
  EXPECT_EQ(activities.header("x-baton-sensitivity").value_or(""), "low");
  const Json act = RowOf(activities.json(), "activity_id", *activity_);
  EXPECT_EQ(act["sessions"], 1) << "one session in 2017";
  EXPECT_EQ(act["activity"], "Export group");
}

TEST_F(ExportsTest, OnlyTheOwnersAdminsAndManagersExportNames) {
  for (const char* who : {"iom.me_officer", "iom.counsellor", "iom.supervisor", "iom.viewer", "alarm.manager", "dca.viewer"}) {
    HttpResponse r = Export("people", "&identity=identified", who);
    EXPECT_TRUE(IsProblem(r, 403)) << who << ": " << r.Describe();
    EXPECT_EQ(r.body.find("Exportalpha"), std::string::npos);
  }
  for (const char* who : {"iom.counsellor", "iom.facilitator", "iom.viewer", "alarm.manager"}) {
    EXPECT_TRUE(IsProblem(Export("people", "", who), 403)) << who;
  }
  HttpResponse admin = Export("people", "&identity=identified&format=csv", "iom.admin");
  ASSERT_EQ(admin.status, 200) << admin.Describe();
  EXPECT_EQ(admin.header("x-baton-sensitivity").value_or(""), "high");
  Result<Table> t = ReadCsv(admin.body);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->rows.size(), 4u);
  EXPECT_EQ(t->rows[0][Column(*t, "given_name")], "#person+name+given");
  bool found = false;
  for (size_t i = 1; i < t->rows.size(); ++i) {
    const auto& row = t->rows[i];
    if (row[Column(*t, "person_code")] == CodeOf(*a_)) {
      found = true;
      EXPECT_EQ(row[Column(*t, "family_name")], "Exportalpha");
      EXPECT_EQ(row[Column(*t, "phone")], std::string("'") + kPhone) << "a cell a spreadsheet would run is protected";
      EXPECT_EQ(row[Column(*t, "birth_date")], "1980-03-01");
    }
    if (row[Column(*t, "status")] == "erased") {
      EXPECT_EQ(row[Column(*t, "given_name")], "") << "an erased person is never named";
      EXPECT_EQ(row[Column(*t, "phone")], "");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(admin.body.find("Exportgamma"), std::string::npos);
}

TEST_F(ExportsTest, AnIdentifiedExportIsInThePersonsSubjectAccessExport) {
  const Json me = Get("/api/v1/me", "iom.manager").json();
  const std::string manager = me.contains("user") ? me["user"].value("id", "") : me.value("id", "");
  ASSERT_FALSE(manager.empty()) << me.dump();
  auto exports_of = [&](const std::string& person) {
    int n = 0;
    const Json subject = Get("/api/v1/persons/" + person + "/export", "iom.manager").json();
    for (const Json& v : subject["views"]) {
      if (v["action"] == "export_identified" && v["user"] == manager) ++n;
    }
    return n;
  };
  const int before_a = exports_of(*a_), before_b = exports_of(*b_);
  HttpResponse r = Export("cases", "&identity=identified");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.json()["sensitivity"], "severe");
  EXPECT_EQ(RowOf(r.json(), "case_id", *case_)["family_name"], "Exportalpha");
  EXPECT_EQ(exports_of(*a_), before_a + 1) << "A's case names her";
  EXPECT_EQ(exports_of(*b_), before_b) << "B has no case: this export did not name him";
  // A de-identified export names no one: nothing on the people.
  ASSERT_EQ(Export("attendance", "").status, 200);
  EXPECT_EQ(exports_of(*a_), before_a + 1);
  ASSERT_EQ(Export("attendance", "&identity=identified&format=xlsx").status, 200);
  EXPECT_EQ(exports_of(*b_), before_b + 1) << "one entry per export, not per row";
}

TEST_F(ExportsTest, BadRequestsAreRefusedNamingTheParameter) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"people", "&from=2016-01-01", "to"},
      {"people", "&from=2016-12-31&to=2016-01-01", "to"},
      {"people", "&period=2016-Q5", "period"},
      {"people", "&period=2016&from=2016-01-01", "period"},
      {"people", "&identity=both", "identity"},
      {"activities", "&identity=identified", "identity"},
      {"people", "&format=pdf", "format"},
      {"people", "&site=nowhere", "site"},
      {"people", "&colour=red", "colour"},
      {"households", "", "kind"},
  };
  for (const auto& [kind, query, field] : cases) {
    HttpResponse r = Export(kind, query);
    EXPECT_TRUE(r.status >= 400 && r.status < 500 && IsProblem(r, r.status) && NamesField(r, field))
        << kind << query << ": " << r.Describe();
  }
  HttpResponse none = client().Get("/api/v1/exports/people", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(none, 422) && NamesField(none, "programme")) << none.Describe();
  HttpResponse unknown =
      client().Get("/api/v1/exports/people?programme=0190a1b2-0000-7000-8000-000000000000", Token("iom.manager"));
  EXPECT_TRUE(IsProblem(unknown, 404)) << unknown.Describe();
  EXPECT_TRUE(IsProblem(Export("people", "&site=0190a1b2-0000-7000-8000-000000000000"), 404));
  EXPECT_TRUE(IsProblem(Export("people", "&site=" + shared_->alarm_site), 422));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/exports/people?programme=" + *programme_, ""), 401));
}

}  // namespace
}  // namespace baton::test
