// Outcome instruments and assessments end to end over HTTP against a real `baton serve` on a copy of
// the demo data: the built-in instruments listed; a counsellor's PHQ-9 at baseline and endline in a
// case, scored by the server, and the case's change between them; PHQ-9 item 9 above 0 raising a
// flag that reaches the supervisor; the M&E officer reading scores without answers or flags; a
// programme's own instrument; and every bad input refused with a problem naming the field.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

class OutcomesTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM outcomes office", "aot");
  }
  static void TearDownTestSuite() { StopSharedServer(); }

  static std::string UserId(const std::string& username) {
    Token(username);
    return shared_->sessions[username].user_id;
  }

  static std::string Person() {
    Json body = {{"given_name", "Nyabol"}, {"family_name", "Scored" + std::to_string(++shared_->counter) + "x"},
                 {"sex", "female"}, {"birth_date", "1988-05-01"}, {"population_group", "idp_camp"},
                 {"programme_id", shared_->programme}, {"site_id", shared_->site}};
    HttpResponse r = client().Post("/api/v1/persons", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  // A case of a new person, opened by iom.counsellor on 2016-03-01: {case id, person id}.
  static std::pair<std::string, std::string> OpenCase() {
    const std::string person = Person();
    Json body = {{"person_id", person}, {"programme_id", shared_->programme},
                 {"counsellor_id", UserId("iom.counsellor")}, {"supervisor_id", UserId("iom.supervisor")},
                 {"opened_on", "2016-03-01"}};
    HttpResponse r = client().Post("/api/v1/cases", body, Token("iom.counsellor"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return {r.json().value("id", ""), person};
  }

  static HttpResponse Assess(const Json& body, const std::string& as = "iom.counsellor") {
    return client().Post("/api/v1/assessments", body, Token(as));
  }
};

TEST_F(OutcomesTest, TheEightBuiltInInstrumentsAreListed) {
  HttpResponse r = Get("/api/v1/instruments", "iom.counsellor");
  ASSERT_EQ(r.status, 200) << r.Describe();
  std::vector<std::string> codes;
  const Json items = r.json()["items"];
  for (const Json& i : items) codes.push_back(i.value("code", ""));
  EXPECT_EQ(codes, (std::vector<std::string>{"who5", "phq9", "gad7", "k6", "k10", "psychlops", "whodas12", "pcl5"}));
  const Json phq9 = items[1];
  EXPECT_EQ(phq9["items"].size(), 9u);
  EXPECT_EQ(phq9["bands"].size(), 5u);
  EXPECT_EQ(phq9["builtin"], true);
}

TEST_F(OutcomesTest, APhq9BaselineAndEndlineShowTheCasesChange) {
  const auto [case_id, person] = OpenCase();
  HttpResponse base = Assess({{"instrument", "phq9"}, {"person_id", person}, {"case_id", case_id}, {"date", "2016-03-02"},
                              {"timepoint", "baseline"}, {"answers", {2, 2, 2, 2, 2, 2, 2, 2, 0}}});
  ASSERT_EQ(base.status, 201) << base.Describe();
  EXPECT_EQ(base.json()["total"], 16);
  EXPECT_EQ(base.json()["band"], "moderately_severe");
  EXPECT_EQ(base.json()["flags"], Json::array());
  EXPECT_EQ(base.json()["instrument_version"], "1");
  EXPECT_TRUE(base.json()["flags_raised"].empty());
  HttpResponse end = Assess({{"instrument", "phq9"}, {"person_id", person}, {"case_id", case_id}, {"date", "2016-06-01"},
                             {"timepoint", "endline"}, {"answers", {1, 1, 0, 1, 0, 1, 0, 0, 0}}});
  ASSERT_EQ(end.status, 201) << end.Describe();
  EXPECT_EQ(end.json()["total"], 4);
  EXPECT_EQ(end.json()["band"], "minimal");
  // A WHO-5 in between: higher is better, with its percentage.
  HttpResponse who5 = Assess({{"instrument", "who5"}, {"person_id", person}, {"case_id", case_id}, {"date", "2016-04-01"},
                              {"answers", {3, 3, 2, 2, 3}}});
  ASSERT_EQ(who5.status, 201) << who5.Describe();
  EXPECT_EQ(who5.json()["total"], 13);
  EXPECT_EQ(who5.json()["scaled"], 52);
  HttpResponse outcomes = Get("/api/v1/cases/" + case_id + "/outcomes", "iom.counsellor");
  ASSERT_EQ(outcomes.status, 200) << outcomes.Describe();
  const Json instruments = outcomes.json()["instruments"];
  ASSERT_EQ(instruments.size(), 2u) << outcomes.body;
  EXPECT_EQ(instruments[0]["instrument"], "phq9");
  EXPECT_EQ(instruments[0]["series"].size(), 2u);
  EXPECT_EQ(instruments[0]["change"]["delta"], 12);
  EXPECT_EQ(instruments[0]["change"]["improved"], true);
  EXPECT_EQ(instruments[0]["change"]["band_before"], "moderately_severe");
  EXPECT_EQ(instruments[0]["change"]["band_after"], "minimal");
  EXPECT_EQ(instruments[1]["instrument"], "who5");
  EXPECT_TRUE(instruments[1]["change"].is_null()) << "one WHO-5 is no change";
  // The M&E officer measures change: scores, never answers or flags.
  HttpResponse me = Get("/api/v1/cases/" + case_id + "/outcomes", "iom.me_officer");
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_EQ(me.json()["instruments"][0]["change"]["delta"], 12);
  const std::string id = base.json().value("id", "");
  HttpResponse me_one = Get("/api/v1/assessments/" + id, "iom.me_officer");
  ASSERT_EQ(me_one.status, 200) << me_one.Describe();
  EXPECT_EQ(me_one.json()["total"], 16);
  EXPECT_FALSE(me_one.json().contains("answers")) << me_one.body;
  EXPECT_FALSE(me_one.json().contains("flags")) << me_one.body;
  HttpResponse mine = Get("/api/v1/assessments/" + id, "iom.counsellor");
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  EXPECT_EQ(mine.json()["answers"], Json({2, 2, 2, 2, 2, 2, 2, 2, 0}));
  // The list, by date, without answers.
  HttpResponse list = Get("/api/v1/assessments?case_id=" + case_id, "iom.supervisor");
  ASSERT_EQ(list.status, 200) << list.Describe();
  ASSERT_EQ(list.json()["items"].size(), 3u);
  EXPECT_EQ(list.json()["items"][1]["instrument"], "who5");
  EXPECT_FALSE(list.json()["items"][0].contains("answers"));
  // Others: not at all.
  for (const char* who : {"iom.facilitator", "iom.viewer", "alarm.manager"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/assessments/" + id, who), 403)) << who;
  }
  // The counsellor's read of the answers is in the person's access log.
  HttpResponse exported = Get("/api/v1/persons/" + person + "/export", "iom.manager");
  ASSERT_EQ(exported.status, 200) << exported.Describe();
  EXPECT_NE(exported.body.find("read_assessment_notes"), std::string::npos);
}

TEST_F(OutcomesTest, Phq9ItemNineAboveZeroRaisesAFlagForTheSupervisor) {
  const auto [case_id, person] = OpenCase();
  // A missing item gives no total, but item 9 flags whatever the total.
  HttpResponse r = Assess({{"instrument", "phq9"}, {"person_id", person}, {"case_id", case_id}, {"date", "2016-03-05"},
                           {"answers", {1, 0, nullptr, 1, 0, 0, 1, 0, 1}}});
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_TRUE(r.json()["total"].is_null()) << r.body;
  EXPECT_EQ(r.json()["band"], "");
  EXPECT_EQ(r.json()["missing"], 1);
  EXPECT_EQ(r.json()["flags"], Json({"self_harm"}));
  ASSERT_EQ(r.json()["flags_raised"].size(), 1u) << r.body;
  const Json flag = r.json()["flags_raised"][0];
  EXPECT_EQ(flag["reason"], "self_harm");
  EXPECT_EQ(flag["instrument"], "phq9");
  EXPECT_EQ(flag["source_kind"], "assessment");
  EXPECT_EQ(flag["supervisor_id"], UserId("iom.supervisor"));
  HttpResponse queue = Get("/api/v1/cases/supervision-queue", "iom.supervisor");
  ASSERT_EQ(queue.status, 200) << queue.Describe();
  bool queued = false;
  for (const Json& f : Json(queue.json()["flags"])) queued = queued || f.value("id", "") == flag.value("id", "");
  EXPECT_TRUE(queued) << queue.body;
  // Correcting a flagged answer to 0 raises nothing new; setting another to 2 re-scores.
  const std::string path = "/api/v1/assessments/" + r.json().value("id", "");
  HttpResponse fixed = client().Patch(path, {{"answers", {1, 0, 2, 1, 0, 0, 1, 0, 1}}}, Token("iom.counsellor"),
                                      {{"If-Match", "\"1\""}});
  ASSERT_EQ(fixed.status, 200) << fixed.Describe();
  EXPECT_EQ(fixed.json()["total"], 6);
  EXPECT_EQ(fixed.json()["band"], "mild");
  HttpResponse flags = Get("/api/v1/risk-flags?case_id=" + case_id, "iom.supervisor");
  ASSERT_EQ(flags.status, 200) << flags.Describe();
  EXPECT_EQ(flags.json()["items"].size(), 1u) << "the same flag, not a second: " << flags.body;
  EXPECT_TRUE(IsProblem(client().Patch(path, {{"timepoint", "mid"}}, Token("iom.counsellor"), {{"If-Match", "\"1\""}}), 412));
}

TEST_F(OutcomesTest, BadAssessmentsAreRefusedByField) {
  const auto [case_id, person] = OpenCase();
  const Json good = {{"instrument", "gad7"}, {"person_id", person}, {"case_id", case_id}, {"date", "2016-03-05"},
                     {"answers", {1, 1, 1, 1, 1, 1, 1}}};
  struct Bad {
    Json changes;
    const char* field;
  };
  const Bad bads[] = {
      {{{"answers", {1, 1, 1}}}, "answers"},
      {{{"answers", {1, 1, 1, 4, 1, 1, 1}}}, "answers[3]"},
      {{{"answers", {1, 1, 1, 1.5, 1, 1, 1}}}, "answers[3]"},
      {{{"answers", "1111111"}}, "answers"},
      {{{"instrument", "phq10"}}, "instrument"},
      {{{"date", "2999-01-01"}}, "date"},
      {{{"date", "2016-02-01"}}, "date"},
      {{{"timepoint", "later"}}, "timepoint"},
      {{{"person_id", Person()}}, "person_id"},  // not the case's person
      {{{"case_id", "0190a3c4-1111-7000-8000-000000000001"}}, "case_id"},
      {{{"shade", "blue"}}, "shade"},
  };
  for (const Bad& bad : bads) {
    HttpResponse r = Assess(WithChanges(good, bad.changes));
    EXPECT_TRUE(IsProblem(r, 422)) << bad.changes.dump() << r.Describe();
    EXPECT_TRUE(NamesField(r, bad.field)) << bad.changes.dump() << r.Describe();
  }
  EXPECT_TRUE(Get("/api/v1/assessments?case_id=" + case_id, "iom.counsellor").json()["items"].empty()) << "nothing written";
  // Those who may not assess.
  EXPECT_TRUE(IsProblem(Assess(good, "iom.facilitator"), 403));
  EXPECT_TRUE(IsProblem(Assess(good, "iom.me_officer"), 403));
  // Lists need a person or a case.
  EXPECT_TRUE(NamesField(Get("/api/v1/assessments", "iom.counsellor"), "person_id"));
  // Outside a case: the person's programme, by a counsellor of the organisation.
  HttpResponse alone = Assess({{"instrument", "who5"}, {"person_id", person}, {"date", "2016-05-01"},
                               {"answers", {5, 4, 4, 5, 4}}});
  ASSERT_EQ(alone.status, 201) << alone.Describe();
  EXPECT_EQ(alone.json()["programme_id"], shared_->programme);
  EXPECT_FALSE(alone.json().contains("case_id"));
}

TEST_F(OutcomesTest, AProgrammeAddsItsOwnInstrument) {
  Json definition = {{"code", "bor_sleep"}, {"version", "2016-1"}, {"name", "Bor sleep scale"},
                     {"items", {{{"id", "s1"}, {"min", 0}, {"max", 3}}, {{"id", "s2"}, {"min", 0}, {"max", 3}}}},
                     {"bands", {{{"code", "good"}, {"label", "Good"}, {"min", 0}, {"max", 2}},
                                {{"code", "poor"}, {"label", "Poor"}, {"min", 3}, {"max", 6}}}}};
  const Json body = {{"programme_id", shared_->programme}, {"definition", definition}};
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/instruments", body, Token("iom.counsellor")), 403));
  HttpResponse bad = client().Post("/api/v1/instruments",
                                   {{"programme_id", shared_->programme},
                                    {"definition", WithChanges(definition, {{"items", {{{"id", "s1"}, {"min", 3}, {"max", 1}}}}})}},
                                   Token("iom.manager"));
  EXPECT_TRUE(IsProblem(bad, 422)) << bad.Describe();
  EXPECT_TRUE(NamesField(bad, "definition.items[0].max")) << bad.Describe();
  HttpResponse builtin_code = client().Post(
      "/api/v1/instruments", {{"programme_id", shared_->programme}, {"definition", WithChanges(definition, {{"code", "phq9"}})}},
      Token("iom.manager"));
  EXPECT_TRUE(NamesField(builtin_code, "definition.code")) << builtin_code.Describe();
  HttpResponse made = client().Post("/api/v1/instruments", body, Token("iom.manager"));
  ASSERT_EQ(made.status, 201) << made.Describe();
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/instruments", body, Token("iom.manager")), 409));
  HttpResponse listed = Get("/api/v1/instruments?programme_id=" + shared_->programme, "iom.counsellor");
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  EXPECT_EQ(listed.json()["items"].size(), 9u);
  EXPECT_EQ(listed.json()["items"][8]["code"], "bor_sleep");
  EXPECT_TRUE(IsProblem(Get("/api/v1/instruments?programme_id=" + shared_->programme, "alarm.manager"), 422));
  // Scored with it; afterwards a changed definition needs a new version.
  const auto [case_id, person] = OpenCase();
  HttpResponse scored = Assess({{"instrument", "bor_sleep"}, {"person_id", person}, {"case_id", case_id},
                                {"date", "2016-03-03"}, {"answers", {2, 2}}});
  ASSERT_EQ(scored.status, 201) << scored.Describe();
  EXPECT_EQ(scored.json()["total"], 4);
  EXPECT_EQ(scored.json()["band"], "poor");
  const std::string path = "/api/v1/instruments/" + made.json().value("id", "");
  Json changed = definition;
  changed["bands"][0]["max"] = 3;
  changed["bands"][1]["min"] = 4;
  HttpResponse same_version = client().Patch(path, {{"definition", changed}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(same_version, 409)) << same_version.Describe();
  EXPECT_NE(same_version.json().value("detail", "").find("version"), std::string::npos) << same_version.Describe();
  changed["version"] = "2016-2";
  HttpResponse new_version = client().Patch(path, {{"definition", changed}}, Token("iom.manager"));
  ASSERT_EQ(new_version.status, 200) << new_version.Describe();
  // The old assessment keeps its score and version.
  HttpResponse old = Get("/api/v1/assessments/" + scored.json().value("id", ""), "iom.counsellor");
  EXPECT_EQ(old.json()["band"], "poor");
  EXPECT_EQ(old.json()["instrument_version"], "2016-1");
}

}  // namespace
}  // namespace baton::test
