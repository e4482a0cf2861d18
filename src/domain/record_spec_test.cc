#include "domain/record_spec.h"

#include <gtest/gtest.h>

#include "domain/accounts.h"

namespace baton {
namespace {

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field);
  return out;
}

TEST(RecordSpecTest, ValidSiteIsNormalised) {
  auto r = ValidateInput(SiteSpec(),
                         Json{{"name", "  Bor PoC  "}, {"type", "poc_site"}, {"admin1", "Jonglei"},
                              {"latitude", 6.2}},
                         InputMode::kCreate);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["name"], "Bor PoC");
}

TEST(RecordSpecTest, NamesEveryBadField) {
  auto r = ValidateInput(SiteSpec(),
                         Json{{"name", 5}, {"type", "palace"}, {"latitude", 200}, {"colour", "red"}},
                         InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalid);
  auto fields = Fields(r.status());
  for (const char* f : {"name", "type", "latitude", "colour", "admin1"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
}

TEST(RecordSpecTest, RequiredStringMayNotBeBlank) {
  auto r = ValidateInput(SiteSpec(), Json{{"name", "   "}, {"type", "camp"}, {"admin1", "Jonglei"}},
                         InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"name"});
  EXPECT_EQ(r.status().errors()[0].message, "is required");
}

TEST(RecordSpecTest, PatchRejectsImmutableAndWriteOnlyFields) {
  auto r = ValidateInput(UserSpec(), Json{{"username", "other"}, {"password", "x"}}, InputMode::kPatch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors().size(), 2u);
}

TEST(RecordSpecTest, PatchNeedNotCarryRequiredFieldsButCannotNullThem) {
  EXPECT_TRUE(ValidateInput(SiteSpec(), Json{{"admin2", "Bor South"}}, InputMode::kPatch).ok());
  auto cleared = ValidateInput(SiteSpec(), Json{{"admin2", nullptr}}, InputMode::kPatch);
  ASSERT_TRUE(cleared.ok());
  EXPECT_TRUE((*cleared)["admin2"].is_null());
  EXPECT_FALSE(ValidateInput(SiteSpec(), Json{{"name", nullptr}}, InputMode::kPatch).ok());
}

TEST(RecordSpecTest, RejectsControlCharactersAndOverlongText) {
  EXPECT_FALSE(ValidateInput(SiteSpec(), Json{{"name", "Bor\x01"}}, InputMode::kPatch).ok());
  EXPECT_FALSE(ValidateInput(SiteSpec(), Json{{"name", std::string(201, 'a')}}, InputMode::kPatch).ok());
  // Length counts characters, not bytes: 200 Arabic letters are fine.
  std::string arabic;
  for (int i = 0; i < 200; ++i) arabic += "\xd8\xa8";
  EXPECT_TRUE(ValidateInput(SiteSpec(), Json{{"name", arabic}}, InputMode::kPatch).ok());
}

TEST(RecordSpecTest, SlugsAreLowerCasedAndChecked) {
  auto ok = ValidateInput(UserSpec(), Json{{"username", "IOM.Manager"}, {"display_name", "M"},
                                            {"roles", {"manager"}}, {"password", "x"}},
                          InputMode::kCreate);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["username"], "iom.manager");
  EXPECT_FALSE(ValidateInput(UserSpec(), Json{{"username", "-bad"}}, InputMode::kCreate).ok());
  EXPECT_FALSE(ValidateInput(UserSpec(), Json{{"username", "has space"}}, InputMode::kCreate).ok());
}

TEST(RecordSpecTest, RolesMustBeKnownAndDistinct) {
  Json base = {{"username", "a.b"}, {"display_name", "A"}, {"password", "x"}};
  base["roles"] = Json::array({"wizard"});
  EXPECT_FALSE(ValidateInput(UserSpec(), base, InputMode::kCreate).ok());
  base["roles"] = Json::array({"admin", "admin"});
  EXPECT_FALSE(ValidateInput(UserSpec(), base, InputMode::kCreate).ok());
  base["roles"] = Json::array();
  EXPECT_FALSE(ValidateInput(UserSpec(), base, InputMode::kCreate).ok());
  base["roles"] = Json::array({"admin", "me_officer"});
  EXPECT_TRUE(ValidateInput(UserSpec(), base, InputMode::kCreate).ok());
}

TEST(RecordSpecTest, DatesMustExistOnTheCalendar) {
  EXPECT_TRUE(IsValidDate("2017-08-15"));
  EXPECT_TRUE(IsValidDate("2016-02-29"));
  EXPECT_FALSE(IsValidDate("2017-02-29"));
  EXPECT_FALSE(IsValidDate("2017-13-01"));
  EXPECT_FALSE(IsValidDate("2017-8-15"));
  EXPECT_FALSE(IsValidDate("15/08/2017"));
}

TEST(RecordSpecTest, ProgrammeEndMayNotPrecedeStart) {
  EXPECT_TRUE(CheckProgrammeDates(Json{{"start_date", "2014-03-01"}, {"end_date", "2017-08-15"}}).ok());
  Status s = CheckProgrammeDates(Json{{"start_date", "2014-03-01"}, {"end_date", "2013-01-01"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.errors()[0].field, "end_date");
}

TEST(RecordSpecTest, BodyMustBeAnObject) {
  auto r = ValidateInput(SiteSpec(), Json::array(), InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors()[0].field, "body");
}

}  // namespace
}  // namespace baton
