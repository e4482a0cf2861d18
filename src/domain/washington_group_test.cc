#include "domain/washington_group.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace baton {
namespace {

Json AllAnswered(int answer) {
  Json answers = Json::object();
  for (std::string_view domain : WgssDomains()) answers[std::string(domain)] = answer;
  return answers;
}

TEST(WashingtonGroupTest, SixDomainsInTheGroupsOrder) {
  const auto& domains = WgssDomains();
  ASSERT_EQ(domains.size(), 6u);
  EXPECT_EQ(domains[0], "seeing");
  EXPECT_EQ(domains[1], "hearing");
  EXPECT_EQ(domains[2], "walking");
  EXPECT_EQ(domains[3], "remembering");
  EXPECT_EQ(domains[4], "self_care");
  EXPECT_EQ(domains[5], "communicating");
}

TEST(WashingtonGroupTest, AcceptsEveryAnswerOfEveryDomain) {
  for (std::string_view domain : WgssDomains()) {
    for (int answer = 1; answer <= 4; ++answer) {
      EXPECT_TRUE(CheckWgss(Json{{std::string(domain), answer}}).ok()) << domain << "=" << answer;
    }
  }
  for (int answer = 1; answer <= 4; ++answer) EXPECT_TRUE(CheckWgss(AllAnswered(answer)).ok());
}

TEST(WashingtonGroupTest, DomainsMayBeLeftOut) {
  EXPECT_TRUE(CheckWgss(Json::object()).ok());
  EXPECT_TRUE(CheckWgss(Json{{"seeing", 1}, {"walking", 2}}).ok());
}

TEST(WashingtonGroupTest, RefusesAnswersOutsideOneToFourNamingTheDomain) {
  for (std::string_view domain : WgssDomains()) {
    for (Json bad : {Json(0), Json(5), Json(-1), Json(100), Json(18446744073709551615ULL),
                     Json(-9223372036854775807LL - 1)}) {
      Status s = CheckWgss(Json{{std::string(domain), bad}});
      ASSERT_FALSE(s.ok()) << domain << "=" << bad.dump();
      EXPECT_EQ(s.code(), Code::kInvalid);
      ASSERT_EQ(s.errors().size(), 1u);
      EXPECT_EQ(s.errors()[0].field, "wg_ss." + std::string(domain));
    }
  }
}

TEST(WashingtonGroupTest, RefusesOutOfRangeAnswersAsAParserReadsThem) {
  // A parser reads non-negative numbers as unsigned and negative ones as signed.
  for (const char* text : {R"({"seeing": 0})", R"({"seeing": 5})", R"({"seeing": -3})", R"({"seeing": 1e1})",
                           R"({"seeing": 99999999999999999999})"}) {
    Status s = CheckWgss(Json::parse(text));
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.errors()[0].field, "wg_ss.seeing");
  }
  EXPECT_TRUE(CheckWgss(Json::parse(R"({"seeing": 1, "self_care": 4})")).ok());
  EXPECT_EQ(WgssDisability(Json::parse(R"({"seeing": 0, "hearing": 4})")), true);
  EXPECT_EQ(WgssDisability(Json::parse(
                R"({"seeing": 0, "hearing": 1, "walking": 1, "remembering": 1, "self_care": 1, "communicating": 1})")),
            std::nullopt);
}

TEST(WashingtonGroupTest, RefusesAnswersThatAreNotWholeNumbers) {
  for (Json bad : {Json(2.5), Json(2.0), Json("2"), Json(true), Json(nullptr), Json::array({2}),
                   Json::object({{"value", 2}})}) {
    Status s = CheckWgss(Json{{"hearing", bad}});
    ASSERT_FALSE(s.ok()) << bad.dump();
    ASSERT_EQ(s.errors().size(), 1u);
    EXPECT_EQ(s.errors()[0].field, "wg_ss.hearing");
  }
}

TEST(WashingtonGroupTest, RefusesUnknownDomains) {
  for (const char* key : {"sight", "Seeing", "self-care", "", "wg_ss"}) {
    Status s = CheckWgss(Json{{key, 1}});
    ASSERT_FALSE(s.ok()) << key;
    EXPECT_EQ(s.errors()[0].field, "wg_ss." + std::string(key));
    EXPECT_NE(s.errors()[0].message.find("not a Washington Group domain"), std::string::npos);
  }
}

TEST(WashingtonGroupTest, NamesEveryBadField) {
  Status s = CheckWgss(Json{{"seeing", 1}, {"hearing", 7}, {"smell", 1}, {"walking", "x"}});
  ASSERT_EQ(s.code(), Code::kInvalid);
  ASSERT_EQ(s.errors().size(), 3u);
  std::set<std::string> fields;
  for (const FieldError& e : s.errors()) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"wg_ss.hearing", "wg_ss.smell", "wg_ss.walking"}));
  EXPECT_NE(s.message().find("and 2 more"), std::string::npos);
}

TEST(WashingtonGroupTest, RefusesSomethingOtherThanAnObject) {
  for (Json bad : {Json::array(), Json(1), Json("seeing"), Json(nullptr)}) {
    Status s = CheckWgss(bad);
    ASSERT_EQ(s.code(), Code::kInvalid) << bad.dump();
    EXPECT_EQ(s.errors()[0].field, "wg_ss");
  }
}

TEST(WashingtonGroupTest, DisabilityWhenAnyDomainIsALotOfDifficultyOrCannot) {
  for (std::string_view domain : WgssDomains()) {
    for (int answer : {3, 4}) {
      Json alone{{std::string(domain), answer}};
      EXPECT_EQ(WgssDisability(alone), true) << domain << "=" << answer;  // others not asked
      Json with_others = AllAnswered(1);
      with_others[std::string(domain)] = answer;
      EXPECT_EQ(WgssDisability(with_others), true);
    }
  }
  EXPECT_EQ(WgssDisability(AllAnswered(4)), true);
}

TEST(WashingtonGroupTest, NoDisabilityOnlyWhenAllSixAreAnsweredBelowThree) {
  EXPECT_EQ(WgssDisability(AllAnswered(1)), false);
  EXPECT_EQ(WgssDisability(AllAnswered(2)), false);
  Json mixed = AllAnswered(1);
  mixed["walking"] = 2;
  mixed["communicating"] = 2;
  EXPECT_EQ(WgssDisability(mixed), false);
}

TEST(WashingtonGroupTest, UnknownWhenSomeAreMissingAndNoneIsThreeOrFour) {
  EXPECT_EQ(WgssDisability(Json::object()), std::nullopt);
  for (std::string_view domain : WgssDomains()) {
    Json five = AllAnswered(2);
    five.erase(std::string(domain));
    EXPECT_EQ(WgssDisability(five), std::nullopt) << "without " << domain;
  }
  // An answer CheckWgss refuses counts as not answered.
  Json bad = AllAnswered(1);
  bad["seeing"] = 5;
  EXPECT_EQ(WgssDisability(bad), std::nullopt);
  bad["seeing"] = "3";
  EXPECT_EQ(WgssDisability(bad), std::nullopt);
  // An unknown key neither answers a domain nor blocks the answer.
  Json extra = AllAnswered(1);
  extra["smell"] = 4;
  EXPECT_EQ(WgssDisability(extra), false);
  EXPECT_EQ(WgssDisability(Json::array()), std::nullopt);
}

}  // namespace
}  // namespace baton
