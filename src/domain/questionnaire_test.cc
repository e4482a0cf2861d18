#include "domain/questionnaire.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

namespace baton {
namespace {

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field);
  return out;
}

bool Names(const Status& s, const std::string& field) {
  std::vector<std::string> fields = Fields(s);
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

std::string MessageFor(const Status& s, const std::string& field) {
  for (const auto& e : s.errors()) {
    if (e.field == field) return e.message;
  }
  return "";
}

Json Choices(std::initializer_list<const char*> values) {
  Json out = Json::array();
  for (const char* v : values) out.push_back({{"value", v}, {"label", std::string("Label ") + v}});
  return out;
}

Json Q(const std::string& id, const std::string& type) {
  return {{"id", id}, {"text", "Question " + id}, {"type", type}};
}

Json SingleQ(const std::string& id, std::initializer_list<const char*> values) {
  Json q = Q(id, "single");
  q["choices"] = Choices(values);
  return q;
}

Json MultiQ(const std::string& id, std::initializer_list<const char*> values) {
  Json q = Q(id, "multi");
  q["choices"] = Choices(values);
  return q;
}

Json Form(Json questions) { return {{"version", "bor-2014-1"}, {"questions", std::move(questions)}}; }

// The household form most tests answer: a skip chain q_displaced -> q_camp -> q_services, a
// required question behind a condition (q_since) and a condition on a multi (q_urgent).
Json HouseholdForm() {
  Json sex = SingleQ("q_sex", {"female", "male"});
  sex["required"] = true;
  Json age = Q("q_age", "number");
  age.update({{"min", 0}, {"max", 120}, {"integer", true}, {"required", true}});
  Json displaced = SingleQ("q_displaced", {"yes", "no"});
  displaced["required"] = true;
  Json since = Q("q_since", "date");
  since.update({{"required", true}, {"show_if", {{"question", "q_displaced"}, {"equals", "yes"}}}});
  Json camp = SingleQ("q_camp", {"camp_a", "camp_b", "host"});
  camp["show_if"] = {{"question", "q_displaced"}, {"equals", "yes"}};
  Json services = MultiQ("q_services", {"water", "food", "health"});
  services.update({{"required", true}, {"show_if", {{"question", "q_camp"}, {"in", {"camp_a", "camp_b"}}}}});
  Json needs = MultiQ("q_needs", {"food", "water", "shelter", "health"});
  Json urgent = SingleQ("q_urgent", {"yes", "no"});
  urgent["show_if"] = {{"question", "q_needs"}, {"equals", "health"}};
  Json income = Q("q_income", "number");
  income["min"] = 0;
  Json note = Q("q_note", "text");
  note.update({{"max_length", 20}, {"show_if", {{"question", "q_needs"}, {"answered", true}}}});
  Json form = Form({sex, age, displaced, since, camp, services, needs, urgent, income, note});
  form["title"] = "  Household needs, Bor 2014 ";
  return form;
}

Questionnaire Household() {
  Result<Questionnaire> q = ParseQuestionnaire(HouseholdForm());
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  return q.ok() ? *q : Questionnaire{};
}

// The smallest answers the household form accepts.
Json Minimal() { return {{"q_sex", "female"}, {"q_age", 34}, {"q_displaced", "no"}}; }

// ---- the form ----

TEST(QuestionnaireFormTest, ValidFormParsesWithDefaults) {
  ASSERT_TRUE(CheckQuestionnaire(HouseholdForm()).ok()) << CheckQuestionnaire(HouseholdForm()).ToString();
  Questionnaire form = Household();
  EXPECT_EQ(form.version, "bor-2014-1");
  EXPECT_EQ(form.title, "Household needs, Bor 2014");
  ASSERT_EQ(form.questions.size(), 10u);
  const Question* sex = form.Find("q_sex");
  ASSERT_NE(sex, nullptr);
  EXPECT_EQ(sex->type, QuestionType::kSingle);
  EXPECT_TRUE(sex->required);
  ASSERT_EQ(sex->choices.size(), 2u);
  EXPECT_EQ(sex->choices[1], (Choice{"male", "Label male"}));
  const Question* age = form.Find("q_age");
  EXPECT_EQ(age->min, 0);
  EXPECT_EQ(age->max, 120);
  EXPECT_TRUE(age->integer);
  EXPECT_FALSE(form.Find("q_needs")->required);
  EXPECT_EQ(form.Find("q_note")->max_length, 20u);
  ASSERT_TRUE(form.Find("q_services")->show_if.has_value());
  EXPECT_EQ(form.Find("q_services")->show_if->test, ShowIf::Test::kIn);
  EXPECT_EQ(form.Find("q_services")->show_if->values, (std::vector<std::string>{"camp_a", "camp_b"}));
  EXPECT_EQ(form.Find("q_note")->show_if->test, ShowIf::Test::kAnswered);
  EXPECT_EQ(form.Find("q_x"), nullptr);

  // A text question without max_length gets the default; title is optional.
  auto plain = ParseQuestionnaire(Form({Q("q_text", "text")}));
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  EXPECT_EQ(plain->questions[0].max_length, kDefaultTextAnswerLength);
  EXPECT_EQ(plain->title, "");
}

TEST(QuestionnaireFormTest, NormalJsonParsesBackToTheSameForm) {
  Questionnaire form = Household();
  Json normal = QuestionnaireJson(form);
  EXPECT_EQ(normal["title"], "Household needs, Bor 2014");
  EXPECT_EQ(normal["questions"][8]["integer"], false);  // defaults written out
  EXPECT_EQ(normal["questions"][6]["required"], false);
  EXPECT_FALSE(normal["questions"][0].contains("max_length"));
  auto again = ParseQuestionnaire(normal);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, form);
}

TEST(QuestionnaireFormTest, FormMustHaveVersionAndQuestions) {
  EXPECT_EQ(Fields(CheckQuestionnaire(Json::array())), std::vector<std::string>{"questionnaire"});
  Status s = CheckQuestionnaire(Json::object());
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(MessageFor(s, "questionnaire.version"), "is required");
  EXPECT_EQ(MessageFor(s, "questionnaire.questions"), "is required");

  EXPECT_TRUE(Names(CheckQuestionnaire(Form(Json::array())), "questionnaire.questions"));
  Json many = Json::array();
  for (int i = 0; i < 201; ++i) many.push_back(Q("q" + std::to_string(i), "date"));
  EXPECT_TRUE(Names(CheckQuestionnaire(Form(many)), "questionnaire.questions"));
  many.erase(many.size() - 1);
  EXPECT_TRUE(CheckQuestionnaire(Form(many)).ok());
}

TEST(QuestionnaireFormTest, VersionIsOneToFortyCharactersWithoutSpaces) {
  Json form = Form({Q("q_date", "date")});
  for (const Json& bad : {Json(""), Json("bor 2014"), Json(std::string(41, 'v')), Json(2014)}) {
    form["version"] = bad;
    EXPECT_EQ(Fields(CheckQuestionnaire(form)), std::vector<std::string>{"questionnaire.version"}) << bad;
  }
  form["version"] = std::string(40, 'v');
  EXPECT_TRUE(CheckQuestionnaire(form).ok());
  form["title"] = std::string(201, 't');
  EXPECT_EQ(Fields(CheckQuestionnaire(form)), std::vector<std::string>{"questionnaire.title"});
}

TEST(QuestionnaireFormTest, UnknownFieldsAreRefusedAtEveryLevel) {
  Json form = HouseholdForm();
  form["owner"] = "me";
  form["questions"][1]["colour"] = "red";
  form["questions"][0]["choices"][1]["code"] = 2;
  form["questions"][3]["show_if"]["not"] = true;
  Status s = CheckQuestionnaire(form);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.owner", "questionnaire.questions[0].choices[1].code",
                                                 "questionnaire.questions[1].colour",
                                                 "questionnaire.questions[3].show_if.not"}));
}

TEST(QuestionnaireFormTest, QuestionIdsFollowThePatternAndAreUnique) {
  for (const char* bad : {"Q_sex", "1q", "q-sex", "_q", ""}) {
    Json form = Form({Q(bad, "date")});
    EXPECT_EQ(Fields(CheckQuestionnaire(form)), std::vector<std::string>{"questionnaire.questions[0].id"}) << bad;
  }
  EXPECT_TRUE(Names(CheckQuestionnaire(Form({Q(std::string(41, 'q'), "date")})), "questionnaire.questions[0].id"));
  EXPECT_TRUE(CheckQuestionnaire(Form({Q(std::string(40, 'q'), "date")})).ok());
  Json no_id = Q("q_a", "date");
  no_id.erase("id");
  EXPECT_EQ(MessageFor(CheckQuestionnaire(Form({no_id})), "questionnaire.questions[0].id"), "is required");

  // The repeat is named, not the first.
  Status s = CheckQuestionnaire(Form({Q("q_a", "date"), Q("q_b", "date"), Q("q_a", "text")}));
  EXPECT_EQ(Fields(s), std::vector<std::string>{"questionnaire.questions[2].id"});
  EXPECT_EQ(MessageFor(s, "questionnaire.questions[2].id"), "repeats the id of questions[0]");
}

TEST(QuestionnaireFormTest, QuestionNeedsTextAndAKnownType) {
  Json blank = Q("q_a", "date");
  blank["text"] = "   ";
  Json long_text = Q("q_b", "date");
  long_text["text"] = std::string(501, 'x');
  Json no_type = Q("q_c", "date");
  no_type.erase("type");
  Status s = CheckQuestionnaire(Form({blank, long_text, no_type, Q("q_d", "scale")}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.questions[0].text", "questionnaire.questions[1].text",
                                                 "questionnaire.questions[2].type",
                                                 "questionnaire.questions[3].type"}));
  Json lines = Q("q_e", "date");
  lines["text"] = "When did you arrive?\nGive the day if known.";
  EXPECT_TRUE(CheckQuestionnaire(Form({lines})).ok());
}

TEST(QuestionnaireFormTest, SingleAndMultiNeedTwoToFiftyGoodChoices) {
  Json no_choices = Q("q_a", "single");
  Json one = SingleQ("q_b", {"yes"});
  Json many = Q("q_c", "multi");
  many["choices"] = Json::array();
  for (int i = 0; i < 51; ++i) many["choices"].push_back({{"value", "v" + std::to_string(i)}, {"label", "V"}});
  Json bad_value = SingleQ("q_d", {"yes", "No", "maybe"});
  Json repeated = MultiQ("q_e", {"food", "water", "food"});
  Json bad_label = SingleQ("q_f", {"yes", "no"});
  bad_label["choices"][0]["label"] = "";
  bad_label["choices"][1]["label"] = std::string(201, 'l');
  Json not_object = SingleQ("q_g", {"yes", "no"});
  not_object["choices"][1] = "no";
  Status s = CheckQuestionnaire(Form({no_choices, one, many, bad_value, repeated, bad_label, not_object}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{
                           "questionnaire.questions[0].choices", "questionnaire.questions[1].choices",
                           "questionnaire.questions[2].choices", "questionnaire.questions[3].choices[1].value",
                           "questionnaire.questions[4].choices[2].value", "questionnaire.questions[5].choices[0].label",
                           "questionnaire.questions[5].choices[1].label", "questionnaire.questions[6].choices[1]"}));
  EXPECT_EQ(MessageFor(s, "questionnaire.questions[4].choices[2].value"), "repeats the value of choices[0]");
  many["choices"].erase(50);
  EXPECT_TRUE(CheckQuestionnaire(Form({many})).ok());
}

TEST(QuestionnaireFormTest, TypeSpecificFieldsOnlyOnTheirType) {
  Json number_with_choices = Q("q_a", "number");
  number_with_choices["choices"] = Choices({"a", "b"});
  Json text_with_min = Q("q_b", "text");
  text_with_min["min"] = 1;
  Json single_with_length = SingleQ("q_c", {"a", "b"});
  single_with_length["max_length"] = 10;
  Json date_with_integer = Q("q_d", "date");
  date_with_integer["integer"] = true;
  Status s = CheckQuestionnaire(Form({number_with_choices, text_with_min, single_with_length, date_with_integer}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.questions[0].choices", "questionnaire.questions[1].min",
                                                 "questionnaire.questions[2].max_length",
                                                 "questionnaire.questions[3].integer"}));
  EXPECT_EQ(MessageFor(s, "questionnaire.questions[1].min"), "is only for number questions");
}

TEST(QuestionnaireFormTest, NumberBoundsAndFlags) {
  Json inverted = Q("q_a", "number");
  inverted.update({{"min", 10}, {"max", 5}});
  Json text_bound = Q("q_b", "number");
  text_bound.update({{"min", "0"}, {"integer", "yes"}});
  Json required_text = Q("q_c", "number");
  required_text["required"] = 1;
  Status s = CheckQuestionnaire(Form({inverted, text_bound, required_text}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.questions[0].max", "questionnaire.questions[1].min",
                                                 "questionnaire.questions[1].integer",
                                                 "questionnaire.questions[2].required"}));
  Json equal = Q("q_d", "number");
  equal.update({{"min", 2.5}, {"max", 2.5}});
  EXPECT_TRUE(CheckQuestionnaire(Form({equal})).ok());
}

TEST(QuestionnaireFormTest, MaxLengthIsOneToFiveThousand) {
  for (const Json& bad : {Json(0), Json(5001), Json(2.5), Json("100")}) {
    Json q = Q("q_a", "text");
    q["max_length"] = bad;
    EXPECT_EQ(Fields(CheckQuestionnaire(Form({q}))), std::vector<std::string>{"questionnaire.questions[0].max_length"})
        << bad;
  }
  Json q = Q("q_a", "text");
  q["max_length"] = 5000;
  EXPECT_TRUE(CheckQuestionnaire(Form({q})).ok());
}

TEST(QuestionnaireFormTest, ShowIfMustNameAnEarlierQuestion) {
  Json later = Q("q_a", "date");
  later["show_if"] = {{"question", "q_b"}, {"answered", true}};
  Json self = Q("q_b", "date");
  self["show_if"] = {{"question", "q_b"}, {"answered", true}};
  Json unknown = Q("q_c", "date");
  unknown["show_if"] = {{"question", "q_zz"}, {"answered", true}};
  Json missing = Q("q_d", "date");
  missing["show_if"] = {{"answered", true}};
  Status s = CheckQuestionnaire(Form({later, self, unknown, missing}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.questions[0].show_if.question",
                                                 "questionnaire.questions[1].show_if.question",
                                                 "questionnaire.questions[2].show_if.question",
                                                 "questionnaire.questions[3].show_if.question"}));
  EXPECT_EQ(MessageFor(s, "questionnaire.questions[0].show_if.question"), "must name an earlier question");
  EXPECT_EQ(MessageFor(s, "questionnaire.questions[2].show_if.question"), "is not a question of the form");
}

TEST(QuestionnaireFormTest, ShowIfHasExactlyOneTest) {
  Json none = Q("q_b", "date");
  none["show_if"] = {{"question", "q_a"}};
  Json two = Q("q_c", "date");
  two["show_if"] = {{"question", "q_a"}, {"equals", "yes"}, {"answered", true}};
  Json not_object = Q("q_d", "date");
  not_object["show_if"] = "q_a";
  Status s = CheckQuestionnaire(Form({SingleQ("q_a", {"yes", "no"}), none, two, not_object}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.questions[1].show_if",
                                                 "questionnaire.questions[2].show_if",
                                                 "questionnaire.questions[3].show_if"}));
}

TEST(QuestionnaireFormTest, ShowIfValuesMustBeChoicesOfTheQuestion) {
  Json parent = SingleQ("q_a", {"yes", "no"});
  Json number = Q("q_n", "number");
  Json not_choice = Q("q_b", "date");
  not_choice["show_if"] = {{"question", "q_a"}, {"equals", "maybe"}};
  Json in_bad = Q("q_c", "date");
  in_bad["show_if"] = {{"question", "q_a"}, {"in", {"yes", "perhaps"}}};
  Json in_empty = Q("q_d", "date");
  in_empty["show_if"] = {{"question", "q_a"}, {"in", Json::array()}};
  Json in_repeat = Q("q_e", "date");
  in_repeat["show_if"] = {{"question", "q_a"}, {"in", {"no", "no"}}};
  Json answered_false = Q("q_f", "date");
  answered_false["show_if"] = {{"question", "q_a"}, {"answered", false}};
  Json equals_on_number = Q("q_g", "date");
  equals_on_number["show_if"] = {{"question", "q_n"}, {"equals", "yes"}};
  Json answered_on_number = Q("q_h", "date");
  answered_on_number["show_if"] = {{"question", "q_n"}, {"answered", true}};
  Status s = CheckQuestionnaire(Form({parent, number, not_choice, in_bad, in_empty, in_repeat, answered_false,
                                      equals_on_number, answered_on_number}));
  EXPECT_EQ(Fields(s), (std::vector<std::string>{
                           "questionnaire.questions[2].show_if.equals", "questionnaire.questions[3].show_if.in[1]",
                           "questionnaire.questions[4].show_if.in", "questionnaire.questions[5].show_if.in[1]",
                           "questionnaire.questions[6].show_if.answered",
                           "questionnaire.questions[7].show_if.equals"}));
  EXPECT_EQ(MessageFor(s, "questionnaire.questions[2].show_if.equals"), "is not a choice of q_a");
}

TEST(QuestionnaireFormTest, ErrorsOfEveryQuestionAreCollected) {
  Json form = HouseholdForm();
  form["questions"][0]["choices"][1]["value"] = "Male";
  form["questions"][1]["max"] = -1;
  form["questions"][5]["show_if"]["in"][1] = "camp_z";
  form["questions"][9]["type"] = "essay";
  Status s = CheckQuestionnaire(form);
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"questionnaire.questions[0].choices[1].value",
                                                 "questionnaire.questions[1].max",
                                                 "questionnaire.questions[5].show_if.in[1]",
                                                 "questionnaire.questions[9].type"}));
  EXPECT_NE(s.message().find("(and 3 more)"), std::string::npos) << s.message();
  EXPECT_FALSE(ParseQuestionnaire(form).ok());
}

// ---- answers ----

TEST(QuestionnaireAnswersTest, AnswersAreNormalised) {
  Questionnaire form = Household();
  Json answers = Minimal();
  answers.update({{"q_age", 34.0},
                  {"q_needs", {"health", "food"}},
                  {"q_urgent", " yes "},
                  {"q_income", 12.5},
                  {"q_note", "  roof leaks\r\nno food  "}});
  auto r = CheckAnswers(form, answers);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE((*r)["q_age"].is_number_integer());
  EXPECT_EQ((*r)["q_age"], 34);
  EXPECT_EQ((*r)["q_needs"], Json({"food", "health"}));  // choice order
  EXPECT_EQ((*r)["q_urgent"], "yes");
  EXPECT_EQ((*r)["q_income"], 12.5);
  EXPECT_EQ((*r)["q_note"], "roof leaks\nno food");

  // Null, blank text and an empty multi are not answers.
  answers = Minimal();
  answers.update({{"q_needs", Json::array()}, {"q_income", nullptr}, {"q_camp", nullptr}});
  r = CheckAnswers(form, answers);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, Minimal());
  answers = Minimal();
  answers.update({{"q_needs", {"food"}}, {"q_note", " \n "}});
  r = CheckAnswers(form, answers);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->contains("q_note"));
}

TEST(QuestionnaireAnswersTest, AnswersMustBeAnObjectOfKnownQuestions) {
  Questionnaire form = Household();
  EXPECT_EQ(Fields(CheckAnswers(form, Json::array()).status()), std::vector<std::string>{"answers"});
  Json answers = Minimal();
  answers["q_shelter"] = "tent";
  Status s = CheckAnswers(form, answers).status();
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"answers.q_shelter"});
  EXPECT_EQ(MessageFor(s, "answers.q_shelter"), "is not a question of the form");
}

TEST(QuestionnaireAnswersTest, SingleMustBeOneOfTheChoices) {
  Questionnaire form = Household();
  for (const Json& bad : {Json("other"), Json(1), Json({"female"}), Json(true)}) {
    Json answers = Minimal();
    answers["q_sex"] = bad;
    EXPECT_EQ(Fields(CheckAnswers(form, answers).status()), std::vector<std::string>{"answers.q_sex"}) << bad;
  }
}

TEST(QuestionnaireAnswersTest, MultiIsAListOfDistinctChoices) {
  Questionnaire form = Household();
  for (const Json& bad : {Json({"food", "water", "food"}), Json({"food", "fuel"}), Json("food"), Json({1})}) {
    Json answers = Minimal();
    answers["q_needs"] = bad;
    EXPECT_EQ(Fields(CheckAnswers(form, answers).status()), std::vector<std::string>{"answers.q_needs"}) << bad;
  }
  Json answers = Minimal();
  answers["q_needs"] = {"food", "water", "food"};
  EXPECT_EQ(MessageFor(CheckAnswers(form, answers).status(), "answers.q_needs"), "must not repeat food");
}

TEST(QuestionnaireAnswersTest, NumbersWithinRangeAndWholeWhenInteger) {
  Questionnaire form = Household();
  for (const Json& bad : {Json(-1), Json(121), Json(33.5), Json("34"), Json(true)}) {
    Json answers = Minimal();
    answers["q_age"] = bad;
    EXPECT_EQ(Fields(CheckAnswers(form, answers).status()), std::vector<std::string>{"answers.q_age"}) << bad;
  }
  Json answers = Minimal();
  answers["q_age"] = 121;
  EXPECT_EQ(MessageFor(CheckAnswers(form, answers).status(), "answers.q_age"), "must be between 0 and 120");
  answers["q_age"] = 120;
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
  answers["q_age"] = 0;
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
  // Only a minimum: fractions allowed, no upper limit.
  answers["q_income"] = -0.5;
  EXPECT_EQ(MessageFor(CheckAnswers(form, answers).status(), "answers.q_income"), "must be at least 0");
  answers["q_income"] = 1e9 + 0.25;
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
  answers["q_income"] = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(Names(CheckAnswers(form, answers).status(), "answers.q_income"));
}

TEST(QuestionnaireAnswersTest, TextLengthCountsCharactersAndRefusesControlCharacters) {
  Questionnaire form = Household();
  Json answers = Minimal();
  answers["q_needs"] = {"food"};
  answers["q_note"] = "éééééééééééééééééééé";  // 20 characters, 40 bytes
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
  answers["q_note"] = "ééééééééééééééééééééé";  // 21
  EXPECT_EQ(MessageFor(CheckAnswers(form, answers).status(), "answers.q_note"), "must be at most 20 characters");
  answers["q_note"] = "tab\tand\nnewline";
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
  for (const char* bad : {"bell\a", "escape\x1b[0m", "lone\rcr", "del\x7f"}) {
    answers["q_note"] = bad;
    EXPECT_EQ(Fields(CheckAnswers(form, answers).status()), std::vector<std::string>{"answers.q_note"}) << bad;
  }
  answers["q_note"] = 12;
  EXPECT_EQ(MessageFor(CheckAnswers(form, answers).status(), "answers.q_note"), "must be text");
}

TEST(QuestionnaireAnswersTest, DatesAreRealCalendarDates) {
  Questionnaire form = Household();
  Json answers = Minimal();
  answers["q_displaced"] = "yes";
  for (const Json& bad : {Json("2014-02-30"), Json("03/05/2014"), Json("2014-5-3"), Json(20140503)}) {
    answers["q_since"] = bad;
    EXPECT_EQ(Fields(CheckAnswers(form, answers).status()), std::vector<std::string>{"answers.q_since"}) << bad;
  }
  answers["q_since"] = "2012-02-29";
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
}

TEST(QuestionnaireAnswersTest, RequiredShownQuestionsMustBeAnswered) {
  Questionnaire form = Household();
  Status s = CheckAnswers(form, Json::object()).status();
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"answers.q_sex", "answers.q_age", "answers.q_displaced"}));
  EXPECT_EQ(MessageFor(s, "answers.q_sex"), "is required");
  // Shown by the answer, so required: q_since; q_services is shown through q_camp.
  Json answers = Minimal();
  answers["q_displaced"] = "yes";
  answers["q_camp"] = "camp_b";
  EXPECT_EQ(Fields(CheckAnswers(form, answers).status()),
            (std::vector<std::string>{"answers.q_since", "answers.q_services"}));
  answers.update({{"q_since", "2014-01-20"}, {"q_services", {"water"}}});
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
}

TEST(QuestionnaireAnswersTest, RequiredButHiddenIsNotRequired) {
  Questionnaire form = Household();
  // q_since and q_services are required, but hidden when not displaced.
  auto r = CheckAnswers(form, Minimal());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // q_services is hidden for a displaced family living with a host community.
  Json answers = Minimal();
  answers.update({{"q_displaced", "yes"}, {"q_since", "2014-01-20"}, {"q_camp", "host"}});
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
}

TEST(QuestionnaireAnswersTest, AnswerToHiddenQuestionIsRefused) {
  Questionnaire form = Household();
  Json answers = Minimal();
  answers["q_since"] = "2014-01-20";
  answers["q_note"] = "no needs given";
  Status s = CheckAnswers(form, answers).status();
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"answers.q_since", "answers.q_note"}));
  EXPECT_EQ(MessageFor(s, "answers.q_since"), "is skipped for this respondent");
}

TEST(QuestionnaireAnswersTest, SkipChainHidesQuestionsOfAHiddenQuestion) {
  Questionnaire form = Household();
  // Not displaced: q_camp is hidden, so q_services is hidden even with q_camp answered camp_a.
  Json answers = Minimal();
  answers["q_camp"] = "camp_a";
  std::vector<std::string> visible = VisibleQuestions(form, answers);
  EXPECT_EQ(visible, (std::vector<std::string>{"q_sex", "q_age", "q_displaced", "q_needs", "q_income"}));
  Status s = CheckAnswers(form, answers).status();
  EXPECT_EQ(Fields(s), std::vector<std::string>{"answers.q_camp"});
  answers["q_services"] = {"food"};
  EXPECT_EQ(Fields(CheckAnswers(form, answers).status()),
            (std::vector<std::string>{"answers.q_camp", "answers.q_services"}));

  // Displaced, in a camp: the whole chain is shown.
  answers["q_displaced"] = "yes";
  visible = VisibleQuestions(form, answers);
  EXPECT_EQ(visible, (std::vector<std::string>{"q_sex", "q_age", "q_displaced", "q_since", "q_camp", "q_services",
                                               "q_needs", "q_income"}));
}

TEST(QuestionnaireAnswersTest, ConditionOnMultiHoldsWhenAnySelectedValueMatches) {
  Questionnaire form = Household();
  Json answers = Minimal();
  answers["q_needs"] = {"food", "water"};
  std::vector<std::string> visible = VisibleQuestions(form, answers);
  EXPECT_EQ(std::count(visible.begin(), visible.end(), "q_urgent"), 0);
  EXPECT_EQ(std::count(visible.begin(), visible.end(), "q_note"), 1);  // answered: any answer
  answers["q_needs"] = {"water", "health"};
  visible = VisibleQuestions(form, answers);
  EXPECT_EQ(std::count(visible.begin(), visible.end(), "q_urgent"), 1);
  answers["q_urgent"] = "no";
  EXPECT_TRUE(CheckAnswers(form, answers).ok());
}

TEST(QuestionnaireAnswersTest, WrongAnswerDoesNotCascadeIntoSkipErrors) {
  Questionnaire form = Household();
  // q_displaced is wrong: whether q_since is required or skipped cannot be told, so only the
  // wrong answer is reported.
  Json answers = Minimal();
  answers["q_displaced"] = "perhaps";
  answers["q_camp"] = "camp_a";
  EXPECT_EQ(Fields(CheckAnswers(form, answers).status()), std::vector<std::string>{"answers.q_displaced"});
  // A hidden question's children are still known to be hidden.
  answers = Minimal();
  answers["q_camp"] = "nowhere";
  answers["q_services"] = {"water"};
  EXPECT_EQ(Fields(CheckAnswers(form, answers).status()),
            (std::vector<std::string>{"answers.q_camp", "answers.q_services"}));
}

// ---- summary ----

// A form for the summary: sex, needs (multi), household size, visit date, a follow-up shown only
// to those who need food, and a free-text note.
Questionnaire SummaryForm() {
  Json size = Q("q_size", "number");
  size.update({{"min", 1}, {"max", 30}, {"integer", true}});
  Json followup = SingleQ("q_followup", {"yes", "no"});
  followup["show_if"] = {{"question", "q_needs"}, {"equals", "food"}};
  auto form = ParseQuestionnaire(Form({SingleQ("q_sex", {"female", "male", "other"}),
                                       MultiQ("q_needs", {"food", "water", "shelter"}), size, Q("q_visit", "date"),
                                       followup, Q("q_note", "text")}));
  EXPECT_TRUE(form.ok()) << form.status().ToString();
  return form.ok() ? *form : Questionnaire{};
}

std::vector<Json> SevenResponses() {
  return {
      {{"q_sex", "female"}, {"q_needs", {"food", "water"}}, {"q_size", 4}, {"q_visit", "2014-05-03"},
       {"q_followup", "yes"}, {"q_note", "Mary at the clinic"}},
      {{"q_sex", "female"}, {"q_needs", {"water"}}, {"q_size", 6}, {"q_visit", "2014-05-01"}},
      {{"q_sex", "male"}, {"q_needs", {"food", "water", "shelter"}}, {"q_size", 3}, {"q_followup", "no"}},
      {{"q_sex", "female"}, {"q_size", 5}, {"q_visit", "2014-06-10"}},
      {{"q_sex", "male"}, {"q_needs", {"shelter"}}, {"q_size", 2}, {"q_note", "lives by the river"}},
      {{"q_sex", "female"}, {"q_needs", {"food"}}, {"q_followup", "yes"}},
      {{"q_sex", "female"}, {"q_needs", {"food", "shelter"}}, {"q_size", 8}},
  };
}

const Json& SummaryOf(const Json& summary, const std::string& id) {
  for (const Json& q : summary["questions"]) {
    if (q["id"] == id) return q;
  }
  static const Json none;
  return none;
}

TEST(QuestionnaireSummaryTest, CountsAndPercentsOfSevenResponses) {
  Questionnaire form = SummaryForm();
  for (const Json& a : SevenResponses()) ASSERT_TRUE(CheckAnswers(form, a).ok()) << a;
  Json s = SummariseResponses(form, SevenResponses());
  EXPECT_EQ(s["version"], "bor-2014-1");
  EXPECT_EQ(s["responses"], 7);
  ASSERT_EQ(s["questions"].size(), 6u);
  EXPECT_EQ(s["questions"][0]["id"], "q_sex");

  // Sex: 5 female, 2 male of 7 answered: 71.43 -> 71.4, 28.57 -> 28.6.
  const Json& sex = SummaryOf(s, "q_sex");
  EXPECT_EQ(sex["text"], "Question q_sex");
  EXPECT_EQ(sex["type"], "single");
  EXPECT_EQ(sex["shown"], 7);
  EXPECT_EQ(sex["answered"], 7);
  EXPECT_EQ(sex["choices"], Json::parse(R"([
      {"value": "female", "label": "Label female", "count": 5, "percent": 71.4},
      {"value": "male", "label": "Label male", "count": 2, "percent": 28.6},
      {"value": "other", "label": "Label other", "count": 0, "percent": 0}])"));

  // Needs: 6 answered; food 4 (66.67 -> 66.7), water 3 (50), shelter 3 (50): 166.7 in all.
  const Json& needs = SummaryOf(s, "q_needs");
  EXPECT_EQ(needs["shown"], 7);
  EXPECT_EQ(needs["answered"], 6);
  EXPECT_EQ(needs["choices"][0]["count"], 4);
  EXPECT_EQ(needs["choices"][0]["percent"], 66.7);
  EXPECT_EQ(needs["choices"][1]["count"], 3);
  EXPECT_EQ(needs["choices"][1]["percent"], 50);
  EXPECT_EQ(needs["choices"][2]["count"], 3);
  EXPECT_EQ(needs["choices"][2]["percent"], 50);
  double total = 0;
  for (const Json& c : needs["choices"]) total += c["percent"].get<double>();
  EXPECT_GT(total, 100);

  // The follow-up was shown to the 4 who need food; 3 answered: yes 2 (66.7), no 1 (33.3).
  const Json& followup = SummaryOf(s, "q_followup");
  EXPECT_EQ(followup["shown"], 4);
  EXPECT_EQ(followup["answered"], 3);
  EXPECT_EQ(followup["choices"][0]["percent"], 66.7);
  EXPECT_EQ(followup["choices"][1]["percent"], 33.3);

  const Json& visit = SummaryOf(s, "q_visit");
  EXPECT_EQ(visit["answered"], 3);
  EXPECT_EQ(visit["earliest"], "2014-05-01");
  EXPECT_EQ(visit["latest"], "2014-06-10");
  EXPECT_FALSE(visit.contains("choices"));
}

TEST(QuestionnaireSummaryTest, NumbersHaveMinMaxMeanAndMedianOfAnEvenCount) {
  Questionnaire form = SummaryForm();
  Json s = SummariseResponses(form, SevenResponses());
  // Sizes 4, 6, 3, 5, 2, 8: mean 28 / 6 = 4.67 -> 4.7; median of six (4 + 5) / 2 = 4.5.
  const Json& size = SummaryOf(s, "q_size");
  EXPECT_EQ(size["shown"], 7);
  EXPECT_EQ(size["answered"], 6);
  EXPECT_EQ(size["min"], 2);
  EXPECT_EQ(size["max"], 8);
  EXPECT_TRUE(size["min"].is_number_integer());
  EXPECT_EQ(size["mean"], 4.7);
  EXPECT_EQ(size["median"], 4.5);

  // An odd count: the middle answer.
  std::vector<Json> three = {{{"q_size", 9}}, {{"q_size", 1}}, {{"q_size", 3}}};
  const Json odd = SummaryOf(SummariseResponses(form, three), "q_size");
  EXPECT_EQ(odd["median"], 3);
  EXPECT_EQ(odd["mean"], 4.3);
}

TEST(QuestionnaireSummaryTest, RoundsHalfAwayFromZero) {
  auto form = ParseQuestionnaire(Form({SingleQ("q_yes", {"yes", "no"}), Q("q_n", "number")}));
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  // 1 of 16 is 6.25% -> 6.3; 15 of 16 is 93.75% -> 93.8.
  std::vector<Json> answers(16, Json{{"q_yes", "no"}});
  answers[0]["q_yes"] = "yes";
  Json s = SummariseResponses(*form, answers);
  EXPECT_EQ(s["questions"][0]["choices"][0]["percent"], 6.3);
  EXPECT_EQ(s["questions"][0]["choices"][1]["percent"], 93.8);

  // Means: 9 / 4 = 2.25 -> 2.3; -2.25 -> -2.3; (1 + 1.3) / 2 = 1.15 -> 1.2.
  auto mean = [&](std::vector<double> values) {
    std::vector<Json> list;
    for (double v : values) list.push_back({{"q_n", v}});
    return SummariseResponses(*form, list)["questions"][1]["mean"];
  };
  EXPECT_EQ(mean({1, 1, 2, 5}), 2.3);
  EXPECT_EQ(mean({-1, -1, -2, -5}), -2.3);
  EXPECT_EQ(mean({1, 1.3}), 1.2);
  EXPECT_EQ(mean({9.95, 9.95}), 10);
  EXPECT_EQ(mean({2, 2.04}), 2);
}

TEST(QuestionnaireSummaryTest, KeysNotApplicableAreAbsent) {
  Questionnaire form = SummaryForm();
  Json s = SummariseResponses(form, {Json{{"q_sex", "male"}}});
  const Json& size = SummaryOf(s, "q_size");
  EXPECT_EQ(size["answered"], 0);
  for (const char* key : {"min", "max", "mean", "median", "choices", "earliest"}) {
    EXPECT_FALSE(size.contains(key)) << key;
  }
  const Json& visit = SummaryOf(s, "q_visit");
  EXPECT_FALSE(visit.contains("earliest"));
  EXPECT_FALSE(visit.contains("latest"));
  // Nobody answered needs: every percent is 0; the follow-up was never shown.
  const Json& needs = SummaryOf(s, "q_needs");
  for (const Json& c : needs["choices"]) {
    EXPECT_EQ(c["count"], 0);
    EXPECT_EQ(c["percent"], 0);
  }
  EXPECT_EQ(SummaryOf(s, "q_followup")["shown"], 0);

  // No responses at all.
  Json empty = SummariseResponses(form, {});
  EXPECT_EQ(empty["responses"], 0);
  EXPECT_EQ(SummaryOf(empty, "q_sex")["shown"], 0);
}

TEST(QuestionnaireSummaryTest, FreeTextIsNeverRepeated) {
  Questionnaire form = SummaryForm();
  Json s = SummariseResponses(form, SevenResponses());
  const Json& note = SummaryOf(s, "q_note");
  EXPECT_EQ(note["shown"], 7);
  EXPECT_EQ(note["answered"], 2);
  EXPECT_EQ(note.size(), 5u);  // id, text, type, shown, answered
  EXPECT_EQ(s.dump().find("Mary"), std::string::npos);
  EXPECT_EQ(s.dump().find("river"), std::string::npos);
}

TEST(QuestionnaireSummaryTest, AnswersOfHiddenQuestionsDoNotCount) {
  Questionnaire form = SummaryForm();
  // Stored before a form change, say: a follow-up without food among the needs.
  std::vector<Json> answers = {{{"q_needs", {"water"}}, {"q_followup", "yes"}, {"q_sex", "unknown"}}};
  Json s = SummariseResponses(form, answers);
  EXPECT_EQ(SummaryOf(s, "q_followup")["shown"], 0);
  EXPECT_EQ(SummaryOf(s, "q_followup")["answered"], 0);
  EXPECT_EQ(SummaryOf(s, "q_sex")["answered"], 0);
  EXPECT_EQ(ResponseTable(form, answers, false)[1][4], "");
}

// ---- export ----

TEST(QuestionnaireTableTest, TableWithText) {
  Questionnaire form = SummaryForm();
  auto table = ResponseTable(form, SevenResponses(), true);
  ASSERT_EQ(table.size(), 8u);
  EXPECT_EQ(table[0], (std::vector<std::string>{"q_sex", "q_needs", "q_size", "q_visit", "q_followup", "q_note"}));
  EXPECT_EQ(table[1],
            (std::vector<std::string>{"female", "food;water", "4", "2014-05-03", "yes", "Mary at the clinic"}));
  EXPECT_EQ(table[4], (std::vector<std::string>{"female", "", "5", "2014-06-10", "", ""}));
  EXPECT_EQ(table[5], (std::vector<std::string>{"male", "shelter", "2", "", "", "lives by the river"}));
}

TEST(QuestionnaireTableTest, TableWithoutTextLeavesTheColumnOut) {
  Questionnaire form = SummaryForm();
  auto table = ResponseTable(form, SevenResponses(), false);
  ASSERT_EQ(table.size(), 8u);
  EXPECT_EQ(table[0], (std::vector<std::string>{"q_sex", "q_needs", "q_size", "q_visit", "q_followup"}));
  EXPECT_EQ(table[3], (std::vector<std::string>{"male", "food;water;shelter", "3", "", "no"}));
  for (const auto& row : table) {
    EXPECT_EQ(row.size(), 5u);
    for (const std::string& cell : row) EXPECT_EQ(cell.find("Mary"), std::string::npos);
  }
  // No responses: the header alone.
  EXPECT_EQ(ResponseTable(form, {}, false).size(), 1u);
}

TEST(QuestionnaireTableTest, MultiInChoiceOrderAndNumbersInShortestForm) {
  auto form = ParseQuestionnaire(Form({MultiQ("q_m", {"a", "b", "c"}), Q("q_n", "number")}));
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  std::vector<Json> answers = {{{"q_m", {"c", "a"}}, {"q_n", 34}},     {{"q_n", 34.0}},
                               {{"q_n", 12.5}},                         {{"q_n", 0.1}},
                               {{"q_n", 100000}},                       {{"q_n", 0.0001}},
                               {{"q_n", -3}},                           {{"q_n", 1234567.125}}};
  auto table = ResponseTable(*form, answers, true);
  std::vector<std::string> numbers;
  for (size_t i = 1; i < table.size(); ++i) numbers.push_back(table[i][1]);
  EXPECT_EQ(table[1][0], "a;c");
  EXPECT_EQ(numbers,
            (std::vector<std::string>{"34", "34", "12.5", "0.1", "100000", "0.0001", "-3", "1234567.125"}));
}

// ---- changing a form that has responses ----

Questionnaire Changed(void (*edit)(Json&)) {
  Json form = HouseholdForm();
  edit(form);
  Result<Questionnaire> q = ParseQuestionnaire(form);
  EXPECT_TRUE(q.ok()) << q.status().ToString();
  return q.ok() ? *q : Questionnaire{};
}

TEST(QuestionnaireChangeTest, WordingMayChange) {
  Questionnaire after = Changed([](Json& f) {
    f["title"] = "Household needs assessment, Bor PoC 2014";
    f["questions"][0]["text"] = "Sex of the respondent";
    f["questions"][4]["choices"][2]["label"] = "Host community";
  });
  EXPECT_EQ(MeaningChange(Household(), after), std::nullopt);
}

TEST(QuestionnaireChangeTest, EveryChangeOfMeaningIsNamed) {
  struct Case {
    void (*edit)(Json&);
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](Json& f) { f["version"] = "bor-2014-2"; }, "questionnaire.version"},
      {[](Json& f) { f["questions"].erase(9); }, "questionnaire.questions"},
      {[](Json& f) { std::swap(f["questions"][0], f["questions"][1]); }, "questionnaire.questions[0].id"},
      {[](Json& f) { f["questions"][1]["max"] = 99; }, "questionnaire.questions[1]"},
      {[](Json& f) { f["questions"][2]["required"] = false; }, "questionnaire.questions[2].required"},
      {[](Json& f) { f["questions"][4]["choices"].push_back({{"value", "town"}, {"label", "Town"}}); },
       "questionnaire.questions[4].choices"},
      {[](Json& f) { f["questions"][4]["choices"][2]["value"] = "town"; }, "questionnaire.questions[4].choices[2].value"},
      {[](Json& f) { f["questions"][5]["show_if"]["in"] = {"camp_a"}; }, "questionnaire.questions[5].show_if"},
      {[](Json& f) { f["questions"][9]["max_length"] = 30; }, "questionnaire.questions[9].max_length"},
      {[](Json& f) {
         f["questions"][8]["type"] = "text";
         f["questions"][8].erase("min");
       },
       "questionnaire.questions[8].type"},
  };
  for (const Case& c : cases) {
    std::optional<FieldError> change = MeaningChange(Household(), Changed(c.edit));
    ASSERT_TRUE(change.has_value()) << c.field;
    EXPECT_EQ(change->field, c.field);
  }
}

TEST(QuestionnaireResponseSpecTest, DateAndAnswersRequiredPersonOptional) {
  EXPECT_TRUE(ValidateInput(ResponseSpec(), {{"date", "2014-05-02"}, {"answers", Minimal()}}, InputMode::kCreate).ok());
  Result<Json> bad = ValidateInput(ResponseSpec(), {{"person_id", "nobody"}, {"answers", "yes"}}, InputMode::kCreate);
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Names(bad.status(), "date"));
  EXPECT_TRUE(Names(bad.status(), "person_id"));
  EXPECT_TRUE(Names(bad.status(), "answers"));
}

}  // namespace
}  // namespace baton
