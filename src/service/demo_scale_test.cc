// The demo at scale: group work in proportion to the people, naming only people registered in the
// programme's organisation, each session within its activity's dates, and a log that verifies.
#include "service/demo_scale.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/crypto.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "service/test_node.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

constexpr int kPeople = 5000;

class DemoScaleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test::FreshDir("baton-demo-scale-test");
    node_ = std::make_unique<test::Node>(dir_, clock_, random_, 'd');
    store_ = node_->store.get();
    services_ = node_->services.get();
  }
  void TearDown() override {
    node_.reset();
    fs::remove_all(dir_);
  }
  // Every record of a kind, by id.
  std::map<std::string, Json> All(const std::string& kind) {
    std::map<std::string, Json> out;
    ListQuery q{.kind = kind, .limit = 1000};
    for (;;) {
      auto page = store_->List(q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return out;
      for (const Record& r : page->items) out[r.id] = r.data;
      if (!page->has_more) return out;
      q.after_id = page->items.back().id;
    }
  }

  fs::path dir_;
  FakeClock clock_{1'502'789'400'000};
  SeededRandom random_{11};
  std::unique_ptr<test::Node> node_;
  Store* store_ = nullptr;
  Services* services_ = nullptr;
};

TEST_F(DemoScaleTest, TenAttendanceEntriesPerPersonNamingTheProgrammesOwnPeopleWithinTheActivitiesDates) {
  std::vector<std::string> progress;
  auto logins = SeedDemo(*services_, kPeople, [&](const std::string& line) { progress.push_back(line); });
  ASSERT_TRUE(logins.ok()) << logins.status().ToString();
  EXPECT_FALSE(progress.empty());
  auto iom = store_->List({.kind = "organization", .equals = {{"code", "iom"}}, .limit = 1});
  ASSERT_TRUE(iom.ok());
  ASSERT_EQ(iom->items.size(), 1u);
  const std::string org = iom->items[0].id;

  const std::map<std::string, Json> people = All("person");
  const std::map<std::string, Json> activities = All("activity");
  const std::map<std::string, Json> sessions = All("session");
  const std::map<std::string, Json> attendance = All("attendance");
  ASSERT_EQ(people.size(), static_cast<size_t>(kPeople));
  EXPECT_GT(activities.size(), 20u);  // the story has ten

  // Every session within its activity's dates, its attendance recorded with it.
  size_t headcounts = 0;
  for (const auto& [id, s] : sessions) {
    auto a = activities.find(s["activity_id"]);
    ASSERT_NE(a, activities.end()) << id;
    EXPECT_GE(s["date"].get<std::string>(), a->second["start_date"].get<std::string>()) << id;
    EXPECT_LE(s["date"].get<std::string>(), a->second["end_date"].get<std::string>()) << id;
    EXPECT_EQ(s["organization_id"], org);
    auto recorded = attendance.find(id);
    if (recorded == attendance.end()) continue;
    EXPECT_EQ(recorded->second["date"], s["date"]);
    EXPECT_EQ(recorded->second["activity_id"], s["activity_id"]);
    if (recorded->second.contains("headcount")) ++headcounts;
  }
  EXPECT_GE(headcounts, static_cast<size_t>(kPeople / 50));

  // About ten entries per person, each naming an active person of the organisation registered by
  // the session's date; most people attend something.
  std::set<std::string> attended;
  size_t entries = 0, present = 0;
  std::string after_entity;
  int64_t after_position = -1;
  for (;;) {
    auto rows = store_->ListElements("attendance", "attendance", after_entity, after_position, 1000);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    if (rows->empty()) break;
    for (const ElementRow& row : *rows) {
      ++entries;
      if (row.values.value("present", false)) ++present;
      if (!row.values.contains("person_id") || !row.values["person_id"].is_string()) continue;  // a trainee
      const std::string person_id = row.values["person_id"];
      auto p = people.find(person_id);
      ASSERT_NE(p, people.end()) << "not a registered person: " << person_id;
      EXPECT_EQ(p->second["organization_id"], org);
      EXPECT_EQ(p->second["status"], "active");
      const std::string date = sessions.at(row.entity_id)["date"];
      EXPECT_LE(p->second["registered_on"].get<std::string>(), date) << person_id;
      attended.insert(person_id);
    }
    after_entity = rows->back().entity_id;
    after_position = rows->back().position;
  }
  const double per_person = static_cast<double>(entries) / kPeople;
  EXPECT_GE(per_person, 9.0);
  EXPECT_LE(per_person, 11.5);
  EXPECT_GT(attended.size(), static_cast<size_t>(kPeople * 9 / 10));
  EXPECT_GT(present, entries * 3 / 4);
  EXPECT_LT(present, entries);

  // The log, the projections and the element tables agree.
  auto admin = services_->auth.Login("iom.admin", std::string(kDemoPassword), "10.0.0.1");
  ASSERT_TRUE(admin.ok());
  auto report = services_->audit.Verify(admin->principal);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST_F(DemoScaleTest, TheStoryAsToldHasOnlyItsOwnActivities) {
  std::vector<std::string> progress;
  ASSERT_TRUE(SeedDemo(*services_, 300, [&](const std::string& line) { progress.push_back(line); }).ok());
  EXPECT_TRUE(progress.empty());
  // Ten of the story's streams and the two community dialogue series of its mediation work.
  EXPECT_EQ(All("activity").size(), 12u);
}

}  // namespace
}  // namespace baton
