// Attendance end to end over HTTP against a real `baton serve` on a copy of the demo data: named
// attendance and headcounts recorded with a session or replaced later as one change, the roster
// drawn from the last sessions, a person's activities, what an activity reached, and every bad
// submission (wrong way of counting, a person twice, absurd cells, people merged away, of another
// organisation or of another programme without consent to share, stale versions) refused with a
// problem naming the entry while nothing is written.
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

class AttendanceTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM attendance office", "alt");
  }
  static void TearDownTestSuite() { StopSharedServer(); }

  // A family name no demo person and no other test has.
  static std::string Unique() {
    static const std::string kConsonants = "bdklmnprstvxz";
    int n = ++shared_->counter + 1000 * (::getpid() % 1000);
    std::string out = "Qavu";
    do {
      out += kConsonants[n % kConsonants.size()];
      out += 'e';
      n /= static_cast<int>(kConsonants.size());
    } while (n > 0);
    return out;
  }

  static std::string Register(const std::string& programme, const std::string& site, const std::string& as,
                              const Json& changes = Json::object()) {
    Json body = WithChanges({{"given_name", "Akech"},
                             {"family_name", Unique()},
                             {"sex", "female"},
                             {"birth_date", "1990-05-01"},
                             {"population_group", "idp_camp"},
                             {"programme_id", programme},
                             {"site_id", site}},
                            changes);
    HttpResponse r = client().Post("/api/v1/persons", body, Token(as));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  static std::string Person(const Json& changes = Json::object()) {
    return Register(shared_->programme, shared_->site, "iom.manager", changes);
  }

  // An activity of the demo programme during 2016, run by iom.facilitator.
  static std::string Plan(const std::string& stream, const std::string& mode) {
    Token("iom.facilitator");  // signs in, so that the user id is known
    const Json body = {{"programme_id", shared_->programme},
                       {"site_id", shared_->site},
                       {"stream", stream},
                       {"title", "Attendance " + Unique()},
                       {"start_date", "2016-01-01"},
                       {"end_date", "2016-12-31"},
                       {"attendance_mode", mode},
                       {"facilitators", {{"user_ids", Json::array({shared_->sessions["iom.facilitator"].user_id})}}}};
    HttpResponse r = client().Post("/api/v1/activities", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  static HttpResponse Record(const std::string& activity, const Json& body, const std::string& as = "iom.facilitator") {
    return client().Post("/api/v1/activities/" + activity + "/sessions", body, Token(as));
  }

  static Json Here(const std::string& person, bool present = true) {
    return {{"person_id", person}, {"present", present}};
  }

  static HttpResponse Put(const std::string& session, const Json& body, Headers extra = {},
                          const std::string& as = "iom.facilitator") {
    return client().Put("/api/v1/sessions/" + session + "/attendance", body, Token(as), std::move(extra));
  }

  // The people a session's attendance lists, present or absent.
  static std::set<std::string> Listed(const std::string& session) {
    HttpResponse r = Get("/api/v1/sessions/" + session + "/attendance", "iom.facilitator");
    EXPECT_EQ(r.status, 200) << r.Describe();
    std::set<std::string> out;
    const Json j = r.json();
    for (const Json& e : j["attendance"]) out.insert(e.value("person_id", ""));
    return out;
  }
};

TEST_F(AttendanceTest, NamedAttendanceIsRecordedWithTheSessionAndShownWithNames) {
  const std::string group = Plan("peer_support", "named");
  const std::string a = Person(), b = Person({{"sex", "male"}});
  HttpResponse created = Record(group, {{"date", "2016-03-01"}, {"attendance", {Here(a), Here(b, false)}}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  EXPECT_EQ(created.json()["attendance_summary"], (Json{{"present", 1}, {"absent", 1}}));
  const std::string session = created.json()["id"];

  HttpResponse view = Get("/api/v1/sessions/" + session + "/attendance", "iom.facilitator");
  ASSERT_EQ(view.status, 200) << view.Describe();
  EXPECT_EQ(view.header("etag").value_or(""), "\"1\"");
  const Json j = view.json();
  EXPECT_EQ(j["mode"], "named");
  EXPECT_EQ(j["date"], "2016-03-01");
  ASSERT_EQ(j["attendance"].size(), 2u);
  // A facilitator sees names to take attendance, nothing more.
  EXPECT_EQ(j["attendance"][0]["person"]["id"], a);
  EXPECT_EQ(j["attendance"][0]["person"]["given_name"], "Akech");
  EXPECT_FALSE(j["attendance"][0]["person"].contains("phone"));
  EXPECT_EQ(j["age_bands"][0]["code"], "0_5");
  EXPECT_TRUE(j["roster"].empty()) << "everyone of the last sessions is listed already";
}

TEST_F(AttendanceTest, ReplacingAttendanceIsOneChangeAndHonoursIfMatch) {
  const std::string group = Plan("peer_support", "named");
  const std::string a = Person(), b = Person(), c = Person();
  HttpResponse created = Record(group, {{"date", "2016-04-05"}, {"attendance", {Here(a)}}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string session = created.json()["id"];

  HttpResponse put = Put(session, {{"attendance", {Here(a, false), Here(b), Here(c)}}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(put.status, 200) << put.Describe();
  EXPECT_EQ(put.header("etag").value_or(""), "\"2\"");
  EXPECT_EQ(put.json()["version"], 2);
  EXPECT_EQ(Listed(session), (std::set<std::string>{a, b, c}));
  // The same attendance sent again (an offline retry) changes nothing, not even the version.
  HttpResponse again = Put(session, {{"attendance", {Here(a, false), Here(b), Here(c)}}}, {{"If-Match", "\"2\""}});
  ASSERT_EQ(again.status, 200) << again.Describe();
  EXPECT_EQ(again.header("etag").value_or(""), "\"2\"");

  // A second screen still on version 1 is told, and changes nothing.
  HttpResponse stale = Put(session, {{"attendance", {Here(a)}}}, {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  EXPECT_EQ(Listed(session), (std::set<std::string>{a, b, c}));

  // The person's activities list the group once, with both sessions' worth of presence.
  HttpResponse second = Record(group, {{"date", "2016-04-12"}, {"attendance", {Here(a)}}});
  ASSERT_EQ(second.status, 201) << second.Describe();
  HttpResponse mine = Get("/api/v1/persons/" + a + "/activities", "iom.manager");
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  ASSERT_EQ(mine.json()["items"].size(), 1u) << mine.body;
  const Json item = mine.json()["items"][0];
  EXPECT_EQ(item["activity"]["id"], group);
  EXPECT_EQ(item["sessions"], 2);
  EXPECT_EQ(item["present"], 1);  // absent on 04-05, present on 04-12
  EXPECT_EQ(item["first"], "2016-04-05");
  EXPECT_EQ(item["last"], "2016-04-12");
}

TEST_F(AttendanceTest, NotesAndAttendanceChangeApartAndTheDateMovesBoth) {
  const std::string group = Plan("peer_support", "named");
  const std::string a = Person(), b = Person();
  HttpResponse created = Record(group, {{"date", "2016-10-04"}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string session = created.json()["id"];
  EXPECT_FALSE(created.json().contains("attendance_summary"));
  // Nothing recorded yet: version 0.
  HttpResponse empty = Get("/api/v1/sessions/" + session + "/attendance", "iom.facilitator");
  EXPECT_EQ(empty.json()["version"], 0);
  EXPECT_TRUE(empty.json()["attendance"].empty());
  ASSERT_EQ(Put(session, {{"attendance", {Here(a)}}}, {{"If-Match", "\"0\""}}).status, 200);
  // The notes change; the attendance screen's version is still good.
  HttpResponse notes = client().Patch("/api/v1/sessions/" + session, {{"notes", "Quiet meeting."}},
                                      Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(notes.status, 200) << notes.Describe();
  HttpResponse put = Put(session, {{"attendance", {Here(a), Here(b, false)}}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(put.status, 200) << put.Describe();
  HttpResponse shown = Get("/api/v1/sessions/" + session, "iom.facilitator");
  EXPECT_EQ(shown.json()["attendance_summary"], (Json{{"present", 1}, {"absent", 1}}));
  EXPECT_EQ(shown.json()["notes"], "Quiet meeting.");
  // Attendance is not a field a session's PATCH changes.
  HttpResponse patch = client().Patch("/api/v1/sessions/" + session, {{"attendance", Json::array()}}, Token("iom.facilitator"));
  EXPECT_TRUE(IsProblem(patch, 422) && NamesField(patch, "attendance")) << patch.Describe();
  // Moving the session moves its attendance: the person's activities follow.
  ASSERT_EQ(client().Patch("/api/v1/sessions/" + session, {{"date", "2016-10-11"}}, Token("iom.facilitator")).status, 200);
  HttpResponse mine = Get("/api/v1/persons/" + b + "/activities", "iom.manager");
  ASSERT_EQ(mine.json()["items"].size(), 1u) << mine.body;
  EXPECT_EQ(mine.json()["items"][0]["last"], "2016-10-11");
  EXPECT_EQ(Get("/api/v1/sessions/" + session + "/attendance", "iom.facilitator").json()["date"], "2016-10-11");
}

TEST_F(AttendanceTest, TheWayOfCountingIsKeptOnceAttendanceIsRecorded) {
  const std::string event = Plan("recreational", "named");
  auto mode = [&](const char* m) {
    return client().Patch("/api/v1/activities/" + event, {{"attendance_mode", m}}, Token("iom.manager"));
  };
  // Before any attendance, the plan may change its mind.
  ASSERT_EQ(mode("headcount").status, 200);
  ASSERT_EQ(mode("named").status, 200);
  ASSERT_EQ(Record(event, {{"date", "2016-05-07"}, {"attendance", {Here(Person())}}}).status, 201);
  HttpResponse refused = mode("headcount");
  ASSERT_TRUE(IsProblem(refused, 409) && NamesField(refused, "attendance_mode")) << refused.Describe();
  EXPECT_NE(refused.body.find("2016-05-07"), std::string::npos) << refused.body;
  HttpResponse still = Get("/api/v1/activities/" + event, "iom.manager");
  EXPECT_EQ(still.json()["attendance_mode"], "named");
  // Other changes go on as before.
  EXPECT_EQ(client().Patch("/api/v1/activities/" + event, {{"description", "Saturday football"}}, Token("iom.manager")).status, 200);
}

TEST_F(AttendanceTest, AMergedDuplicateCountsAsThePersonOnce) {
  const std::string group = Plan("peer_support", "named");
  const std::string keep = Person(), dup = Person();
  // Registered twice by mistake, the person was recorded under both records at one session.
  ASSERT_EQ(Record(group, {{"date", "2016-11-01"}, {"attendance", {Here(keep), Here(dup)}}}).status, 201);
  ASSERT_EQ(Record(group, {{"date", "2016-11-08"}, {"attendance", {Here(dup)}}}).status, 201);
  ASSERT_EQ(client().Post("/api/v1/persons/" + keep + "/merge", {{"duplicate_id", dup}}, Token("iom.manager")).status, 200);
  HttpResponse mine = Get("/api/v1/persons/" + keep + "/activities", "iom.manager");
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  ASSERT_EQ(mine.json()["items"].size(), 1u) << mine.body;
  EXPECT_EQ(mine.json()["items"][0]["sessions"], 2);
  EXPECT_EQ(mine.json()["items"][0]["present"], 2);
  HttpResponse reach = Get("/api/v1/activities/" + group + "/reach", "iom.manager");
  EXPECT_EQ(reach.json()["people_reached"]["total"], 1) << reach.body;
  EXPECT_EQ(reach.json()["service_contacts"]["total"], 2) << "one contact per session, whichever record named them";
}

TEST_F(AttendanceTest, TheRosterComesFromTheLastSessions) {
  const std::string group = Plan("peer_support", "named");
  const std::string a = Person(), b = Person(), late = Person();
  ASSERT_EQ(Record(group, {{"date", "2016-05-03"}, {"attendance", {Here(a), Here(b, false)}}}).status, 201);
  ASSERT_EQ(Record(group, {{"date", "2016-06-07"}, {"attendance", {Here(late)}}}).status, 201);
  HttpResponse may = Get("/api/v1/activities/" + group + "/roster?date=2016-05-31", "iom.facilitator");
  ASSERT_EQ(may.status, 200) << may.Describe();
  std::set<std::string> ids;
  const Json may_json = may.json();
  for (const Json& p : may_json["items"]) ids.insert(p["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{a, b})) << "a session after the date is not part of its roster";
  HttpResponse june = Get("/api/v1/activities/" + group + "/roster?date=2016-06-30", "iom.facilitator");
  EXPECT_EQ(june.json()["items"].size(), 3u);

  // A new session's attendance screen offers the roster people it does not list yet.
  HttpResponse next = Record(group, {{"date", "2016-06-14"}, {"attendance", {Here(a)}}});
  ASSERT_EQ(next.status, 201) << next.Describe();
  HttpResponse view = Get("/api/v1/sessions/" + next.json()["id"].get<std::string>() + "/attendance", "iom.facilitator");
  std::set<std::string> offered;
  const Json view_json = view.json();
  for (const Json& p : view_json["roster"]) offered.insert(p["id"].get<std::string>());
  EXPECT_EQ(offered, (std::set<std::string>{b, late}));

  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{{"date=2016-13-01", "date"},
                                                                                    {"since=2016-01-01", "since"}}) {
    HttpResponse bad = Get("/api/v1/activities/" + group + "/roster?" + query, "iom.facilitator");
    EXPECT_TRUE(IsProblem(bad, 422) && NamesField(bad, field)) << bad.Describe();
  }
}

TEST_F(AttendanceTest, MembersJoinAndLeaveAndMakeTheRoster) {
  const std::string group = Plan("peer_support", "named");
  const std::string a = Person(), b = Person(), c = Person();
  auto join = [&](const std::string& person, const std::string& on) {
    return client().Post("/api/v1/activities/" + group + "/members", {{"person_id", person}, {"joined_on", on}},
                         Token("iom.facilitator"));
  };
  HttpResponse first = join(a, "2016-02-01");
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_EQ(first.json()["status"], "member");
  EXPECT_EQ(first.json()["person"]["given_name"], "Akech");
  EXPECT_EQ(first.header("etag").value_or(""), "\"1\"");
  ASSERT_EQ(join(b, "2016-02-01").status, 201);
  ASSERT_EQ(join(c, "2016-05-01").status, 201);
  // b leaves at the end of March.
  const std::string b_membership = Get("/api/v1/activities/" + group + "/members", "iom.manager").json()["items"][1]["id"];
  HttpResponse left = client().Patch("/api/v1/memberships/" + b_membership,
                                     {{"left_on", "2016-03-31"}, {"status", "left"}, {"leave_reason", "moved to Juba"}},
                                     Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(left.status, 200) << left.Describe();
  HttpResponse stale = client().Patch("/api/v1/memberships/" + b_membership, {{"leave_reason", "moved"}},
                                      Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();

  auto ids = [&](const std::string& path) {
    std::set<std::string> out;
    const Json j = Get(path, "iom.facilitator").json();
    for (const Json& p : j["items"]) out.insert(p.contains("person_id") ? p["person_id"].get<std::string>() : p["id"].get<std::string>());
    return out;
  };
  EXPECT_EQ(ids("/api/v1/activities/" + group + "/members?on=2016-03-15"), (std::set<std::string>{a, b}));
  EXPECT_EQ(ids("/api/v1/activities/" + group + "/members?on=2016-06-01"), (std::set<std::string>{a, c}));
  EXPECT_EQ(ids("/api/v1/activities/" + group + "/members").size(), 3u);
  // The roster of a day is its members, before any session was recorded.
  EXPECT_EQ(ids("/api/v1/activities/" + group + "/roster?date=2016-03-15"), (std::set<std::string>{a, b}));
  EXPECT_EQ(ids("/api/v1/activities/" + group + "/roster?date=2016-06-01"), (std::set<std::string>{a, c}));

  // Overlapping memberships, dates outside the group, statuses of another stream, and a merged
  // person are refused; a rejoin after leaving is not.
  HttpResponse again = join(a, "2016-06-01");
  EXPECT_TRUE(IsProblem(again, 409) && NamesField(again, "joined_on")) << again.Describe();
  HttpResponse early = join(Person(), "2015-12-01");
  EXPECT_TRUE(IsProblem(early, 422) && NamesField(early, "joined_on")) << early.Describe();
  HttpResponse enrolled = client().Post("/api/v1/activities/" + group + "/members",
                                        {{"person_id", Person()}, {"joined_on", "2016-02-01"}, {"status", "enrolled"}},
                                        Token("iom.facilitator"));
  EXPECT_TRUE(IsProblem(enrolled, 422) && NamesField(enrolled, "status")) << enrolled.Describe();
  HttpResponse rejoin = join(b, "2016-04-01");
  EXPECT_EQ(rejoin.status, 201) << rejoin.Describe();
  // A group without memberships: events take no members.
  const std::string event = Plan("recreational", "headcount");
  HttpResponse member_of_event = client().Post("/api/v1/activities/" + event + "/members",
                                               {{"person_id", a}, {"joined_on", "2016-02-01"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(member_of_event, 422) && NamesField(member_of_event, "activity_id")) << member_of_event.Describe();
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/activities/" + group + "/members", {{"person_id", a}, {"joined_on", "2016-09-01"}},
                                      Token("alarm.manager")),
                        403));
}

TEST_F(AttendanceTest, ATrainingCountsItsParticipantsAndCertifiesThoseWhoCompleted) {
  const std::string training = Plan("capacity_building", "named");
  HttpResponse rules = client().Patch("/api/v1/activities/" + training,
                                      {{"completion_rule_percent", 80}, {"test_max_score", 50}, {"topics", {"psychological_first_aid"}}},
                                      Token("iom.manager"));
  ASSERT_EQ(rules.status, 200) << rules.Describe();
  auto add = [&](const Json& body) {
    return client().Post("/api/v1/activities/" + training + "/participants", body, Token("iom.facilitator"));
  };
  HttpResponse nurse = add({{"name", "Achol Deng"}, {"agency", "County Health Department"}, {"role", "nurse"},
                            {"sex", "female"}, {"pre_score", 20}, {"post_score", 40}});
  ASSERT_EQ(nurse.status, 201) << nurse.Describe();
  EXPECT_EQ(nurse.json()["name"], "Achol Deng");
  HttpResponse teacher = add({{"name", "Ladu Wani"}, {"agency", "Parish school"}, {"sex", "male"}, {"pre_score", 30}});
  ASSERT_EQ(teacher.status, 201) << teacher.Describe();
  const std::string a = nurse.json()["id"], b = teacher.json()["id"];
  HttpResponse too_high = add({{"name", "X"}, {"agency", "Y"}, {"sex", "male"}, {"pre_score", 60}});
  EXPECT_TRUE(IsProblem(too_high, 422) && NamesField(too_high, "pre_score")) << too_high.Describe();
  HttpResponse numbered = add({{"name", "X"}, {"agency", "Y"}, {"sex", "male"}, {"certificate_number", "FAKE-1"}});
  EXPECT_TRUE(IsProblem(numbered, 422) && NamesField(numbered, "certificate_number")) << numbered.Describe();
  const std::string group = Plan("peer_support", "named");
  HttpResponse not_training = client().Post("/api/v1/activities/" + group + "/participants",
                                            {{"name", "X"}, {"agency", "Y"}, {"sex", "male"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(not_training, 422) && NamesField(not_training, "activity_id")) << not_training.Describe();

  // Five sessions: the nurse comes to four, the teacher to two.
  auto entry = [](const std::string& id, bool here) { return Json{{"participant_id", id}, {"present", here}}; };
  const std::vector<std::string> days = {"2016-06-06", "2016-06-07", "2016-06-08", "2016-06-09", "2016-06-10"};
  for (size_t i = 0; i < days.size(); ++i) {
    HttpResponse r = Record(training, {{"date", days[i]}, {"attendance", {entry(a, i != 2), entry(b, i < 2)}}});
    ASSERT_EQ(r.status, 201) << r.Describe();
  }
  // A participant of another training is not one of this one's.
  const std::string other = Plan("capacity_building", "named");
  HttpResponse stranger = client().Post("/api/v1/activities/" + other + "/participants",
                                        {{"name", "Other"}, {"agency", "Z"}, {"sex", "female"}}, Token("iom.manager"));
  ASSERT_EQ(stranger.status, 201);
  HttpResponse wrong = Record(training, {{"date", "2016-06-11"}, {"attendance", {entry(stranger.json()["id"], true)}}});
  EXPECT_TRUE(IsProblem(wrong, 422) && NamesField(wrong, "attendance[0].participant_id")) << wrong.Describe();

  HttpResponse list = Get("/api/v1/activities/" + training + "/participants", "iom.manager");
  ASSERT_EQ(list.status, 200) << list.Describe();
  const Json j = list.json();
  EXPECT_EQ(j["sessions_held"], 5);
  EXPECT_EQ(j["test_max_score"], 50);
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["attended"], 4);
  EXPECT_EQ(j["items"][0]["completion"]["status"], "completed");  // 80% of 5, the training is over
  EXPECT_EQ(j["items"][0]["score_change"]["change"], 20);
  EXPECT_EQ(j["items"][0]["score_change"]["change_points_percent"], 40);
  EXPECT_EQ(j["items"][1]["attended"], 2);
  EXPECT_EQ(j["items"][1]["completion"]["status"], "not_met");
  EXPECT_FALSE(j["items"][1].contains("score_change")) << "no post-test, no change";
  // The M&E officer and a counsellor count without names.
  for (const char* as : {"iom.me_officer", "iom.counsellor"}) {
    HttpResponse anonymous = Get("/api/v1/activities/" + training + "/participants", as);
    ASSERT_EQ(anonymous.status, 200) << as;
    EXPECT_FALSE(anonymous.json()["items"][0].contains("name")) << as;
    EXPECT_EQ(anonymous.json()["items"][0]["completion"]["status"], "completed") << as;
  }

  // Certificates: numbered once, only for those who completed.
  HttpResponse cert = Get("/api/v1/participants/" + a + "/certificate", "iom.facilitator");
  ASSERT_EQ(cert.status, 200) << cert.Describe();
  EXPECT_EQ(cert.json()["name"], "Achol Deng");
  EXPECT_EQ(cert.json()["attended"], 4);
  const std::string number = cert.json()["number"];
  // The demo programme has no code: the prefix is its site's ("bor"), the year the training's.
  EXPECT_TRUE(number.starts_with("BOR-2016-")) << number;
  EXPECT_EQ(Get("/api/v1/participants/" + a + "/certificate", "iom.manager").json()["number"], number);
  HttpResponse none = Get("/api/v1/participants/" + b + "/certificate", "iom.manager");
  EXPECT_TRUE(IsProblem(none, 409)) << none.Describe();
  EXPECT_TRUE(IsProblem(Get("/api/v1/participants/" + a + "/certificate", "iom.me_officer"), 403));
  // The number is the service's to give.
  HttpResponse forged = client().Patch("/api/v1/participants/" + b, {{"certificate_number", number}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(forged, 422) && NamesField(forged, "certificate_number")) << forged.Describe();
  HttpResponse post = client().Patch("/api/v1/participants/" + b, {{"post_score", 45}}, Token("iom.facilitator"),
                                     {{"If-Match", "\"1\""}});
  ASSERT_EQ(post.status, 200) << post.Describe();
  EXPECT_EQ(post.json()["post_score"], 45);
  // The answer carries the participant's results as the list shows them.
  EXPECT_EQ(post.json()["score_change"], (Json{{"change", 15}, {"change_points_percent", 30}}));
  EXPECT_EQ(post.json()["attended"], 2);
  EXPECT_EQ(post.json()["completion"]["status"], "not_met");
}

TEST_F(AttendanceTest, GraduatesFormACooperative) {
  const std::string cohort = Plan("vocational", "named");
  const std::string chair = Person(), baker = Person();
  const Json body = {{"programme_id", shared_->programme},
                     {"name", "Sunrise bakers " + Unique()},
                     {"activity", "bakery"},
                     {"formed_from", cohort},
                     {"start_date", "2016-09-01"},
                     {"members", {{{"person_id", chair}, {"role", "chair"}}, {{"person_id", baker}}}},
                     {"notes", "Oven shared with the school."}};
  HttpResponse created = client().Post("/api/v1/cooperatives", body, Token("iom.manager"));
  ASSERT_EQ(created.status, 201) << created.Describe();
  const Json coop = created.json();
  EXPECT_EQ(coop["status"], "active");
  EXPECT_EQ(coop["kind"], "cooperative");
  EXPECT_EQ(coop["site_id"], shared_->site) << "the programme's site when none is named";
  EXPECT_EQ(coop["notes"], "Oven shared with the school.");
  EXPECT_EQ(coop["members"][0]["person"]["given_name"], "Akech");
  const std::string id = coop["id"];
  // Notes for managers and supervisors; the M&E officer sees members without names.
  HttpResponse me = Get("/api/v1/cooperatives/" + id, "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_FALSE(me.json().contains("notes"));
  EXPECT_FALSE(me.json()["members"][0]["person"].contains("given_name"));
  // The person's page lists the cooperative with their role.
  HttpResponse mine = Get("/api/v1/persons/" + chair + "/activities", "iom.manager");
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  ASSERT_EQ(mine.json()["cooperatives"].size(), 1u) << mine.body;
  EXPECT_EQ(mine.json()["cooperatives"][0]["role"], "chair");

  // Dissolving needs its date; bad references and people are named.
  HttpResponse undated = client().Patch("/api/v1/cooperatives/" + id, {{"status", "dissolved"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(undated, 422) && NamesField(undated, "dissolved_on")) << undated.Describe();
  HttpResponse dissolved = client().Patch("/api/v1/cooperatives/" + id, {{"status", "dissolved"}, {"dissolved_on", "2017-06-30"}},
                                          Token("iom.manager"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(dissolved.status, 200) << dissolved.Describe();
  HttpResponse stale = client().Patch("/api/v1/cooperatives/" + id, {{"status", "active"}, {"dissolved_on", nullptr}},
                                      Token("iom.manager"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  const std::string group = Plan("peer_support", "named");
  HttpResponse from_group = client().Post("/api/v1/cooperatives", WithChanges(body, {{"formed_from", group}}), Token("iom.manager"));
  EXPECT_TRUE(IsProblem(from_group, 422) && NamesField(from_group, "formed_from")) << from_group.Describe();
  const std::string alarm = Register(shared_->alarm_programme, shared_->alarm_site, "alarm.manager");
  HttpResponse stranger = client().Post("/api/v1/cooperatives",
                                        WithChanges(body, {{"members", {{{"person_id", chair}}, {{"person_id", alarm}}}}}),
                                        Token("iom.manager"));
  EXPECT_TRUE(IsProblem(stranger, 422) && NamesField(stranger, "members[1].person_id")) << stranger.Describe();
  HttpResponse twice = client().Post("/api/v1/cooperatives",
                                     WithChanges(body, {{"members", {{{"person_id", chair}}, {{"person_id", chair}}}}}),
                                     Token("iom.manager"));
  EXPECT_TRUE(IsProblem(twice, 422) && NamesField(twice, "members[1].person_id")) << twice.Describe();
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/cooperatives", body, Token("iom.facilitator")), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/cooperatives/" + id, "alarm.manager"), 403));
}

TEST_F(AttendanceTest, TheDemoHasTheUmbrellaCooperative) {
  HttpResponse list = Get("/api/v1/cooperatives?q=Umbrella", "iom.manager");
  ASSERT_EQ(list.status, 200) << list.Describe();
  const Json items = list.json()["items"];
  ASSERT_EQ(items.size(), 1u) << list.body;
  EXPECT_EQ(items[0]["members"].size(), 12u);
  EXPECT_EQ(items[0]["start_date"], "2016-09-01");
  HttpResponse one = Get("/api/v1/cooperatives/" + items[0]["id"].get<std::string>(), "iom.manager");
  EXPECT_EQ(one.json()["members"][0]["role"], "chair");
  EXPECT_FALSE(one.json()["members"][0]["person"]["given_name"].get<std::string>().empty());
  // Found from the cohort it was formed from, and only from that one.
  const std::string cohort = items[0]["formed_from"];
  HttpResponse formed = Get("/api/v1/cooperatives?formed_from=" + cohort, "iom.manager");
  ASSERT_EQ(formed.status, 200) << formed.Describe();
  ASSERT_EQ(formed.json()["items"].size(), 1u) << formed.body;
  EXPECT_EQ(formed.json()["items"][0]["id"], items[0]["id"]);
  HttpResponse other = Get("/api/v1/cooperatives?formed_from=" + shared_->programme, "iom.manager");
  EXPECT_TRUE(other.json()["items"].empty()) << other.body;
}

TEST_F(AttendanceTest, HeadcountsAreCheckedCellByCellAndCountedApartFromPeople) {
  const std::string event = Plan("recreational", "headcount");
  Json counts = {{"female", {{"6_11", 14}, {"12_17", 9}}}, {"male", {{"6_11", 11}}}};
  HttpResponse created = Record(event, {{"date", "2016-07-02"}, {"headcount", counts}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string session = created.json()["id"];
  for (const auto& [bad, field] : std::vector<std::pair<Json, std::string>>{
           {{{"female", {{"6_11", 10001}}}}, "headcount.female.6_11"},
           {{{"female", {{"6_11", -1}}}}, "headcount.female.6_11"},
           {{{"female", {{"6_11", 2.5}}}}, "headcount.female.6_11"},
           {{{"female", {{"7_10", 3}}}}, "headcount.female.7_10"},
           {{{"other", {{"6_11", 3}}}}, "headcount.other"}}) {
    HttpResponse r = Put(session, {{"headcount", bad}});
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, field)) << bad << ": " << r.Describe();
  }
  HttpResponse named = Put(session, {{"attendance", {Here(Person())}}});
  EXPECT_TRUE(IsProblem(named, 422) && NamesField(named, "attendance")) << named.Describe();
  HttpResponse both = Put(session, {{"attendance", Json::array()}, {"headcount", counts}});
  EXPECT_TRUE(IsProblem(both, 422)) << both.Describe();
  HttpResponse other = Put(session, {{"notes", "x"}});
  EXPECT_TRUE(IsProblem(other, 422) && NamesField(other, "notes")) << other.Describe();
  // Nothing of the refused submissions was kept.
  HttpResponse view = Get("/api/v1/sessions/" + session + "/attendance", "iom.facilitator");
  EXPECT_EQ(view.json()["headcount"], counts);
  EXPECT_EQ(view.json()["version"], 1);

  ASSERT_EQ(Record(event, {{"date", "2016-07-09"}, {"headcount", {{"female", {{"6_11", 6}}}}}}).status, 201);
  HttpResponse reach = Get("/api/v1/activities/" + event + "/reach", "iom.manager");
  ASSERT_EQ(reach.status, 200) << reach.Describe();
  EXPECT_EQ(reach.json()["headcount_participants"]["total"], 14 + 9 + 11 + 6);
  EXPECT_EQ(reach.json()["headcount_participants"]["cells"]["female"]["6_11"], 20);
  EXPECT_EQ(reach.json()["people_reached"]["total"], 0) << "a headcount reaches no identified person";
  EXPECT_EQ(reach.json()["sessions"], 2);
}

TEST_F(AttendanceTest, ReachCountsPeopleOnceAndContactsEachTime) {
  const std::string group = Plan("peer_support", "named");
  const std::string woman = Person(), man = Person({{"sex", "male"}, {"birth_date", "2001-02-01"}});
  ASSERT_EQ(Record(group, {{"date", "2016-02-02"}, {"attendance", {Here(woman), Here(man)}}}).status, 201);
  ASSERT_EQ(Record(group, {{"date", "2016-02-09"}, {"attendance", {Here(woman), Here(man, false)}}}).status, 201);
  ASSERT_EQ(Record(group, {{"date", "2016-02-16"}, {"attendance", {Here(woman)}}}).status, 201);
  HttpResponse reach = Get("/api/v1/activities/" + group + "/reach", "iom.facilitator");
  ASSERT_EQ(reach.status, 200) << reach.Describe();
  const Json j = reach.json();
  EXPECT_EQ(j["people_reached"]["total"], 2);
  EXPECT_EQ(j["people_reached"]["cells"]["female"]["18_59"], 1);
  EXPECT_EQ(j["people_reached"]["cells"]["male"]["12_17"], 1);  // 15 in February 2016
  EXPECT_EQ(j["service_contacts"]["total"], 4);                 // absences are not contacts
  EXPECT_EQ(j["headcount_participants"]["total"], 0);
  EXPECT_EQ(j["sessions"], 3);
}

TEST_F(AttendanceTest, PeopleWhoMayNotBeRecordedAreRefusedNamingTheEntry) {
  const std::string group = Plan("peer_support", "named");
  const std::string ok = Person();
  // A person folded into another.
  const std::string keep = Person(), dup = Person();
  ASSERT_EQ(client().Post("/api/v1/persons/" + keep + "/merge", {{"duplicate_id", dup}}, Token("iom.manager")).status, 200);
  // A person of another organisation.
  const std::string alarm = Register(shared_->alarm_programme, shared_->alarm_site, "alarm.manager");
  // A person of another IOM programme, without and then with consent to share.
  HttpResponse programme = client().Post(
      "/api/v1/programmes", {{"name", "Bor youth " + Unique()}, {"site_id", shared_->site}, {"start_date", "2015-01-01"}},
      Token("iom.admin"));
  ASSERT_EQ(programme.status, 201) << programme.Describe();
  const std::string elsewhere = Register(programme.json()["id"], shared_->site, "iom.manager");

  const Json body = {{"date", "2016-08-02"}, {"attendance", {Here(ok), Here(dup), Here(alarm), Here(elsewhere)}}};
  HttpResponse r = Record(group, body);
  ASSERT_TRUE(IsProblem(r, 422)) << r.Describe();
  std::map<std::string, std::string> errors;
  const Json problem = r.json();
  for (const Json& e : problem["errors"]) errors[e["field"]] = e["message"];
  EXPECT_EQ(errors.size(), 3u) << r.body;
  EXPECT_NE(errors["attendance[1].person_id"].find("was merged into"), std::string::npos) << r.body;
  EXPECT_EQ(errors["attendance[2].person_id"], "no such person in your organisation");
  EXPECT_NE(errors["attendance[3].person_id"].find("consent to share with other programmes"), std::string::npos) << r.body;
  // The same person twice is refused before anyone is looked up.
  HttpResponse twice = Record(group, {{"date", "2016-08-02"}, {"attendance", {Here(ok), Here(keep), Here(ok, false)}}});
  EXPECT_TRUE(IsProblem(twice, 422) && NamesField(twice, "attendance[2].person_id")) << twice.Describe();
  // Nothing was written: the group has no session.
  HttpResponse sessions = Get("/api/v1/activities/" + group + "/sessions", "iom.manager");
  EXPECT_TRUE(sessions.json()["items"].empty()) << sessions.body;

  // With consent dated before the session, the person of the other programme may be recorded.
  HttpResponse consent = client().Post("/api/v1/persons/" + elsewhere + "/consents",
                                       {{"purpose", "share_programmes"}, {"status", "given"}, {"method", "verbal"},
                                        {"text_version", "2016-01"}, {"date", "2016-01-10"}},
                                       Token("iom.manager"));
  ASSERT_EQ(consent.status, 201) << consent.Describe();
  HttpResponse later = Record(group, {{"date", "2016-08-02"}, {"attendance", {Here(ok), Here(elsewhere), Here(keep)}}});
  EXPECT_EQ(later.status, 201) << later.Describe();
  // ...but not on a date before the consent was given.
  HttpResponse earlier = Record(group, {{"date", "2016-01-05"}, {"attendance", {Here(elsewhere)}}});
  EXPECT_TRUE(IsProblem(earlier, 422) && NamesField(earlier, "attendance[0].person_id")) << earlier.Describe();
}

TEST_F(AttendanceTest, ATrainingNamesParticipantsNotPeopleAndDatesStayInside) {
  const std::string group = Plan("peer_support", "named");
  const std::string training = Plan("capacity_building", "named");
  const std::string a = Person();
  HttpResponse by_person = Record(training, {{"date", "2016-03-01"}, {"attendance", {Here(a)}}}, "iom.manager");
  EXPECT_TRUE(IsProblem(by_person, 422) && NamesField(by_person, "attendance[0].person_id")) << by_person.Describe();
  HttpResponse outside = Record(group, {{"date", "2017-01-03"}, {"attendance", {Here(a)}}});
  EXPECT_TRUE(IsProblem(outside, 422) && NamesField(outside, "date")) << outside.Describe();
  HttpResponse not_a_list = Record(group, {{"date", "2016-03-01"}, {"attendance", {{"person_id", a}}}});
  EXPECT_TRUE(IsProblem(not_a_list, 422) && NamesField(not_a_list, "attendance")) << not_a_list.Describe();
  HttpResponse no_present = Record(group, {{"date", "2016-03-01"}, {"attendance", {{{"person_id", a}}}}});
  EXPECT_TRUE(IsProblem(no_present, 422) && NamesField(no_present, "attendance[0].present")) << no_present.Describe();
}

TEST_F(AttendanceTest, TheDemoHasAttendanceForItsGroupsAndHeadcountsForItsEvents) {
  HttpResponse groups = Get("/api/v1/activities?stream=peer_support&programme_id=" + shared_->programme, "iom.manager");
  ASSERT_EQ(groups.status, 200) << groups.Describe();
  std::string women;
  const Json listed = groups.json();
  for (const Json& a : listed["items"]) {
    if (a["title"] == "Women's peer-support group, block 3") women = a["id"];
  }
  ASSERT_FALSE(women.empty()) << groups.body;
  HttpResponse reach = Get("/api/v1/activities/" + women + "/reach", "iom.manager");
  ASSERT_EQ(reach.status, 200) << reach.Describe();
  const Json j = reach.json();
  EXPECT_EQ(j["people_reached"]["total"], 14);
  EXPECT_EQ(j["people_reached"]["cells"].size(), 1u) << "a women's group reaches women: " << j;
  EXPECT_GT(j["service_contacts"]["total"].get<int>(), 14 * 30) << "fortnightly for two years, most present";
  EXPECT_LT(j["service_contacts"]["total"].get<int>(), 14 * j["sessions"].get<int>());

  HttpResponse events = Get("/api/v1/activities?stream=recreational&programme_id=" + shared_->programme, "iom.manager");
  const Json recreational = events.json();
  ASSERT_FALSE(recreational["items"].empty()) << events.body;
  HttpResponse counted = Get("/api/v1/activities/" + recreational["items"][0]["id"].get<std::string>() + "/reach", "iom.manager");
  EXPECT_GT(counted.json()["headcount_participants"]["total"].get<int>(), 0) << counted.body;
  EXPECT_EQ(counted.json()["people_reached"]["total"], 0);
}

TEST_F(AttendanceTest, WhoMayTakeAndReadAttendance) {
  const std::string group = Plan("peer_support", "named");
  const std::string a = Person();
  HttpResponse created = Record(group, {{"date", "2016-09-06"}, {"attendance", {Here(a)}}});
  ASSERT_EQ(created.status, 201) << created.Describe();
  const std::string session = created.json()["id"];
  // An M&E officer reads attendance (people de-identified) but does not take it.
  HttpResponse me = Get("/api/v1/sessions/" + session + "/attendance", "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_FALSE(me.json()["attendance"][0]["person"].contains("given_name"));
  EXPECT_TRUE(IsProblem(Put(session, {{"attendance", Json::array()}}, {}, "iom.me_officer"), 403));
  // Another organisation neither reads nor writes it; a viewer reads nothing of it.
  EXPECT_TRUE(IsProblem(Get("/api/v1/sessions/" + session + "/attendance", "alarm.manager"), 403));
  EXPECT_TRUE(IsProblem(Put(session, {{"attendance", Json::array()}}, {}, "alarm.manager"), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + group + "/reach", "alarm.manager"), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/persons/" + a + "/activities", "alarm.manager"), 403));
  EXPECT_EQ(Listed(session), (std::set<std::string>{a}));
  EXPECT_TRUE(IsProblem(Get("/api/v1/sessions/0190a1b2-0000-7000-8000-000000000000/attendance", "iom.manager"), 404));
}

}  // namespace
}  // namespace baton::test
