// A programme's sessions and their attendance at scale, each beside a reference measured in the
// same run:
//   seed       SESSIONS sessions of 300 activities over 2014–2017, each with ATTENDEES named
//              attendances drawn from a pool of PEOPLE ids, committed in batches of 5,000 change
//              sets as a sync would write them (attendance rows per second), against committing
//              20,000 of the same sessions without attendance (sessions per second).
//   calendar   a month of the programme's sessions (ActivityService::Sessions, first page of 500),
//              p50/p99 over 500 random months, against the first page without a date range.
//   attended   the attendance records naming one person, newest first (the store's element
//              index: ListQuery::elements), p50/p99 over 500 random people, against reading one
//              session by id.
//   size       the store's file size.
// Usage: baton_activities_bench SESSIONS ATTENDEES PEOPLE. Prints one JSON object per measurement.
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

// The id of person n of the pool (no such person is registered: the store does not ask).
std::string PoolPerson(int n) {
  char id[40];
  std::snprintf(id, sizeof id, "0190a1b2-0000-7000-8000-%012d", n);
  return id;
}

Json Attendance(int session, int attendees, int people) {
  Json list = Json::array();
  for (int k = 0; k < attendees; ++k) {
    // Groups keep their members: session i of activity a sees the same people most weeks.
    const int person = static_cast<int>((static_cast<int64_t>(session % kActivities) * 7 + k * 104729 + (session / 997) % 3) % people);
    list.push_back({{"person_id", PoolPerson(person)}, {"present", (session + k) % 5 != 0}});
  }
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  const int sessions = argc > 1 ? std::atoi(argv[1]) : 500'000;
  const int attendees = argc > 2 ? std::atoi(argv[2]) : 20;
  const int people = argc > 3 ? std::atoi(argv[3]) : 100'000;
  const fs::path dir = fs::temp_directory_path() / "baton-activities-bench";
  bench::DemoWorld w = bench::OpenDemoWorld(dir);
  Store* store = w.store.get();
  Services* services = w.services.get();
  const Principal& manager = w.manager;
  const std::string& programme = w.programme;
  const std::string& site = w.site;
  auto facilitators = store->List({.kind = "user", .equals = {{"username", "iom.facilitator"}}});
  const std::string facilitator = facilitators->items.at(0).id;

  std::vector<std::string> activities;
  for (int a = 0; a < kActivities; ++a) {
    auto created = services->activities.Create(
        manager, {{"programme_id", programme}, {"site_id", site}, {"stream", "peer_support"},
                  {"title", "Group " + std::to_string(a)}, {"start_date", "2014-03-01"}, {"end_date", "2017-08-15"}});
    if (!created.ok()) std::abort();
    activities.push_back(created->view["id"]);
  }
  auto session_set = [&](int i, bool with_attendance) {
    ChangeSet set = services->ctx.NewChangeSet(manager);
    const int day = static_cast<int>((static_cast<int64_t>(i) * 7919) % kDays);
    Json data = {{"activity_id", activities[i % kActivities]}, {"programme_id", programme},
                 {"organization_id", manager.organization_id}, {"date", AddDays("2014-03-01", day)},
                 {"start_time", "10:00"}, {"end_time", "12:00"}, {"place", "Block " + std::to_string(i % 40)},
                 {"facilitator_id", facilitator}};
    const std::string id = services->ctx.NewId();
    if (with_attendance) {
      Json attendance = {{"activity_id", data["activity_id"]}, {"programme_id", programme},
                         {"organization_id", manager.organization_id}, {"date", data["date"]},
                         {"attendance", Attendance(i, attendees, people)}};
      set.changes.push_back({"attendance", id, ChangeOp::kCreate, std::move(attendance), {}});
    }
    set.changes.push_back({"session", id, ChangeOp::kCreate, std::move(data), {}});
    return set;
  };
  auto seed = [&](int from, int count, bool with_attendance) {
    auto started = Steady::now();
    std::vector<ChangeSet> batch;
    for (int i = from; i < from + count; ++i) {
      batch.push_back(session_set(i, with_attendance));
      if (batch.size() == 5000) {
        if (!store->CommitBatch(std::move(batch)).ok()) std::abort();
        batch.clear();
      }
    }
    if (!batch.empty() && !store->CommitBatch(std::move(batch)).ok()) std::abort();
    return Ms(started, Steady::now()) / 1000;
  };
  // The reference first, on the empty store, and the same number with attendance right after it;
  // then the rest.
  constexpr int kSample = 20'000;
  const double plain_s = seed(sessions, kSample, false);
  const double sample_s = seed(0, std::min(kSample, sessions), true);
  const double rest_s = sessions > kSample ? seed(kSample, sessions - kSample, true) : 0;
  const double seed_s = sample_s + rest_s;
  const double rows = static_cast<double>(sessions) * attendees;
  std::printf("{\"bench\":\"seed\",\"sessions\":%d,\"attendance_rows\":%.0f,\"seconds\":%.1f,\"rows_per_s\":%.0f,"
              "\"sessions_per_s\":%.0f,\"sample_sessions_per_s\":%.0f,\"plain_sessions_per_s\":%.0f}\n",
              sessions, rows, seed_s, rows / seed_s, sessions / seed_s, std::min(kSample, sessions) / sample_s,
              kSample / plain_s);
  std::fflush(stdout);

  SeededRandom random(5);
  auto draw = [&](int n) {
    uint8_t b[4];
    random.Fill(b);
    return static_cast<int>((b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24)) % static_cast<uint32_t>(n));
  };
  auto time = [&](bool month) {
    std::vector<double> lat;
    size_t found = 0;
    for (int q = 0; q < 500; ++q) {
      const int m = draw(41);  // a month of March 2014 .. July 2017
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
  std::fflush(stdout);

  // The sessions of one person, as the person's timeline reads them, and one session by id.
  std::vector<double> attended_lat, get_lat;
  size_t attended = 0;
  auto sample = store->List({.kind = "session", .limit = 500});
  for (int q = 0; q < 500; ++q) {
    ListQuery query{.kind = "attendance", .elements = {{"attendance", "person_id", PoolPerson(draw(people))}},
                    .order_by = "date", .descending = true, .limit = 1000};
    auto s = Steady::now();
    auto page = store->List(query);
    attended_lat.push_back(Ms(s, Steady::now()));
    if (!page.ok()) std::abort();
    attended += page->items.size();
    const std::string& id = sample->items[static_cast<size_t>(q) % sample->items.size()].id;
    s = Steady::now();
    if (!store->Get("session", id).ok()) std::abort();
    get_lat.push_back(Ms(s, Steady::now()));
  }
  std::printf("{\"bench\":\"attended\",\"people\":%d,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"found_avg\":%.1f,"
              "\"get_p50_ms\":%.3f,\"get_p99_ms\":%.3f}\n",
              people, Percentile(attended_lat, 0.5), Percentile(attended_lat, 0.99), attended / 500.0,
              Percentile(get_lat, 0.5), Percentile(get_lat, 0.99));
  w.services.reset();
  w.store->Close();
  uintmax_t bytes = 0;
  for (const auto& f : fs::directory_iterator(dir)) bytes += f.is_regular_file() ? f.file_size() : 0;
  std::printf("{\"bench\":\"size\",\"attendance_rows\":%.0f,\"bytes\":%ju}\n", rows, bytes);
  if (std::getenv("BATON_BENCH_KEEP") == nullptr) fs::remove_all(dir);
  return 0;
}
