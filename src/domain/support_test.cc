#include "domain/support.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

// Validates and resolves a new record as the service does on `today`; the field of the first
// error, or "".
std::string FirstError(const RecordSpec& spec, Status (*resolve)(Json&, std::string_view), const Json& input,
                       Json* out = nullptr) {
  Result<Json> clean = ValidateInput(spec, input, InputMode::kCreate);
  if (!clean.ok()) return clean.status().errors().empty() ? "?" : clean.status().errors()[0].field;
  Json state = *clean;
  Status s = resolve(state, "2017-09-15");
  if (out) *out = state;
  return s.ok() ? "" : s.errors()[0].field;
}

constexpr const char* kProgramme = "0190a1b2-0000-7000-8000-000000000001";

TEST(SupportToolTest, IsSharedTodayUnlessSaidAndNeverLater) {
  const Json base = {{"programme_id", kProgramme}, {"title", "Lay counselling manual"}, {"category", "manual"}, {"version", "2.0"}};
  Json state;
  ASSERT_EQ(FirstError(SupportToolSpec(), ResolveSupportTool, base, &state), "");
  EXPECT_EQ(state["shared_on"], "2017-09-15");
  EXPECT_EQ(state["active"], true);
  Json later = base;
  later["shared_on"] = "2017-09-16";
  EXPECT_EQ(FirstError(SupportToolSpec(), ResolveSupportTool, later), "shared_on");
  for (const char* field : {"title", "category", "version", "programme_id"}) {
    Json missing = base;
    missing.erase(field);
    EXPECT_EQ(FirstError(SupportToolSpec(), ResolveSupportTool, missing), field);
  }
  Json bad = base;
  bad["category"] = "poster";
  EXPECT_EQ(FirstError(SupportToolSpec(), ResolveSupportTool, bad), "category");
}

TEST(AdvisingSessionTest, HappenedAlreadyAndNamesItsAdvisor) {
  const Json base = {{"programme_id", kProgramme}, {"date", "2017-09-15"}, {"topic", "Supervision of new counsellors"},
                     {"mode", "remote_call"}, {"advisor_name", "IOM MHPSS advisor"}};
  EXPECT_EQ(FirstError(AdvisingSessionSpec(), ResolveAdvisingSession, base), "");
  Json future = base;
  future["date"] = "2017-09-16";
  EXPECT_EQ(FirstError(AdvisingSessionSpec(), ResolveAdvisingSession, future), "date");
  Json nameless = base;
  nameless.erase("advisor_name");
  EXPECT_EQ(FirstError(AdvisingSessionSpec(), ResolveAdvisingSession, nameless), "advisor_name");
  Json bad = base;
  bad["mode"] = "letter";
  EXPECT_EQ(FirstError(AdvisingSessionSpec(), ResolveAdvisingSession, bad), "mode");
  Json unknown = base;
  unknown["advisor_user_id"] = kProgramme;
  EXPECT_EQ(FirstError(AdvisingSessionSpec(), ResolveAdvisingSession, unknown), "advisor_user_id")
      << "set by the service, never by a client";
}

}  // namespace
}  // namespace baton
