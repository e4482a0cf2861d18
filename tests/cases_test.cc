// Lay counselling end to end over HTTP against a real `baton serve` on a copy of the demo data: a
// counsellor opens a case and moves it through intake, assessment and active to a closure their
// supervisor signs off, then reopens it; sessions set the follow-up the caseload shows; the
// supervisor writes notes; a high risk raises a flag that reaches the supervisor's queue and is
// acknowledged once. What was said is shown only to those assigned and to managers, each read of it
// lands in the person's access log, and every bad input is refused with a problem naming the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

class CasesTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM counselling office", "acs");
    // A second counsellor of IOM, who is assigned none of the cases below.
    Json body = {{"username", "iom.counsellor2"}, {"display_name", "IOM counsellor two"},
                 {"roles", {"counsellor"}}, {"password", "a long enough password 7"}};
    HttpResponse r = client().Post("/api/v1/users", body, Token("iom.admin"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    shared_->sessions["iom.counsellor2"] = SignIn(client(), "iom.counsellor2", "a long enough password 7");
  }
  static void TearDownTestSuite() { StopSharedServer(); }

  static std::string UserId(const std::string& username) {
    Token(username);
    return shared_->sessions[username].user_id;
  }

  static std::string Person() {
    Json body = {{"given_name", "Achol"}, {"family_name", "Counselled" + std::to_string(++shared_->counter) + "x"},
                 {"sex", "female"}, {"birth_date", "1990-05-01"}, {"population_group", "idp_camp"},
                 {"programme_id", shared_->programme}, {"site_id", shared_->site}};
    HttpResponse r = client().Post("/api/v1/persons", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  static Json CaseBody(const std::string& person) {
    return {{"person_id", person},
            {"programme_id", shared_->programme},
            {"counsellor_id", UserId("iom.counsellor")},
            {"supervisor_id", UserId("iom.supervisor")},
            {"opened_on", "2016-03-01"},
            {"referral_source", "community_leader"},
            {"summary", "Cannot sleep since the fighting; afraid at night."}};
  }

  // A case of a new person, opened by iom.counsellor.
  static Json OpenCase() {
    HttpResponse r = client().Post("/api/v1/cases", CaseBody(Person()), Token("iom.counsellor"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json();
  }

  static HttpResponse Patch(const std::string& id, const Json& body, const std::string& as, Headers extra = {}) {
    return client().Patch("/api/v1/cases/" + id, body, Token(as), std::move(extra));
  }

  static int Version(const HttpResponse& r) { return r.json().value("version", 0); }

  // The person's access log (subject access export), as the manager reads it: the actions noted.
  static std::vector<std::string> LoggedReads(const std::string& person) {
    HttpResponse r = Get("/api/v1/persons/" + person + "/export", "iom.manager");
    EXPECT_EQ(r.status, 200) << r.Describe();
    std::vector<std::string> actions;
    const Json views = r.json().value("views", Json::array());
    for (const Json& v : views) actions.push_back(v.value("action", ""));
    return actions;
  }
};

TEST_F(CasesTest, ACaseMovesFromIntakeToASignedOffClosureAndIsReopened) {
  Json c = OpenCase();
  const std::string id = c.value("id", "");
  EXPECT_EQ(c["status"], "intake");
  EXPECT_EQ(c["opened_on"], "2016-03-01");
  EXPECT_EQ(c["counsellor_name"], "IOM counsellor");
  EXPECT_EQ(c["summary"], "Cannot sleep since the fighting; afraid at night.");
  EXPECT_EQ(c["person"]["given_name"], "Achol");
  HttpResponse r = Patch(id, {{"status", "assessment"}}, "iom.counsellor");
  ASSERT_EQ(r.status, 200) << r.Describe();
  r = Patch(id, {{"status", "active"}, {"plan", {{"goals", {{{"text", "Sleep at least five hours"}, {"status", "open"}}}}}}},
            "iom.counsellor", {{"If-Match", "\"" + std::to_string(Version(r)) + "\""}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.json()["plan"]["goals"][0]["text"], "Sleep at least five hours");
  // The summary, sealed with the plan, is kept when only the plan changes.
  EXPECT_EQ(r.json()["summary"], "Cannot sleep since the fighting; afraid at night.");
  // A counsellor cannot sign their own closure off, and a closure needs its reason and outcome.
  HttpResponse own = Patch(id, {{"status", "closed"}, {"closure_reason", "goals_met"}, {"outcome", "improved"}},
                           "iom.counsellor");
  EXPECT_TRUE(IsProblem(own, 409)) << own.Describe();
  EXPECT_NE(own.json().value("detail", "").find("closing"), std::string::npos) << own.Describe();
  HttpResponse bare = Patch(id, {{"status", "closing"}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(bare, 422)) << bare.Describe();
  EXPECT_TRUE(NamesField(bare, "closure_reason"));
  EXPECT_TRUE(NamesField(bare, "outcome"));
  r = Patch(id, {{"status", "closing"}, {"closure_reason", "goals_met"}, {"outcome", "improved"}}, "iom.counsellor");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.json()["closure_requested_by"], UserId("iom.counsellor"));
  // The closure waits in the supervisor's queue.
  HttpResponse queue = Get("/api/v1/cases/supervision-queue", "iom.supervisor");
  ASSERT_EQ(queue.status, 200) << queue.Describe();
  bool waiting = false;
  for (const Json& q : Json(queue.json()["closures"])) waiting = waiting || q.value("id", "") == id;
  EXPECT_TRUE(waiting) << queue.body;
  r = Patch(id, {{"status", "closed"}, {"closed_on", "2016-09-30"}}, "iom.supervisor");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.json()["status"], "closed");
  EXPECT_EQ(r.json()["closed_on"], "2016-09-30");
  EXPECT_EQ(r.json()["closure_reason"], "goals_met");
  EXPECT_EQ(r.json()["closure_signed_by"], UserId("iom.supervisor"));
  // Reopening says why, and clears the closure.
  HttpResponse no_reason = Patch(id, {{"status", "active"}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(no_reason, 422)) << no_reason.Describe();
  EXPECT_TRUE(NamesField(no_reason, "reopen_reason"));
  r = Patch(id, {{"status", "active"}, {"reopen_reason", "Came back after the flooding"}}, "iom.counsellor");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.json()["reopened"], 1);
  EXPECT_FALSE(r.json().contains("closed_on")) << r.body;
  EXPECT_FALSE(r.json().contains("closure_signed_by")) << r.body;
  EXPECT_EQ(r.json()["reopen_reason"], "Came back after the flooding");
  // A move the machine does not allow is named.
  HttpResponse back = Patch(id, {{"status", "intake"}}, "iom.supervisor");
  EXPECT_TRUE(IsProblem(back, 409)) << back.Describe();
}

TEST_F(CasesTest, OnlyThoseAssignedAndManagersReadWhatWasSaid) {
  Json c = OpenCase();
  const std::string id = c.value("id", "");
  const std::string person = c.value("person_id", "");
  // The manager and the supervisor read it all.
  for (const char* who : {"iom.manager", "iom.supervisor"}) {
    HttpResponse r = Get("/api/v1/cases/" + id, who);
    ASSERT_EQ(r.status, 200) << who << r.Describe();
    EXPECT_EQ(r.json()["summary"], "Cannot sleep since the fighting; afraid at night.") << who;
    EXPECT_EQ(r.json()["notes_visible"], true) << who;
  }
  // The M&E officer counts cases: status and dates, no summary, the person without a name.
  HttpResponse me = Get("/api/v1/cases/" + id, "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_FALSE(me.json().contains("summary")) << me.body;
  EXPECT_EQ(me.json()["notes_visible"], false);
  EXPECT_EQ(me.json()["status"], "intake");
  EXPECT_FALSE(me.json()["person"].contains("given_name")) << me.body;
  EXPECT_EQ(me.body.find("afraid at night"), std::string::npos);
  // Everyone else: not at all.
  for (const char* who : {"iom.counsellor2", "iom.facilitator", "iom.viewer", "iom.admin", "alarm.manager",
                          "alarm.counsellor"}) {
    HttpResponse r = Get("/api/v1/cases/" + id, who);
    EXPECT_TRUE(IsProblem(r, 403)) << who << r.Describe();
    EXPECT_EQ(r.body.find("afraid"), std::string::npos) << who;
  }
  // The other counsellor's list does not show it; the assigned counsellor's does.
  HttpResponse theirs = Get("/api/v1/cases?limit=200", "iom.counsellor2");
  ASSERT_EQ(theirs.status, 200) << theirs.Describe();
  for (const Json& item : Json(theirs.json()["items"])) EXPECT_NE(item.value("id", ""), id);
  HttpResponse mine = Get("/api/v1/cases?person_id=" + person, "iom.counsellor");
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  ASSERT_EQ(mine.json()["items"].size(), 1u) << mine.body;
  EXPECT_FALSE(mine.json()["items"][0].contains("summary")) << "lists never show what was said";
  // Each read of the summary is in the person's access log; the M&E officer's read is not one.
  std::vector<std::string> reads = LoggedReads(person);
  EXPECT_EQ(std::count(reads.begin(), reads.end(), "read_case_notes"), 3) << "create answer, manager, supervisor";
  // Reassigning is for the supervisor or a manager.
  HttpResponse grab = Patch(id, {{"counsellor_id", UserId("iom.counsellor2")}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(grab, 403)) << grab.Describe();
  HttpResponse moved = Patch(id, {{"counsellor_id", UserId("iom.counsellor2")}}, "iom.supervisor");
  ASSERT_EQ(moved.status, 200) << moved.Describe();
  EXPECT_EQ(Get("/api/v1/cases/" + id, "iom.counsellor2").status, 200);
  EXPECT_TRUE(IsProblem(Get("/api/v1/cases/" + id, "iom.counsellor"), 403));
}

TEST_F(CasesTest, SessionsSetTheFollowUpTheCaseloadShows) {
  Json c = OpenCase();
  const std::string id = c.value("id", "");
  const std::string path = "/api/v1/cases/" + id + "/sessions";
  Json first = {{"date", "2016-03-08"}, {"type", "individual"}, {"duration_minutes", 50},
                {"notes", "Talked about the night of the attack."}, {"next_appointment", "2016-03-15"}};
  HttpResponse r = client().Post(path, first, Token("iom.counsellor"));
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_EQ(r.json()["notes"], "Talked about the night of the attack.");
  EXPECT_EQ(r.json()["attended"], true);
  const std::string session = r.json().value("id", "");
  HttpResponse after = Get("/api/v1/cases/" + id, "iom.counsellor");
  EXPECT_EQ(after.json()["next_follow_up"], "2016-03-15");
  EXPECT_EQ(after.json()["last_session_on"], "2016-03-08");
  EXPECT_EQ(after.json()["follow_up_due"], true) << "2016 is long past";
  // The caseload lists it with the follow-up due.
  HttpResponse load = Get("/api/v1/cases/my-caseload", "iom.counsellor");
  ASSERT_EQ(load.status, 200) << load.Describe();
  bool listed = false;
  for (const Json& item : Json(load.json()["items"])) {
    if (item.value("id", "") == id) listed = item.value("follow_up_due", false);
  }
  EXPECT_TRUE(listed) << load.body;
  EXPECT_GE(load.json()["due"].get<int>(), 1);
  // An earlier session recorded late does not move the follow-up; a missed appointment has no duration.
  HttpResponse earlier = client().Post(path, {{"date", "2016-03-05"}, {"type", "phone"}, {"notes", "Called to book."}},
                                       Token("iom.counsellor"));
  ASSERT_EQ(earlier.status, 201) << earlier.Describe();
  EXPECT_EQ(Get("/api/v1/cases/" + id, "iom.counsellor").json()["next_follow_up"], "2016-03-15");
  HttpResponse missed = client().Post(path, {{"date", "2016-03-15"}, {"type", "home_visit"}, {"attended", false},
                                             {"duration_minutes", 30}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(missed, 422)) << missed.Describe();
  EXPECT_TRUE(NamesField(missed, "duration_minutes"));
  missed = client().Post(path, {{"date", "2016-03-15"}, {"type", "home_visit"}, {"attended", false}},
                         Token("iom.counsellor"));
  ASSERT_EQ(missed.status, 201) << missed.Describe();
  EXPECT_FALSE(Get("/api/v1/cases/" + id, "iom.counsellor").json().contains("next_follow_up"))
      << "the latest session set no next appointment";
  // The list, by date, with notes for the counsellor and without them for the M&E officer.
  HttpResponse list = Get(path, "iom.counsellor");
  ASSERT_EQ(list.status, 200) << list.Describe();
  ASSERT_EQ(list.json()["items"].size(), 3u);
  EXPECT_EQ(list.json()["items"][0]["date"], "2016-03-05");
  EXPECT_EQ(list.json()["items"][1]["notes"], "Talked about the night of the attack.");
  HttpResponse me = Get(path, "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_EQ(me.body.find("night of the attack"), std::string::npos);
  EXPECT_EQ(me.json()["items"].size(), 3u);
  // Correcting a session: stale versions refused, notes replaced.
  HttpResponse stale = client().Patch("/api/v1/case-sessions/" + session, {{"notes", "x"}}, Token("iom.counsellor"),
                                      {{"If-Match", "\"7\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  HttpResponse fixed = client().Patch("/api/v1/case-sessions/" + session, {{"notes", "Talked about the attack."}},
                                      Token("iom.counsellor"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(fixed.status, 200) << fixed.Describe();
  EXPECT_EQ(fixed.json()["notes"], "Talked about the attack.");
  EXPECT_EQ(fixed.json()["duration_minutes"], 50);
  // Bad sessions.
  HttpResponse future = client().Post(path, {{"date", "2999-01-01"}, {"type", "individual"}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(future, 422)) << future.Describe();
  EXPECT_TRUE(NamesField(future, "date"));
  HttpResponse before = client().Post(path, {{"date", "2016-02-01"}, {"type", "individual"}}, Token("iom.counsellor"));
  EXPECT_TRUE(NamesField(before, "date")) << before.Describe();
  HttpResponse kind = client().Post(path, {{"date", "2016-03-09"}, {"type", "group"}}, Token("iom.counsellor"));
  EXPECT_TRUE(NamesField(kind, "type")) << kind.Describe();
  HttpResponse other = client().Post(path, {{"date", "2016-03-09"}, {"type", "individual"}}, Token("iom.counsellor2"));
  EXPECT_TRUE(IsProblem(other, 403)) << other.Describe();
}

TEST_F(CasesTest, TheSupervisorWritesNotesTheCounsellorReads) {
  Json c = OpenCase();
  const std::string path = "/api/v1/cases/" + c.value("id", "") + "/supervision";
  HttpResponse no = client().Post(path, {{"note", "I supervise myself"}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(no, 403)) << no.Describe();
  HttpResponse empty = client().Post(path, {{"date", "2016-04-01"}}, Token("iom.supervisor"));
  EXPECT_TRUE(NamesField(empty, "note")) << empty.Describe();
  HttpResponse r = client().Post(path, {{"date", "2016-04-01"}, {"note", "Work on sleep hygiene first."}},
                                 Token("iom.supervisor"));
  ASSERT_EQ(r.status, 201) << r.Describe();
  HttpResponse list = Get(path, "iom.counsellor");
  ASSERT_EQ(list.status, 200) << list.Describe();
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["note"], "Work on sleep hygiene first.");
  EXPECT_EQ(list.json()["items"][0]["supervisor_id"], UserId("iom.supervisor"));
  HttpResponse me = Get(path, "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_EQ(me.body.find("sleep hygiene"), std::string::npos);
}

TEST_F(CasesTest, AHighRiskRaisesAFlagTheSupervisorAcknowledgesOnce) {
  Json c = OpenCase();
  const std::string id = c.value("id", "");
  const std::string person = c.value("person_id", "");
  Json body = {{"person_id", person}, {"case_id", id}, {"date", "2016-03-10"}, {"self_harm", "high"},
               {"protection", "medium"}, {"details", "Has thought of ending it; a safety plan was made."}};
  HttpResponse r = client().Post("/api/v1/risk-assessments", body, Token("iom.counsellor"));
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_EQ(r.json()["level"], "high");
  ASSERT_EQ(r.json()["flags_raised"].size(), 1u) << r.body;
  const Json flag = r.json()["flags_raised"][0];
  EXPECT_EQ(flag["reason"], "self_harm");
  EXPECT_EQ(flag["status"], "open");
  EXPECT_EQ(flag["due_ms"].get<int64_t>() - flag["raised_ms"].get<int64_t>(), 24 * 3600 * 1000);
  const std::string flag_id = flag.value("id", "");
  // It reaches the case's supervisor.
  HttpResponse queue = Get("/api/v1/cases/supervision-queue", "iom.supervisor");
  ASSERT_EQ(queue.status, 200) << queue.Describe();
  bool queued = false;
  for (const Json& f : Json(queue.json()["flags"])) queued = queued || f.value("id", "") == flag_id;
  EXPECT_TRUE(queued) << queue.body;
  // Risk details are not for the M&E officer, nor the other counsellor.
  const std::string assessment = "/api/v1/risk-assessments/" + r.json().value("id", "");
  EXPECT_TRUE(IsProblem(Get(assessment, "iom.me_officer"), 403));
  EXPECT_TRUE(IsProblem(Get(assessment, "iom.counsellor2"), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/risk-flags/" + flag_id, "iom.me_officer"), 403));
  HttpResponse read = Get(assessment, "iom.supervisor");
  ASSERT_EQ(read.status, 200) << read.Describe();
  EXPECT_EQ(read.json()["details"], "Has thought of ending it; a safety plan was made.");
  // The counsellor cannot acknowledge; the supervisor must say what was done; then once only.
  const std::string ack = "/api/v1/risk-flags/" + flag_id + "/acknowledge";
  EXPECT_TRUE(IsProblem(client().Post(ack, {{"note", "seen"}}, Token("iom.counsellor")), 403));
  HttpResponse bare = client().Post(ack, Json::object(), Token("iom.supervisor"));
  EXPECT_TRUE(NamesField(bare, "note")) << bare.Describe();
  HttpResponse done = client().Post(ack, {{"note", "Called the counsellor; home visit tomorrow."}}, Token("iom.supervisor"));
  ASSERT_EQ(done.status, 200) << done.Describe();
  EXPECT_EQ(done.json()["status"], "acknowledged");
  EXPECT_EQ(done.json()["acknowledged_by"], UserId("iom.supervisor"));
  EXPECT_EQ(done.json()["note"], "Called the counsellor; home visit tomorrow.");
  EXPECT_EQ(done.json()["acknowledged_late"], false);
  HttpResponse twice = client().Post(ack, {{"note", "again"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(twice, 409)) << twice.Describe();
  HttpResponse open = Get("/api/v1/risk-flags?status=open&case_id=" + id, "iom.supervisor");
  ASSERT_EQ(open.status, 200) << open.Describe();
  EXPECT_TRUE(open.json()["items"].empty()) << open.body;
  // A medium risk raises none; an assessment needs a domain.
  HttpResponse medium = client().Post("/api/v1/risk-assessments",
                                      {{"person_id", person}, {"case_id", id}, {"date", "2016-04-10"}, {"self_harm", "medium"}},
                                      Token("iom.counsellor"));
  ASSERT_EQ(medium.status, 201) << medium.Describe();
  EXPECT_TRUE(medium.json()["flags_raised"].empty());
  HttpResponse none = client().Post("/api/v1/risk-assessments", {{"person_id", person}, {"case_id", id}, {"date", "2016-04-10"}},
                                    Token("iom.counsellor"));
  EXPECT_TRUE(NamesField(none, "self_harm")) << none.Describe();
  HttpResponse list = Get("/api/v1/cases/" + id + "/risk-assessments", "iom.counsellor");
  ASSERT_EQ(list.status, 200) << list.Describe();
  EXPECT_EQ(list.json()["items"].size(), 2u);
}

TEST_F(CasesTest, ThoseWhoOpenCasesSeeWhomTheyMayAssignByNameOnly) {
  for (const char* who : {"iom.counsellor", "iom.supervisor", "iom.manager"}) {
    HttpResponse r = Get("/api/v1/cases/staff", who);
    ASSERT_EQ(r.status, 200) << who << r.Describe();
    auto named = [&](const char* list, const std::string& username) {
      for (const Json& u : Json(r.json()[list])) {
        if (u.value("id", "") == UserId(username)) return u.size() == 2u && u.contains("display_name");
      }
      return false;
    };
    EXPECT_TRUE(named("counsellors", "iom.counsellor")) << who << r.body;
    EXPECT_TRUE(named("counsellors", "iom.counsellor2")) << who << r.body;
    EXPECT_TRUE(named("supervisors", "iom.supervisor")) << who << r.body;
    EXPECT_FALSE(named("counsellors", "iom.facilitator")) << who << r.body;
    EXPECT_FALSE(named("supervisors", "alarm.supervisor")) << "another organisation's staff: " << r.body;
  }
  for (const char* who : {"iom.facilitator", "iom.me_officer", "iom.viewer", "iom.admin"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/cases/staff", who), 403)) << who;
  }
}

TEST_F(CasesTest, BadCasesAreRefusedByFieldAndNothingIsWritten) {
  const std::string person = Person();
  Json body = CaseBody(person);
  // Each refusal names its field.
  struct Bad {
    Json changes;
    const char* field;
    int status;
  };
  const Bad bads[] = {
      {{{"counsellor_id", UserId("iom.facilitator")}}, "counsellor_id", 422},
      {{{"supervisor_id", UserId("iom.counsellor")}}, "supervisor_id", 422},
      {{{"supervisor_id", UserId("alarm.manager")}}, "supervisor_id", 422},
      {{{"programme_id", shared_->alarm_programme}}, "programme_id", 422},
      {{{"opened_on", "2999-01-01"}}, "opened_on", 422},
      {{{"status", "closed"}}, "status", 422},
      {{{"referral_source", "radio"}}, "referral_source", 422},
      {{{"colour", "blue"}}, "colour", 422},
      {{{"person_id", nullptr}}, "person_id", 422},
      {{{"plan", {{"goals", {{{"text", ""}}}}}}}, "plan.goals[0].text", 422},
  };
  for (const Bad& bad : bads) {
    HttpResponse r = client().Post("/api/v1/cases", WithChanges(body, bad.changes), Token("iom.counsellor"));
    EXPECT_TRUE(IsProblem(r, bad.status)) << bad.changes.dump() << r.Describe();
    EXPECT_TRUE(NamesField(r, bad.field)) << bad.changes.dump() << r.Describe();
  }
  // A counsellor opens cases for themselves.
  HttpResponse other = client().Post("/api/v1/cases", WithChanges(body, {{"counsellor_id", UserId("iom.counsellor2")}}),
                                     Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(other, 403)) << other.Describe();
  // A person of another organisation.
  Json alarm_person = {{"given_name", "Deng"}, {"family_name", "Elsewhere"}, {"sex", "male"},
                       {"birth_date", "1980-01-01"}, {"population_group", "idp_camp"},
                       {"programme_id", shared_->alarm_programme}, {"site_id", shared_->alarm_site}};
  HttpResponse theirs = client().Post("/api/v1/persons", alarm_person, Token("alarm.manager"));
  ASSERT_EQ(theirs.status, 201) << theirs.Describe();
  HttpResponse foreign = client().Post("/api/v1/cases", WithChanges(body, {{"person_id", theirs.json().value("id", "")}}),
                                       Token("iom.counsellor"));
  EXPECT_TRUE(NamesField(foreign, "person_id")) << foreign.Describe();
  EXPECT_TRUE(Get("/api/v1/cases?person_id=" + person, "iom.manager").json()["items"].empty()) << "nothing was written";
  // Facilitators open no cases.
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/cases", body, Token("iom.facilitator")), 403));
  // One open case per person in a programme.
  HttpResponse first = client().Post("/api/v1/cases", body, Token("iom.counsellor"));
  ASSERT_EQ(first.status, 201) << first.Describe();
  HttpResponse second = client().Post("/api/v1/cases", body, Token("iom.supervisor"));
  EXPECT_TRUE(IsProblem(second, 409)) << second.Describe();
  EXPECT_NE(second.json().value("detail", "").find(first.json().value("id", "")), std::string::npos) << second.Describe();
  // A stale change; unknown lists.
  HttpResponse stale = Patch(first.json().value("id", ""), {{"status", "assessment"}}, "iom.counsellor", {{"If-Match", "\"9\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  EXPECT_TRUE(NamesField(Get("/api/v1/cases?status=pending", "iom.manager"), "status"));
  EXPECT_TRUE(NamesField(Get("/api/v1/cases?colour=red", "iom.manager"), "colour"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/cases/0190a3c4-1111-7000-8000-000000000001", "iom.manager"), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/cases", "iom.facilitator"), 403));
}

}  // namespace
}  // namespace baton::test
