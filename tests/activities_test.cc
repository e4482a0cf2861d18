// Programme activities and their sessions end to end over HTTP against a real `baton serve` on a
// copy of the demo data: planning an activity of each stream with its defaults, reading with ETags,
// listing with filters and paging, stale and immutable changes, sessions recorded by the named
// facilitators with sealed notes that only they, managers and supervisors read, the programme
// calendar, idempotent retries, what each role and organisation may do, and bad input answered
// with a 4xx problem naming the field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

// One demo server for the whole suite; each test plans its own activities under titles no other
// test uses.
class ActivitiesTest : public SharedDemoServerTest {
 protected:
  // The second IOM facilitator, whom no activity of this suite names (made in SetUpTestSuite).
  static constexpr const char* kOtherFacilitator = "iom.facilitator2";
  static constexpr const char* kOtherPassword = "second facilitator passphrase 2016";

  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    HttpClient c = client();
    HttpResponse user = c.Post("/api/v1/users",
                               {{"username", kOtherFacilitator},
                                {"display_name", "IOM facilitator two"},
                                {"roles", {"facilitator"}},
                                {"password", kOtherPassword}},
                               Token("iom.admin"));
    EXPECT_EQ(user.status, 201) << user.Describe();
    shared_->sessions[kOtherFacilitator] = SignIn(c, kOtherFacilitator, kOtherPassword);
    // ALARM's own site and programme, for the other organisation's activities.
    MakeAlarmPlace("ALARM activities office", "ala");
  }

  static void TearDownTestSuite() { StopSharedServer(); }

  void SetUp() override {
    SharedDemoServerTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_FALSE(shared_->sessions[kOtherFacilitator].token.empty());
  }

  static std::string UserId(const std::string& username) {
    Token(username);
    return shared_->sessions[username].user_id;
  }

  // A title word no other test and no other run uses, for ?q= searches.
  static std::string Unique(const std::string& what) {
    return what + " zq" + std::to_string(::getpid()) + "x" + std::to_string(++shared_->counter);
  }

  // A minimal activity in the demo programme during 2016; `changes` adds fields, a null removes one.
  static Json Body(const std::string& stream, const std::string& title, const Json& changes = Json::object()) {
    return WithChanges({{"programme_id", shared_->programme},
                        {"site_id", shared_->site},
                        {"stream", stream},
                        {"title", title},
                        {"start_date", "2016-01-01"},
                        {"end_date", "2016-12-31"}},
                       changes);
  }

  // Facilitators naming iom.facilitator and one person without an account.
  static Json Facilitators() {
    return {{"user_ids", {UserId("iom.facilitator")}},
            {"external", {{{"name", "Nyandeng Garang"}, {"organization", "ALARM"}}}}};
  }

  static Json Plan(const Json& body, const std::string& as = "iom.manager") {
    HttpResponse r = client().Post("/api/v1/activities", body, Token(as));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json();
  }

  static HttpResponse PostSession(const std::string& activity, const Json& body, const std::string& as,
                                  Headers extra = {}) {
    return client().Post("/api/v1/activities/" + activity + "/sessions", body, Token(as), std::move(extra));
  }

  // Every item of a listing at `path` (which has a query already), following next_cursor.
  static std::vector<Json> ListAll(const std::string& path, const std::string& as, int limit) {
    std::vector<Json> all;
    std::set<std::string> ids;
    std::string cursor;
    for (int pages = 0; pages < 100; ++pages) {
      const std::string url =
          path + "&limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + UrlEncode(cursor));
      HttpResponse r = Get(url, as);
      EXPECT_EQ(r.status, 200) << url << ": " << r.Describe();
      Json j = r.json();
      if (r.status != 200 || !j.is_object() || !j["items"].is_array()) return all;
      for (const Json& item : j["items"]) {
        EXPECT_TRUE(ids.insert(item["id"].get<std::string>()).second) << "listed twice: " << item["id"];
        all.push_back(item);
      }
      if (j["next_cursor"].is_null()) return all;
      EXPECT_EQ(j["items"].size(), static_cast<size_t>(limit)) << "a page before the last is not full";
      cursor = j["next_cursor"];
    }
    ADD_FAILURE() << "paging did not end";
    return all;
  }

  static std::set<std::string> Ids(const std::vector<Json>& items) {
    std::set<std::string> ids;
    for (const Json& i : items) ids.insert(i["id"].get<std::string>());
    return ids;
  }

};

TEST_F(ActivitiesTest, AManagerPlansEveryStreamWithItsDefaults) {
  struct Expected {
    const char* stream;
    const char* code;
    int layer;
    const char* mode;
  };
  // domain/activities.h: each stream's default code (and that code's layer); headcount for
  // information sessions, named attendance otherwise; status planned.
  const Expected streams[] = {
      {"needs_assessment", "11.1", 1, "named"},        {"capacity_building", "11.3", 3, "named"},
      {"recreational", "3.5", 2, "named"},             {"vocational", "vocational_training", 2, "named"},
      {"peer_support", "8.2", 3, "named"},             {"information", "1.1", 1, "headcount"},
  };
  for (const Expected& e : streams) {
    SCOPED_TRACE(e.stream);
    const std::string title = Unique(std::string("Plan ") + e.stream);
    HttpResponse r = client().Post("/api/v1/activities", Body(e.stream, title, {{"facilitators", Facilitators()}}),
                                   Token("iom.manager"));
    ASSERT_EQ(r.status, 201) << r.Describe();
    Json a = r.json();
    ASSERT_TRUE(a["id"].is_string()) << r.body;
    EXPECT_EQ(r.header("Location").value_or(""), "/api/v1/activities/" + a["id"].get<std::string>());
    EXPECT_EQ(r.header("ETag").value_or(""), "\"1\"");
    EXPECT_EQ(a["stream"], e.stream);
    EXPECT_EQ(a["title"], title);
    EXPECT_EQ(a["activity_code"], e.code);
    EXPECT_EQ(a["pyramid_layer"], e.layer);
    EXPECT_EQ(a["attendance_mode"], e.mode);
    EXPECT_EQ(a["status"], "planned");
    EXPECT_EQ(a["active"], true);
    EXPECT_EQ(a["code_table_version"], "iasc-4ws-2012");
    EXPECT_EQ(a["programme_id"], shared_->programme);
    EXPECT_EQ(a["site_id"], shared_->site);
    EXPECT_EQ(a["organization_id"], shared_->iom_org);
    EXPECT_EQ(a["facilitators"], Facilitators());
    EXPECT_EQ(a["start_date"], "2016-01-01");
    EXPECT_EQ(a["end_date"], "2016-12-31");
    EXPECT_EQ(a["version"], 1);

    HttpResponse got = Get(*r.header("Location"), "iom.manager");
    ASSERT_EQ(got.status, 200) << got.Describe();
    EXPECT_EQ(got.json(), a);
    EXPECT_EQ(got.header("ETag").value_or(""), "\"1\"");
    // The programme's staff read it too.
    for (const char* as : {"iom.supervisor", "iom.counsellor", "iom.facilitator", "iom.me_officer"}) {
      HttpResponse seen = Get(*r.header("Location"), as);
      ASSERT_EQ(seen.status, 200) << as << ": " << seen.Describe();
      EXPECT_EQ(seen.json()["title"], title) << as;
    }
  }
}

TEST_F(ActivitiesTest, ACodeOrLayerTheClientSendsIsKept) {
  // A recreational activity in a child-friendly space: that code's own layer (2) when no layer is
  // sent; a layer sent with the code is kept.
  Json cfs = Plan(Body("recreational", Unique("Child-friendly space"), {{"activity_code", "4.1"}}));
  EXPECT_EQ(cfs["activity_code"], "4.1");
  EXPECT_EQ(cfs["pyramid_layer"], 2);
  Json layered = Plan(Body("peer_support", Unique("Women's group"), {{"pyramid_layer", 2}}));
  EXPECT_EQ(layered["activity_code"], "8.2");
  EXPECT_EQ(layered["pyramid_layer"], 2);
  Json named_info = Plan(Body("information", Unique("Registered briefing"), {{"attendance_mode", "named"},
                                                                             {"status", "ongoing"},
                                                                             {"topics", {"referral", "self_care"}}}));
  EXPECT_EQ(named_info["attendance_mode"], "named");
  EXPECT_EQ(named_info["status"], "ongoing");
  EXPECT_EQ(named_info["topics"], Json::array({"referral", "self_care"}));
}

TEST_F(ActivitiesTest, ListFiltersByStreamAndPages) {
  const std::string word = Unique("Bakery");
  std::set<std::string> vocational;
  for (int i = 0; i < 5; ++i) {
    vocational.insert(Plan(Body("vocational", word + " cohort " + std::to_string(i), {{"trade", "bakery"}}))["id"]);
  }
  const std::string recreational = Plan(Body("recreational", word + " football"))["id"];

  // Two at a time: three pages, no one twice, only the stream asked for.
  std::vector<Json> pages = ListAll("/api/v1/activities?stream=vocational&q=" + UrlEncode(word), "iom.me_officer", 2);
  EXPECT_EQ(Ids(pages), vocational);
  for (const Json& a : pages) {
    EXPECT_EQ(a["stream"], "vocational") << a;
    EXPECT_EQ(a["trade"], "bakery") << a;
  }
  // The first page says there is more.
  HttpResponse first = Get("/api/v1/activities?stream=vocational&limit=2&q=" + UrlEncode(word), "iom.manager");
  ASSERT_EQ(first.status, 200) << first.Describe();
  EXPECT_EQ(first.json()["items"].size(), 2u);
  EXPECT_TRUE(first.json()["next_cursor"].is_string()) << first.body;

  std::vector<Json> other = ListAll("/api/v1/activities?stream=recreational&q=" + UrlEncode(word), "iom.facilitator", 50);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0]["id"], recreational);
  EXPECT_TRUE(ListAll("/api/v1/activities?stream=peer_support&q=" + UrlEncode(word), "iom.manager", 50).empty());
  // All of them without the stream filter; every listed activity is IOM's.
  std::vector<Json> all = ListAll("/api/v1/activities?q=" + UrlEncode(word), "iom.counsellor", 4);
  EXPECT_EQ(all.size(), 6u);
  for (const Json& a : ListAll("/api/v1/activities?programme_id=" + shared_->programme, "iom.supervisor", 200)) {
    EXPECT_EQ(a["organization_id"], shared_->iom_org) << a;
    EXPECT_EQ(a["programme_id"], shared_->programme) << a;
  }
}

TEST_F(ActivitiesTest, BadListParametersAreProblemsNamingTheParameter) {
  struct Case {
    const char* query;
    const char* field;
  };
  const Case cases[] = {
      {"stream=football", "stream"},  // not one of the six streams
      {"colour=red", "colour"},       // not a filter of activities
      {"active=maybe", "active"},
      {"limit=0", "limit"},
      {"limit=201", "limit"},
      {"limit=ten", "limit"},
      {"cursor=not-a-cursor", "cursor"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    HttpResponse r = Get(std::string("/api/v1/activities?") + c.query, "iom.manager");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_TRUE(NamesField(r, c.field));
  }
  HttpResponse stream = Get("/api/v1/activities?stream=football", "iom.manager");
  EXPECT_NE(stream.json().value("detail", "").find("peer_support"), std::string::npos)
      << "the problem lists the streams: " << stream.body;
}

TEST_F(ActivitiesTest, PatchWithAStaleIfMatchIsRefusedWith412) {
  Json a = Plan(Body("capacity_building", Unique("PFA training"), {{"topics", {"psychological_first_aid"}}}));
  const std::string path = "/api/v1/activities/" + a["id"].get<std::string>();
  const std::string title = Unique("PFA training for teachers");
  HttpResponse changed = client().Patch(path, {{"title", title}, {"completion_rule_percent", 80}}, Token("iom.manager"),
                                        {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  EXPECT_EQ(changed.header("ETag").value_or(""), "\"2\"");
  EXPECT_EQ(changed.json()["title"], title);
  EXPECT_EQ(changed.json()["completion_rule_percent"], 80);
  EXPECT_EQ(changed.json()["version"], 2);

  // A second client still holding version 1.
  HttpResponse stale = client().Patch(path, {{"title", "Overwritten"}}, Token("iom.manager"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412));
  HttpResponse weak = client().Patch(path, {{"title", "Overwritten"}}, Token("iom.manager"), {{"If-Match", "W/\"2\""}});
  EXPECT_TRUE(IsProblem(weak, 412));
  HttpResponse unreadable = client().Patch(path, {{"title", "Overwritten"}}, Token("iom.manager"), {{"If-Match", "two"}});
  EXPECT_TRUE(IsProblem(unreadable, 422));
  EXPECT_TRUE(NamesField(unreadable, "If-Match"));

  HttpResponse now = Get(path, "iom.manager");
  ASSERT_EQ(now.status, 200) << now.Describe();
  EXPECT_EQ(now.json(), changed.json());
  EXPECT_EQ(now.header("ETag").value_or(""), "\"2\"");
}

TEST_F(ActivitiesTest, StreamAndProgrammeCannotChange) {
  Json a = Plan(Body("peer_support", Unique("Men's peer group")));
  const std::string path = "/api/v1/activities/" + a["id"].get<std::string>();
  HttpResponse stream = client().Patch(path, {{"stream", "vocational"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(stream, 422));
  EXPECT_TRUE(NamesField(stream, "stream"));
  HttpResponse programme = client().Patch(path, {{"programme_id", shared_->alarm_programme}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(programme, 422));
  EXPECT_TRUE(NamesField(programme, "programme_id"));
  // Neither was applied, not even in part.
  HttpResponse both = client().Patch(path, {{"stream", "information"}, {"title", "Renamed"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(both, 422));
  EXPECT_TRUE(NamesField(both, "stream"));
  HttpResponse now = Get(path, "iom.manager");
  EXPECT_EQ(now.json(), a);
  EXPECT_EQ(now.header("ETag").value_or(""), "\"1\"");
}

TEST_F(ActivitiesTest, BadActivitiesAreProblemsNamingTheField) {
  const std::string word = Unique("Refused");
  struct Case {
    const char* what;
    Json body;
    const char* field;
  };
  const Case cases[] = {
      {"unknown stream", Body("football", word), "stream"},
      {"no stream", Body("recreational", word, {{"stream", nullptr}}), "stream"},
      {"no title", Body("recreational", word, {{"title", nullptr}}), "title"},
      {"end before start", Body("recreational", word, {{"end_date", "2015-12-31"}}), "end_date"},
      {"not a date", Body("recreational", word, {{"start_date", "2016-02-30"}}), "start_date"},
      {"topics on a recreational activity", Body("recreational", word, {{"topics", {"self_care"}}}), "topics"},
      {"trade on a training", Body("capacity_building", word, {{"trade", "bakery"}}), "trade"},
      {"peer support by headcount", Body("peer_support", word, {{"attendance_mode", "headcount"}}), "attendance_mode"},
      {"unknown code", Body("recreational", word, {{"activity_code", "99.9"}}), "activity_code"},
      {"layer 5", Body("recreational", word, {{"pyramid_layer", 5}}), "pyramid_layer"},
      {"unknown status", Body("recreational", word, {{"status", "postponed"}}), "status"},
      {"another organisation's programme", Body("recreational", word, {{"programme_id", shared_->alarm_programme}}),
       "programme_id"},
      {"no such site", Body("recreational", word, {{"site_id", "01890000-0000-7000-8000-000000000000"}}), "site_id"},
      {"another organisation's facilitator",
       Body("recreational", word, {{"facilitators", {{"user_ids", {UserId("alarm.manager")}}}}}),
       "facilitators.user_ids[0]"},
      {"facilitator id not an id", Body("recreational", word, {{"facilitators", {{"user_ids", {"fac"}}}}}),
       "facilitators.user_ids[0]"},
      {"external facilitator without a name",
       Body("recreational", word, {{"facilitators", {{"external", {{{"organization", "ALARM"}}}}}}}),
       "facilitators.external[0].name"},
      {"unknown facilitators field", Body("recreational", word, {{"facilitators", {{"staff", Json::array()}}}}),
       "facilitators.staff"},
      {"schedule end before start",
       Body("recreational", word,
            {{"schedule", {{"frequency", "weekly"}, {"weekdays", {"tue"}}, {"start_time", "15:00"}, {"end_time", "14:00"}}}}),
       "schedule.end_time"},
      {"schedule time 24:00", Body("recreational", word, {{"schedule", {{"frequency", "once"}, {"start_time", "24:00"}}}}),
       "schedule.start_time"},
      {"weekdays on a monthly schedule",
       Body("recreational", word, {{"schedule", {{"frequency", "monthly"}, {"weekdays", {"mon"}}}}}), "schedule.weekdays"},
      {"refresher of nothing",
       Body("capacity_building", word, {{"refresher_of", "01890000-0000-7000-8000-000000000000"}}), "refresher_of"},
      {"completion 0%", Body("vocational", word, {{"completion_rule_percent", 0}}), "completion_rule_percent"},
      {"unknown field", Body("recreational", word, {{"colour", "red"}}), "colour"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    HttpResponse r = client().Post("/api/v1/activities", c.body, Token("iom.manager"));
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_TRUE(NamesField(r, c.field));
  }
  // Nothing half-written.
  EXPECT_TRUE(ListAll("/api/v1/activities?q=" + UrlEncode(word), "iom.manager", 50).empty());
  // Not JSON, or not an object.
  HttpResponse broken = client().Request("POST", "/api/v1/activities",
                                         {{"Authorization", "Bearer " + Token("iom.manager")},
                                          {"Content-Type", "application/json"}},
                                         "{\"stream\": ");
  EXPECT_TRUE(IsProblem(broken, 400));
  HttpResponse list = client().Request("POST", "/api/v1/activities",
                                       {{"Authorization", "Bearer " + Token("iom.manager")},
                                        {"Content-Type", "application/json"}},
                                       "[]");
  EXPECT_TRUE(IsProblem(list, 422));
  EXPECT_TRUE(NamesField(list, "body"));
}

TEST_F(ActivitiesTest, ANamedFacilitatorRecordsASessionAndReadsItsNotes) {
  Json a = Plan(Body("peer_support", Unique("Women's peer group"), {{"facilitators", Facilitators()}}));
  const std::string id = a["id"];
  const std::string notes = "Group discussed sleep problems; one member asked about referral.";
  HttpResponse r = PostSession(id,
                               {{"date", "2016-03-08"}, {"start_time", "10:00"}, {"end_time", "11:30"},
                                {"place", "Women's centre, sector 3"}, {"facilitator_id", UserId("iom.facilitator")},
                                {"notes", notes}},
                               "iom.facilitator");
  ASSERT_EQ(r.status, 201) << r.Describe();
  Json s = r.json();
  ASSERT_TRUE(s["id"].is_string()) << r.body;
  const std::string path = "/api/v1/sessions/" + s["id"].get<std::string>();
  EXPECT_EQ(r.header("Location").value_or(""), path);
  EXPECT_EQ(r.header("ETag").value_or(""), "\"1\"");
  EXPECT_EQ(s["activity_id"], id);
  EXPECT_EQ(s["programme_id"], shared_->programme);
  EXPECT_EQ(s["organization_id"], shared_->iom_org);
  EXPECT_EQ(s["date"], "2016-03-08");
  EXPECT_EQ(s["start_time"], "10:00");
  EXPECT_EQ(s["end_time"], "11:30");
  EXPECT_EQ(s["place"], "Women's centre, sector 3");
  EXPECT_EQ(s["notes"], notes);
  EXPECT_EQ(s["version"], 1);
  EXPECT_FALSE(s.contains("sealed")) << r.body;

  // The facilitator, managers and supervisors read the notes.
  for (const char* as : {"iom.facilitator", "iom.manager", "iom.supervisor"}) {
    HttpResponse got = Get(path, as);
    ASSERT_EQ(got.status, 200) << as << ": " << got.Describe();
    EXPECT_EQ(got.json(), s) << as;
    EXPECT_EQ(got.header("ETag").value_or(""), "\"1\"") << as;
  }
  const std::string list = "/api/v1/activities/" + id + "/sessions?from=2016-01-01";
  std::vector<Json> theirs = ListAll(list, "iom.facilitator", 100);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0], s);

  // A manager adds a second session; the facilitator changes the notes of the first.
  HttpResponse second = PostSession(id, {{"date", "2016-03-15"}, {"notes", "Manager's note"}}, "iom.manager");
  ASSERT_EQ(second.status, 201) << second.Describe();
  EXPECT_EQ(second.json()["notes"], "Manager's note");
  HttpResponse changed = client().Patch(path, {{"notes", "Follow up with two members."}, {"place", "Sector 3 hall"}},
                                        Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  EXPECT_EQ(changed.json()["notes"], "Follow up with two members.");
  EXPECT_EQ(changed.json()["place"], "Sector 3 hall");
  EXPECT_EQ(changed.header("ETag").value_or(""), "\"2\"");
  HttpResponse stale = client().Patch(path, {{"place", "Elsewhere"}}, Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412));
  EXPECT_EQ(Get(path, "iom.supervisor").json()["notes"], "Follow up with two members.");
  std::vector<Json> both = ListAll(list, "iom.manager", 1);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0]["notes"], "Follow up with two members.");
  EXPECT_EQ(both[1]["notes"], "Manager's note");
}

TEST_F(ActivitiesTest, AnMEOfficerReadsSessionsWithoutNotes) {
  Json a = Plan(Body("recreational", Unique("Youth drama"), {{"facilitators", Facilitators()}}));
  HttpResponse r = PostSession(a["id"], {{"date", "2016-05-02"}, {"place", "Football ground"}, {"notes", "Sealed words"}},
                               "iom.facilitator");
  ASSERT_EQ(r.status, 201) << r.Describe();
  Json s = r.json();
  const std::string path = "/api/v1/sessions/" + s["id"].get<std::string>();
  Json without = s;
  without.erase("notes");
  for (const char* as : {"iom.me_officer", "iom.counsellor", kOtherFacilitator}) {
    SCOPED_TRACE(as);
    HttpResponse got = Get(path, as);
    ASSERT_EQ(got.status, 200) << got.Describe();
    EXPECT_EQ(got.json(), without);
    EXPECT_EQ(got.body.find("Sealed words"), std::string::npos) << got.body;
    std::vector<Json> listed = ListAll("/api/v1/activities/" + a["id"].get<std::string>() + "/sessions?to=2016-12-31", as, 10);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0], without);
  }
  // Neither may they change it (the M&E officer and the facilitator the activity does not name).
  for (const char* as : {"iom.me_officer", kOtherFacilitator, "iom.supervisor", "iom.counsellor"}) {
    SCOPED_TRACE(as);
    EXPECT_TRUE(IsProblem(client().Patch(path, {{"place", "Changed"}}, Token(as)), 403));
    EXPECT_TRUE(IsProblem(client().Patch(path, {{"notes", "Changed"}}, Token(as)), 403));
  }
  EXPECT_EQ(Get(path, "iom.manager").json(), s);
}

TEST_F(ActivitiesTest, AFacilitatorTheActivityDoesNotNameCannotRecordItsSessions) {
  Json a = Plan(Body("peer_support", Unique("Elders' group"), {{"facilitators", Facilitators()}}));
  const std::string id = a["id"];
  for (const char* as : {kOtherFacilitator, "iom.me_officer", "iom.counsellor", "iom.supervisor"}) {
    SCOPED_TRACE(as);
    HttpResponse r = PostSession(id, {{"date", "2016-04-01"}, {"notes", "Should not be kept"}}, as);
    EXPECT_TRUE(IsProblem(r, 403));
    EXPECT_EQ(r.body.find("Should not be kept"), std::string::npos);
  }
  // Nor does a named facilitator plan or change the activity itself.
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/activities", Body("recreational", Unique("Unplanned")), Token("iom.facilitator")),
                        403));
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/activities/" + id, {{"title", "Taken over"}}, Token("iom.facilitator")), 403));
  EXPECT_TRUE(ListAll("/api/v1/activities/" + id + "/sessions?from=2016-01-01", "iom.manager", 10).empty());
  EXPECT_EQ(Get("/api/v1/activities/" + id, "iom.manager").json(), a);
}

TEST_F(ActivitiesTest, BadSessionsAreProblemsNamingTheField) {
  Json a = Plan(Body("recreational", Unique("Dance"), {{"facilitators", Facilitators()}}));
  const std::string id = a["id"];
  Json other = Plan(Body("recreational", Unique("Music")));
  struct Case {
    const char* what;
    Json body;
    const char* field;
  };
  const Case cases[] = {
      {"before the activity", {{"date", "2015-12-31"}}, "date"},
      {"after the activity", {{"date", "2017-01-01"}}, "date"},
      {"no date", {{"place", "Hall"}}, "date"},
      {"not a date", {{"date", "2016-02-30"}}, "date"},
      {"end before start", {{"date", "2016-06-01"}, {"start_time", "14:00"}, {"end_time", "13:00"}}, "end_time"},
      {"end without start", {{"date", "2016-06-01"}, {"end_time", "13:00"}}, "start_time"},
      {"time 9:5", {{"date", "2016-06-01"}, {"start_time", "9:5"}}, "start_time"},
      {"another activity", {{"date", "2016-06-01"}, {"activity_id", other["id"]}}, "activity_id"},
      {"another organisation's facilitator", {{"date", "2016-06-01"}, {"facilitator_id", UserId("alarm.manager")}},
       "facilitator_id"},
      {"unknown field", {{"date", "2016-06-01"}, {"headcount", 12}}, "headcount"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    HttpResponse r = PostSession(id, c.body, "iom.facilitator");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_TRUE(NamesField(r, c.field));
  }
  HttpResponse outside = PostSession(id, {{"date", "2017-01-01"}}, "iom.facilitator");
  EXPECT_NE(outside.json().value("detail", "").find("2016-01-01"), std::string::npos)
      << "the problem says the activity's dates: " << outside.body;
  EXPECT_TRUE(ListAll("/api/v1/activities/" + id + "/sessions?from=2000-01-01", "iom.manager", 10).empty());

  // A session moved outside the dates is refused as well, and stays as it was.
  HttpResponse made = PostSession(id, {{"date", "2016-06-01"}}, "iom.facilitator");
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string path = "/api/v1/sessions/" + made.json()["id"].get<std::string>();
  HttpResponse moved = client().Patch(path, {{"date", "2017-02-01"}}, Token("iom.facilitator"));
  EXPECT_TRUE(IsProblem(moved, 422));
  EXPECT_TRUE(NamesField(moved, "date"));
  HttpResponse moved_activity = client().Patch(path, {{"activity_id", other["id"]}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(moved_activity, 422));
  EXPECT_TRUE(NamesField(moved_activity, "activity_id"));
  EXPECT_EQ(Get(path, "iom.manager").json(), made.json());

  // Sessions of a cancelled activity are no longer recorded.
  ASSERT_EQ(client().Patch("/api/v1/activities/" + id, {{"status", "cancelled"}}, Token("iom.manager")).status, 200);
  HttpResponse cancelled = PostSession(id, {{"date", "2016-06-08"}}, "iom.facilitator");
  EXPECT_TRUE(IsProblem(cancelled, 409));
  EXPECT_TRUE(NamesField(cancelled, "status"));

  // Unknown activities and sessions.
  const std::string nobody = "01890000-0000-7000-8000-000000000000";
  EXPECT_TRUE(IsProblem(PostSession(nobody, {{"date", "2016-06-01"}}, "iom.manager"), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/sessions/" + nobody, "iom.manager"), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + nobody, "iom.manager"), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + nobody + "/sessions", "iom.manager"), 404));
  // An activity's id is not a session's, nor the other way round.
  EXPECT_TRUE(IsProblem(Get("/api/v1/sessions/" + id, "iom.manager"), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + made.json()["id"].get<std::string>(), "iom.manager"), 404));
}

// Disabled until the service refuses it: ActivityService::Update accepts new dates that leave
// recorded sessions outside them, after which every PATCH of such a session (even of its place)
// is refused with a problem naming "date", a field the client did not send.
TEST_F(ActivitiesTest, NewActivityDatesThatLeaveSessionsOutsideAreRefused) {
  Json a = Plan(Body("recreational", Unique("Shrinking"), {{"facilitators", Facilitators()}}));
  const std::string id = a["id"];
  HttpResponse s = PostSession(id, {{"date", "2016-03-01"}}, "iom.facilitator");
  ASSERT_EQ(s.status, 201) << s.Describe();
  HttpResponse shrink = client().Patch("/api/v1/activities/" + id, {{"start_date", "2016-07-01"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(shrink, 422));
  EXPECT_TRUE(NamesField(shrink, "start_date"));
  EXPECT_EQ(Get("/api/v1/activities/" + id, "iom.manager").json(), a);
  HttpResponse place = client().Patch("/api/v1/sessions/" + s.json()["id"].get<std::string>(), {{"place", "Hall"}},
                                      Token("iom.facilitator"));
  ASSERT_EQ(place.status, 200) << place.Describe();
  EXPECT_EQ(place.json()["place"], "Hall");
}

TEST_F(ActivitiesTest, RolesWithoutActivitiesAreRefused) {
  Json a = Plan(Body("information", Unique("Cholera awareness")));
  const std::string id = a["id"];
  for (const char* as : {"iom.viewer", "iom.admin", "iom.advisor", "dca.viewer"}) {
    SCOPED_TRACE(as);
    HttpResponse list = Get("/api/v1/activities", as);
    EXPECT_TRUE(IsProblem(list, 403));
    EXPECT_FALSE(list.json().contains("items")) << list.body;
    EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + id, as), 403));
    EXPECT_TRUE(IsProblem(Get("/api/v1/activities/options", as), 403));
    EXPECT_TRUE(IsProblem(Get("/api/v1/sessions?programme_id=" + shared_->programme, as), 403));
    EXPECT_TRUE(IsProblem(client().Post("/api/v1/activities", Body("recreational", Unique("Refused")), Token(as)), 403));
  }
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/activities"), 401));
}

TEST_F(ActivitiesTest, AnotherOrganisationNeitherReadsNorChangesTheActivity) {
  const std::string title = Unique("Secret title of IOM");
  Json a = Plan(Body("peer_support", title, {{"facilitators", Facilitators()}}));
  const std::string id = a["id"];
  HttpResponse s = PostSession(id, {{"date", "2016-07-04"}, {"notes", "IOM's sealed notes"}}, "iom.facilitator");
  ASSERT_EQ(s.status, 201) << s.Describe();
  const std::string session = s.json()["id"];

  // The service answers 403 (ids are unguessable; existence is not hidden) and shows nothing of it.
  for (const char* as : {"alarm.manager", "alarm.counsellor"}) {
    SCOPED_TRACE(as);
    for (const std::string& path : {"/api/v1/activities/" + id, "/api/v1/activities/" + id + "/sessions",
                                   "/api/v1/sessions/" + session}) {
      HttpResponse r = Get(path, as);
      EXPECT_TRUE(IsProblem(r, 403)) << path;
      EXPECT_EQ(r.body.find("Secret title"), std::string::npos) << r.body;
      EXPECT_EQ(r.body.find("sealed notes"), std::string::npos) << r.body;
      EXPECT_EQ(r.body.find("2016-07-04"), std::string::npos) << r.body;
    }
    // Listings and the calendar of IOM's programme hold none of IOM's.
    for (const Json& item : ListAll("/api/v1/activities?q=" + UrlEncode(title), as, 50)) ADD_FAILURE() << item;
    for (const Json& item : ListAll("/api/v1/activities?programme_id=" + shared_->programme, as, 200)) ADD_FAILURE() << item;
    for (const Json& item : ListAll("/api/v1/sessions?programme_id=" + shared_->programme, as, 500)) ADD_FAILURE() << item;
  }
  HttpResponse patch = client().Patch("/api/v1/activities/" + id, {{"title", "Taken over"}}, Token("alarm.manager"));
  EXPECT_TRUE(IsProblem(patch, 403));
  HttpResponse record = PostSession(id, {{"date", "2016-07-11"}}, "alarm.manager");
  EXPECT_TRUE(IsProblem(record, 403));
  HttpResponse notes = client().Patch("/api/v1/sessions/" + session, {{"notes", "Overwritten"}}, Token("alarm.manager"));
  EXPECT_TRUE(IsProblem(notes, 403));
  // ALARM's manager cannot plan into IOM's programme either; its own works.
  HttpResponse into = client().Post("/api/v1/activities", Body("recreational", Unique("ALARM in IOM")), Token("alarm.manager"));
  EXPECT_TRUE(IsProblem(into, 422));
  EXPECT_TRUE(NamesField(into, "programme_id"));
  Json own = Plan(Body("recreational", Unique("ALARM football"),
                       {{"programme_id", shared_->alarm_programme}, {"site_id", shared_->alarm_site},
                        {"start_date", "2017-09-01"}, {"end_date", nullptr}}),
                  "alarm.manager");
  EXPECT_EQ(own["organization_id"], shared_->alarm_org);
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + own["id"].get<std::string>(), "iom.manager"), 403));

  EXPECT_EQ(Get("/api/v1/activities/" + id, "iom.manager").json(), a);
  EXPECT_EQ(Get("/api/v1/sessions/" + session, "iom.facilitator").json(), s.json());
}

TEST_F(ActivitiesTest, TheCalendarNeedsAProgrammeAndKeepsToItsDates) {
  HttpResponse none = Get("/api/v1/sessions", "iom.manager");
  EXPECT_TRUE(IsProblem(none, 422));
  EXPECT_TRUE(NamesField(none, "programme_id"));
  HttpResponse empty = Get("/api/v1/sessions?programme_id=", "iom.manager");
  EXPECT_TRUE(IsProblem(empty, 422));
  EXPECT_TRUE(NamesField(empty, "programme_id"));
  struct Case {
    std::string query;
    const char* field;
  };
  const Case bad[] = {
      {"&from=2016-13-01", "from"},
      {"&to=yesterday", "to"},
      {"&limit=501", "limit"},
      {"&cursor=%21", "cursor"},
      {"&stream=recreational", "stream"},
  };
  for (const Case& c : bad) {
    SCOPED_TRACE(c.query);
    HttpResponse r = Get("/api/v1/sessions?programme_id=" + shared_->programme + c.query, "iom.manager");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_TRUE(NamesField(r, c.field));
  }

  // A programme of its own, so that the calendar holds only this test's sessions.
  HttpResponse p = client().Post("/api/v1/programmes",
                                 {{"name", Unique("Calendar programme")}, {"site_id", shared_->site},
                                  {"start_date", "2015-01-01"}},
                                 Token("iom.manager"));
  ASSERT_EQ(p.status, 201) << p.Describe();
  const std::string programme = p.json()["id"];
  Json group = Plan(Body("peer_support", Unique("Calendar group"),
                         {{"programme_id", programme}, {"start_date", "2015-01-01"}, {"end_date", "2015-12-31"},
                          {"facilitators", Facilitators()}}));
  Json training = Plan(Body("capacity_building", Unique("Calendar training"),
                            {{"programme_id", programme}, {"start_date", "2015-03-01"}, {"end_date", "2015-03-31"}}));
  const std::string group_id = group["id"], training_id = training["id"];
  std::map<std::string, std::string> by_date;  // date -> session id
  for (const auto& [activity, date] : std::vector<std::pair<std::string, std::string>>{
           {group_id, "2015-03-10"}, {group_id, "2015-05-20"}, {training_id, "2015-03-31"},
           {group_id, "2015-02-28"}, {training_id, "2015-03-01"}}) {
    HttpResponse r = PostSession(activity, {{"date", date}, {"notes", "Calendar notes " + date}}, "iom.manager");
    ASSERT_EQ(r.status, 201) << r.Describe();
    by_date[date] = r.json()["id"];
  }
  auto dates = [](const std::vector<Json>& items) {
    std::set<std::string> out;
    for (const Json& s : items) out.insert(s["date"].get<std::string>());
    return out;
  };
  const std::string calendar = "/api/v1/sessions?programme_id=" + programme;
  std::vector<Json> march = ListAll(calendar + "&from=2015-03-01&to=2015-03-31", "iom.manager", 2);
  EXPECT_EQ(dates(march), (std::set<std::string>{"2015-03-01", "2015-03-10", "2015-03-31"}));
  for (const Json& s : march) {
    EXPECT_EQ(s["programme_id"], programme) << s;
    EXPECT_EQ(s["id"], by_date[s["date"].get<std::string>()]) << s;
    EXPECT_EQ(s["notes"], "Calendar notes " + s["date"].get<std::string>()) << "a manager reads the notes: " << s;
  }
  EXPECT_EQ(dates(ListAll(calendar + "&from=2015-03-10&to=2015-03-10", "iom.facilitator", 10)),
            (std::set<std::string>{"2015-03-10"}));
  EXPECT_EQ(dates(ListAll(calendar + "&from=2015-04-01", "iom.counsellor", 10)), (std::set<std::string>{"2015-05-20"}));
  EXPECT_EQ(dates(ListAll(calendar + "&to=2015-02-28", "iom.supervisor", 10)), (std::set<std::string>{"2015-02-28"}));
  EXPECT_TRUE(ListAll(calendar + "&from=2015-06-01&to=2015-12-31", "iom.manager", 10).empty());
  EXPECT_EQ(ListAll(calendar, "iom.manager", 500).size(), 5u);
  // The M&E officer sees the same calendar, without notes; the named facilitator sees the
  // group's notes but not the training's, which does not name them.
  for (const Json& s : ListAll(calendar + "&from=2015-03-01&to=2015-03-31", "iom.me_officer", 10)) {
    EXPECT_FALSE(s.contains("notes")) << s;
  }
  for (const Json& s : ListAll(calendar, "iom.facilitator", 10)) {
    EXPECT_EQ(s.contains("notes"), s["activity_id"] == group_id) << s;
  }
  // The sessions of one activity keep to from/to as well.
  EXPECT_EQ(dates(ListAll("/api/v1/activities/" + group_id + "/sessions?from=2015-03-01&to=2015-04-30",
                          "iom.manager", 10)),
            (std::set<std::string>{"2015-03-10"}));
}

TEST_F(ActivitiesTest, AReplayedSessionPostDoesNotReturnTheNotes) {
  Json a = Plan(Body("peer_support", Unique("Replay group"), {{"facilitators", Facilitators()}}));
  const std::string id = a["id"];
  const std::string key = Unique("replay-key");
  const Json body = {{"date", "2016-09-06"}, {"place", "Sector 5"}, {"notes", "Replay-sensitive notes"}};
  HttpResponse first = PostSession(id, body, "iom.facilitator", {{"Idempotency-Key", key}});
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_EQ(first.json()["notes"], "Replay-sensitive notes");
  EXPECT_FALSE(first.header("Idempotent-Replayed").has_value());

  HttpResponse again = PostSession(id, body, "iom.facilitator", {{"Idempotency-Key", key}});
  ASSERT_EQ(again.status, 201) << again.Describe();
  EXPECT_EQ(again.header("Idempotent-Replayed").value_or(""), "true");
  EXPECT_EQ(again.header("Location"), first.header("Location"));
  Json replayed = again.json();
  EXPECT_EQ(replayed["id"], first.json()["id"]);
  EXPECT_EQ(replayed["date"], "2016-09-06");
  EXPECT_EQ(replayed["place"], "Sector 5");
  EXPECT_EQ(replayed["activity_id"], id);
  EXPECT_EQ(replayed["version"], 1);
  EXPECT_FALSE(replayed.contains("notes")) << again.body;
  EXPECT_FALSE(replayed.contains("sealed")) << again.body;
  EXPECT_EQ(again.body.find("Replay-sensitive"), std::string::npos) << again.body;
  // The same key with another body is a conflict; one session was recorded.
  Json changed = body;
  changed["place"] = "Sector 6";
  EXPECT_TRUE(IsProblem(PostSession(id, changed, "iom.facilitator", {{"Idempotency-Key", key}}), 409));
  std::vector<Json> sessions = ListAll("/api/v1/activities/" + id + "/sessions?from=2016-01-01", "iom.facilitator", 10);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0], first.json());

  // Activities are replayed whole (they hold nothing sealed).
  const std::string plan_key = Unique("plan-key");
  const Json plan = Body("recreational", Unique("Replayed football"));
  HttpResponse planned = client().Post("/api/v1/activities", plan, Token("iom.manager"), {{"Idempotency-Key", plan_key}});
  ASSERT_EQ(planned.status, 201) << planned.Describe();
  HttpResponse replanned = client().Post("/api/v1/activities", plan, Token("iom.manager"), {{"Idempotency-Key", plan_key}});
  ASSERT_EQ(replanned.status, 201) << replanned.Describe();
  EXPECT_EQ(replanned.header("Idempotent-Replayed").value_or(""), "true");
  EXPECT_EQ(replanned.json(), planned.json());
  EXPECT_EQ(ListAll("/api/v1/activities?q=" + UrlEncode(plan["title"].get<std::string>()), "iom.manager", 10).size(), 1u);
}

TEST_F(ActivitiesTest, AFacilitatorSeesTheirActivitiesOfTheWeek) {
  const std::string title = Unique("Tuesday group");
  const Json group = Plan(Body("peer_support", title,
                               {{"facilitators", Facilitators()},
                                {"status", "ongoing"},
                                {"schedule", {{"frequency", "weekly"}, {"weekdays", {"tue"}}}}}));
  const std::string id = group["id"];
  const Json other = Plan(Body("peer_support", Unique("Finished group"), {{"facilitators", Facilitators()}, {"status", "completed"}}));
  ASSERT_EQ(PostSession(id, {{"date", "2016-03-08"}}, "iom.facilitator").status, 201);
  auto week = [&](const std::string& date, const std::string& as) {
    HttpResponse r = Get("/api/v1/activities/my-week?date=" + date, as);
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.json();
  };
  auto find = [&](const Json& w, const std::string& activity) {
    for (const Json& item : w["items"]) {
      if (item["activity"]["id"] == activity) return item;
    }
    return Json();
  };
  const Json mine = week("2016-03-10", "iom.facilitator");
  EXPECT_EQ(mine["from"], "2016-03-07");
  EXPECT_EQ(mine["to"], "2016-03-13");
  const Json item = find(mine, id);
  ASSERT_FALSE(item.is_null()) << mine;
  EXPECT_EQ(item["scheduled"], Json::array({"2016-03-08"}));
  ASSERT_EQ(item["sessions"].size(), 1u);
  EXPECT_EQ(item["sessions"][0]["date"], "2016-03-08");
  EXPECT_TRUE(find(mine, other["id"]).is_null()) << "a completed activity is not this week's work";
  EXPECT_TRUE(find(week("2016-03-10", kOtherFacilitator), id).is_null()) << "not named, not theirs";
  EXPECT_TRUE(find(week("2017-03-10", "iom.facilitator"), id).is_null()) << "after its end";
  HttpResponse bad = Get("/api/v1/activities/my-week?date=2016-02-30", "iom.facilitator");
  EXPECT_TRUE(IsProblem(bad, 422) && NamesField(bad, "date")) << bad.Describe();
}

TEST_F(ActivitiesTest, OptionsListTheProgrammesCodeTable) {
  HttpResponse r = Get("/api/v1/activities/options?programme_id=" + shared_->programme, "iom.facilitator");
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json o = r.json();
  EXPECT_EQ(o["streams"], Json::array({"needs_assessment", "capacity_building", "recreational", "vocational",
                                       "peer_support", "information"}));
  EXPECT_EQ(o["statuses"], Json::array({"planned", "ongoing", "completed", "cancelled"}));
  EXPECT_EQ(o["attendance_modes"], Json::array({"named", "headcount"}));
  EXPECT_EQ(o["code_table"]["version"], "iasc-4ws-2012");
  EXPECT_EQ(o["code_table"]["stream_defaults"]["peer_support"], Json({{"code", "8.2"}}));
  EXPECT_EQ(o["code_table"]["stream_defaults"]["vocational"], Json({{"code", "vocational_training"}}));
  bool found = false;
  for (const Json& c : o["code_table"]["codes"]) {
    if (c["code"] == "3.5") {
      found = true;
      EXPECT_EQ(c["layer"], 2);
      EXPECT_EQ(c["group"], "community");
      EXPECT_EQ(c["mapped"], false);
    }
  }
  EXPECT_TRUE(found) << o;
  ASSERT_EQ(o["pyramid_layers"].size(), 4u);
  EXPECT_EQ(o["pyramid_layers"][3]["layer"], 4);
  EXPECT_EQ(o["pyramid_layers"][3]["label"], "specialised services");
  // Without a programme: the built-in table.
  HttpResponse plain = Get("/api/v1/activities/options", "iom.me_officer");
  ASSERT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_EQ(plain.json(), o);

  for (const std::string& q : {std::string("programme_id=01890000-0000-7000-8000-000000000000"),
                               std::string("programme_id=not-an-id"), "programme_id=" + shared_->alarm_programme}) {
    SCOPED_TRACE(q);
    HttpResponse bad = Get("/api/v1/activities/options?" + q, "iom.manager");
    EXPECT_TRUE(IsProblem(bad, 422));
    EXPECT_TRUE(NamesField(bad, "programme_id"));
  }
  HttpResponse unknown = Get("/api/v1/activities/options?stream=recreational", "iom.manager");
  EXPECT_TRUE(IsProblem(unknown, 422));
  EXPECT_TRUE(NamesField(unknown, "stream"));
}

}  // namespace
}  // namespace baton::test
