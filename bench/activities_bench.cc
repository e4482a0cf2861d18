// A programme's calendar at scale, beside a reference measured in the same run:
//   calendar   a month of a programme's sessions (ActivityService::Sessions, first page of 500)
//              with SESSIONS sessions recorded over 2014–2017 by 300 activities, p50/p99 over
//              500 random months, against the first page of the same programme's sessions
//              without a date range (the same read, no range to find).
// Sessions are seeded as change sets committed in batches, as a sync would write them.
// Usage: baton_activities_bench SESSIONS. Prints one JSON object per measurement.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.h"
#include "demo_world.h"
#include "timing.h"
#include "base/crypto.h"
#include "domain/dates.h"
#include "service/services.h"
#include "service/setup_service.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kActivities = 300;
constexpr int kDays = 1263;  // 2014-03-01 .. 2017-08-15

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  const int sessions = argc > 1 ? std::atoi(argv[1]) : 500'000;
  const fs::path dir = fs::temp_directory_path() / "baton-activities-bench";
  bench::DemoWorld w = bench::OpenDemoWorld(dir);
  Store* store = w.store.get();
  Services* services = w.services.get();
  const Principal& manager = w.manager;
  const std::string& programme = w.programme;
  const std::string& site = w.site;

  auto seeded = Steady::now();
  std::vector<std::string> activities;
  for (int a = 0; a < kActivities; ++a) {
    auto created = services->activities.Create(
        manager, {{"programme_id", programme}, {"site_id", site}, {"stream", a % 2 ? "recreational" : "peer_support"},
                  {"title", "Group " + std::to_string(a)}, {"start_date", "2014-03-01"}, {"end_date", "2017-08-15"}});
    if (!created.ok()) std::abort();
    activities.push_back(created->view["id"]);
  }
  std::vector<ChangeSet> batch;
  for (int i = 0; i < sessions; ++i) {
    ChangeSet set = services->ctx.NewChangeSet(manager);
    const int day = static_cast<int>((static_cast<int64_t>(i) * 7919) % kDays);
    set.changes.push_back({"session", services->ctx.NewId(), ChangeOp::kCreate,
                           {{"activity_id", activities[i % kActivities]}, {"programme_id", programme},
                            {"organization_id", manager.organization_id}, {"date", AddDays("2014-03-01", day)},
                            {"start_time", "10:00"}, {"end_time", "12:00"}, {"place", "Block " + std::to_string(i % 40)}},
                           {}});
    batch.push_back(std::move(set));
    if (batch.size() == 5000) {
      if (!store->CommitBatch(std::move(batch)).ok()) std::abort();
      batch.clear();
    }
  }
  if (!batch.empty() && !store->CommitBatch(std::move(batch)).ok()) std::abort();
  std::fprintf(stderr, "seeded %d sessions in %.1f s\n", sessions, Ms(seeded, Steady::now()) / 1000);

  SeededRandom random(5);
  auto time = [&](bool month) {
    std::vector<double> lat;
    size_t found = 0;
    for (int q = 0; q < 500; ++q) {
      uint8_t b[2];
      random.Fill(b);
      const int m = (b[0] | (b[1] << 8)) % 41;  // a month of March 2014 .. July 2017
      const int year = 2014 + (2 + m) / 12, mon = 1 + (2 + m) % 12;
      char from[16], next[16];
      std::snprintf(from, sizeof from, "%04d-%02d-01", year, mon);
      std::snprintf(next, sizeof next, "%04d-%02d-01", mon == 12 ? year + 1 : year, mon == 12 ? 1 : mon + 1);
      const std::string to = AddDays(next, -1);
      SessionListParams params{.programme_id = programme, .limit = 500};
      if (month) {
        params.from = from;
        params.to = to;
      }
      auto s = Steady::now();
      auto page = services->activities.Sessions(manager, params);
      lat.push_back(Ms(s, Steady::now()));
      if (!page.ok()) std::abort();
      found += page->items.size();
    }
    return std::tuple<double, double, double>(Percentile(lat, 0.5), Percentile(lat, 0.99),
                                              static_cast<double>(found) / 500.0);
  };
  auto [ref_p50, ref_p99, ref_found] = time(false);
  auto [p50, p99, found] = time(true);
  (void)ref_found;
  std::printf("{\"bench\":\"calendar\",\"sessions\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"found_avg\":%.1f,"
              "\"unranged_p50_ms\":%.2f,\"unranged_p99_ms\":%.2f}\n",
              sessions, p50, p99, found, ref_p50, ref_p99);
  w.services.reset();
  w.store->Close();
  fs::remove_all(dir);
  return 0;
}
