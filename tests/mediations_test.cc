// Conflict mediation end to end over HTTP against a real `baton serve` on a copy of the demo data: a
// mediation between a registered person and a group is opened, mediated in sessions, agreed, closed
// with an outcome, followed up and reopened; gender-based violence is refused mediation and closes
// only as referred; what was said and agreed is read only by managers, supervisors and counsellors
// who mediate (never a facilitator, even one who mediates, nor the M&E officer), each read landing
// in the access log of every registered party; and every bad input is refused naming its field.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

constexpr const char* kSummary = "Fights at the water point every morning; a woman was pushed.";
constexpr const char* kAgreement = "Block 3 draws water on odd days, block 4 on even days; the committee keeps watch.";
constexpr const char* kNotes = "Both sides spoke; the elder asked them to propose a rota.";

class MediationsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM mediation office", "amd");
  }
  static void TearDownTestSuite() { StopSharedServer(); }

  static std::string UserId(const std::string& username) {
    Token(username);
    return shared_->sessions[username].user_id;
  }

  // A person registered in `programme` (the demo's by default) by its organisation's manager.
  static std::string Person(const std::string& manager = "iom.manager", std::string programme = "",
                            std::string site = "") {
    if (programme.empty()) programme = shared_->programme;
    if (site.empty()) site = shared_->site;
    Json body = {{"given_name", "Nyibol"},
                 {"family_name", "Mediated" + std::to_string(++shared_->counter) + "x"},
                 {"sex", "female"},
                 {"birth_date", "1985-02-01"},
                 {"population_group", "idp_camp"},
                 {"programme_id", programme},
                 {"site_id", site}};
    HttpResponse r = client().Post("/api/v1/persons", body, Token(manager));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  // A dispute over water between `person` and a group, mediated by `mediator` and a block chief.
  static Json Body(const std::string& person, const std::string& mediator) {
    return {{"programme_id", shared_->programme},
            {"dispute_type", "resource"},
            {"parties", {{{"person_id", person}}, {{"description", "households around water point 4"}}}},
            {"mediators", {{{"user_id", UserId(mediator)}}, {{"name", "Chief Makuei"}, {"role", "block chief"}}}},
            {"opened_on", "2016-03-01"},
            {"summary", kSummary}};
  }

  static HttpResponse Open(const Json& body, const std::string& as) {
    return client().Post("/api/v1/mediations", body, Token(as));
  }

  static HttpResponse Patch(const std::string& path, const Json& body, const std::string& as, Headers extra = {}) {
    return client().Patch("/api/v1/" + path, body, Token(as), std::move(extra));
  }

  static std::string Etag(int version) { return "\"" + std::to_string(version) + "\""; }

  // The person's access log (subject access export), as the manager reads it: the actions noted.
  static std::vector<std::string> LoggedReads(const std::string& person) {
    HttpResponse r = Get("/api/v1/persons/" + person + "/export", "iom.manager");
    EXPECT_EQ(r.status, 200) << r.Describe();
    std::vector<std::string> actions;
    const Json views = r.json().value("views", Json::array());
    for (const Json& v : views) actions.push_back(v.value("action", ""));
    return actions;
  }
  static long Count(const std::vector<std::string>& v, const std::string& what) {
    return std::count(v.begin(), v.end(), what);
  }

  static bool Lists(const HttpResponse& r, const std::string& id) {
    const Json items = r.json().value("items", Json::array());
    return std::any_of(items.begin(), items.end(), [&](const Json& m) { return m.value("id", "") == id; });
  }
};

TEST_F(MediationsTest, AMediationIsHeldAgreedClosedFollowedUpAndReopened) {
  const std::string person = Person();
  HttpResponse r = Open(Body(person, "iom.counsellor"), "iom.counsellor");
  ASSERT_EQ(r.status, 201) << r.Describe();
  const Json m = r.json();
  const std::string id = m.value("id", "");
  EXPECT_EQ(r.header("location").value_or(""), "/api/v1/mediations/" + id);
  EXPECT_EQ(m["status"], "open");
  EXPECT_EQ(m["opened_on"], "2016-03-01");
  EXPECT_EQ(m["dispute_type_label"], "Resources (water, firewood, rations)");
  EXPECT_EQ(m["mediated"], true);
  EXPECT_EQ(m["text_visible"], true);
  EXPECT_EQ(m["summary"], kSummary);
  EXPECT_EQ(m["parties"][0]["kind"], "person");
  EXPECT_EQ(m["parties"][0]["person"]["given_name"], "Nyibol");
  EXPECT_EQ(m["parties"][1], (Json{{"description", "households around water point 4"}, {"kind", "group"}}));
  EXPECT_EQ(m["mediators"][0]["display_name"], "IOM counsellor");
  EXPECT_EQ(m["mediators"][1], (Json{{"name", "Chief Makuei"}, {"role", "block chief"}}));
  EXPECT_FALSE(m.contains("sealed")) << r.body;

  // A session, then the agreement reached in it.
  const std::string base = "/api/v1/mediations/" + id;
  HttpResponse session = client().Post(base + "/sessions",
                                       {{"date", "2016-03-08"},
                                        {"kind", "joint"},
                                        {"duration_minutes", 90},
                                        {"place", "Block 4 shelter"},
                                        {"notes", kNotes}},
                                       Token("iom.counsellor"));
  ASSERT_EQ(session.status, 201) << session.Describe();
  EXPECT_EQ(session.json()["notes"], kNotes);
  EXPECT_EQ(session.json()["recorded_by"], UserId("iom.counsellor"));
  const std::string session_id = session.json().value("id", "");
  HttpResponse agreed =
      client().Post(base + "/agreements", {{"date", "2016-03-08"}, {"session_id", session_id}, {"text", kAgreement}},
                    Token("iom.counsellor"));
  ASSERT_EQ(agreed.status, 201) << agreed.Describe();
  EXPECT_EQ(agreed.header("location").value_or(""), "/api/v1/mediation-agreements/" + agreed.json().value("id", ""));
  EXPECT_EQ(agreed.json()["text"], kAgreement);
  EXPECT_FALSE(agreed.json().contains("held"));
  const std::string agreement = agreed.json().value("id", "");

  // Closing needs an outcome; closed, only a follow-up session is held.
  HttpResponse bare = Patch("mediations/" + id, {{"status", "closed"}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(bare, 422)) << bare.Describe();
  EXPECT_TRUE(NamesField(bare, "outcome"));
  HttpResponse closed = Patch(
      "mediations/" + id,
      {{"status", "closed"}, {"outcome", "resolved"}, {"closed_on", "2016-03-10"}, {"follow_up_on", "2016-04-10"}},
      "iom.counsellor", {{"If-Match", Etag(1)}});
  ASSERT_EQ(closed.status, 200) << closed.Describe();
  EXPECT_EQ(closed.json()["outcome"], "resolved");
  EXPECT_EQ(closed.json()["closed_by"], UserId("iom.counsellor"));
  EXPECT_EQ(closed.json()["follow_up_due"], true) << "2016 is long past";
  EXPECT_EQ(closed.header("etag").value_or(""), Etag(2));
  HttpResponse late =
      client().Post(base + "/sessions", {{"date", "2016-04-10"}, {"kind", "joint"}}, Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(late, 422)) << late.Describe();
  EXPECT_TRUE(NamesField(late, "kind"));
  HttpResponse follow =
      client().Post(base + "/sessions", {{"date", "2016-04-10"}, {"kind", "follow_up"}}, Token("iom.counsellor"));
  ASSERT_EQ(follow.status, 201) << follow.Describe();
  // Whether the agreement held: with the day it was followed up.
  HttpResponse half = Patch("mediation-agreements/" + agreement, {{"held", "held"}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(half, 422)) << half.Describe();
  EXPECT_TRUE(NamesField(half, "followed_up_on"));
  HttpResponse held =
      Patch("mediation-agreements/" + agreement, {{"held", "partly_held"}, {"followed_up_on", "2016-04-10"}},
            "iom.counsellor", {{"If-Match", Etag(1)}});
  ASSERT_EQ(held.status, 200) << held.Describe();
  EXPECT_EQ(held.json()["held"], "partly_held");
  EXPECT_EQ(held.json()["text"], kAgreement) << "the text stays";
  HttpResponse stale_agreement =
      Patch("mediation-agreements/" + agreement, {{"held", "held"}, {"followed_up_on", "2016-04-11"}}, "iom.counsellor",
            {{"If-Match", Etag(1)}});
  EXPECT_TRUE(IsProblem(stale_agreement, 412)) << stale_agreement.Describe();

  // The lists, by date.
  HttpResponse sessions = Get(base + "/sessions", "iom.counsellor");
  ASSERT_EQ(sessions.status, 200) << sessions.Describe();
  ASSERT_EQ(sessions.json()["items"].size(), 2u) << sessions.body;
  EXPECT_EQ(sessions.json()["items"][0]["notes"], kNotes);
  EXPECT_EQ(sessions.json()["items"][1]["kind"], "follow_up");
  HttpResponse agreements = Get(base + "/agreements", "iom.counsellor");
  ASSERT_EQ(agreements.status, 200) << agreements.Describe();
  ASSERT_EQ(agreements.json()["items"].size(), 1u);
  EXPECT_EQ(agreements.json()["items"][0]["session_id"], session_id);

  // Reopening says why and clears the outcome; a stale version is refused.
  HttpResponse stale = Patch("mediations/" + id, {{"status", "open"}, {"reopen_reason", "x"}}, "iom.counsellor",
                             {{"If-Match", Etag(1)}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  HttpResponse no_reason = Patch("mediations/" + id, {{"status", "open"}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(no_reason, 422)) << no_reason.Describe();
  EXPECT_TRUE(NamesField(no_reason, "reopen_reason"));
  HttpResponse reopened =
      Patch("mediations/" + id, {{"status", "open"}, {"reopen_reason", "The quarrel started again"}}, "iom.counsellor");
  ASSERT_EQ(reopened.status, 200) << reopened.Describe();
  EXPECT_EQ(reopened.json()["reopened"], 1);
  EXPECT_FALSE(reopened.json().contains("outcome")) << reopened.body;
  EXPECT_FALSE(reopened.json().contains("closed_on")) << reopened.body;
  EXPECT_EQ(reopened.json()["reopen_reason"], "The quarrel started again");
  EXPECT_EQ(reopened.json()["summary"], kSummary) << "the summary is kept";

  // The register finds it by person, status, type and mediator.
  for (const std::string& query : {"person_id=" + person, std::string("status=open&dispute_type=resource"),
                                   "mediator_id=" + UserId("iom.counsellor")}) {
    HttpResponse list = Get("/api/v1/mediations?limit=200&" + query, "iom.manager");
    ASSERT_EQ(list.status, 200) << list.Describe();
    EXPECT_TRUE(Lists(list, id)) << query;
    for (const Json& item : Json(list.json()["items"])) EXPECT_FALSE(item.contains("summary")) << "lists never show it";
  }
  EXPECT_FALSE(Lists(Get("/api/v1/mediations?limit=200&status=closed", "iom.manager"), id));
  EXPECT_FALSE(Lists(Get("/api/v1/mediations?limit=200&dispute_type=family", "iom.manager"), id));
}

TEST_F(MediationsTest, AgreementsAndNotesAreNeverReadByFacilitatorsOrTheMeOfficer) {
  const std::string person = Person();
  HttpResponse r = Open(Body(person, "iom.facilitator"), "iom.manager");
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string id = r.json().value("id", "");
  const std::string base = "/api/v1/mediations/" + id;
  ASSERT_EQ(client()
                .Post(base + "/sessions", {{"date", "2016-03-02"}, {"kind", "separate"}, {"notes", kNotes}},
                      Token("iom.manager"))
                .status,
            201);
  HttpResponse agreed =
      client().Post(base + "/agreements", {{"date", "2016-03-02"}, {"text", kAgreement}}, Token("iom.manager"));
  ASSERT_EQ(agreed.status, 201) << agreed.Describe();
  const std::string agreement = agreed.json().value("id", "");

  // Managers and supervisors read it all.
  for (const char* who : {"iom.manager", "iom.supervisor"}) {
    HttpResponse m = Get(base, who);
    ASSERT_EQ(m.status, 200) << who << m.Describe();
    EXPECT_EQ(m.json()["summary"], kSummary) << who;
    HttpResponse a = Get(base + "/agreements", who);
    ASSERT_EQ(a.status, 200) << who << a.Describe();
    EXPECT_EQ(a.json()["items"][0]["text"], kAgreement) << who;
    EXPECT_EQ(Get(base + "/sessions", who).json()["items"][0]["notes"], kNotes) << who;
  }
  // The facilitator who mediates reads the case, the parties by name, the dates — never the text.
  HttpResponse f = Get(base, "iom.facilitator");
  ASSERT_EQ(f.status, 200) << f.Describe();
  EXPECT_EQ(f.json()["text_visible"], false);
  EXPECT_FALSE(f.json().contains("summary")) << f.body;
  EXPECT_EQ(f.json()["parties"][0]["person"]["given_name"], "Nyibol");
  EXPECT_EQ(f.json()["parties"][1]["description"], "households around water point 4");
  for (const std::string& path :
       {base + "/agreements", base + "/sessions", "/api/v1/mediation-agreements/" + agreement}) {
    HttpResponse x = Get(path, "iom.facilitator");
    ASSERT_EQ(x.status, 200) << path << x.Describe();
    EXPECT_EQ(x.body.find(kAgreement), std::string::npos) << path;
    EXPECT_EQ(x.body.find(kNotes), std::string::npos) << path;
    EXPECT_EQ(x.body.find("sealed"), std::string::npos) << path;
  }
  EXPECT_EQ(Get(base + "/agreements", "iom.facilitator").json()["items"][0]["date"], "2016-03-02");
  // ... records in the field: a session and an agreement, whose text is kept but not shown back ...
  HttpResponse own =
      client().Post(base + "/agreements", {{"date", "2016-03-09"}, {"text", "Written in the field, kept sealed."}},
                    Token("iom.facilitator"));
  ASSERT_EQ(own.status, 201) << own.Describe();
  EXPECT_FALSE(own.json().contains("text")) << own.body;
  EXPECT_EQ(own.json()["text_visible"], false);
  HttpResponse by_manager = Get("/api/v1/mediation-agreements/" + own.json().value("id", ""), "iom.manager");
  EXPECT_EQ(by_manager.json()["text"], "Written in the field, kept sealed.");
  // ... records whether it held, but never replaces text it cannot read.
  EXPECT_EQ(Patch("mediation-agreements/" + agreement, {{"held", "held"}, {"followed_up_on", "2016-04-02"}},
                  "iom.facilitator")
                .status,
            200);
  HttpResponse blind = Patch("mediation-agreements/" + agreement, {{"text", "Rewritten"}}, "iom.facilitator");
  EXPECT_TRUE(IsProblem(blind, 403)) << blind.Describe();
  HttpResponse blind_summary = Patch("mediations/" + id, {{"summary", "Rewritten"}}, "iom.facilitator");
  EXPECT_TRUE(IsProblem(blind_summary, 403)) << blind_summary.Describe();
  EXPECT_EQ(Get("/api/v1/mediation-agreements/" + agreement, "iom.manager").json()["text"], kAgreement);
  // ... and does not change who the staff mediators are.
  HttpResponse grab =
      Patch("mediations/" + id,
            {{"mediators", {{{"user_id", UserId("iom.facilitator")}}, {{"user_id", UserId("iom.counsellor")}}}}},
            "iom.facilitator");
  EXPECT_TRUE(IsProblem(grab, 403)) << grab.Describe();

  // The M&E officer counts: type, status, dates; parties de-identified; no text at all.
  HttpResponse me = Get(base, "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_EQ(me.json()["dispute_type"], "resource");
  EXPECT_EQ(me.json()["status"], "open");
  EXPECT_TRUE(me.json()["parties"][0]["person"].contains("code")) << me.body;
  EXPECT_FALSE(me.json()["parties"][0]["person"].contains("given_name")) << me.body;
  EXPECT_EQ(me.json()["parties"][1], (Json{{"kind", "group"}})) << "a group's description is not for counting";
  for (const std::string& path : {base, base + "/agreements", base + "/sessions"}) {
    HttpResponse x = Get(path, "iom.me_officer");
    ASSERT_EQ(x.status, 200) << path << x.Describe();
    for (const char* secret : {kSummary, kAgreement, kNotes, "Nyibol", "water point 4"}) {
      EXPECT_EQ(x.body.find(secret), std::string::npos) << path << " shows " << secret;
    }
  }
  EXPECT_TRUE(IsProblem(Patch("mediations/" + id, {{"follow_up_on", "2016-05-01"}}, "iom.me_officer"), 403));

  // Everyone else reads nothing: a counsellor who does not mediate it, viewers, admins, advisors and
  // the other organisation.
  for (const char* who : {"iom.counsellor", "iom.viewer", "iom.admin", "iom.advisor", "alarm.manager",
                          "alarm.counsellor", "alarm.facilitator"}) {
    for (const std::string& path :
         {base, base + "/agreements", base + "/sessions", "/api/v1/mediation-agreements/" + agreement}) {
      HttpResponse x = Get(path, who);
      EXPECT_TRUE(IsProblem(x, 403)) << who << " " << path << x.Describe();
      EXPECT_EQ(x.body.find("water"), std::string::npos) << who;
    }
  }
  // Lists: the facilitator's holds it, the other counsellor's and ALARM's do not.
  EXPECT_TRUE(Lists(Get("/api/v1/mediations?limit=200", "iom.facilitator"), id));
  EXPECT_FALSE(Lists(Get("/api/v1/mediations?limit=200", "iom.counsellor"), id));
  EXPECT_FALSE(Lists(Get("/api/v1/mediations?limit=200", "alarm.manager"), id));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mediations", "iom.viewer"), 403));

  // Every read of the text is in the person's access log: the manager's create answer and two
  // reads of each kind above (manager, supervisor), the agreement the manager opened once, and the
  // facilitator's and M&E officer's reads are none.
  std::vector<std::string> reads = LoggedReads(person);
  EXPECT_EQ(Count(reads, "read_mediation_notes"), 3) << "create answer, manager, supervisor";
  EXPECT_EQ(Count(reads, "read_mediation_agreement_notes"), 4) << "two lists and two agreements opened";
  EXPECT_EQ(Count(reads, "read_mediation_session_notes"), 2);
}

TEST_F(MediationsTest, GenderBasedViolenceIsReferredNeverMediated) {
  Json body = Body(Person(), "iom.counsellor");
  body["dispute_type"] = "gender_based";
  body["parties"][1] = {{"description", "her husband's family"}};
  HttpResponse r = Open(body, "iom.counsellor");
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_EQ(r.json()["mediated"], false);
  EXPECT_NE(r.json().value("guidance", "").find("GBV case management"), std::string::npos) << r.body;
  const std::string id = r.json().value("id", "");
  for (const char* child : {"sessions", "agreements"}) {
    HttpResponse x =
        client().Post("/api/v1/mediations/" + id + "/" + child,
                      {{"date", "2016-03-02"}, {"kind", "joint"}, {"text", "no"}}, Token("iom.counsellor"));
    EXPECT_TRUE(IsProblem(x, 409)) << child << x.Describe();
    EXPECT_TRUE(NamesField(x, "dispute_type")) << child;
    EXPECT_NE(x.json().value("detail", "").find("refer"), std::string::npos) << x.body;
  }
  HttpResponse resolved = Patch("mediations/" + id, {{"status", "closed"}, {"outcome", "resolved"}}, "iom.counsellor");
  EXPECT_TRUE(IsProblem(resolved, 422)) << resolved.Describe();
  EXPECT_TRUE(NamesField(resolved, "outcome"));
  HttpResponse silent = Patch("mediations/" + id, {{"status", "closed"}, {"outcome", "referred"}}, "iom.counsellor");
  EXPECT_TRUE(NamesField(silent, "referral_note")) << silent.Describe();
  HttpResponse referred = Patch("mediations/" + id,
                                {{"status", "closed"},
                                 {"outcome", "referred"},
                                 {"closed_on", "2016-03-02"},
                                 {"referral_note", "Referred to GBV case management with her consent."}},
                                "iom.counsellor");
  ASSERT_EQ(referred.status, 200) << referred.Describe();
  EXPECT_EQ(referred.json()["outcome"], "referred");
  EXPECT_EQ(referred.json()["referral_note"], "Referred to GBV case management with her consent.");
}

TEST_F(MediationsTest, BadMediationsAreRefusedByFieldAndNothingIsWritten) {
  const std::string person = Person();
  const Json body = Body(person, "iom.counsellor");
  const std::string alarm_person = Person("alarm.manager", shared_->alarm_programme, shared_->alarm_site);
  // A peer-support group: an activity of the programme, but person-focused (8.2).
  Json group = {{"programme_id", shared_->programme}, {"site_id", shared_->site},   {"stream", "peer_support"},
                {"title", "Mediation test group"},    {"start_date", "2016-01-01"}, {"end_date", "2016-12-31"}};
  HttpResponse group_made = client().Post("/api/v1/activities", group, Token("iom.manager"));
  ASSERT_EQ(group_made.status, 201) << group_made.Describe();
  struct Bad {
    Json changes;
    const char* field;
  };
  const Bad bads[] = {
      {{{"parties", {{{"person_id", person}}}}}, "parties"},
      {{{"parties", {{{"person_id", person}}, {{"person_id", person}}}}}, "parties[1].person_id"},
      {{{"parties", {{{"person_id", person}}, {{"person_id", person}, {"description", "and a group"}}}}}, "parties[1]"},
      {{{"parties", {{{"person_id", alarm_person}}, {{"description", "x"}}}}}, "parties[0].person_id"},
      {{{"parties", {{{"description", "a"}}, {{"person_id", "0190a3c4-1111-7000-8000-000000000009"}}}}},
       "parties[1].person_id"},
      {{{"mediators", Json::array()}}, "mediators"},
      {{{"mediators", {{{"user_id", UserId("iom.counsellor")}}, {{"user_id", UserId("iom.me_officer")}}}}},
       "mediators[1].user_id"},
      {{{"mediators", {{{"user_id", UserId("iom.counsellor")}}, {{"user_id", UserId("alarm.manager")}}}}},
       "mediators[1].user_id"},
      {{{"mediators", {{{"user_id", UserId("iom.counsellor")}}, {{"role", "elder"}}}}}, "mediators[1]"},
      {{{"dispute_type", "cattle"}}, "dispute_type"},
      {{{"dispute_type", nullptr}}, "dispute_type"},
      {{{"programme_id", shared_->alarm_programme}}, "programme_id"},
      {{{"opened_on", "2999-01-01"}}, "opened_on"},
      {{{"status", "closed"}, {"outcome", "resolved"}, {"closed_on", "2016-03-02"}}, "status"},
      {{{"outcome", "resolved"}}, "outcome"},
      {{{"follow_up_on", "2016-02-01"}}, "follow_up_on"},
      {{{"activity_ids", {group_made.json().value("id", "")}}}, "activity_ids[0]"},
      {{{"activity_ids", {"0190a3c4-1111-7000-8000-000000000009"}}}, "activity_ids[0]"},
      {{{"colour", "blue"}}, "colour"},
  };
  for (const Bad& bad : bads) {
    HttpResponse r = Open(WithChanges(body, bad.changes), "iom.counsellor");
    EXPECT_TRUE(IsProblem(r, 422)) << bad.changes.dump() << r.Describe();
    EXPECT_TRUE(NamesField(r, bad.field)) << bad.changes.dump() << r.Describe();
  }
  EXPECT_TRUE(Get("/api/v1/mediations?person_id=" + person, "iom.manager").json()["items"].empty())
      << "nothing written";
  // A facilitator or counsellor opens only what they mediate; viewers and M&E officers open nothing.
  EXPECT_TRUE(IsProblem(Open(body, "iom.facilitator"), 403));
  EXPECT_TRUE(IsProblem(Open(body, "iom.me_officer"), 403));
  EXPECT_TRUE(IsProblem(Open(body, "iom.viewer"), 403));
  // A community-focused event of the programme is linked.
  Json dialogue = group;
  dialogue["stream"] = "recreational";
  dialogue["activity_code"] = "peacebuilding";
  dialogue["attendance_mode"] = "headcount";
  dialogue["title"] = "Dialogue of block leaders";
  HttpResponse event = client().Post("/api/v1/activities", dialogue, Token("iom.manager"));
  ASSERT_EQ(event.status, 201) << event.Describe();
  HttpResponse linked = Open(WithChanges(body, {{"activity_ids", {event.json().value("id", "")}}}), "iom.counsellor");
  ASSERT_EQ(linked.status, 201) << linked.Describe();
  EXPECT_EQ(linked.json()["activity_ids"], Json::array({event.json().value("id", "")}));
  // Bad changes, sessions and agreements name their fields.
  const std::string id = linked.json().value("id", "");
  EXPECT_TRUE(NamesField(Patch("mediations/" + id, {{"programme_id", shared_->alarm_programme}}, "iom.counsellor"),
                         "programme_id"));
  EXPECT_TRUE(NamesField(Patch("mediations/" + id, {{"status", "finished"}}, "iom.counsellor"), "status"));
  EXPECT_TRUE(
      NamesField(Patch("mediations/" + id, {{"status", "closed"}, {"outcome", "resolved"}, {"closed_on", "2016-02-01"}},
                       "iom.counsellor"),
                 "closed_on"));
  EXPECT_TRUE(
      NamesField(Patch("mediations/" + id, {{"parties", {{{"person_id", alarm_person}}, {{"person_id", person}}}}},
                       "iom.counsellor"),
                 "parties[0].person_id"));
  const std::string base = "/api/v1/mediations/" + id;
  const struct {
    const char* child;
    Json body;
    const char* field;
  } children[] = {
      {"sessions", {{"date", "2016-02-01"}, {"kind", "joint"}}, "date"},
      {"sessions", {{"date", "2999-01-01"}, {"kind", "joint"}}, "date"},
      {"sessions", {{"date", "2016-03-05"}, {"kind", "group"}}, "kind"},
      {"sessions", {{"date", "2016-03-05"}}, "kind"},
      {"sessions", {{"date", "2016-03-05"}, {"kind", "joint"}, {"duration_minutes", 0}}, "duration_minutes"},
      {"agreements", {{"date", "2016-03-05"}}, "text"},
      {"agreements",
       {{"date", "2016-03-05"}, {"text", "x"}, {"session_id", "0190a3c4-1111-7000-8000-000000000009"}},
       "session_id"},
      {"agreements", {{"date", "2016-03-05"}, {"text", "x"}, {"held", "held"}}, "followed_up_on"},
      {"agreements",
       {{"date", "2016-03-05"}, {"text", "x"}, {"mediation_id", "0190a3c4-1111-7000-8000-000000000009"}},
       "mediation_id"},
  };
  for (const auto& c : children) {
    HttpResponse r = client().Post(base + "/" + c.child, c.body, Token("iom.counsellor"));
    EXPECT_TRUE(IsProblem(r, 422)) << c.child << c.body.dump() << r.Describe();
    EXPECT_TRUE(NamesField(r, c.field)) << c.child << c.body.dump() << r.Describe();
  }
  EXPECT_TRUE(Get(base + "/sessions", "iom.counsellor").json()["items"].empty());
  EXPECT_TRUE(Get(base + "/agreements", "iom.counsellor").json()["items"].empty());
  // Unknown listing parameters and records.
  EXPECT_TRUE(NamesField(Get("/api/v1/mediations?status=pending", "iom.manager"), "status"));
  EXPECT_TRUE(NamesField(Get("/api/v1/mediations?colour=red", "iom.manager"), "colour"));
  EXPECT_TRUE(NamesField(Get("/api/v1/mediations?limit=0", "iom.manager"), "limit"));
  EXPECT_TRUE(NamesField(Get("/api/v1/mediations?cursor=nonsense", "iom.manager"), "cursor"));
  EXPECT_TRUE(NamesField(Get("/api/v1/mediations/options?programme_id=" + shared_->alarm_programme, "iom.manager"),
                         "programme_id"));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mediations/0190a3c4-1111-7000-8000-000000000001", "iom.manager"), 404));
  EXPECT_TRUE(IsProblem(Get("/api/v1/mediation-sessions/0190a3c4-1111-7000-8000-000000000001", "iom.manager"), 404));
  HttpResponse not_json = client().Request(
      "POST", "/api/v1/mediations",
      {{"Authorization", "Bearer " + Token("iom.manager")}, {"Content-Type", "application/json"}}, "{\"parties\": [");
  EXPECT_TRUE(IsProblem(not_json, 400)) << not_json.Describe();
}

TEST_F(MediationsTest, AProgrammeAddsItsOwnDisputeTypes) {
  Json programme = {{"name", "Mediation pilot, Bor town"},
                    {"site_id", shared_->site},
                    {"start_date", "2016-01-01"},
                    {"dispute_types", {{"types", {{{"code", "cattle"}, {"label", "Cattle raiding and grazing"}}}}}}};
  HttpResponse bad = client().Post("/api/v1/programmes",
                                   WithChanges(programme, {{"dispute_types", {{"types", {{{"code", "Cattle!"}}}}}}}),
                                   Token("iom.manager"));
  EXPECT_TRUE(NamesField(bad, "dispute_types.types[0].code")) << bad.Describe();
  HttpResponse made = client().Post("/api/v1/programmes", programme, Token("iom.manager"));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string pid = made.json().value("id", "");
  HttpResponse options = Get("/api/v1/mediations/options?programme_id=" + pid, "iom.facilitator");
  ASSERT_EQ(options.status, 200) << options.Describe();
  std::vector<std::string> codes;
  for (const Json& t : Json(options.json()["dispute_types"])) codes.push_back(t.value("code", ""));
  EXPECT_EQ(codes, (std::vector<std::string>{"family", "land_shelter", "resource", "inter_community", "youth",
                                             "gender_based", "other", "cattle"}));
  EXPECT_EQ(options.json()["outcomes"], (Json{"resolved", "partially_resolved", "unresolved", "referred"}));
  // Two communities described without names, mediated by the facilitator who records it.
  Json body = {{"programme_id", pid},
               {"dispute_type", "cattle"},
               {"parties", {{{"description", "cattle keepers of Makuach"}}, {{"description", "farmers of Anyidi"}}}},
               {"mediators", {{{"user_id", UserId("iom.facilitator")}}}},
               {"opened_on", "2016-05-01"}};
  HttpResponse r = Open(body, "iom.facilitator");
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_EQ(r.json()["dispute_type_label"], "Cattle raiding and grazing");
  EXPECT_EQ(r.json()["text_visible"], false);
  // The demo programme does not know that type.
  body["programme_id"] = shared_->programme;
  EXPECT_TRUE(NamesField(Open(body, "iom.facilitator"), "dispute_type"));
}

TEST_F(MediationsTest, ARetriedOpeningIsAnsweredOnceAndKeepsNothingSaid) {
  const Json body = Body(Person(), "iom.counsellor");
  const Headers key = {{"Idempotency-Key", "mediation-retry-1"}};
  HttpResponse first = client().Post("/api/v1/mediations", body, Token("iom.counsellor"), key);
  ASSERT_EQ(first.status, 201) << first.Describe();
  HttpResponse again = client().Post("/api/v1/mediations", body, Token("iom.counsellor"), key);
  ASSERT_EQ(again.status, 201) << again.Describe();
  EXPECT_EQ(again.header("idempotent-replayed").value_or(""), "true");
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(again.body.find("water point"), std::string::npos) << "the stored answer names no one: " << again.body;
  EXPECT_EQ(again.body.find(kSummary), std::string::npos);
  HttpResponse list = Get("/api/v1/mediations?person_id=" + body["parties"][0].value("person_id", ""), "iom.manager");
  EXPECT_EQ(list.json()["items"].size(), 1u) << list.body;
}

}  // namespace
}  // namespace baton::test
