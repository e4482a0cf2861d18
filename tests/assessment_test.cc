// Needs assessments end to end over HTTP against a real `baton serve` on a copy of the demo data:
// a questionnaire set by the manager, responses taken by the assessment's facilitator (named and
// anonymous, answers normalised and sealed), corrected and set aside, the per-question summary for
// the programme's staff, the CSV export for those who may read responses, and every bad input (a
// bad form, a change of meaning once responses exist, answers that break the form's rules, dates
// outside the assessment or in the future, a respondent of another organisation, stale versions)
// refused with a problem naming the field while nothing is written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "support/e2e.h"
#include "support/shared_demo_server.h"
#include "tabular/table.h"

namespace baton::test {
namespace {

class AssessmentTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer("iom.manager")) return;
    MakeAlarmPlace("ALARM assessment office", "ast");
  }
  static void TearDownTestSuite() { StopSharedServer(); }

  // A needs assessment of the demo programme in 2014, run by iom.facilitator.
  static std::string Plan(const std::string& stream = "needs_assessment") {
    Token("iom.facilitator");  // signs in, so that the user id is known
    const Json body = {{"programme_id", shared_->programme},
                       {"site_id", shared_->site},
                       {"stream", stream},
                       {"title", "Household needs " + std::to_string(++shared_->counter)},
                       {"start_date", "2014-03-01"},
                       {"end_date", "2014-06-30"},
                       {"facilitators", {{"user_ids", Json::array({shared_->sessions["iom.facilitator"].user_id})}}}};
    HttpResponse r = client().Post("/api/v1/activities", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }

  static Json Choices(std::initializer_list<const char*> values) {
    Json out = Json::array();
    for (const char* v : values) out.push_back({{"value", v}, {"label", std::string("Label ") + v}});
    return out;
  }

  // Sex (required), displacement with a skip to the camp, needs (multi), household size, a note.
  static Json Form() {
    return {{"version", "bor-2014-1"},
            {"title", "Household needs, Bor PoC 2014"},
            {"questions",
             {{{"id", "q_sex"}, {"text", "Sex"}, {"type", "single"}, {"required", true}, {"choices", Choices({"female", "male"})}},
              {{"id", "q_displaced"}, {"text", "Displaced?"}, {"type", "single"}, {"choices", Choices({"yes", "no"})}},
              {{"id", "q_camp"},
               {"text", "Which camp?"},
               {"type", "single"},
               {"choices", Choices({"camp_a", "camp_b"})},
               {"show_if", {{"question", "q_displaced"}, {"equals", "yes"}}}},
              {{"id", "q_needs"}, {"text", "Needs"}, {"type", "multi"}, {"choices", Choices({"water", "food", "health"})}},
              {{"id", "q_size"}, {"text", "Household size"}, {"type", "number"}, {"min", 1}, {"max", 40}, {"integer", true}},
              {{"id", "q_note"}, {"text", "Anything else"}, {"type", "text"}, {"max_length", 200}}}}};
  }

  static HttpResponse SetForm(const std::string& assessment, const Json& form, Headers extra = {},
                              const std::string& as = "iom.manager") {
    return client().Put("/api/v1/activities/" + assessment + "/questionnaire", form, Token(as), std::move(extra));
  }

  static HttpResponse Respond(const std::string& assessment, const Json& body, const std::string& as = "iom.facilitator") {
    return client().Post("/api/v1/activities/" + assessment + "/responses", body, Token(as));
  }

  static size_t Count(const std::string& assessment) {
    HttpResponse r = Get("/api/v1/activities/" + assessment + "/responses?limit=200", "iom.manager");
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.json()["items"].size();
  }

  static std::string Person() {
    Json body = {{"given_name", "Nyandeng"}, {"family_name", "Assessed" + std::to_string(++shared_->counter) + "x"},
                 {"sex", "female"}, {"birth_date", "1985-02-01"}, {"population_group", "idp_camp"},
                 {"programme_id", shared_->programme}, {"site_id", shared_->site}};
    HttpResponse r = client().Post("/api/v1/persons", body, Token("iom.manager"));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json().value("id", "");
  }
};

TEST_F(AssessmentTest, TheManagerSetsTheQuestionnaireAndEveryStaffMemberReadsIt) {
  const std::string a = Plan();
  HttpResponse none = Get("/api/v1/activities/" + a + "/questionnaire", "iom.facilitator");
  EXPECT_TRUE(IsProblem(none, 404)) << none.Describe();
  // The facilitator takes responses but does not write the form.
  EXPECT_TRUE(IsProblem(SetForm(a, Form(), {}, "iom.facilitator"), 403));
  HttpResponse set = SetForm(a, Form(), {{"If-Match", "\"0\""}});
  ASSERT_EQ(set.status, 201) << set.Describe();
  EXPECT_EQ(set.header("etag").value_or(""), "\"1\"");
  HttpResponse read = Get("/api/v1/activities/" + a + "/questionnaire", "iom.counsellor");
  ASSERT_EQ(read.status, 200) << read.Describe();
  const Json form = read.json()["form"];
  EXPECT_EQ(form["version"], "bor-2014-1");
  ASSERT_EQ(form["questions"].size(), 6u);
  // Kept in its normal shape: defaults written out.
  EXPECT_EQ(form["questions"][1]["required"], false);
  EXPECT_EQ(form["questions"][4]["integer"], true);
  EXPECT_EQ(form["questions"][5]["max_length"], 200);
  // Before any response, anything may change; a stale version is refused.
  Json changed = Form();
  changed["questions"].erase(5);
  EXPECT_TRUE(IsProblem(SetForm(a, changed, {{"If-Match", "\"0\""}}), 412));
  HttpResponse again = SetForm(a, changed, {{"If-Match", "\"1\""}});
  ASSERT_EQ(again.status, 200) << again.Describe();
  EXPECT_EQ(again.json()["form"]["questions"].size(), 5u);
}

TEST_F(AssessmentTest, ABadFormIsRefusedByPathAndOnlyNeedsAssessmentsHaveOne) {
  const std::string a = Plan();
  Json bad = Form();
  bad["questions"][2]["show_if"]["question"] = "q_nowhere";
  bad["questions"][3]["choices"][1]["value"] = "Food!";
  HttpResponse r = SetForm(a, bad);
  ASSERT_TRUE(IsProblem(r, 422)) << r.Describe();
  EXPECT_TRUE(NamesField(r, "questionnaire.questions[2].show_if.question")) << r.body;
  EXPECT_TRUE(NamesField(r, "questionnaire.questions[3].choices[1].value")) << r.body;
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + a + "/questionnaire", "iom.manager"), 404));
  const std::string group = Plan("peer_support");
  HttpResponse wrong = SetForm(group, Form());
  EXPECT_TRUE(IsProblem(wrong, 422) && NamesField(wrong, "activity_id")) << wrong.Describe();
  // Responses need a questionnaire first.
  HttpResponse early = Respond(a, {{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}}}});
  EXPECT_TRUE(IsProblem(early, 409)) << early.Describe();
}

TEST_F(AssessmentTest, ResponsesAreNormalisedSummarisedAndReadOnlyByThoseAllowed) {
  const std::string a = Plan();
  ASSERT_EQ(SetForm(a, Form()).status, 201);
  const std::string named = Person();
  HttpResponse first = Respond(a, {{"date", "2014-04-02"},
                                   {"person_id", named},
                                   {"answers",
                                    {{"q_sex", "female"},
                                     {"q_displaced", "yes"},
                                     {"q_camp", "camp_b"},
                                     {"q_needs", {"health", "water"}},
                                     {"q_size", 6.0},
                                     {"q_note", "  Needs a latrine near the school\r\n"}}}});
  ASSERT_EQ(first.status, 201) << first.Describe();
  const Json one = first.json();
  EXPECT_EQ(first.header("location").value_or(""), "/api/v1/responses/" + one.value("id", ""));
  EXPECT_EQ(one["answers"]["q_needs"], (Json{"water", "health"}));  // the form's order
  EXPECT_EQ(one["answers"]["q_size"], 6);
  EXPECT_TRUE(one["answers"]["q_size"].is_number_integer());
  EXPECT_EQ(one["answers"]["q_note"], "Needs a latrine near the school");
  EXPECT_EQ(one["person"]["id"], named);
  EXPECT_EQ(one["form_version"], "bor-2014-1");
  EXPECT_FALSE(one.contains("sealed"));
  ASSERT_EQ(Respond(a, {{"date", "2014-04-03"}, {"answers", {{"q_sex", "male"}, {"q_displaced", "no"}, {"q_needs", {"food"}}}}}).status, 201);
  ASSERT_EQ(Respond(a, {{"date", "2014-04-04"}, {"answers", {{"q_sex", "female"}, {"q_displaced", "yes"}, {"q_camp", "camp_a"}, {"q_size", 3}}}}).status, 201);

  // The summary: counts and percentages per question, never the free text.
  HttpResponse summary = Get("/api/v1/activities/" + a + "/responses/summary", "iom.counsellor");
  ASSERT_EQ(summary.status, 200) << summary.Describe();
  const Json s = summary.json();
  EXPECT_EQ(s["responses"], 3);
  EXPECT_EQ(s["set_aside"], 0);
  std::map<std::string, Json> q;
  for (const Json& x : s["questions"]) q[x["id"]] = x;
  EXPECT_EQ(q["q_camp"]["shown"], 2);
  EXPECT_EQ(q["q_camp"]["answered"], 2);
  EXPECT_EQ(q["q_sex"]["choices"][0], (Json{{"value", "female"}, {"label", "Label female"}, {"count", 2}, {"percent", 66.7}}));
  EXPECT_EQ(q["q_size"]["mean"], 4.5);
  EXPECT_EQ(q["q_note"]["answered"], 1);
  EXPECT_EQ(summary.body.find("latrine"), std::string::npos) << "free text repeated in the summary";

  // Individual responses: the facilitator, managers and M&E; not a counsellor.
  HttpResponse listed = Get("/api/v1/activities/" + a + "/responses", "iom.me_officer");
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  EXPECT_EQ(listed.json()["items"].size(), 3u);
  EXPECT_EQ(listed.json()["items"][0]["answers"]["q_camp"], "camp_b");
  // Newest first, page by page, by interview date.
  HttpResponse newest = Get("/api/v1/activities/" + a + "/responses?order=newest&limit=2", "iom.facilitator");
  ASSERT_EQ(newest.status, 200) << newest.Describe();
  const Json page1 = newest.json();
  ASSERT_EQ(page1["items"].size(), 2u);
  EXPECT_EQ(page1["items"][0]["answers"]["q_camp"], "camp_a");  // 2014-04-04
  EXPECT_EQ(page1["items"][1]["answers"]["q_sex"], "male");
  ASSERT_TRUE(page1["next_cursor"].is_string()) << newest.body;
  HttpResponse rest = Get("/api/v1/activities/" + a + "/responses?order=newest&limit=2&cursor=" +
                              page1["next_cursor"].get<std::string>(),
                          "iom.facilitator");
  ASSERT_EQ(rest.status, 200) << rest.Describe();
  ASSERT_EQ(rest.json()["items"].size(), 1u);
  EXPECT_EQ(rest.json()["items"][0]["id"], one["id"]);
  EXPECT_TRUE(rest.json()["next_cursor"].is_null());
  HttpResponse sideways = Get("/api/v1/activities/" + a + "/responses?order=sideways", "iom.facilitator");
  EXPECT_TRUE(IsProblem(sideways, 422) && NamesField(sideways, "order")) << sideways.Describe();
  HttpResponse forged = Get("/api/v1/activities/" + a + "/responses?cursor=bm90LWEtY3Vyc29y", "iom.facilitator");
  EXPECT_TRUE(IsProblem(forged, 422) && NamesField(forged, "cursor")) << forged.Describe();
  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + a + "/responses", "iom.counsellor"), 403));
  EXPECT_TRUE(IsProblem(Get("/api/v1/responses/" + one.value("id", ""), "iom.supervisor"), 403));
  HttpResponse got = Get("/api/v1/responses/" + one.value("id", ""), "iom.facilitator");
  ASSERT_EQ(got.status, 200) << got.Describe();
  EXPECT_EQ(got.json()["answers"], one["answers"]);
}

TEST_F(AssessmentTest, BadAnswersDatesAndRespondentsAreRefusedAndNothingIsWritten) {
  const std::string a = Plan();
  ASSERT_EQ(SetForm(a, Form()).status, 201);
  struct Case {
    Json body;
    std::string field;
  };
  Json alarm_person = {{"given_name", "Ayen"}, {"family_name", "Elsewhere"}, {"sex", "female"},
                       {"birth_date", "1980-01-01"}, {"population_group", "idp_camp"},
                       {"programme_id", shared_->alarm_programme}, {"site_id", shared_->alarm_site}};
  HttpResponse other = client().Post("/api/v1/persons", alarm_person, Token("alarm.manager"));
  ASSERT_EQ(other.status, 201) << other.Describe();
  const Json ok = {{"q_sex", "female"}};
  const std::vector<Case> cases = {
      {{{"date", "2014-07-01"}, {"answers", ok}}, "date"},
      {{{"date", "2099-01-01"}, {"answers", ok}}, "date"},
      {{{"answers", ok}}, "date"},
      {{{"date", "2014-04-02"}, {"answers", {{"q_displaced", "no"}}}}, "answers.q_sex"},
      {{{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}, {"q_colour", "red"}}}}, "answers.q_colour"},
      {{{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}, {"q_displaced", "no"}, {"q_camp", "camp_a"}}}}, "answers.q_camp"},
      {{{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}, {"q_size", 2.5}}}}, "answers.q_size"},
      {{{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}, {"q_needs", {"food", "food"}}}}}, "answers.q_needs"},
      {{{"date", "2014-04-02"}, {"answers", "female"}}, "answers"},
      {{{"date", "2014-04-02"}, {"person_id", other.json()["id"]}, {"answers", ok}}, "person_id"},
      {{{"date", "2014-04-02"}, {"answers", ok}, {"score", 3}}, "score"},
  };
  for (const Case& c : cases) {
    HttpResponse r = Respond(a, c.body);
    EXPECT_TRUE(IsProblem(r, 422) && NamesField(r, c.field)) << c.field << ": " << r.Describe();
  }
  EXPECT_EQ(Count(a), 0u);
  // Every problem is named at once: a missing or wrong date and the answers' own.
  HttpResponse both = Respond(a, {{"answers", {{"q_displaced", "no"}, {"q_size", 0}}}});
  EXPECT_TRUE(IsProblem(both, 422) && NamesField(both, "date") && NamesField(both, "answers.q_sex") &&
              NamesField(both, "answers.q_size"))
      << both.Describe();
  HttpResponse late = Respond(a, {{"date", "2014-08-01"}, {"answers", {{"q_displaced", "no"}}}});
  EXPECT_TRUE(IsProblem(late, 422) && NamesField(late, "date") && NamesField(late, "answers.q_sex")) << late.Describe();
  EXPECT_EQ(Count(a), 0u);
  // Someone who does not run the assessment does not take its responses.
  EXPECT_TRUE(IsProblem(Respond(a, {{"date", "2014-04-02"}, {"answers", ok}}, "iom.counsellor"), 403));
  EXPECT_EQ(Count(a), 0u);
}

TEST_F(AssessmentTest, OnceAnsweredOnlyTheWordingOfTheFormChanges) {
  const std::string a = Plan();
  ASSERT_EQ(SetForm(a, Form()).status, 201);
  ASSERT_EQ(Respond(a, {{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}}}}).status, 201);
  Json reworded = Form();
  reworded["questions"][0]["text"] = "Sex of the respondent";
  reworded["questions"][3]["choices"][2]["label"] = "Health care";
  HttpResponse ok = SetForm(a, reworded, {{"If-Match", "\"1\""}});
  ASSERT_EQ(ok.status, 200) << ok.Describe();
  EXPECT_EQ(ok.json()["form"]["questions"][0]["text"], "Sex of the respondent");
  Json more = reworded;
  more["questions"][3]["choices"].push_back({{"value", "shelter"}, {"label", "Shelter"}});
  HttpResponse refused = SetForm(a, more);
  ASSERT_TRUE(IsProblem(refused, 409)) << refused.Describe();
  EXPECT_TRUE(NamesField(refused, "questionnaire.questions[3].choices")) << refused.body;
  HttpResponse read = Get("/api/v1/activities/" + a + "/questionnaire", "iom.manager");
  EXPECT_EQ(read.json()["form"]["questions"][3]["choices"].size(), 3u);
}

TEST_F(AssessmentTest, AResponseIsCorrectedOrSetAsideAndTheSummaryFollows) {
  const std::string a = Plan();
  ASSERT_EQ(SetForm(a, Form()).status, 201);
  HttpResponse r = Respond(a, {{"date", "2014-04-02"}, {"answers", {{"q_sex", "female"}, {"q_displaced", "yes"}, {"q_camp", "camp_a"}}}});
  ASSERT_EQ(r.status, 201) << r.Describe();
  const std::string id = r.json()["id"];
  ASSERT_EQ(Respond(a, {{"date", "2014-04-02"}, {"answers", {{"q_sex", "male"}}}}).status, 201);
  // Answers are replaced whole, checked against the form: moving to "no" hides the camp.
  HttpResponse hidden = client().Patch("/api/v1/responses/" + id, {{"answers", {{"q_sex", "female"}, {"q_displaced", "no"}, {"q_camp", "camp_a"}}}},
                                       Token("iom.facilitator"));
  EXPECT_TRUE(IsProblem(hidden, 422) && NamesField(hidden, "answers.q_camp")) << hidden.Describe();
  HttpResponse fixed = client().Patch("/api/v1/responses/" + id, {{"answers", {{"q_sex", "female"}, {"q_displaced", "no"}}}},
                                      Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(fixed.status, 200) << fixed.Describe();
  EXPECT_EQ(fixed.json()["answers"], (Json{{"q_sex", "female"}, {"q_displaced", "no"}}));
  EXPECT_EQ(fixed.header("etag").value_or(""), "\"2\"");
  HttpResponse stale = client().Patch("/api/v1/responses/" + id, {{"active", false}}, Token("iom.facilitator"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412)) << stale.Describe();
  ASSERT_EQ(client().Patch("/api/v1/responses/" + id, {{"active", false}}, Token("iom.facilitator")).status, 200);
  HttpResponse summary = Get("/api/v1/activities/" + a + "/responses/summary", "iom.manager");
  ASSERT_EQ(summary.status, 200) << summary.Describe();
  EXPECT_EQ(summary.json()["responses"], 1);
  EXPECT_EQ(summary.json()["set_aside"], 1);
  EXPECT_EQ(summary.json()["questions"][0]["choices"][1]["count"], 1);  // the male respondent
}

TEST_F(AssessmentTest, TheExportIsCsvWithoutNamesAndFreeTextOnlyWhenAsked) {
  const std::string a = Plan();
  ASSERT_EQ(SetForm(a, Form()).status, 201);
  const std::string named = Person();
  ASSERT_EQ(Respond(a, {{"date", "2014-04-02"}, {"person_id", named},
                        {"answers", {{"q_sex", "female"}, {"q_needs", {"health", "water"}}, {"q_note", "=HYPERLINK(\"x\")"}}}}).status, 201);
  ASSERT_EQ(Respond(a, {{"date", "2014-04-05"}, {"answers", {{"q_sex", "male"}, {"q_size", 4}}}}).status, 201);
  HttpResponse plain = Get("/api/v1/activities/" + a + "/responses/export", "iom.me_officer");
  ASSERT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_EQ(plain.header("content-type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_NE(plain.header("content-disposition").value_or("").find("attachment"), std::string::npos);
  auto table = ReadCsv(plain.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->header, (std::vector<std::string>{"response_id", "date", "respondent", "q_sex", "q_displaced", "q_camp",
                                                     "q_needs", "q_size"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0][2], "named");
  EXPECT_EQ(table->rows[0][6], "water;health");
  EXPECT_EQ(table->rows[1][2], "anonymous");
  EXPECT_EQ(table->rows[1][7], "4");
  EXPECT_EQ(plain.body.find(named), std::string::npos) << "a respondent's id in the export";

  HttpResponse with_text = Get("/api/v1/activities/" + a + "/responses/export?include_text=true", "iom.manager");
  ASSERT_EQ(with_text.status, 200) << with_text.Describe();
  auto full = ReadCsv(with_text.body);
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ASSERT_EQ(full->header.back(), "q_note");
  EXPECT_EQ(full->rows[0].back(), "'=HYPERLINK(\"x\")");  // a formula is defused

  EXPECT_TRUE(IsProblem(Get("/api/v1/activities/" + a + "/responses/export", "iom.counsellor"), 403));
  HttpResponse xlsx = Get("/api/v1/activities/" + a + "/responses/export?format=xlsx", "iom.manager");
  EXPECT_TRUE(IsProblem(xlsx, 422) && NamesField(xlsx, "format")) << xlsx.Describe();
  HttpResponse maybe = Get("/api/v1/activities/" + a + "/responses/export?include_text=maybe", "iom.manager");
  EXPECT_TRUE(IsProblem(maybe, 422) && NamesField(maybe, "include_text")) << maybe.Describe();
}

TEST_F(AssessmentTest, TheDemoHasThe2014AssessmentWithItsInterviews) {
  HttpResponse list = Get("/api/v1/activities?stream=needs_assessment&programme_id=" + shared_->programme, "iom.manager");
  ASSERT_EQ(list.status, 200) << list.Describe();
  std::string demo;
  const Json items = list.json()["items"];
  for (const Json& a : items) {
    if (a.value("title", "") == "MHPSS needs assessment, Bor PoC site") demo = a["id"];
  }
  ASSERT_FALSE(demo.empty()) << list.body;
  HttpResponse summary = Get("/api/v1/activities/" + demo + "/responses/summary", "iom.facilitator");
  ASSERT_EQ(summary.status, 200) << summary.Describe();
  const Json s = summary.json();
  EXPECT_EQ(s["version"], "bor-2014-1");
  EXPECT_EQ(s["responses"], 160);
  std::map<std::string, Json> q;
  for (const Json& x : s["questions"]) q[x["id"]] = x;
  // Everyone was asked about distress; only those who said yes were asked who.
  EXPECT_EQ(q["q_distress"]["answered"], 160);
  int said_yes = 0;
  for (const Json& c : q["q_distress"]["choices"]) {
    if (c["value"] == "yes") said_yes = c["count"];
  }
  EXPECT_GT(said_yes, 0);
  EXPECT_EQ(q["q_distress_who"]["shown"], said_yes);
  // The interviews lie within the assessment's dates.
  HttpResponse export_csv = Get("/api/v1/activities/" + demo + "/responses/export", "iom.me_officer");
  ASSERT_EQ(export_csv.status, 200) << export_csv.Describe();
  auto table = ReadCsv(export_csv.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->rows.size(), 160u);
  for (const auto& row : table->rows) {
    EXPECT_GE(row[1], "2014-03-10");
    EXPECT_LE(row[1], "2014-04-30");
    EXPECT_EQ(row[2], "anonymous");
  }
}

}  // namespace
}  // namespace baton::test
