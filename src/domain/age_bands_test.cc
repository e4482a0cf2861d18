#include "domain/age_bands.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baton {
namespace {

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field);
  return out;
}

Json Profile(Json bands) { return Json{{"name", "under5"}, {"bands", std::move(bands)}}; }

TEST(AgeBandsTest, StandardProfileIsTheDefaultOfMhpss) {
  EXPECT_EQ(StandardAgeBands().name, "standard");
  EXPECT_EQ(StandardAgeBands().Codes(), (std::vector<std::string>{"0_5", "6_11", "12_17", "18_59", "60_plus"}));
  EXPECT_EQ(CoarseAgeBands().Codes(), (std::vector<std::string>{"0_17", "18_59", "60_plus"}));
  EXPECT_EQ(StandardAgeBands().Find("60_plus")->min_age, 60);
  EXPECT_FALSE(StandardAgeBands().Find("60_plus")->max_age);
  EXPECT_EQ(StandardAgeBands().Find("70_plus"), nullptr);
}

TEST(AgeBandsTest, EdgesFallInTheRightBand) {
  const AgeBands& b = StandardAgeBands();
  EXPECT_EQ(AgeBandOf(0, b), "0_5");
  EXPECT_EQ(AgeBandOf(5, b), "0_5");
  EXPECT_EQ(AgeBandOf(6, b), "6_11");
  EXPECT_EQ(AgeBandOf(11, b), "6_11");
  EXPECT_EQ(AgeBandOf(12, b), "12_17");
  EXPECT_EQ(AgeBandOf(17, b), "12_17");
  EXPECT_EQ(AgeBandOf(18, b), "18_59");
  EXPECT_EQ(AgeBandOf(59, b), "18_59");
  EXPECT_EQ(AgeBandOf(60, b), "60_plus");
  EXPECT_EQ(AgeBandOf(120, b), "60_plus");
  EXPECT_FALSE(AgeBandOf(-1, b));
  EXPECT_EQ(AgeBandOf(17, CoarseAgeBands()), "0_17");
  EXPECT_EQ(AgeBandOf(18, CoarseAgeBands()), "18_59");
}

TEST(AgeBandsTest, ProgrammeMaySetItsOwnProfile) {
  Json field = Profile(Json::array({{{"code", "0_4"}, {"min", 0}, {"max", 4}},
                                    {{"code", "5_17"}, {"min", 5}, {"max", 17}},
                                    {{"code", "18_plus"}, {"min", 18}}}));
  EXPECT_TRUE(CheckAgeBands(field).ok()) << CheckAgeBands(field).ToString();
  AgeBands bands = AgeBandsOfProgramme(Json{{"name", "Bor"}, {"age_bands", field}});
  EXPECT_EQ(bands.name, "under5");
  EXPECT_EQ(bands.Codes(), (std::vector<std::string>{"0_4", "5_17", "18_plus"}));
  EXPECT_EQ(AgeBandOf(4, bands), "0_4");
  EXPECT_EQ(AgeBandOf(5, bands), "5_17");
  EXPECT_EQ(AgeBandOf(99, bands), "18_plus");
  // A single open band is a profile too.
  EXPECT_TRUE(CheckAgeBands(Profile(Json::array({{{"code", "all"}, {"min", 0}}}))).ok());
}

TEST(AgeBandsTest, ProgrammeWithoutOrWithABadProfileGetsTheStandardOne) {
  EXPECT_EQ(AgeBandsOfProgramme(Json{{"name", "Bor"}}).name, "standard");
  EXPECT_EQ(AgeBandsOfProgramme(Json{{"age_bands", Profile(Json::array())}}).name, "standard");
}

TEST(AgeBandsTest, BadProfilesNameTheField) {
  struct Case {
    Json field;
    std::string error;
  };
  std::vector<Case> cases = {
      {Json::array(), "age_bands"},
      {Json{{"bands", Json::array({{{"code", "all"}, {"min", 0}}})}}, "age_bands.name"},
      {Profile(Json::array()), "age_bands.bands"},
      {Profile(Json::array({{{"code", "a"}, {"min", 1}}})), "age_bands.bands[0].min"},
      {Profile(Json::array({{{"code", "a"}, {"min", 0}, {"max", 4}}, {{"code", "b"}, {"min", 6}}})),
       "age_bands.bands[1].min"},  // a gap
      {Profile(Json::array({{{"code", "a"}, {"min", 0}, {"max", 4}}, {{"code", "b"}, {"min", 4}}})),
       "age_bands.bands[1].min"},  // an overlap
      {Profile(Json::array({{{"code", "a"}, {"min", 0}, {"max", 4}}})), "age_bands.bands[0].max"},
      {Profile(Json::array({{{"code", "a"}, {"min", 0}}, {{"code", "b"}, {"min", 5}}})), "age_bands.bands[0].max"},
      {Profile(Json::array({{{"code", "a"}, {"min", 0}, {"max", 4}}, {{"code", "a"}, {"min", 5}}})),
       "age_bands.bands[1].code"},
      {Profile(Json::array({{{"code", "Under 5"}, {"min", 0}}})), "age_bands.bands[0].code"},
      {Profile(Json::array({{{"code", "a"}, {"min", 0}, {"max", 9}}, {{"code", "b"}, {"min", 10}, {"max", 3}},
                            {{"code", "c"}, {"min", 11}}})),
       "age_bands.bands[1].max"},
      {Profile(Json::array({{{"code", "a"}, {"min", 0.5}}})), "age_bands.bands[0].min"},
      {Profile(Json::array({{{"code", "a"}, {"min", 0}, {"colour", "red"}}})), "age_bands.bands[0].colour"},
      {Profile(Json::array({"0_5"})), "age_bands.bands[0]"},
  };
  for (const Case& c : cases) {
    Status s = CheckAgeBands(c.field);
    ASSERT_FALSE(s.ok()) << c.field.dump();
    EXPECT_EQ(s.code(), Code::kInvalid);
    EXPECT_EQ(Fields(s)[0], c.error) << c.field.dump() << " " << s.ToString();
  }
}

}  // namespace
}  // namespace baton
