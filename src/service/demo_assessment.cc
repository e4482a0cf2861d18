#include "service/demo_assessment.h"

#include <random>
#include <utility>
#include <vector>

#include "domain/dates.h"

namespace baton {
namespace {

constexpr int kInterviews = 160;

Json Choices(std::initializer_list<std::pair<const char*, const char*>> choices) {
  Json out = Json::array();
  for (const auto& [value, label] : choices) out.push_back({{"value", value}, {"label", label}});
  return out;
}

Json Single(const char* id, const char* text, Json choices, bool required = false) {
  return {{"id", id}, {"text", text}, {"type", "single"}, {"choices", std::move(choices)}, {"required", required}};
}

Json Multi(const char* id, const char* text, Json choices) {
  return {{"id", id}, {"text", text}, {"type", "multi"}, {"choices", std::move(choices)}};
}

Json Form() {
  const Json yes_no = Choices({{"yes", "Yes"}, {"no", "No"}});
  Json who = Multi("q_distress_who", "Who was it?",
                   Choices({{"children", "Children"}, {"youth", "Youth"}, {"women", "Women"}, {"men", "Men"},
                            {"elderly", "Elderly people"}}));
  who["show_if"] = {{"question", "q_distress"}, {"equals", "yes"}};
  return {
      {"version", "bor-2014-1"},
      {"title", "MHPSS household needs, Bor PoC site, March–April 2014"},
      {"questions",
       {Single("q_sex", "Sex of the respondent", Choices({{"female", "Female"}, {"male", "Male"}}), true),
        Single("q_age", "Age group of the respondent",
               Choices({{"a18_24", "18–24"}, {"a25_39", "25–39"}, {"a40_59", "40–59"}, {"a60_plus", "60 or older"}}), true),
        Single("q_role", "Role in the household",
               Choices({{"head", "Head of household"}, {"spouse", "Spouse"}, {"other_adult", "Other adult"}})),
        {{"id", "q_arrived"}, {"text", "When did the household arrive in the site?"}, {"type", "date"}},
        {{"id", "q_household_size"},
         {"text", "How many people live in the household?"},
         {"type", "number"},
         {"min", 1},
         {"max", 30},
         {"integer", true}},
        Multi("q_problems", "What are the most serious problems for the household now?",
              Choices({{"food", "Food"}, {"shelter", "Shelter and crowding"}, {"safety", "Safety"},
                       {"lost_family", "Family members killed or missing"}, {"sickness", "Sickness"},
                       {"worry", "Worry, sadness, fear"}, {"conflict", "Conflict with neighbours"},
                       {"idleness", "Nothing to do"}})),
        Single("q_distress",
               "In the last two weeks, was anyone in the household so upset, worried or sad that they could not do "
               "their daily tasks?",
               Choices({{"yes", "Yes"}, {"no", "No"}, {"dont_know", "Does not know"}}), true),
        who,
        Multi("q_coping", "What helps people in the household cope?",
              Choices({{"prayer", "Prayer and church"}, {"family", "Talking with family"}, {"elders", "Elders and chiefs"},
                       {"sport_dance", "Sport, dance and songs"}, {"work", "Work"}, {"nothing", "Nothing helps"}})),
        Multi("q_activities", "Which activities would household members take part in?",
              Choices({{"women_groups", "Women's groups"}, {"youth_sport", "Youth sport"},
                       {"cultural", "Cultural events"}, {"vocational", "Vocational training"},
                       {"counselling", "Counselling"}})),
        Single("q_knows_help", "Do you know where to get help for someone who is very distressed?", yes_no),
        {{"id", "q_comments"}, {"text", "Anything else the team should know"}, {"type", "text"}, {"max_length", 500}}}}};
}

// Some of `choices`, each with its chance in percent; at least the first when none is drawn.
Json Some(std::mt19937& draw, std::initializer_list<std::pair<const char*, unsigned>> choices) {
  Json out = Json::array();
  for (const auto& [value, percent] : choices) {
    if (draw() % 100 < percent) out.push_back(value);
  }
  if (out.empty()) out.push_back(choices.begin()->first);
  return out;
}

Json Interview(std::mt19937& draw) {
  static const char* const kAges[] = {"a18_24", "a25_39", "a25_39", "a40_59", "a40_59", "a60_plus"};
  static const char* const kComments[] = {
      "The latrines are far from the shelters and women are afraid at night.",
      "Children do not sleep and wake up crying since the fighting in town.",
      "We want a place where the youth can play football.",
      "The chiefs can help settle quarrels at the water points."};
  const bool woman = draw() % 100 < 62;
  Json a = {{"q_sex", woman ? "female" : "male"},
            {"q_age", kAges[draw() % std::size(kAges)]},
            {"q_role", woman ? (draw() % 100 < 55 ? "head" : "spouse") : (draw() % 100 < 80 ? "head" : "other_adult")},
            {"q_arrived", AddDays("2013-12-18", static_cast<int>(draw() % 80))},
            {"q_household_size", 2 + static_cast<int>(draw() % 11)},
            {"q_problems", Some(draw, {{"food", 55}, {"shelter", 60}, {"safety", 45}, {"lost_family", 38}, {"sickness", 30},
                                       {"worry", 42}, {"conflict", 15}, {"idleness", 35}})}};
  const unsigned d = draw() % 100;
  a["q_distress"] = d < 47 ? "yes" : d < 92 ? "no" : "dont_know";
  if (a["q_distress"] == "yes") {
    a["q_distress_who"] = Some(draw, {{"women", 60}, {"children", 55}, {"men", 35}, {"youth", 30}, {"elderly", 25}});
  }
  a["q_coping"] = Some(draw, {{"prayer", 70}, {"family", 50}, {"elders", 30}, {"sport_dance", 20}, {"work", 10}, {"nothing", 8}});
  a["q_activities"] = Some(draw, {{"women_groups", woman ? 60u : 10u}, {"youth_sport", 40}, {"cultural", 45},
                                  {"vocational", 55}, {"counselling", 25}});
  if (draw() % 100 < 85) a["q_knows_help"] = draw() % 100 < 28 ? "yes" : "no";
  if (draw() % 100 < 12) a["q_comments"] = kComments[draw() % std::size(kComments)];
  return a;
}

}  // namespace

Result<int> SeedDemoAssessment(Services& s, const DemoActivityPlace& at, const std::string& assessment_id) {
  bool created = false;
  BATON_RETURN_IF_ERROR(s.questionnaires.SetForm(at.manager, assessment_id, Form(), std::nullopt, created).status());
  BATON_ASSIGN_OR_RETURN(Record activity, s.ctx.store().Get("activity", assessment_id));
  const std::string start = activity.data.value("start_date", ""), end = activity.data.value("end_date", "");
  const int days = DaysBetween(start, end) + 1;
  std::mt19937 draw(2014'03'10);
  for (int i = 0; i < kInterviews; ++i) {
    const std::string date = AddDays(start, (i * days) / kInterviews);
    BATON_RETURN_IF_ERROR(
        s.questionnaires.AddResponse(at.manager, assessment_id, {{"date", date}, {"answers", Interview(draw)}}).status());
  }
  return kInterviews;
}

}  // namespace baton
