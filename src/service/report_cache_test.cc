// The report cache against the store it mirrors: after any run of changes — people created,
// edited, moving between programmes; activities leaving and rejoining; sessions recorded, corrected
// and moved — the facts it brings up to date from the change log are those a fresh read of the
// store gives, whether it catches up entry by entry or reads everything again.
#include "service/report_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "changes/change_set.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

std::string Uuid(int n) {
  char id[40];
  std::snprintf(id, sizeof id, "0190a000-0000-7000-8000-%012x", n);
  return id;
}

// What a report can learn from the facts, independent of their indexes.
std::string Describe(const ProgrammeFacts& f, int32_t person) {
  if (person < 0 || !f.people()[person].in_programme) return "-";
  const ProgrammeFacts::Person& p = f.people()[person];
  return std::string(f.Text(p.sex)) + "/" + std::to_string(p.birth) + "/" + std::string(f.Text(p.group)) + "/" +
         std::to_string(p.disability) + "/" + std::string(f.Text(p.site));
}

std::multiset<std::string> Dump(const ProgrammeFacts& f, const std::vector<std::string>& people) {
  std::multiset<std::string> out;
  for (const std::string& id : people) out.insert("person " + id + " " + Describe(f, f.FindPerson(id)));
  for (const ProgrammeFacts::Activity& a : f.activities()) {
    if (f.FindActivity(a.id) >= 0) out.insert("activity " + a.id + " " + a.stream + " " + a.code + " " + a.site + " " + a.mode);
  }
  for (const ProgrammeFacts::Session& s : f.sessions()) {
    if (s.count == 0) continue;
    std::vector<std::string> present;
    for (const int32_t p : f.Present(s)) present.push_back(Describe(f, p));
    std::sort(present.begin(), present.end());
    std::string line = "session " + (s.activity < 0 ? std::string("-") : f.activities()[s.activity].id) + " " +
                       std::to_string(s.date);
    for (const std::string& p : present) line += " " + p;
    out.insert(line);
  }
  for (const ProgrammeFacts::Session& s : f.sessions()) {
    if (s.activity < 0 || f.activities()[s.activity].mode != "headcount" || s.cells_count == 0) continue;
    std::string line = "headcount " + f.activities()[s.activity].id + " " + std::to_string(s.date);
    for (const ProgrammeFacts::HeadcountCell& c : f.Headcount(s)) {
      line += " " + std::string(f.Text(c.sex)) + ":" + std::string(f.Text(c.age_band)) + "=" + std::to_string(c.count);
    }
    out.insert(line);
  }
  for (const ProgrammeFacts::Held& h : f.held()) {
    if (h.activity >= 0) out.insert("held " + f.activities()[h.activity].id + " " + std::to_string(h.date));
  }
  return out;
}

class ReportCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("baton-report-cache-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = OpenStore({.url = "sqlite:" + (dir_ / "baton.db").string()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  void Commit(std::vector<EntityChange> changes) {
    ChangeSet set{Uuid(1000000 + ++sets_), HlcTime::From(1500000000000 + sets_, 0), "node-a", "actor-1", std::move(changes), {}};
    auto receipt = store_->Commit(std::move(set));
    ASSERT_TRUE(receipt.ok()) << receipt.status().ToString();
  }
  static EntityChange Create(const char* kind, const std::string& id, Json data) {
    return {kind, id, ChangeOp::kCreate, std::move(data), std::nullopt, {}};
  }
  static EntityChange Update(const char* kind, const std::string& id, Json patch) {
    return {kind, id, ChangeOp::kUpdate, std::move(patch), std::nullopt, {}};
  }

  std::multiset<std::string> Fresh(const std::vector<std::string>& people) {
    ProgrammeFacts fresh("pr-1");
    Status st = fresh.Load(*store_);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return Dump(fresh, people);
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  int sets_ = 0;
};

TEST_F(ReportCacheTest, CaughtUpFactsAreThoseOfAFreshRead) {
  ReportCache by_entry(*store_, /*rebuild_after=*/1000000);
  ReportCache by_rebuild(*store_, /*rebuild_after=*/3);
  std::mt19937 rng(7);
  auto pick = [&](size_t n) { return static_cast<size_t>(std::uniform_int_distribution<size_t>(0, n - 1)(rng)); };
  const char* sexes[] = {"female", "male", "other"};
  const char* groups[] = {"idp", "host_community", "returnee"};
  std::vector<std::string> people, activities, sessions, held, headcounts;
  int next = 0;
  // One id the services would never make, so the map beside the UUID table is used too.
  people.push_back("person-not-a-uuid");
  Commit({Create("person", people.back(), {{"programme_id", "pr-1"}, {"sex", "female"}})});
  Commit({Create("activity", "activity-0", {{"programme_id", "pr-1"}, {"stream", "recreational"}, {"site_id", "s-1"}})});
  activities.push_back("activity-0");

  int checks = 0;
  for (int step = 0; step < 400; ++step) {
    switch (pick(10)) {
      case 0:
      case 1: {  // a new person, sometimes with nothing recorded
        people.push_back(Uuid(++next));
        Json data = {{"programme_id", pick(5) == 0 ? "pr-2" : "pr-1"}, {"site_id", pick(2) ? "s-1" : "s-2"}};
        if (pick(4)) data["sex"] = sexes[pick(3)];
        if (pick(4)) data["population_group"] = groups[pick(3)];
        if (pick(3)) data["birth_date_est"] = std::to_string(1950 + pick(60)) + "-06-01";
        if (pick(3)) data["disability"] = pick(2) == 1;
        Commit({Create("person", people.back(), data)});
        break;
      }
      case 2: {  // an edit, or a move between programmes
        const std::string& id = people[pick(people.size())];
        const size_t what = pick(4);
        Json patch = what == 0   ? Json{{"programme_id", pick(2) ? "pr-1" : "pr-2"}}
                     : what == 1 ? Json{{"sex", pick(3) ? Json(sexes[pick(3)]) : Json(nullptr)}}
                     : what == 2 ? Json{{"disability", pick(2) ? Json(pick(2) == 1) : Json(nullptr)}}
                                 : Json{{"population_group", groups[pick(3)]}, {"site_id", pick(2) ? "s-1" : "s-2"}};
        Commit({Update("person", id, patch)});
        break;
      }
      case 3: {  // an activity, or one leaving or rejoining the programme
        if (pick(2)) {
          activities.push_back("activity-" + std::to_string(activities.size()));
          Commit({Create("activity", activities.back(),
                         {{"programme_id", "pr-1"}, {"stream", pick(2) ? "group_support" : "recreational"}, {"site_id", "s-1"},
                          {"attendance_mode", "named"}})});
        } else {
          Commit({Update("activity", activities[pick(activities.size())], Json{{"programme_id", pick(3) ? "pr-1" : "pr-2"}})});
        }
        break;
      }
      case 4:
      case 5: {  // a session's attendance, with a person named before they are registered now and then
        sessions.push_back(Uuid(500000 + static_cast<int>(sessions.size())));
        Json entries = Json::array();
        for (size_t n = pick(6); n > 0; --n) {
          entries.push_back({{"person_id", pick(10) ? people[pick(people.size())] : Uuid(++next)}, {"present", pick(4) != 0}});
        }
        if (pick(5) == 0) entries.push_back({{"participant_id", "participant-1"}, {"present", true}});
        Commit({Create("attendance", sessions.back(),
                       {{"programme_id", "pr-1"}, {"activity_id", activities[pick(activities.size())]},
                        {"date", "2016-0" + std::to_string(1 + pick(9)) + "-15"}, {"attendance", entries}})});
        break;
      }
      case 6: {  // attendance corrected: people marked absent, or the list replaced, or moved away
        if (sessions.empty()) break;
        const std::string& id = sessions[pick(sessions.size())];
        Json entries = Json::array();
        for (size_t n = pick(4); n > 0; --n) entries.push_back({{"person_id", people[pick(people.size())]}, {"present", true}});
        Commit({Update("attendance", id, pick(4) == 0 ? Json{{"programme_id", pick(2) ? "pr-1" : "pr-2"}} : Json{{"attendance", entries}})});
        break;
      }
      case 8: {  // a session held, moved to another day, or to another programme
        if (pick(3) || held.empty()) {
          held.push_back(Uuid(700000 + static_cast<int>(held.size())));
          Commit({Create("session", held.back(), {{"programme_id", "pr-1"}, {"activity_id", activities[pick(activities.size())]},
                                                  {"date", "2016-1" + std::to_string(pick(3)) + "-01"}})});
        } else {
          Commit({Update("session", held[pick(held.size())],
                         pick(2) ? Json{{"date", "2017-01-0" + std::to_string(1 + pick(9))}} : Json{{"programme_id", pick(2) ? "pr-1" : "pr-2"}})});
        }
        break;
      }
      case 9: {  // a headcount, or one corrected; an activity turned to headcounts now and then
        if (pick(6) == 0) {
          Commit({Update("activity", activities[pick(activities.size())], Json{{"attendance_mode", pick(2) ? "headcount" : "named"}})});
          break;
        }
        Json cells = {{sexes[pick(2)], {{"18_59", 1 + pick(30)}}}, {"not_recorded", {{"60_plus", pick(3)}}}};
        if (pick(3) == 0 && !headcounts.empty()) {
          Commit({Update("attendance", headcounts[pick(headcounts.size())], Json{{"headcount", cells}})});
        } else {
          headcounts.push_back(Uuid(800000 + static_cast<int>(headcounts.size())));
          Commit({Create("attendance", headcounts.back(),
                         {{"programme_id", "pr-1"}, {"activity_id", activities[pick(activities.size())]},
                          {"date", "2016-11-2" + std::to_string(pick(9))}, {"headcount", cells}})});
        }
        break;
      }
      case 7: {  // a report
        for (ReportCache* cache : {&by_entry, &by_rebuild}) {
          std::multiset<std::string> cached;
          Status st = cache->Use("pr-1", [&](const ProgrammeFacts& f) {
            cached = Dump(f, people);
            return Status::Ok();
          });
          ASSERT_TRUE(st.ok()) << st.ToString();
          ASSERT_EQ(cached, Fresh(people)) << "at step " << step;
        }
        ++checks;
        break;
      }
    }
  }
  EXPECT_GT(checks, 30);
  // The facts hold what was recorded, not only agreement: a person's attendance counts once registered.
  const std::string late = Uuid(++next);
  Commit({Create("attendance", Uuid(900000), {{"programme_id", "pr-1"}, {"activity_id", "activity-0"}, {"date", "2016-05-01"},
                                              {"attendance", {{{"person_id", late}, {"present", true}}}}})});
  Commit({Update("activity", "activity-0", {{"programme_id", "pr-1"}})});
  auto present_of_late = [&](ReportCache& cache) {
    std::string seen;
    EXPECT_TRUE(cache.Use("pr-1", [&](const ProgrammeFacts& f) {
                       for (const ProgrammeFacts::Session& s : f.sessions()) {
                         if (s.date == 20160501) {
                           for (const int32_t p : f.Present(s)) seen += Describe(f, p);
                         }
                       }
                       return Status::Ok();
                     }).ok());
    return seen;
  };
  EXPECT_EQ(present_of_late(by_entry), "-");
  Commit({Create("person", late, {{"programme_id", "pr-1"}, {"sex", "male"}, {"site_id", "s-9"}})});
  EXPECT_EQ(present_of_late(by_entry), "male/0//-1/s-9");
}

TEST_F(ReportCacheTest, AProgrammeWithNothingRecordedHasNoFacts) {
  ReportCache cache(*store_);
  size_t people = 99, sessions = 99;
  ASSERT_TRUE(cache.Use("pr-1", [&](const ProgrammeFacts& f) {
                     people = f.people().size();
                     sessions = f.sessions().size();
                     return Status::Ok();
                   }).ok());
  EXPECT_EQ(people, 0u);
  EXPECT_EQ(sessions, 0u);
}

}  // namespace
}  // namespace baton
