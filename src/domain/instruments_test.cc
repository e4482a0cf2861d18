#include "domain/instruments.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace baton {
namespace {

using Answers = std::vector<std::optional<int>>;

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

// When the built-in list fails to parse, Builtin gives an empty instrument: the tests read
// optionals with value() and lists with at(), so they fail (one exception each) rather than crash.
const Instrument& Builtin(const char* code) {
  static const Instrument none;
  const Instrument* inst = FindBuiltinInstrument(code);
  EXPECT_NE(inst, nullptr) << code;
  return inst != nullptr ? *inst : none;
}

InstrumentScore Score(const char* code, const Answers& answers) { return ScoreAnswers(Builtin(code), answers); }

using Strings = std::vector<std::string>;

// ---- the built-in definitions ----

TEST(InstrumentBuiltinTest, CompiledInDefinitionsParse) {
  // A mistake in src/domain/instruments/builtin.json fails here, with the parser's reason.
  ASSERT_TRUE(BuiltinInstrumentsStatus().ok()) << BuiltinInstrumentsStatus().ToString();
  Strings codes;
  for (const Instrument& inst : BuiltinInstruments()) {
    codes.push_back(inst.code);
    EXPECT_TRUE(inst.builtin) << inst.code;
    EXPECT_EQ(inst.version, "1") << inst.code;
    EXPECT_FALSE(inst.name.empty()) << inst.code;
    EXPECT_EQ(inst.missing, Instrument::Missing::kNone) << inst.code;  // [U] default: no total with gaps
    EXPECT_EQ(inst.max_missing, 0) << inst.code;
  }
  EXPECT_EQ(codes, (Strings{"who5", "phq9", "gad7", "k6", "k10", "psychlops", "whodas12", "pcl5"}));
}

TEST(InstrumentBuiltinTest, FindsByStableCode) {
  ASSERT_NE(FindBuiltinInstrument("pcl5"), nullptr);
  EXPECT_EQ(FindBuiltinInstrument("pcl5")->name, "PCL-5 (PTSD Checklist for DSM-5)");
  EXPECT_EQ(FindBuiltinInstrument("phq"), nullptr);
  EXPECT_EQ(FindBuiltinInstrument("PHQ9"), nullptr);
  EXPECT_EQ(FindBuiltinInstrument(""), nullptr);
}

// Items × range and recall as MHPSS.md §3 gives them.
TEST(InstrumentBuiltinTest, ItemsRangesAndRecallFollowTheReference) {
  struct Shape {
    const char* code;
    size_t items;
    int min, max;  // of every item
    int min_total, max_total;
    const char* recall;
  };
  for (const Shape& s : {Shape{"who5", 5, 0, 5, 0, 25, "2 weeks"}, Shape{"phq9", 9, 0, 3, 0, 27, "2 weeks"},
                         Shape{"gad7", 7, 0, 3, 0, 21, "2 weeks"}, Shape{"k6", 6, 0, 4, 0, 24, "30 days"},
                         Shape{"k10", 10, 1, 5, 10, 50, "4 weeks"}, Shape{"psychlops", 4, 0, 5, 0, 20, "1 week"},
                         Shape{"whodas12", 12, 1, 5, 12, 60, "30 days"}, Shape{"pcl5", 20, 0, 4, 0, 80, "1 month"}}) {
    const Instrument& inst = Builtin(s.code);
    ASSERT_EQ(inst.items.size(), s.items) << s.code;
    for (const InstrumentItem& item : inst.items) {
      EXPECT_EQ(item.min, s.min) << s.code << " " << item.id;
      EXPECT_EQ(item.max, s.max) << s.code << " " << item.id;
    }
    EXPECT_EQ(inst.MinTotal(), s.min_total) << s.code;
    EXPECT_EQ(inst.MaxTotal(), s.max_total) << s.code;
    EXPECT_EQ(inst.recall, s.recall) << s.code;
  }
  const Instrument& psychlops = Builtin("psychlops");
  EXPECT_EQ(psychlops.items.at(0).id, "q1b");
  EXPECT_EQ(psychlops.items.at(1).id, "q2b");
  EXPECT_EQ(psychlops.items.at(2).id, "q3b");
  EXPECT_EQ(psychlops.items.at(3).id, "q4");
  EXPECT_EQ(Builtin("whodas12").items.at(11).id, "s12");
  EXPECT_EQ(Builtin("k10").convention, "abs");
  EXPECT_TRUE(Builtin("who5").higher_is_better);
  EXPECT_EQ(Builtin("who5").scale, 4);
  for (const char* code : {"phq9", "gad7", "k6", "k10", "psychlops", "whodas12", "pcl5"}) {
    EXPECT_FALSE(Builtin(code).higher_is_better) << code;
    EXPECT_EQ(Builtin(code).scale, 1) << code;
  }
}

TEST(InstrumentBuiltinTest, WordingOnlyWhereTheLicenceIsClear) {
  // PSYCHLOPS and WHODAS are copyright; K10's terms are not stated in the reference: ids only.
  for (const char* code : {"k10", "psychlops", "whodas12"}) {
    const Instrument& inst = Builtin(code);
    EXPECT_EQ(inst.instructions, "") << code;
    for (const InstrumentItem& item : inst.items) {
      EXPECT_EQ(item.text, "") << code << " " << item.id;
      EXPECT_TRUE(item.option_labels.empty()) << code << " " << item.id;
    }
  }
  for (const char* code : {"who5", "phq9", "gad7", "k6", "pcl5"}) {
    const Instrument& inst = Builtin(code);
    EXPECT_NE(inst.instructions, "") << code;
    for (const InstrumentItem& item : inst.items) {
      EXPECT_NE(item.text, "") << code << " " << item.id;
      EXPECT_EQ(item.option_labels.size(), static_cast<size_t>(item.max - item.min + 1)) << code << " " << item.id;
    }
  }
  EXPECT_EQ(Builtin("phq9").items.at(8).text,
            "Thoughts that you would be better off dead or of hurting yourself in some way");
  EXPECT_EQ(Builtin("phq9").items.at(8).option_labels,
            (Strings{"Not at all", "Several days", "More than half the days", "Nearly every day"}));
  EXPECT_EQ(Builtin("gad7").items.at(1).text, "Not being able to stop or control worrying");
  EXPECT_EQ(Builtin("who5").items.at(0).text, "I have felt cheerful and in good spirits");
  EXPECT_EQ(Builtin("who5").items.at(0).option_labels.at(0), "At no time");  // value 0
  EXPECT_EQ(Builtin("who5").items.at(0).option_labels.at(5), "All of the time");  // value 5
  EXPECT_EQ(Builtin("k6").items.at(3).text,
            "During the past 30 days, about how often did you feel so depressed that nothing could cheer you up?");
  // K6 is scored None of the time = 0 .. All of the time = 4, the reverse of the printed order.
  EXPECT_EQ(Builtin("k6").items.at(0).option_labels.at(0), "None of the time");
  EXPECT_EQ(Builtin("pcl5").items.at(16).text, "Being \"superalert\" or watchful or on guard?");
  EXPECT_EQ(Builtin("pcl5").items.at(0).option_labels,
            (Strings{"Not at all", "A little bit", "Moderately", "Quite a bit", "Extremely"}));
}

TEST(InstrumentBuiltinTest, EveryBuiltinRoundTripsThroughItsJson) {
  ASSERT_EQ(BuiltinInstruments().size(), 8u);
  for (const Instrument& inst : BuiltinInstruments()) {
    const Json j = InstrumentJson(inst);
    EXPECT_EQ(j.at("format"), 1);
    EXPECT_EQ(j.at("builtin"), true);
    Result<Instrument> again = ParseInstrument(j);
    ASSERT_TRUE(again.ok()) << inst.code << ": " << again.status().ToString();
    EXPECT_EQ(*again, inst) << inst.code;
    // And the text survives a trip through a string, as it does through the store.
    Result<Instrument> reread = ParseInstrument(Json::parse(j.dump()));
    ASSERT_TRUE(reread.ok()) << inst.code;
    EXPECT_EQ(*reread, inst) << inst.code;
  }
}

TEST(InstrumentBuiltinTest, BuiltinJsonWritesWholeNumbersAsIntegers) {
  const Json j = InstrumentJson(Builtin("who5"));
  EXPECT_EQ(j.at("scale").dump(), "4");
  EXPECT_EQ(j.at("reliable_change").dump(), "10");
  EXPECT_EQ(j.at("flags").at(0).dump(),
            R"({"code":"poor_wellbeing","item":null,"label":"Poor wellbeing (raw score 12 or less, under 50%): )"
            R"(screen for depression","max":12,"min":0,"risk":false})");
  EXPECT_TRUE(InstrumentJson(Builtin("phq9")).at("reliable_change").is_null());
}

// ---- bands, on both sides of every edge ----

struct BandCase {
  Answers answers;
  double total;
  const char* band;
};

void ExpectBands(const char* code, const std::vector<BandCase>& cases) {
  for (const BandCase& c : cases) {
    InstrumentScore s = Score(code, c.answers);
    ASSERT_TRUE(s.total.has_value()) << code << " " << c.total;
    EXPECT_EQ(s.total.value(), c.total) << code;
    EXPECT_EQ(s.band, c.band) << code << " total " << c.total;
    EXPECT_EQ(s.missing, 0);
    EXPECT_EQ(static_cast<size_t>(s.answered), c.answers.size());
  }
}

TEST(InstrumentBandsTest, Phq9) {
  ExpectBands("phq9", {
                          {{0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, "minimal"},
                          {{1, 1, 1, 1, 0, 0, 0, 0, 0}, 4, "minimal"},
                          {{1, 1, 1, 1, 1, 0, 0, 0, 0}, 5, "mild"},
                          {{3, 3, 3, 0, 0, 0, 0, 0, 0}, 9, "mild"},
                          {{3, 3, 3, 1, 0, 0, 0, 0, 0}, 10, "moderate"},
                          {{3, 3, 3, 3, 2, 0, 0, 0, 0}, 14, "moderate"},
                          {{3, 3, 3, 3, 3, 0, 0, 0, 0}, 15, "moderately_severe"},
                          {{3, 3, 3, 3, 3, 3, 1, 0, 0}, 19, "moderately_severe"},
                          {{3, 3, 3, 3, 3, 3, 2, 0, 0}, 20, "severe"},
                          {{3, 3, 3, 3, 3, 3, 3, 3, 3}, 27, "severe"},
                      });
}

TEST(InstrumentBandsTest, Gad7) {
  ExpectBands("gad7", {
                          {{0, 0, 0, 0, 0, 0, 0}, 0, "minimal"},
                          {{1, 1, 1, 1, 0, 0, 0}, 4, "minimal"},
                          {{1, 1, 1, 1, 1, 0, 0}, 5, "mild"},
                          {{3, 3, 3, 0, 0, 0, 0}, 9, "mild"},
                          {{3, 3, 3, 1, 0, 0, 0}, 10, "moderate"},
                          {{3, 3, 3, 3, 2, 0, 0}, 14, "moderate"},
                          {{3, 3, 3, 3, 3, 0, 0}, 15, "severe"},
                          {{3, 3, 3, 3, 3, 3, 3}, 21, "severe"},
                      });
}

TEST(InstrumentBandsTest, K6) {
  ExpectBands("k6", {
                        {{0, 0, 0, 0, 0, 0}, 0, "low"},
                        {{4, 3, 0, 0, 0, 0}, 7, "low"},
                        {{4, 4, 0, 0, 0, 0}, 8, "moderate"},
                        {{4, 4, 4, 0, 0, 0}, 12, "moderate"},
                        {{4, 4, 4, 1, 0, 0}, 13, "serious"},
                        {{4, 4, 4, 4, 4, 4}, 24, "serious"},
                    });
}

TEST(InstrumentBandsTest, K10FollowsTheAbsConvention) {
  ExpectBands("k10", {
                         {{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 10, "low"},
                         {{2, 2, 2, 2, 2, 1, 1, 1, 1, 1}, 15, "low"},
                         {{2, 2, 2, 2, 2, 2, 1, 1, 1, 1}, 16, "moderate"},
                         {{3, 3, 3, 3, 3, 2, 1, 1, 1, 1}, 21, "moderate"},
                         {{3, 3, 3, 3, 3, 2, 2, 1, 1, 1}, 22, "high"},
                         {{5, 5, 5, 5, 1, 1, 1, 1, 1, 4}, 29, "high"},
                         {{5, 5, 5, 5, 1, 1, 1, 1, 1, 5}, 30, "very_high"},
                         {{5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 50, "very_high"},
                     });
}

TEST(InstrumentBandsTest, InstrumentsWithoutBandsGiveNone) {
  // WHO-5 (a flag, no bands), PSYCHLOPS (no norms), WHODAS and PCL-5 (a flag) have no bands.
  EXPECT_EQ(Score("who5", {3, 3, 3, 3, 3}).band, "");
  EXPECT_EQ(Score("psychlops", {5, 5, 5, 5}).band, "");
  EXPECT_EQ(Score("whodas12", {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}).band, "");
  EXPECT_EQ(Score("pcl5", Answers(20, 4)).band, "");
}

// ---- flags ----

TEST(InstrumentFlagsTest, Phq9Item9AboveZeroIsARiskFlagWhateverTheTotal) {
  InstrumentScore none = Score("phq9", {3, 3, 3, 3, 3, 3, 3, 3, 0});  // 24, severe, item 9 = 0
  EXPECT_EQ(none.total.value(), 24);
  EXPECT_TRUE(none.flags.empty());
  EXPECT_TRUE(none.risk_flags.empty());

  InstrumentScore lowest = Score("phq9", {0, 0, 0, 0, 0, 0, 0, 0, 1});  // 1, minimal, item 9 = 1
  EXPECT_EQ(lowest.total.value(), 1);
  EXPECT_EQ(lowest.band, "minimal");
  EXPECT_EQ(lowest.flags, Strings{"self_harm"});
  EXPECT_EQ(lowest.risk_flags, Strings{"self_harm"});

  EXPECT_EQ(Score("phq9", {0, 0, 0, 0, 0, 0, 0, 0, 3}).risk_flags, Strings{"self_harm"});
}

TEST(InstrumentFlagsTest, Gad7ScreenPositiveFromTen) {
  EXPECT_TRUE(Score("gad7", {3, 3, 3, 0, 0, 0, 0}).flags.empty());                        // 9
  EXPECT_EQ(Score("gad7", {3, 3, 3, 1, 0, 0, 0}).flags, Strings{"screen_positive"});      // 10
  EXPECT_EQ(Score("gad7", {3, 3, 3, 3, 3, 3, 3}).flags, Strings{"screen_positive"});      // 21
  EXPECT_TRUE(Score("gad7", {3, 3, 3, 1, 0, 0, 0}).risk_flags.empty());
}

TEST(InstrumentFlagsTest, K6ProbableSeriousMentalIllnessFromThirteen) {
  EXPECT_TRUE(Score("k6", {4, 4, 4, 0, 0, 0}).flags.empty());  // 12
  EXPECT_EQ(Score("k6", {4, 4, 4, 1, 0, 0}).flags, Strings{"probable_serious_mental_illness"});  // 13
}

TEST(InstrumentFlagsTest, Who5PoorWellbeingAtTwelveOrLessWithPercentage) {
  InstrumentScore twelve = Score("who5", {3, 3, 3, 3, 0});
  EXPECT_EQ(twelve.total.value(), 12);
  EXPECT_EQ(twelve.scaled.value(), 48);
  EXPECT_EQ(twelve.flags, Strings{"poor_wellbeing"});

  InstrumentScore thirteen = Score("who5", {3, 3, 3, 3, 1});
  EXPECT_EQ(thirteen.total.value(), 13);
  EXPECT_EQ(thirteen.scaled.value(), 52);
  EXPECT_TRUE(thirteen.flags.empty());

  InstrumentScore zero = Score("who5", {0, 0, 0, 0, 0});
  EXPECT_EQ(zero.scaled.value(), 0);
  EXPECT_EQ(zero.flags, Strings{"poor_wellbeing"});

  InstrumentScore best = Score("who5", {5, 5, 5, 5, 5});
  EXPECT_EQ(best.total.value(), 25);
  EXPECT_EQ(best.scaled.value(), 100);
  EXPECT_TRUE(best.flags.empty());
}

TEST(InstrumentFlagsTest, Pcl5ProbablePtsdFromThirtyThreeWithClusters) {
  // B 1-5: 20, C 6-7: 6, D 8-14: 7, E 15-20: 0.
  InstrumentScore at = Score("pcl5", {4, 4, 4, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(at.total.value(), 33);
  EXPECT_EQ(at.flags, Strings{"probable_ptsd"});
  EXPECT_TRUE(at.risk_flags.empty());
  EXPECT_EQ(at.subscales.at("cluster_b"), 20);
  EXPECT_EQ(at.subscales.at("cluster_c"), 6);
  EXPECT_EQ(at.subscales.at("cluster_d"), 7);
  EXPECT_EQ(at.subscales.at("cluster_e"), 0);

  InstrumentScore below = Score("pcl5", {4, 4, 4, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(below.total.value(), 32);
  EXPECT_TRUE(below.flags.empty());
  EXPECT_EQ(below.subscales.at("cluster_d"), 6);

  InstrumentScore most = Score("pcl5", Answers(20, 4));
  EXPECT_EQ(most.total.value(), 80);
  EXPECT_EQ(most.subscales.at("cluster_b"), 20);
  EXPECT_EQ(most.subscales.at("cluster_c"), 8);
  EXPECT_EQ(most.subscales.at("cluster_d"), 28);
  EXPECT_EQ(most.subscales.at("cluster_e"), 24);
}

// ---- subscales ----

TEST(InstrumentSubscalesTest, WhodasSimpleScoreAndDomains) {
  const Answers answers = {1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2};
  InstrumentScore s = Score("whodas12", answers);
  EXPECT_EQ(s.total.value(), 33);
  const std::map<std::string, std::optional<double>> expected = {
      {"cognition", 4},      // items 3, 6: 3 + 1
      {"mobility", 3},       // 1, 7: 1 + 2
      {"self_care", 7},      // 8, 9: 3 + 4
      {"getting_along", 6},  // 10, 11: 5 + 1
      {"life_activities", 4},  // 2, 12: 2 + 2
      {"participation", 9},  // 4, 5: 4 + 5
  };
  EXPECT_EQ(s.subscales, expected);
  EXPECT_EQ(Score("whodas12", Answers(12, 1)).total.value(), 12);
  EXPECT_EQ(Score("whodas12", Answers(12, 5)).total.value(), 60);
}

TEST(InstrumentSubscalesTest, ASubscaleWithAMissingItemHasNoValue) {
  Answers answers = {1, 2, std::nullopt, 4, 5, 1, 2, 3, 4, 5, 1, 2};  // item 3 (cognition) missing
  InstrumentScore s = Score("whodas12", answers);
  EXPECT_FALSE(s.total.has_value());
  EXPECT_FALSE(s.subscales.at("cognition").has_value());
  EXPECT_EQ(s.subscales.at("mobility"), 3);
  EXPECT_EQ(s.subscales.at("participation"), 9);
  EXPECT_EQ(s.subscales.size(), 6u);
}

// ---- missing items ----

TEST(InstrumentMissingTest, AnyMissingItemMeansNoTotalButItemFlagsStillFire) {
  InstrumentScore s = Score("phq9", {3, 3, std::nullopt, 3, 3, 3, 3, 3, 2});
  EXPECT_FALSE(s.total.has_value());
  EXPECT_FALSE(s.scaled.has_value());
  EXPECT_EQ(s.band, "");
  EXPECT_EQ(s.answered, 8);
  EXPECT_EQ(s.missing, 1);
  EXPECT_EQ(s.flags, Strings{"self_harm"});
  EXPECT_EQ(s.risk_flags, Strings{"self_harm"});
}

TEST(InstrumentMissingTest, TotalFlagsNeedATotal) {
  // 18 answered, well past 10, but item 7 is missing: no total, so no screen_positive.
  InstrumentScore gad = Score("gad7", {3, 3, 3, 3, 3, 3, std::nullopt});
  EXPECT_FALSE(gad.total.has_value());
  EXPECT_TRUE(gad.flags.empty());
  // WHO-5: no total, no percentage, no poor_wellbeing.
  InstrumentScore who = Score("who5", {0, 0, 0, 0, std::nullopt});
  EXPECT_FALSE(who.scaled.has_value());
  EXPECT_TRUE(who.flags.empty());
}

TEST(InstrumentMissingTest, NothingAnswered) {
  InstrumentScore s = Score("phq9", Answers(9));
  EXPECT_FALSE(s.total.has_value());
  EXPECT_EQ(s.answered, 0);
  EXPECT_EQ(s.missing, 9);
  EXPECT_TRUE(s.flags.empty());
}

TEST(InstrumentMissingTest, AnswersAreReadDefensively) {
  // A short list: the rest is unanswered. A value out of range counts as unanswered.
  InstrumentScore shorter = Score("gad7", {1, 1, 1});
  EXPECT_EQ(shorter.answered, 3);
  EXPECT_EQ(shorter.missing, 4);
  EXPECT_FALSE(shorter.total.has_value());
  InstrumentScore out_of_range = Score("phq9", {0, 0, 0, 0, 0, 0, 0, 0, 7});
  EXPECT_EQ(out_of_range.answered, 8);
  EXPECT_TRUE(out_of_range.flags.empty());
  // Extra answers are ignored.
  InstrumentScore longer = Score("gad7", {1, 1, 1, 1, 1, 1, 1, 3, 3});
  EXPECT_EQ(longer.total.value(), 7);
  EXPECT_EQ(longer.answered, 7);
}

TEST(InstrumentMissingTest, AnInstrumentBuiltInCodeIsScoredSafelyEvenWhenItBreaksTheRules) {
  // Not through ParseInstrument: item numbers past the items must be ignored, not read.
  Instrument inst;
  inst.items = {{"a", 0, 2, "", {}}, {"b", 0, 2, "", {}}};
  inst.flags = {{"past", "Past the items", 3, 1, std::nullopt, true}};
  inst.subscales = {{"wide", "Wide", {1, 3}}};
  InstrumentScore s = ScoreAnswers(inst, {1, 1, 2});
  EXPECT_EQ(s.total.value(), 2);
  EXPECT_TRUE(s.flags.empty());
  EXPECT_FALSE(s.subscales.at("wide").has_value());
}

// A programme's own 10-item scale, 0-3 each, that allows two missing items, prorated.
Json ProratedDefinition() {
  Json items = Json::array();
  for (int i = 1; i <= 10; ++i) items.push_back({{"id", "i" + std::to_string(i)}, {"min", 0}, {"max", 3}});
  return {{"code", "bor_distress"},
          {"version", "2016-1"},
          {"name", "Bor distress scale"},
          {"items", items},
          {"missing", "prorate"},
          {"max_missing", 2},
          {"bands",
           {{{"code", "low"}, {"label", "Low"}, {"min", 0}, {"max", 12}},
            {{"code", "high"}, {"label", "High"}, {"min", 13}, {"max", 30}}}},
          {"flags",
           {{{"code", "distress"}, {"label", "Distress"}, {"min", 13}},
            {{"code", "sleep"}, {"label", "Sleep item 2 or 3"}, {"item", 10}, {"min", 2}, {"max", 2}, {"risk", true}}}},
          {"subscales", {{{"code", "first_half"}, {"label", "Items 1-5"}, {"items", {1, 2, 3, 4, 5}}}}}};
}

Instrument Prorated() {
  Result<Instrument> inst = ParseInstrument(ProratedDefinition());
  EXPECT_TRUE(inst.ok()) << inst.status().ToString();
  return inst.ok() ? *inst : Instrument{};
}

TEST(InstrumentMissingTest, ProrationWhereTheDefinitionAllowsIt) {
  const Instrument inst = Prorated();
  ASSERT_EQ(inst.missing, Instrument::Missing::kProrate);
  using std::nullopt;
  // One missing: 9 answered summing to 13 -> 13 x 10 / 9 = 14.44 -> 14, band high.
  InstrumentScore one = ScoreAnswers(inst, {2, 2, 2, 2, 2, 1, 1, 1, 0, nullopt});
  ASSERT_TRUE(one.total.has_value());
  EXPECT_EQ(one.total.value(), 14);
  EXPECT_EQ(one.band, "high");
  EXPECT_EQ(one.flags, Strings{"distress"});
  EXPECT_EQ(one.answered, 9);
  EXPECT_EQ(one.missing, 1);
  // Two missing, sum 10 -> 10 x 10 / 8 = 12.5: halves go up, to 13.
  InstrumentScore half = ScoreAnswers(inst, {2, 2, 2, 2, 1, 1, 0, 0, nullopt, nullopt});
  EXPECT_EQ(half.total.value(), 13);
  EXPECT_EQ(half.band, "high");
  // Two missing, sum 9 -> 11.25 -> 11, band low; sum 11 -> 13.75 -> 14.
  EXPECT_EQ(ScoreAnswers(inst, {2, 2, 2, 2, 1, 0, 0, 0, nullopt, nullopt}).total.value(), 11);
  EXPECT_EQ(ScoreAnswers(inst, {2, 2, 2, 2, 1, 0, 0, 0, nullopt, nullopt}).band, "low");
  EXPECT_EQ(ScoreAnswers(inst, {2, 2, 2, 2, 1, 1, 1, 0, nullopt, nullopt}).total.value(), 14);
  // Three missing is one too many.
  InstrumentScore three = ScoreAnswers(inst, {3, 3, 3, 3, 3, 3, 3, nullopt, nullopt, nullopt});
  EXPECT_FALSE(three.total.has_value());
  EXPECT_TRUE(three.flags.empty());
  // A subscale is never prorated: item 5 missing leaves first_half without a value.
  InstrumentScore sub = ScoreAnswers(inst, {1, 1, 1, 1, nullopt, 1, 1, 1, 1, 2});
  EXPECT_EQ(sub.total.value(), 11);  // 10 x 10 / 9 = 11.1
  EXPECT_FALSE(sub.subscales.at("first_half").has_value());
  // The item flag has an upper edge: 2 fires, 3 does not; 2 is a risk flag.
  EXPECT_EQ(sub.flags, Strings{"sleep"});
  EXPECT_EQ(sub.risk_flags, Strings{"sleep"});
  EXPECT_TRUE(ScoreAnswers(inst, {1, 1, 1, 1, 1, 1, 1, 1, 1, 3}).risk_flags.empty());
  EXPECT_EQ(ScoreAnswers(inst, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}).subscales.at("first_half"), 5);
}

// ---- change ----

TEST(InstrumentChangeTest, LowerIsBetterCountsAFallAsImprovement) {
  const Instrument& phq9 = Builtin("phq9");
  InstrumentScore baseline = Score("phq9", {3, 3, 3, 3, 3, 0, 0, 0, 0});  // 15
  InstrumentScore endline = Score("phq9", {3, 3, 3, 0, 0, 0, 0, 0, 0});   // 9
  std::optional<OutcomeChange> c = ChangeBetween(phq9, baseline, endline);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c.value().delta, 6);
  EXPECT_TRUE(c.value().improved);
  EXPECT_FALSE(c.value().reliable);  // PHQ-9 names no reliable change here
  EXPECT_EQ(c.value().band_before, "moderately_severe");
  EXPECT_EQ(c.value().band_after, "mild");

  std::optional<OutcomeChange> worse = ChangeBetween(phq9, endline, baseline);
  EXPECT_EQ(worse.value().delta, -6);
  EXPECT_FALSE(worse.value().improved);
  std::optional<OutcomeChange> same = ChangeBetween(phq9, endline, endline);
  EXPECT_EQ(same.value().delta, 0);
  EXPECT_FALSE(same.value().improved);
}

TEST(InstrumentChangeTest, PsychlopsIsPreMinusPost) {
  const Instrument& psychlops = Builtin("psychlops");
  InstrumentScore pre = Score("psychlops", {5, 4, 4, 3});   // 16
  InstrumentScore post = Score("psychlops", {2, 1, 2, 1});  // 6
  EXPECT_EQ(pre.total.value(), 16);
  EXPECT_EQ(post.total.value(), 6);
  std::optional<OutcomeChange> c = ChangeBetween(psychlops, pre, post);
  EXPECT_EQ(c.value().delta, 10);
  EXPECT_TRUE(c.value().improved);
  EXPECT_FALSE(c.value().reliable);  // no norms, no threshold
  EXPECT_EQ(c.value().band_before, "");
  EXPECT_EQ(ChangeBetween(psychlops, post, pre).value().delta, -10);
}

TEST(InstrumentChangeTest, HigherIsBetterInPercentagePoints) {
  const Instrument& who5 = Builtin("who5");
  InstrumentScore ten = Score("who5", {2, 2, 2, 2, 2});        // 10 = 40%
  InstrumentScore twelve = Score("who5", {3, 3, 2, 2, 2});     // 12 = 48%
  InstrumentScore thirteen = Score("who5", {3, 3, 3, 2, 2});   // 13 = 52%
  std::optional<OutcomeChange> up = ChangeBetween(who5, ten, thirteen);
  EXPECT_EQ(up.value().delta, 12);  // 52 - 40
  EXPECT_TRUE(up.value().improved);
  EXPECT_TRUE(up.value().reliable);  // 12 >= 10 points
  std::optional<OutcomeChange> small = ChangeBetween(who5, ten, twelve);
  EXPECT_EQ(small.value().delta, 8);
  EXPECT_TRUE(small.value().improved);
  EXPECT_FALSE(small.value().reliable);
  std::optional<OutcomeChange> down = ChangeBetween(who5, thirteen, ten);
  EXPECT_EQ(down.value().delta, -12);
  EXPECT_FALSE(down.value().improved);
  EXPECT_TRUE(down.value().reliable);  // a reliable deterioration
}

TEST(InstrumentChangeTest, ReliableFromExactlyTheThreshold) {
  const Instrument& pcl5 = Builtin("pcl5");
  ASSERT_EQ(pcl5.reliable_change, 10);
  auto total = [](int t) {  // t spread over the 20 items, 4 at most each
    Answers a(20, 0);
    for (size_t i = 0; t > 0; ++i, t -= 4) a[i] = std::min(t, 4);
    return a;
  };
  InstrumentScore forty = Score("pcl5", total(40));
  InstrumentScore thirty = Score("pcl5", total(30));
  InstrumentScore thirty_one = Score("pcl5", total(31));
  ASSERT_EQ(forty.total.value(), 40);
  ASSERT_EQ(thirty.total.value(), 30);
  ASSERT_EQ(thirty_one.total.value(), 31);
  EXPECT_TRUE(ChangeBetween(pcl5, forty, thirty).value().reliable);        // 10
  EXPECT_FALSE(ChangeBetween(pcl5, forty, thirty_one).value().reliable);   // 9
  EXPECT_EQ(ChangeBetween(pcl5, thirty, forty).value().delta, -10);
  EXPECT_TRUE(ChangeBetween(pcl5, thirty, forty).value().reliable);
}

TEST(InstrumentChangeTest, NoChangeWithoutBothTotals) {
  const Instrument& gad7 = Builtin("gad7");
  InstrumentScore full = Score("gad7", {1, 1, 1, 1, 1, 1, 1});
  InstrumentScore gap = Score("gad7", {1, 1, 1, 1, 1, 1, std::nullopt});
  EXPECT_FALSE(ChangeBetween(gad7, full, gap).has_value());
  EXPECT_FALSE(ChangeBetween(gad7, gap, full).has_value());
}

// ---- the score as JSON ----

TEST(InstrumentScoreJsonTest, WholeNumbersAsIntegersAndNullTotal) {
  EXPECT_EQ(ScoreJson(Score("phq9", {3, 3, 3, 0, 0, 0, 0, 0, 1})).dump(),
            R"({"answered":9,"band":"moderate","flags":["self_harm"],"missing":0,"risk_flags":["self_harm"],)"
            R"("subscales":{},"total":10})");
  EXPECT_EQ(ScoreJson(Score("who5", {3, 3, 3, 3, 0})).dump(),
            R"({"answered":5,"band":"","flags":["poor_wellbeing"],"missing":0,"risk_flags":[],"scaled":48,)"
            R"("subscales":{},"total":12})");
  EXPECT_EQ(ScoreJson(Score("pcl5", Answers(20))).dump(),
            R"({"answered":0,"band":"","flags":[],"missing":20,"risk_flags":[],)"
            R"("subscales":{"cluster_b":null,"cluster_c":null,"cluster_d":null,"cluster_e":null},"total":null})");
}

// ---- a client's answers ----

TEST(InstrumentAnswersTest, AcceptsWholeNumbersInRangeAndNull) {
  auto ok = CheckItemAnswers(Builtin("phq9"), Json::parse("[0, 1, 2, 3, null, 0, 1, 2.0, 0]"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, (Answers{0, 1, 2, 3, std::nullopt, 0, 1, 2, 0}));
  auto k10 = CheckItemAnswers(Builtin("k10"), Json::parse("[1, 5, 1, 5, 1, 5, 1, 5, 1, 5]"));
  EXPECT_TRUE(k10.ok());
}

TEST(InstrumentAnswersTest, RefusesAnythingButAListOfTheRightLength) {
  const Instrument& phq9 = Builtin("phq9");
  for (const char* bad : {"{}", "null", "\"0,1,2\"", "3", "[0, 1, 2, 3, 0, 1, 2, 3]", "[0, 1, 2, 3, 0, 1, 2, 3, 0, 1]",
                          "[]"}) {
    auto r = CheckItemAnswers(phq9, Json::parse(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalid);
    EXPECT_EQ(Fields(r.status()), Strings{"answers"}) << bad;
  }
  EXPECT_EQ(MessageFor(CheckItemAnswers(phq9, Json::array()).status(), "answers"),
            "must be a list of 9 answers, one per item in order, null for an item left unanswered");
}

TEST(InstrumentAnswersTest, NamesEveryBadEntry) {
  auto r = CheckItemAnswers(Builtin("phq9"),
                            Json::parse(R"([0, -1, 1.5, "3", true, 4, [1], {"v": 1}, 1e300])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), (Strings{"answers[1]", "answers[2]", "answers[3]", "answers[4]", "answers[5]",
                                         "answers[6]", "answers[7]", "answers[8]"}));
  EXPECT_EQ(MessageFor(r.status(), "answers[5]"), "must be a whole number from 0 to 3 (item 6, q6) or null");
  // K10 items start at 1.
  auto k10 = CheckItemAnswers(Builtin("k10"), Json::parse("[0, 1, 1, 1, 1, 1, 1, 1, 1, 6]"));
  EXPECT_EQ(Fields(k10.status()), (Strings{"answers[0]", "answers[9]"}));
}

// ---- a programme's own definition ----

TEST(InstrumentDefinitionTest, ProgrammeDefinitionParsesWithDefaults) {
  Json def = {{"code", "mini"},
              {"version", "1"},
              {"name", "  Mini scale "},
              {"items", {{{"id", "a"}, {"min", 0}, {"max", 2}}, {{"id", "b"}, {"min", 0}, {"max", 2}}}},
              {"flags", {{{"code", "low"}, {"label", "Low"}, {"max", 1}}}}};
  Result<Instrument> inst = ParseInstrument(def);
  ASSERT_TRUE(inst.ok()) << inst.status().ToString();
  EXPECT_EQ(inst->name, "Mini scale");
  EXPECT_EQ(inst->recall, "");
  EXPECT_EQ(inst->scale, 1);
  EXPECT_EQ(inst->missing, Instrument::Missing::kNone);
  EXPECT_FALSE(inst->reliable_change.has_value());
  EXPECT_FALSE(inst->builtin);
  // A flag without min starts at the lowest possible total.
  ASSERT_EQ(inst->flags.size(), 1u);
  EXPECT_EQ(inst->flags[0].min, 0);
  EXPECT_EQ(inst->flags[0].max, 1);
  EXPECT_EQ(ScoreAnswers(*inst, {1, 0}).flags, Strings{"low"});
  EXPECT_TRUE(ScoreAnswers(*inst, {1, 1}).flags.empty());
}

TEST(InstrumentDefinitionTest, ProgrammeDefinitionRoundTrips) {
  Json def = ProratedDefinition();
  def["scale"] = 2.5;
  def["reliable_change"] = 4.5;
  def["higher_is_better"] = true;
  def["convention"] = "bor_2016";
  def["recall"] = "1 week";
  def["instructions"] = "Line one\nline two";
  def["items"][0]["text"] = "First";
  def["items"][0]["option_labels"] = {"None", "Some", "Much", "All"};
  Result<Instrument> inst = ParseInstrument(def);
  ASSERT_TRUE(inst.ok()) << inst.status().ToString();
  Result<Instrument> again = ParseInstrument(InstrumentJson(*inst));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *inst);
  EXPECT_EQ(again->reliable_change, 4.5);
  EXPECT_EQ(again->max_missing, 2);
  // Scaled by 2.5: a total of 12 is 30; the change is in scaled units.
  InstrumentScore a = ScoreAnswers(*inst, {2, 2, 2, 2, 2, 2, 0, 0, 0, 0});
  InstrumentScore b = ScoreAnswers(*inst, {2, 2, 2, 2, 2, 2, 2, 0, 0, 0});
  EXPECT_EQ(a.scaled.value(), 30);
  EXPECT_EQ(b.scaled.value(), 35);
  EXPECT_EQ(ChangeBetween(*inst, a, b).value().delta, 5);  // higher is better: 35 - 30
  EXPECT_TRUE(ChangeBetween(*inst, a, b).value().reliable);
}

// The example of docs/formats/instrument.md, as printed there.
TEST(InstrumentDefinitionTest, TheDocumentedExampleParses) {
  const Json example = Json::parse(R"json({
    "format": 1,
    "code": "bor_distress",
    "version": "2016-1",
    "name": "Bor distress scale",
    "recall": "2 weeks",
    "instructions": "Over the last 2 weeks, how often ...",
    "items": [
      {"id": "i1", "min": 0, "max": 3, "text": "…", "option_labels": ["Never", "Sometimes", "Often", "Always"]},
      {"id": "i2", "min": 0, "max": 3}
    ],
    "missing": "prorate",
    "max_missing": 1,
    "scale": 1,
    "bands": [
      {"code": "low", "label": "Low", "min": 0, "max": 2},
      {"code": "high", "label": "High", "min": 3, "max": 6}
    ],
    "flags": [
      {"code": "distress", "label": "Distress (3 or more)", "min": 3},
      {"code": "item_2_high", "label": "Item 2 answered 3", "item": 2, "min": 3, "risk": true}
    ],
    "subscales": [{"code": "first", "label": "Item 1", "items": [1]}],
    "higher_is_better": false,
    "reliable_change": 2,
    "convention": "",
    "builtin": false
  })json");
  Result<Instrument> inst = ParseCustomInstrument(example);
  ASSERT_TRUE(inst.ok()) << inst.status().ToString();
  // Item 1 unanswered, item 2 answered 3: prorated 3 x 2 / 1 = 6, high; both flags.
  InstrumentScore s = ScoreAnswers(*inst, {std::nullopt, 3});
  EXPECT_EQ(s.total.value(), 6);
  EXPECT_EQ(s.band, "high");
  EXPECT_EQ(s.flags, (Strings{"distress", "item_2_high"}));
  EXPECT_EQ(s.risk_flags, Strings{"item_2_high"});
  EXPECT_FALSE(s.subscales.at("first").has_value());
}

TEST(InstrumentDefinitionTest, NotAnObject) {
  for (const Json& bad : {Json::array(), Json("phq9"), Json(nullptr), Json(9)}) {
    EXPECT_EQ(Fields(ParseInstrument(bad).status()), Strings{"definition"}) << bad;
  }
}

TEST(InstrumentDefinitionTest, RequiredMembersAreNamed) {
  Status s = ParseInstrument(Json::object()).status();
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(Fields(s), (Strings{"code", "version", "name", "items"}));
  EXPECT_EQ(MessageFor(s, "items"), "is required");
}

Json Valid() { return ProratedDefinition(); }

// The fields a broken copy of the valid definition is refused with.
Strings ErrorsOf(const Json& def) { return Fields(ParseInstrument(def).status()); }

TEST(InstrumentDefinitionTest, CodesVersionAndTexts) {
  for (const char* bad : {"PHQ9", "9phq", "phq-9", "", "phq 9"}) {
    Json def = Valid();
    def["code"] = bad;
    EXPECT_EQ(ErrorsOf(def), Strings{"code"}) << bad;
  }
  Json def = Valid();
  def["code"] = std::string(41, 'c');
  EXPECT_EQ(ErrorsOf(def), Strings{"code"});
  def["code"] = std::string(40, 'c');
  EXPECT_TRUE(ErrorsOf(def).empty());

  for (const Json& bad : {Json(""), Json("v 1"), Json(std::string(41, 'v')), Json(1), Json("   ")}) {
    Json d = Valid();
    d["version"] = bad;
    EXPECT_EQ(ErrorsOf(d), Strings{"version"}) << bad;
  }
  Json d = Valid();
  d["name"] = std::string(201, 'n');
  d["recall"] = "two\nweeks";
  d["instructions"] = std::string(1001, 'i');
  EXPECT_EQ(ErrorsOf(d), (Strings{"name", "recall", "instructions"}));
  d = Valid();
  d["format"] = 2;
  d["convention"] = "ABS";
  d["higher_is_better"] = "yes";
  EXPECT_EQ(ErrorsOf(d), (Strings{"format", "higher_is_better", "convention"}));
}

TEST(InstrumentDefinitionTest, UnknownMembersAreRefusedAtEveryLevel) {
  Json def = Valid();
  def["owner"] = "me";
  def["items"][1]["reverse"] = true;
  def["bands"][0]["colour"] = "red";
  def["flags"][0]["when"] = "always";
  def["subscales"][0]["weight"] = 2;
  EXPECT_EQ(ErrorsOf(def), (Strings{"owner", "items[1].reverse", "bands[0].colour", "flags[0].when",
                                    "subscales[0].weight"}));
}

TEST(InstrumentDefinitionTest, Items) {
  Json def = Valid();
  def["items"] = Json::array();
  EXPECT_EQ(ErrorsOf(def), Strings{"items"});
  def["items"] = "ten items";
  EXPECT_TRUE(Names(ParseInstrument(def).status(), "items"));
  Json many = Json::array();
  for (int i = 0; i < 201; ++i) many.push_back({{"id", "i" + std::to_string(i)}, {"min", 0}, {"max", 1}});
  def["items"] = many;
  EXPECT_TRUE(Names(ParseInstrument(def).status(), "items"));

  def = Valid();
  def["items"][0] = "i1";
  def["items"][1]["min"] = 3;                  // not below max
  def["items"][2]["max"] = 101;                // too large
  def["items"][3]["min"] = -1;                 // negative
  def["items"][4]["max"] = 1.5;                // not whole
  def["items"][5]["id"] = "i5";                // repeats items[4]
  def["items"][6]["text"] = std::string(501, 't');
  def["items"][7]["option_labels"] = {"a", "b"};          // 4 values 0..3
  def["items"][8]["option_labels"] = {"a", " ", "c", 4};  // a blank and a number
  def["items"][9].erase("max");
  Status s = ParseInstrument(def).status();
  EXPECT_EQ(Fields(s), (Strings{"items[0]", "items[1].max", "items[2].max", "items[3].min", "items[4].max",
                                "items[5].id", "items[6].text", "items[7].option_labels",
                                "items[8].option_labels[1]", "items[8].option_labels[3]", "items[9].max"}));
  EXPECT_EQ(MessageFor(s, "items[1].max"), "must be above min");
  EXPECT_EQ(MessageFor(s, "items[5].id"), "repeats the id of items[4]");
  EXPECT_EQ(MessageFor(s, "items[7].option_labels"), "must have 4 labels, one per value from 0 to 3");
  EXPECT_EQ(MessageFor(s, "items[9].max"), "is required");
}

TEST(InstrumentDefinitionTest, BandsCoverEveryTotalOnce) {
  auto bands = [](std::vector<std::pair<int, int>> edges) {
    Json def = Valid();  // totals 0..30
    def["bands"] = Json::array();
    for (size_t i = 0; i < edges.size(); ++i) {
      def["bands"].push_back(
          {{"code", "b" + std::to_string(i)}, {"label", "Band"}, {"min", edges[i].first}, {"max", edges[i].second}});
    }
    return ParseInstrument(def).status();
  };
  EXPECT_TRUE(bands({{0, 30}}).ok());
  EXPECT_TRUE(bands({{0, 0}, {1, 29}, {30, 30}}).ok());
  EXPECT_EQ(Fields(bands({{1, 30}})), Strings{"bands[0].min"});                   // misses 0
  EXPECT_EQ(Fields(bands({{0, 29}})), Strings{"bands[0].max"});                   // misses 30
  EXPECT_EQ(Fields(bands({{0, 10}, {12, 30}})), Strings{"bands[1]"});             // 11 in no band
  EXPECT_EQ(Fields(bands({{0, 10}, {10, 30}})), Strings{"bands[1]"});             // 10 in two
  EXPECT_EQ(Fields(bands({{11, 30}, {0, 10}})), (Strings{"bands[0].min", "bands[1]", "bands[1].max"}));
  EXPECT_EQ(Fields(bands({{0, 31}})), Strings{"bands[0].max"});                   // past the highest total
  EXPECT_EQ(Fields(bands({{0, 20}, {20, 10}, {11, 30}})), Strings{"bands[1].max"});  // max below min
  Status gap = bands({{0, 10}, {12, 30}});
  EXPECT_EQ(MessageFor(gap, "bands[1]"), "leaves a gap after bands[0]: its min must be 11");

  Json def = Valid();
  def["bands"][1]["code"] = "low";
  def["bands"][0]["min"] = 0.5;
  EXPECT_EQ(ErrorsOf(def), (Strings{"bands[0].min", "bands[1].code"}));
  def = Valid();
  def["bands"] = {{"code", "low"}};
  EXPECT_EQ(ErrorsOf(def), Strings{"bands"});
  def["bands"] = {1, 2};
  EXPECT_EQ(ErrorsOf(def), (Strings{"bands[0]", "bands[1]"}));
  def["bands"] = Json::array();  // no bands at all is fine
  EXPECT_TRUE(ErrorsOf(def).empty());
}

TEST(InstrumentDefinitionTest, Flags) {
  Json def = Valid();  // 10 items 0..3, totals 0..30
  def["flags"] = {
      {{"code", "f0"}, {"label", "L"}, {"item", 0}, {"min", 1}},        // item numbers are 1-based
      {{"code", "f1"}, {"label", "L"}, {"item", 11}, {"min", 1}},       // only 10 items
      {{"code", "f2"}, {"label", "L"}},                                 // neither min nor max
      {{"code", "f3"}, {"label", "L"}, {"item", 2}, {"min", 4}},        // item 2 goes to 3
      {{"code", "f4"}, {"label", "L"}, {"min", 31}},                    // totals go to 30
      {{"code", "f5"}, {"label", "L"}, {"min", 20}, {"max", 10}},       // max below min
      {{"code", "f5"}, {"label", "L"}, {"min", 1}},                     // repeats f5
      {{"code", "f7"}, {"label", "L"}, {"min", 1}, {"risk", "yes"}},    // risk not a flag
      {{"code", "f8"}, {"label", ""}, {"item", 1.5}, {"min", 1}},       // no label; item not whole
  };
  Status s = ParseInstrument(def).status();
  EXPECT_EQ(Fields(s), (Strings{"flags[0].item", "flags[1].item", "flags[2]", "flags[3].min", "flags[4].min",
                                "flags[5].max", "flags[6].code", "flags[7].risk", "flags[8].label",
                                "flags[8].item"}));
  EXPECT_EQ(MessageFor(s, "flags[1].item"), "must be an item number from 1 to 10");
  EXPECT_EQ(MessageFor(s, "flags[3].min"), "must be a whole number from 0 to 3");
  EXPECT_EQ(MessageFor(s, "flags[6].code"), "repeats the code of flags[5]");
}

TEST(InstrumentDefinitionTest, Subscales) {
  Json def = Valid();
  def["subscales"] = {
      {{"code", "s0"}, {"label", "L"}, {"items", Json::array()}},
      {{"code", "s1"}, {"label", "L"}, {"items", {1, 11}}},
      {{"code", "s2"}, {"label", "L"}, {"items", {1, 2, 1}}},
      {{"code", "s2"}, {"label", "L"}, {"items", {3}}},
      {{"code", "s4"}, {"label", "L"}},
      {{"code", "s5"}, {"label", "L"}, {"items", {"1"}}},
  };
  Status s = ParseInstrument(def).status();
  EXPECT_EQ(Fields(s), (Strings{"subscales[0].items", "subscales[1].items[1]", "subscales[2].items[2]",
                                "subscales[3].code", "subscales[4].items", "subscales[5].items[0]"}));
  EXPECT_EQ(MessageFor(s, "subscales[2].items[2]"), "repeats item 1");
}

TEST(InstrumentDefinitionTest, MissingScaleAndReliableChange) {
  Json def = Valid();
  def["missing"] = "mean";
  EXPECT_EQ(ErrorsOf(def), Strings{"missing"});
  def = Valid();
  def.erase("max_missing");
  EXPECT_EQ(ErrorsOf(def), Strings{"max_missing"});  // prorate needs a limit
  def["max_missing"] = 10;                            // all ten could be missing
  EXPECT_EQ(ErrorsOf(def), Strings{"max_missing"});
  def["max_missing"] = 0;
  EXPECT_EQ(ErrorsOf(def), Strings{"max_missing"});
  def["max_missing"] = 9;
  EXPECT_TRUE(ErrorsOf(def).empty());
  def["missing"] = "none";
  EXPECT_EQ(ErrorsOf(def), Strings{"max_missing"});  // a limit without a rule
  def["max_missing"] = 0;
  EXPECT_TRUE(ErrorsOf(def).empty());

  for (const Json& bad : {Json(0), Json(-1), Json(101), Json("4")}) {
    Json d = Valid();
    d["scale"] = bad;
    EXPECT_EQ(ErrorsOf(d), Strings{"scale"}) << bad;
  }
  for (const Json& bad : {Json(0), Json(-2), Json(31), Json("10")}) {
    Json d = Valid();
    d["reliable_change"] = bad;
    EXPECT_EQ(ErrorsOf(d), Strings{"reliable_change"}) << bad;
  }
  Json d = Valid();
  d["reliable_change"] = 30;  // the widest change there is
  EXPECT_TRUE(ErrorsOf(d).empty());
  d["scale"] = 4;
  d["reliable_change"] = 120;  // scaled: 30 x 4
  EXPECT_TRUE(ErrorsOf(d).empty());
  d["reliable_change"] = nullptr;  // null counts as left out
  EXPECT_TRUE(ErrorsOf(d).empty());
}

TEST(InstrumentDefinitionTest, EveryErrorAtOnce) {
  Json def = Valid();
  def["code"] = "Bad";
  def["items"][2]["max"] = "three";
  def["bands"][1]["max"] = 29;
  def["flags"][1]["item"] = 12;
  def["subscales"][0]["items"][0] = 0;
  Status s = ParseInstrument(def).status();
  EXPECT_EQ(s.code(), Code::kInvalid);
  // With item 3's range unknown, the bands cannot be judged against the totals: they are not
  // reported until it is fixed.
  EXPECT_EQ(Fields(s), (Strings{"code", "items[2].max", "flags[1].item", "subscales[0].items[0]"}));
  def["items"][2]["max"] = 3;
  EXPECT_EQ(ErrorsOf(def), (Strings{"code", "bands[1].max", "flags[1].item", "subscales[0].items[0]"}));
}

TEST(InstrumentDefinitionTest, CustomDefinitionsCannotPoseAsBuiltins) {
  Json def = Valid();
  EXPECT_TRUE(ParseCustomInstrument(def).ok());
  def["builtin"] = true;
  EXPECT_EQ(Fields(ParseCustomInstrument(def).status()), Strings{"builtin"});
  EXPECT_TRUE(ParseInstrument(def).ok());  // a stored built-in reads back
  def["builtin"] = false;
  def["code"] = "phq9";
  EXPECT_EQ(Fields(ParseCustomInstrument(def).status()), Strings{"code"});
  def["items"] = Json::array();
  EXPECT_EQ(Fields(ParseCustomInstrument(def).status()), (Strings{"items", "code"}));
}

}  // namespace
}  // namespace baton
