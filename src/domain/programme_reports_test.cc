#include "domain/programme_reports.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

// Validates and resolves a new report as the service does; the field of the first error, or "".
std::string FirstError(const Json& input, Json* out = nullptr) {
  Result<Json> clean = ValidateInput(ProgrammeReportSpec(), input, InputMode::kCreate);
  if (!clean.ok()) return clean.status().errors().empty() ? "?" : clean.status().errors()[0].field;
  Json state = *clean;
  Status s = ResolveProgrammeReport(state, state);
  if (out) *out = state;
  return s.ok() ? "" : s.errors()[0].field;
}

const Json kBase = {{"programme_id", "0190a1b2-0000-7000-8000-000000000001"}, {"title", "Annual report"}};

Json With(const Json& extra) {
  Json j = kBase;
  j.update(extra);
  return j;
}

TEST(ProgrammeReportTest, APeriodTextSetsTheDatesAndDefaultsAreShared) {
  Json state;
  ASSERT_EQ(FirstError(With({{"period", "2016-Q3"}}), &state), "");
  EXPECT_EQ(state["from"], "2016-07-01");
  EXPECT_EQ(state["to"], "2016-09-30");
  EXPECT_EQ(state["audience"], "shared");
  EXPECT_EQ(state["status"], "draft");
  ASSERT_EQ(FirstError(With({{"from", "2016-03-15"}, {"to", "2016-05-31"}, {"audience", "internal"}}), &state), "");
  EXPECT_FALSE(state.contains("period"));
  EXPECT_EQ(state["audience"], "internal");
}

TEST(ProgrammeReportTest, BadPeriodsNameTheirField) {
  EXPECT_EQ(FirstError(kBase), "period");
  EXPECT_EQ(FirstError(With({{"period", "2016-Q5"}})), "period");
  EXPECT_EQ(FirstError(With({{"period", "2016"}, {"from", "2016-01-01"}})), "period");
  EXPECT_EQ(FirstError(With({{"from", "2016-01-01"}})), "to");
  EXPECT_EQ(FirstError(With({{"to", "2016-01-01"}})), "from");
  EXPECT_EQ(FirstError(With({{"from", "2016-02-01"}, {"to", "2016-01-31"}})), "to");
  EXPECT_EQ(FirstError(With({{"from", "2016-02-30"}, {"to", "2016-03-31"}})), "from");
}

TEST(ProgrammeReportTest, TextFieldsHaveLimits) {
  EXPECT_EQ(FirstError(With({{"period", "2016"}, {"title", std::string(201, 'x')}})), "title");
  EXPECT_EQ(FirstError(With({{"period", "2016"}, {"challenges", std::string(kMaxNarrativeLength + 1, 'x')}})), "challenges");
  EXPECT_EQ(FirstError(With({{"period", "2016"}, {"challenges", std::string(kMaxNarrativeLength, 'x')}})), "");
  EXPECT_EQ(FirstError(With({{"period", "2016"}, {"status", "published"}})), "status");
  EXPECT_EQ(FirstError(With({{"period", "2016"}, {"audience", "public"}})), "audience");
}

TEST(ProgrammeReportTest, NewDatesInAPatchReplaceThePeriodText) {
  Json state = {{"period", "2016"}, {"from", "2016-01-01"}, {"to", "2016-12-31"}, {"audience", "shared"}, {"status", "final"}};
  const Json patch = {{"to", "2016-06-30"}};
  state["to"] = "2016-06-30";
  ASSERT_TRUE(ResolveProgrammeReport(patch, state).ok());
  EXPECT_FALSE(state.contains("period"));
  EXPECT_EQ(state["from"], "2016-01-01");
  EXPECT_EQ(state["status"], "final") << "a patch keeps what it does not name";
}

}  // namespace
}  // namespace baton
