#include "report/indicator_engine.h"

#include <gtest/gtest.h>

namespace baton::report {
namespace {

const Indicator& Builtin(const std::string& code) {
  for (const Indicator& i : BuiltinIndicators()) {
    if (i.code == code) return i;
  }
  throw std::runtime_error("no indicator " + code);
}

// A small programme counted by hand: five people, two streams, counselling, a headcount event.
class EngineTest : public ::testing::Test {
 protected:
  ReportSetup Setup(std::vector<std::string> codes, std::vector<Dimension> breakdown, bool shared = false) {
    ReportSetup s;
    for (const std::string& c : codes) s.indicators.push_back(Builtin(c));
    s.period = {"2016-01-01", "2016-12-31"};
    s.bands = CoarseAgeBands();
    s.population_groups = {"idp_camp", "host_community"};
    s.breakdown = std::move(breakdown);
    s.shared = shared;
    return s;
  }
  // people: 0 woman born 1980 idp; 1 man born 2005 idp; 2 woman born 1950 host, disabled;
  // 3 sex not recorded, birth unknown; 4 woman born 1990 idp.
  std::vector<PersonFact> People(IndicatorEngine& e) {
    return {{DateKey("1980-03-01"), e.categories().GroupIndex("idp_camp"), e.categories().SexIndex("female"), e.categories().DisabilityIndex(false)},
            {DateKey("2005-07-01"), e.categories().GroupIndex("idp_camp"), e.categories().SexIndex("male"), e.categories().DisabilityIndex(nullptr)},
            {DateKey("1950-01-01"), e.categories().GroupIndex("host_community"), e.categories().SexIndex("female"), e.categories().DisabilityIndex(true)},
            {0, e.categories().GroupIndex("elsewhere"), e.categories().SexIndex("other"), e.categories().DisabilityIndex(nullptr)},
            {DateKey("1990-12-31"), e.categories().GroupIndex("idp_camp"), e.categories().SexIndex("female"), e.categories().DisabilityIndex(false)}};
  }
  void Feed(IndicatorEngine& e) {
    peer_ = {e.Intern("peer_support"), e.Intern("8.2"), e.Intern("site-1")};
    rec_ = {e.Intern("recreational"), e.Intern("3.5"), e.Intern("site-1")};
    case_ = {e.Intern("individual"), e.Intern("site-1")};
    e.SetPeople(People(e));
    // Peer support: person 0 three times, person 1 twice (2015 once: outside), person 2 once.
    for (const char* d : {"2016-02-01", "2016-02-08", "2016-02-15"}) e.Feed(Source::kAttendance, {0, DateKey(d), 1, peer_.data()});
    e.Feed(Source::kAttendance, {1, DateKey("2015-12-20"), 1, peer_.data()});
    e.Feed(Source::kAttendance, {1, DateKey("2016-01-04"), 1, peer_.data()});
    e.Feed(Source::kAttendance, {1, DateKey("2016-01-11"), 1, peer_.data()});
    e.Feed(Source::kAttendance, {2, DateKey("2016-06-01"), 1, peer_.data()});
    // Recreational: person 0 again (counted once overall), person 3.
    e.Feed(Source::kAttendance, {0, DateKey("2016-03-01"), 2, rec_.data()});
    e.Feed(Source::kAttendance, {3, DateKey("2016-03-01"), 2, rec_.data()});
    // Counselling: person 4 twice, person 0 once.
    e.Feed(Source::kCaseSessions, {4, DateKey("2016-05-01"), -1, case_.data()});
    e.Feed(Source::kCaseSessions, {4, DateKey("2016-05-08"), -1, case_.data()});
    e.Feed(Source::kCaseSessions, {0, DateKey("2016-05-09"), -1, case_.data()});
    // A headcount event: 12 women 18-59 and 3 boys 0-17 (by their own bands).
    Fact women{-1, DateKey("2016-04-01"), 3, rec_.data(), 12, e.categories().SexIndex("female"), e.categories().BandIndexOfCode("18_59")};
    Fact boys{-1, DateKey("2016-04-01"), 3, rec_.data(), 3, e.categories().SexIndex("male"), e.categories().BandIndexOfCode("0_17")};
    e.Feed(Source::kHeadcount, women);
    e.Feed(Source::kHeadcount, boys);
  }
  static const Json& Find(const Json& report, const std::string& code) {
    for (const Json& i : report["indicators"]) {
      if (i["code"] == code) return i;
    }
    throw std::runtime_error("no " + code);
  }
  static Json Cell(const Json& ind, const Json& where) {
    for (const Json& c : ind["cells"]) {
      bool all = true;
      for (const auto& [k, v] : where.items()) all = all && c[k] == v;
      if (all) return c["value"];
    }
    return "absent";
  }
  std::vector<uint32_t> peer_, rec_, case_;
};

TEST_F(EngineTest, PeopleInSeveralStreamsAreCountedOnceAndContactsEachTime) {
  IndicatorEngine e(Setup({"people_reached", "people_reached_peer_support", "people_reached_recreational",
                           "contacts_peer_support", "contacts_counselling", "people_reached_counselling",
                           "headcount_participants", "sessions_held"},
                          {Dimension::kSex, Dimension::kAgeBand}));
  EXPECT_EQ(e.sources(), (std::set<Source>{Source::kAttendance, Source::kCaseSessions, Source::kHeadcount, Source::kSessions}));
  Feed(e);
  const Json r = e.Finish();
  EXPECT_EQ(r["audience"], "internal");
  EXPECT_EQ(Find(r, "people_reached")["value"], 5) << "0, 1, 2, 3 by activities, 4 by counselling; 0 in all three once";
  EXPECT_EQ(Find(r, "people_reached_peer_support")["value"], 3);
  EXPECT_EQ(Find(r, "people_reached_recreational")["value"], 2);
  EXPECT_EQ(Find(r, "contacts_peer_support")["value"], 6) << "3 + 2 (one in 2015 left out) + 1";
  EXPECT_EQ(Find(r, "contacts_counselling")["value"], 3);
  EXPECT_EQ(Find(r, "people_reached_counselling")["value"], 2);
  EXPECT_EQ(Find(r, "headcount_participants")["value"], 15);
  EXPECT_EQ(Find(r, "sessions_held")["value"], 0);
  // Breakdown: person 1 was 10 at their first 2016 contact; person 3 unknown; 2 is 60+.
  const Json& reached = Find(r, "people_reached");
  EXPECT_EQ(reached["breakdown"], (Json{"sex", "age_band"}));
  EXPECT_EQ(Cell(reached, {{"sex", "female"}, {"age_band", "18_59"}}), 2);
  EXPECT_EQ(Cell(reached, {{"sex", "female"}, {"age_band", "60_plus"}}), 1);
  EXPECT_EQ(Cell(reached, {{"sex", "male"}, {"age_band", "0_17"}}), 1);
  EXPECT_EQ(Cell(reached, {{"sex", "not_recorded"}, {"age_band", "unknown"}}), 1);
  EXPECT_EQ(Cell(reached, {{"sex", "male"}, {"age_band", "18_59"}}), "absent") << "zero cells are left out";
  EXPECT_EQ(reached["margins"]["sex"][0], (Json{{"sex", "female"}, {"value", 3}}));
  const Json& heads = Find(r, "headcount_participants");
  EXPECT_EQ(heads["breakdown"], (Json{"sex", "age_band"}));
  EXPECT_EQ(Cell(heads, {{"sex", "male"}, {"age_band", "0_17"}}), 3);
  EXPECT_EQ(Find(r, "sessions_held")["breakdown"], Json::array()) << "sessions have no sex";
  EXPECT_FALSE(Find(r, "sessions_held").contains("cells"));
}

TEST_F(EngineTest, AgeIsTakenAtTheFirstContactOfThePeriod) {
  // Person 1 turns 18 on 2023-07-01: a report of 2023 counts them in 0_17 (first contact in
  // January), their contacts after July in 18_59.
  ReportSetup s = Setup({"people_reached_peer_support", "contacts_peer_support"}, {Dimension::kAgeBand});
  s.period = {"2023-01-01", "2023-12-31"};
  IndicatorEngine e(std::move(s));
  const std::vector<uint32_t> peer = {e.Intern("peer_support"), e.Intern("8.2"), e.Intern("site-1")};
  e.SetPeople(People(e));
  e.Feed(Source::kAttendance, {1, DateKey("2023-08-01"), 1, peer.data()});
  e.Feed(Source::kAttendance, {1, DateKey("2023-01-10"), 1, peer.data()});
  const Json r = e.Finish();
  EXPECT_EQ(Cell(Find(r, "people_reached_peer_support"), {{"age_band", "0_17"}}), 1);
  EXPECT_EQ(Cell(Find(r, "people_reached_peer_support"), {{"age_band", "18_59"}}), "absent");
  EXPECT_EQ(Cell(Find(r, "contacts_peer_support"), {{"age_band", "18_59"}}), 1);
  EXPECT_EQ(Cell(Find(r, "contacts_peer_support"), {{"age_band", "0_17"}}), 1);
}

TEST_F(EngineTest, SharedReportsHideSmallCountsAndWhatWouldGiveThemAway) {
  IndicatorEngine e(Setup({"people_reached", "headcount_participants"}, {Dimension::kSex}, true));
  Feed(e);
  const Json r = e.Finish();
  EXPECT_EQ(r["audience"], "shared");
  EXPECT_EQ(r["sensitivity"], "moderate");
  const Json& reached = Find(r, "people_reached");
  EXPECT_EQ(reached["value"], 5) << "5 is not small";
  EXPECT_EQ(Cell(reached, {{"sex", "female"}}), "<5");
  EXPECT_EQ(Cell(reached, {{"sex", "male"}}), "<5");
  EXPECT_EQ(Cell(reached, {{"sex", "not_recorded"}}), "<5");
  const Json& heads = Find(r, "headcount_participants");
  EXPECT_EQ(heads["value"], 15);
  // 12 women and 3 men: the 3 hidden, and so the 12 (else 15 - 12 = 3).
  EXPECT_EQ(Cell(heads, {{"sex", "male"}}), "<5");
  EXPECT_EQ(Cell(heads, {{"sex", "female"}}), "<5");
}

TEST_F(EngineTest, TargetsComeWithHowMuchOfThemWasReached) {
  ReportSetup s = Setup({"people_reached", "contacts_peer_support", "sessions_held"}, {});
  s.targets = {{"people_reached", 8}, {"contacts_peer_support", 0}};
  IndicatorEngine e(s);
  Feed(e);
  const Json r = e.Finish();
  EXPECT_EQ(Find(r, "people_reached")["target"], 8.0);
  EXPECT_DOUBLE_EQ(Find(r, "people_reached")["achievement"].get<double>(), 62.5) << "5 of 8";
  EXPECT_TRUE(Find(r, "contacts_peer_support")["achievement"].is_null()) << "no share of a target of 0";
  EXPECT_TRUE(Find(r, "sessions_held")["target"].is_null());
  s.shared = true;
  s.breakdown = {};
  s.indicators = {Builtin("people_reached_recreational")};
  s.targets = {{"people_reached_recreational", 10}};
  IndicatorEngine shared(s);
  Feed(shared);
  const Json hidden = Find(shared.Finish(), "people_reached_recreational");
  EXPECT_EQ(hidden["value"], "<5");
  EXPECT_TRUE(hidden["achievement"].is_null()) << "a hidden count gives no share";
}

TEST_F(EngineTest, PercentagesCarryBothCountsAndHideWithThem) {
  ReportSetup s = Setup({"closed_cases_improved_phq9"}, {Dimension::kSex});
  IndicatorEngine e(std::move(s));
  e.SetPeople(People(e));
  const std::vector<uint32_t> yes = {e.Intern("phq9"), e.Intern("yes"), e.Intern("site-1")};
  const std::vector<uint32_t> no = {e.Intern("phq9"), e.Intern("no"), e.Intern("site-1")};
  const std::vector<uint32_t> other = {e.Intern("gad7"), e.Intern("yes"), e.Intern("site-1")};
  e.Feed(Source::kCaseOutcomes, {0, DateKey("2016-03-01"), -1, yes.data()});
  e.Feed(Source::kCaseOutcomes, {2, DateKey("2016-03-01"), -1, yes.data()});
  e.Feed(Source::kCaseOutcomes, {4, DateKey("2016-03-01"), -1, no.data()});
  e.Feed(Source::kCaseOutcomes, {1, DateKey("2016-03-01"), -1, other.data()});
  const Json r = e.Finish();
  const Json& ind = Find(r, "closed_cases_improved_phq9");
  EXPECT_EQ(ind["unit"], "percent");
  EXPECT_EQ(ind["numerator"], 2);
  EXPECT_EQ(ind["denominator"], 3);
  EXPECT_DOUBLE_EQ(ind["value"].get<double>(), 66.7);
  EXPECT_EQ(ind["cells"].size(), 1u) << "only women have closed cases with PHQ-9";
  EXPECT_EQ(ind["cells"][0]["denominator"], 3);

  IndicatorEngine shared(Setup({"closed_cases_improved_phq9"}, {Dimension::kSex}, true));
  shared.SetPeople(People(shared));
  const std::vector<uint32_t> y2 = {shared.Intern("phq9"), shared.Intern("yes"), shared.Intern("site-1")};
  shared.Feed(Source::kCaseOutcomes, {0, DateKey("2016-03-01"), -1, y2.data()});
  const Json hidden = Find(shared.Finish(), "closed_cases_improved_phq9");
  EXPECT_EQ(hidden["numerator"], "<5");
  EXPECT_TRUE(hidden["value"].is_null()) << "no percentage of hidden counts";
}

TEST_F(EngineTest, SensitiveIndicatorsAreHiddenBelowTheThresholdEvenInternally) {
  IndicatorEngine e(Setup({"risk_flags_raised"}, {}));
  e.SetPeople(People(e));
  const std::vector<uint32_t> open = {e.Intern("open"), e.Intern("site-1")};
  e.Feed(Source::kRiskFlags, {0, DateKey("2016-03-01"), -1, open.data()});
  e.Feed(Source::kRiskFlags, {4, DateKey("2016-03-05"), -1, open.data()});
  const Json r = e.Finish();
  EXPECT_EQ(r["audience"], "internal");
  EXPECT_EQ(Find(r, "risk_flags_raised")["value"], "<5");
}

TEST_F(EngineTest, ReferralsToGbvCaseManagementAreSensitiveWhateverTheDefinitionSays) {
  Result<Indicator> own = ParseIndicator(
      {{"code", "gbv_all"}, {"level", "output"}, {"domain", "protection"}, {"wording", {{"en", "GBV referrals"}}},
       {"numerator", {{"source", "referrals"}, {"measure", "count"}, {"where", {{"category", {"gbv_case_management"}}}}}}},
      "x");
  ASSERT_TRUE(own.ok());
  EXPECT_FALSE(own->sensitive);
  EXPECT_TRUE(own->Sensitive());
  ReportSetup s = Setup({"referrals_made", "referrals_gbv"}, {});
  s.indicators.push_back(*own);
  IndicatorEngine e(s);
  e.SetPeople(People(e));
  const std::vector<uint32_t> gbv = {e.Intern("outgoing"), e.Intern("made"), e.Intern("high"), e.Intern("gbv_case_management"),
                                     e.Intern("site-1")};
  const std::vector<uint32_t> health = {e.Intern("outgoing"), e.Intern("made"), e.Intern("high"), e.Intern("general_health"),
                                        e.Intern("site-1")};
  e.Feed(Source::kReferrals, {0, DateKey("2016-03-01"), -1, gbv.data()});
  e.Feed(Source::kReferrals, {4, DateKey("2016-03-02"), -1, health.data()});
  const Json r = e.Finish();
  EXPECT_EQ(Find(r, "referrals_made")["value"], 2) << "internal: not sensitive";
  EXPECT_EQ(Find(r, "referrals_gbv")["value"], "<5");
  EXPECT_EQ(Find(r, "gbv_all")["value"], "<5");
  EXPECT_EQ(Find(r, "gbv_all")["sensitive"], true);
}

TEST_F(EngineTest, FiltersAndDistinctActivities) {
  IndicatorEngine e(Setup({"peer_support_groups_active", "staff_trained"}, {}));
  e.SetPeople({});
  const std::vector<uint32_t> peer = {e.Intern("peer_support"), e.Intern("8.2"), e.Intern("site-1")};
  const std::vector<uint32_t> info = {e.Intern("information"), e.Intern("1.1"), e.Intern("site-1")};
  for (int32_t a : {7, 7, 8}) e.Feed(Source::kSessions, {-1, DateKey("2016-05-01"), a, peer.data()});
  e.Feed(Source::kSessions, {-1, DateKey("2016-05-01"), 9, info.data()});
  const std::vector<uint32_t> done = {e.Intern("yes"), e.Intern("yes"), e.Intern("no"), e.Intern("site-1")};
  const std::vector<uint32_t> not_done = {e.Intern("no"), e.Intern("no"), e.Intern("no"), e.Intern("site-1")};
  e.Feed(Source::kParticipants, {-1, DateKey("2016-05-01"), 4, done.data(), 1, e.categories().SexIndex("female")});
  e.Feed(Source::kParticipants, {-1, DateKey("2016-05-01"), 4, not_done.data(), 1, e.categories().SexIndex("male")});
  const Json r = e.Finish();
  EXPECT_EQ(Find(r, "peer_support_groups_active")["value"], 2);
  EXPECT_EQ(Find(r, "staff_trained")["value"], 1);
}

TEST(DateKeyTest, DatesBecomeNumbersWhoseDifferenceGivesWholeYears) {
  EXPECT_EQ(DateKey("2016-03-01"), 20160301);
  EXPECT_EQ(DateKey("2016-3-01"), 0);
  EXPECT_EQ(DateKey("x"), 0);
  EXPECT_EQ((DateKey("2016-02-29") - DateKey("1998-03-01")) / 10000, 17);
  EXPECT_EQ((DateKey("2016-03-01") - DateKey("1998-03-01")) / 10000, 18);
}

}  // namespace
}  // namespace baton::report
