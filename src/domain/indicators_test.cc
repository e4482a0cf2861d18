#include "domain/indicators.h"

#include <set>

#include <gtest/gtest.h>

namespace baton {
namespace {

TEST(IndicatorsTest, TheBuiltInSetReadsAndHasWhatTheIssueNames) {
  std::set<std::string> codes;
  for (const Indicator& i : BuiltinIndicators()) {
    EXPECT_TRUE(codes.insert(i.code).second) << i.code << " twice";
    EXPECT_TRUE(i.builtin);
    EXPECT_TRUE(i.wording.contains("ar")) << i.code << " has no Arabic wording";
  }
  for (const char* code : {"people_reached", "people_reached_peer_support", "contacts_peer_support", "sessions_held",
                           "staff_trained", "staff_passing_post_test", "peer_support_groups_active", "cases_opened",
                           "cases_closed", "closed_cases_improved_phq9", "referrals_made", "referrals_completed",
                           "mediation_cases_resolved", "cooperatives_formed", "risk_flags_raised"}) {
    EXPECT_TRUE(codes.contains(code)) << code;
  }
  const Indicator* improved = nullptr;
  for (const Indicator& i : BuiltinIndicators()) {
    if (i.code == "closed_cases_improved_phq9") improved = &i;
  }
  ASSERT_NE(improved, nullptr);
  EXPECT_STREQ(improved->Unit(), "percent");
  EXPECT_EQ(improved->Dimensions().size(), 4u);
}

TEST(IndicatorsTest, ACountKnowsOnlyTheDimensionsOfAllItsSources) {
  Result<Indicator> headcount = ParseIndicator(
      {{"code", "reached_events"}, {"level", "output"}, {"domain", "reach"}, {"wording", {{"en", "People at events"}}},
       {"numerator", {{"source", "headcount"}, {"measure", "count"}}}},
      "indicators[0]");
  ASSERT_TRUE(headcount.ok()) << headcount.status().message();
  EXPECT_EQ(headcount.value().Dimensions(), (std::vector<Dimension>{Dimension::kSex, Dimension::kAgeBand}));
  Result<Indicator> mixed = ParseIndicator(
      {{"code", "mixed"}, {"level", "output"}, {"domain", "reach"}, {"wording", {{"en", "x"}}},
       {"numerator", {{"source", {"attendance", "case_sessions"}}, {"measure", "people"}}},
       {"denominator", {{"source", "participants"}, {"measure", "count"}}}},
      "x");
  ASSERT_TRUE(mixed.ok()) << mixed.status().message();
  EXPECT_EQ(mixed.value().Dimensions(), (std::vector<Dimension>{Dimension::kSex}));
  EXPECT_EQ(IndicatorJson(mixed.value())["numerator"]["source"], (Json{"attendance", "case_sessions"}));
}

TEST(IndicatorsTest, BadDefinitionsAreRefusedByMemberPath) {
  const Json bad = {{"code", "Bad Code"},
                    {"level", "impact"},
                    {"domain", "reach"},
                    {"wording", {{"fr", "x"}}},
                    {"numerator", {{"source", "sessions"}, {"measure", "people"}, {"where", {{"sex", {"female"}}}}}},
                    {"denominator", {{"source", "nowhere"}, {"measure", "count"}}},
                    {"colour", "red"}};
  Result<Indicator> r = ParseIndicator(bad, "indicators[3]");
  ASSERT_FALSE(r.ok());
  std::set<std::string> fields;
  for (const FieldError& e : r.status().errors()) fields.insert(e.field);
  for (const char* f : {"indicators[3].code", "indicators[3].level", "indicators[3].wording.fr", "indicators[3].wording.en",
                        "indicators[3].numerator.measure", "indicators[3].numerator.where.sex",
                        "indicators[3].denominator.source", "indicators[3].colour"}) {
    EXPECT_TRUE(fields.contains(f)) << f;
  }
}

TEST(IndicatorsTest, AProgrammeAddsItsOwnButCannotReuseACode) {
  const Json own = {{"code", "women_in_groups"}, {"level", "output"}, {"domain", "reach"},
                    {"wording", {{"en", "Women in peer-support groups"}}},
                    {"numerator", {{"source", "attendance"}, {"measure", "people"}, {"where", {{"stream", {"peer_support"}}}}}}};
  EXPECT_TRUE(CheckIndicators(Json::array({own})).ok());
  Json twice = own;
  twice["code"] = "people_reached";
  Status clash = CheckIndicators(Json::array({own, twice}));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.errors()[0].field, "indicators[1].code");
  const std::vector<Indicator> all = IndicatorsOfProgramme({{"indicators", Json::array({own})}});
  EXPECT_EQ(all.size(), BuiltinIndicators().size() + 1);
  EXPECT_EQ(all.back().code, "women_in_groups");
  EXPECT_FALSE(all.back().builtin);
  EXPECT_EQ(IndicatorsOfProgramme({{"indicators", Json::array({twice})}}).size(), BuiltinIndicators().size())
      << "a field that does not pass adds nothing";
}

TEST(IndicatorsTest, TargetsAreSetPerIndicatorAndPeriod) {
  const Json targets = Json::array({{{"indicator", "people_reached"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"value", 3000}},
                                    {{"indicator", "people_reached"}, {"from", "2017-01-01"}, {"to", "2017-12-31"}, {"value", 2500}},
                                    {{"indicator", "referrals_made"}, {"from", "2016-01-01"}, {"to", "2016-03-31"}, {"value", 40.5}}});
  EXPECT_TRUE(CheckIndicatorTargets(targets).ok());
  const Json programme = {{"indicator_targets", targets}};
  EXPECT_EQ(TargetsFor(programme, "2016-01-01", "2016-12-31"), (std::map<std::string, double>{{"people_reached", 3000}}));
  EXPECT_EQ(TargetsFor(programme, "2016-01-01", "2016-03-31"), (std::map<std::string, double>{{"referrals_made", 40.5}}));
  EXPECT_TRUE(TargetsFor(programme, "2016-01-01", "2016-06-30").empty()) << "only a target of exactly the period";

  Json bad = targets;
  bad[0]["to"] = "2015-12-31";
  bad[1]["value"] = -1;
  bad[2]["indicator"] = "Referrals";
  bad.push_back(targets[0]);
  bad.push_back({{"indicator", "x1"}, {"from", "2016-02-30"}, {"to", "2016-03-01"}, {"value", 1}, {"colour", "red"}});
  Status st = CheckIndicatorTargets(bad);
  ASSERT_FALSE(st.ok());
  std::set<std::string> fields;
  for (const FieldError& e : st.errors()) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"indicator_targets[0].to", "indicator_targets[1].value", "indicator_targets[2].indicator",
                                           "indicator_targets[4].from", "indicator_targets[4].colour"}));
  Json repeated = targets;
  repeated.push_back(targets[0]);
  Status twice = CheckIndicatorTargets(repeated);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.errors()[0].field, "indicator_targets[3]");
  EXPECT_TRUE(TargetsFor({{"indicator_targets", bad}}, "2016-01-01", "2016-12-31").empty());
}

TEST(IndicatorsTest, PeriodsAreYearsQuartersAndMonths) {
  auto period = [](const char* text) {
    Result<Period> p = ParsePeriod(text);
    return p.ok() ? p.value().from + ".." + p.value().to : "error";
  };
  EXPECT_EQ(period("2016"), "2016-01-01..2016-12-31");
  EXPECT_EQ(period("2016-Q1"), "2016-01-01..2016-03-31");
  EXPECT_EQ(period("2016-Q4"), "2016-10-01..2016-12-31");
  EXPECT_EQ(period("2016-02"), "2016-02-01..2016-02-29");
  EXPECT_EQ(period("2015-02"), "2015-02-01..2015-02-28");
  EXPECT_EQ(period("2016-12"), "2016-12-01..2016-12-31");
  for (const char* bad : {"", "16", "2016-Q5", "2016-13", "2016-1", "20x6", "2016-05-01"}) {
    EXPECT_EQ(period(bad), "error") << bad;
  }
}

TEST(IndicatorsTest, ARequestNamesAPeriodOrFromAndTo) {
  auto of = [](const char* from, const char* to, const char* period, bool optional = true) -> std::string {
    Result<std::optional<Period>> p = PeriodOfParams(from, to, period, optional);
    if (!p.ok()) return "error " + p.status().errors().front().field;
    return p->has_value() ? (*p)->from + ".." + (*p)->to : "none";
  };
  EXPECT_EQ(of("", "", ""), "none");
  EXPECT_EQ(of("", "", "", false), "error from");
  EXPECT_EQ(of("", "", "2016-Q2"), "2016-04-01..2016-06-30");
  EXPECT_EQ(of("2016-03-01", "2016-03-01", ""), "2016-03-01..2016-03-01");
  EXPECT_EQ(of("2016-03-01", "", ""), "error to");
  EXPECT_EQ(of("2016-02-30", "2016-03-01", ""), "error from");
  EXPECT_EQ(of("2016-03-02", "2016-03-01", ""), "error to") << "to before from";
  EXPECT_EQ(of("2016-01-01", "", "2016"), "error period") << "both ways at once";
  EXPECT_EQ(of("", "", "2016-Q9"), "error period");
}

}  // namespace
}  // namespace baton
