// A programme's sessions and their attendance at scale, each beside a reference measured in the
// same run. Two ways to get the data:
//   baton_activities_bench --data DIR
//              a data directory made by `baton demo --scale N` (registered people, their groups
//              and attendance, written by the demo); the seeding is timed by whoever made it. The
//              reference for writing: 20,000 sessions without attendance committed to a fresh
//              store in batches of 5,000 (sessions per second).
//   baton_activities_bench SESSIONS ATTENDEES PEOPLE
//              seed: SESSIONS sessions of 300 activities over 2014–2017, each with ATTENDEES named
//              attendances drawn from a pool of PEOPLE unregistered ids, committed in batches of
//              5,000 change sets as a sync would write them (attendance rows per second), against
//              committing 20,000 of the same sessions without attendance (sessions per second).
// Then, on either:
//   calendar   a month of the programme's sessions (ActivityService::Sessions, first page of 500),
//              p50/p99 over 500 random months, against the first page without a date range.
//   attended   the attendance records naming one person, newest first (the store's element
//              index: ListQuery::elements), p50/p99 over 500 people, against reading one session
//              by id. With --data, the people are drawn from the attendance of the sessions the
//              calendar listed (people who attended something); else from the pool.
//   size       the store's file size.
// Prints one JSON object per measurement.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "cli/data_dir.h"
#include "demo_world.h"
#include "domain/dates.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kActivities = 300;
constexpr int kDays = 1263;  // 2014-03-01 .. 2017-08-15
constexpr int kSample = 20'000;
constexpr int kQueries = 500;

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

uintmax_t DirectoryBytes(const fs::path& dir) {
  uintmax_t bytes = 0;
  for (const auto& f : fs::directory_iterator(dir)) bytes += f.is_regular_file() ? f.file_size() : 0;
  return bytes;
}

// Sessions of the demo programme as a sync writes them: 300 activities, session i on a day spread
// over the programme, with the attendance of `attendees` pool people when `attendees` > 0.
class SyntheticSessions {
 public:
  explicit SyntheticSessions(bench::DemoWorld& w) : w_(w) {
    auto facilitators = w.store->List({.kind = "user", .equals = {{"username", "iom.facilitator"}}});
    facilitator_ = facilitators->items.at(0).id;
    for (int a = 0; a < kActivities; ++a) {
      auto created = w.services->activities.Create(
          w.manager, {{"programme_id", w.programme}, {"site_id", w.site}, {"stream", "peer_support"},
                      {"title", "Group " + std::to_string(a)}, {"start_date", "2014-03-01"}, {"end_date", "2017-08-15"}});
      if (!created.ok()) std::abort();
      activities_.push_back(created->view["id"]);
    }
  }
  // Seconds to commit sessions from..from+count in batches of 5,000.
  double Seed(int from, int count, int attendees, int people) {
    auto started = Steady::now();
    std::vector<ChangeSet> batch;
    for (int i = from; i < from + count; ++i) {
      batch.push_back(Set(i, attendees, people));
      if (batch.size() == 5000) {
        if (!w_.store->CommitBatch(std::move(batch)).ok()) std::abort();
        batch.clear();
      }
    }
    if (!batch.empty() && !w_.store->CommitBatch(std::move(batch)).ok()) std::abort();
    return Ms(started, Steady::now()) / 1000;
  }

 private:
  ChangeSet Set(int i, int attendees, int people) {
    ChangeSet set = w_.services->ctx.NewChangeSet(w_.manager);
    const int day = static_cast<int>((static_cast<int64_t>(i) * 7919) % kDays);
    Json data = {{"activity_id", activities_[static_cast<size_t>(i % kActivities)]}, {"programme_id", w_.programme},
                 {"organization_id", w_.org}, {"date", AddDays("2014-03-01", day)},
                 {"start_time", "10:00"}, {"end_time", "12:00"}, {"place", "Block " + std::to_string(i % 40)},
                 {"facilitator_id", facilitator_}};
    const std::string id = w_.services->ctx.NewId();
    if (attendees > 0) {
      Json attendance = {{"activity_id", data["activity_id"]}, {"programme_id", w_.programme},
                         {"organization_id", w_.org}, {"date", data["date"]},
                         {"attendance", Attendance(i, attendees, people)}};
      set.changes.push_back({"attendance", id, ChangeOp::kCreate, std::move(attendance), {}});
    }
    set.changes.push_back({"session", id, ChangeOp::kCreate, std::move(data), {}});
    return set;
  }

  bench::DemoWorld& w_;
  std::string facilitator_;
  std::vector<std::string> activities_;
};

class Draw {
 public:
  int operator()(int n) {
    uint8_t b[4];
    random_.Fill(b);
    return static_cast<int>((b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24)) % static_cast<uint32_t>(n));
  }

 private:
  SeededRandom random_{5};
};

struct Latency {
  double p50 = 0, p99 = 0, found = 0;
};

// A random month of March 2014 .. July 2017 (first and last day) for each query, the same months
// for both kinds of query.
std::vector<std::pair<std::string, std::string>> Months(Draw& draw) {
  std::vector<std::pair<std::string, std::string>> out;
  for (int q = 0; q < kQueries; ++q) {
    const int m = draw(41);
    const int year = 2014 + (2 + m) / 12, mon = 1 + (2 + m) % 12;
    char from[16], next[16];
    std::snprintf(from, sizeof from, "%04d-%02d-01", year, mon);
    std::snprintf(next, sizeof next, "%04d-%02d-01", mon == 12 ? year + 1 : year, mon == 12 ? 1 : mon + 1);
    out.emplace_back(from, AddDays(next, -1));
  }
  return out;
}

// The calendar: first pages of 500 of the programme's sessions, of each month or without a range.
// Each listed page's session ids go to `listed` when given.
Latency Calendar(Services& services, const Principal& who, const std::string& programme,
                 const std::vector<std::pair<std::string, std::string>>& months, bool ranged,
                 std::vector<std::vector<std::string>>* listed) {
  std::vector<double> lat;
  size_t found = 0;
  for (const auto& [from, to] : months) {
    SessionListParams params{.programme_id = programme, .limit = 500};
    if (ranged) {
      params.from = from;
      params.to = to;
    }
    auto s = Steady::now();
    auto page = services.activities.Sessions(who, params);
    lat.push_back(Ms(s, Steady::now()));
    if (!page.ok()) std::abort();
    found += page->items.size();
    if (listed != nullptr) {
      listed->emplace_back();
      for (const Json& session : page->items) listed->back().push_back(session["id"]);
    }
  }
  return {Percentile(lat, 0.5), Percentile(lat, 0.99), static_cast<double>(found) / kQueries};
}

// The sessions each person attended, newest first, and (the reference) one session by id for each.
std::pair<Latency, Latency> Attended(Store& store, const std::vector<std::string>& people,
                                     const std::vector<std::string>& sessions) {
  std::vector<double> attended_lat, get_lat;
  size_t attended = 0;
  for (size_t q = 0; q < people.size(); ++q) {
    ListQuery query{.kind = "attendance", .elements = {{"attendance", "person_id", people[q]}},
                    .order_by = "date", .descending = true, .limit = 1000};
    auto s = Steady::now();
    auto page = store.List(query);
    attended_lat.push_back(Ms(s, Steady::now()));
    if (!page.ok()) std::abort();
    attended += page->items.size();
    s = Steady::now();
    if (!store.Get("session", sessions[q % sessions.size()]).ok()) std::abort();
    get_lat.push_back(Ms(s, Steady::now()));
  }
  const double n = static_cast<double>(people.size());
  return {{Percentile(attended_lat, 0.5), Percentile(attended_lat, 0.99), attended / n},
          {Percentile(get_lat, 0.5), Percentile(get_lat, 0.99), 1}};
}

void PrintCalendar(const Latency& month, const Latency& unranged) {
  std::printf("{\"bench\":\"calendar\",\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"found_avg\":%.1f,"
              "\"unranged_p50_ms\":%.2f,\"unranged_p99_ms\":%.2f}\n",
              month.p50, month.p99, month.found, unranged.p50, unranged.p99);
  std::fflush(stdout);
}

void PrintAttended(const Latency& attended, const Latency& get) {
  std::printf("{\"bench\":\"attended\",\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"found_avg\":%.1f,"
              "\"get_p50_ms\":%.3f,\"get_p99_ms\":%.3f}\n",
              attended.p50, attended.p99, attended.found, get.p50, get.p99);
  std::fflush(stdout);
}

// The reference for writing: sessions without attendance on a fresh demo store (sessions/s).
double PlainSessionsPerSecond() {
  const fs::path dir = fs::temp_directory_path() / "baton-activities-bench-plain";
  double per_s = 0;
  {
    bench::DemoWorld w = bench::OpenDemoWorld(dir);
    SyntheticSessions sessions(w);
    per_s = kSample / sessions.Seed(0, kSample, 0, 1);
    w.services.reset();
    w.store->Close();
  }
  fs::remove_all(dir);
  return per_s;
}

// The measurements on a data directory made by `baton demo --scale`.
int OnDataDir(const fs::path& path) {
  const double plain_per_s = PlainSessionsPerSecond();
  std::printf("{\"bench\":\"seed\",\"plain_sessions_per_s\":%.0f}\n", plain_per_s);
  std::fflush(stdout);
  auto opened = bench::OpenDemoDataDir(path);
  if (!opened.ok()) {
    std::fprintf(stderr, "baton_activities_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  bench::DemoWorld w = std::move(opened).value();
  std::unique_ptr<Store>& store = w.store;
  std::unique_ptr<Services>& services = w.services;
  const Principal manager = w.manager;
  const std::string programme = w.programme;

  Draw draw;
  const auto months = Months(draw);
  const Latency unranged = Calendar(*services, manager, programme, months, false, nullptr);
  std::vector<std::vector<std::string>> listed;
  const Latency month = Calendar(*services, manager, programme, months, true, &listed);
  PrintCalendar(month, unranged);

  // One person named at a random session of each month listed, and a random session for the
  // reference read.
  std::vector<std::string> people, sessions;
  for (const auto& page : listed) {
    if (page.empty()) continue;
    const std::string& session = page[static_cast<size_t>(draw(static_cast<int>(page.size())))];
    sessions.push_back(session);
    auto recorded = store->Get("attendance", session);
    if (!recorded.ok() || !recorded->data.contains("attendance")) continue;
    const Json& list = recorded->data["attendance"];
    if (list.empty()) continue;
    const Json& entry = list[static_cast<size_t>(draw(static_cast<int>(list.size())))];
    if (entry.contains("person_id")) people.push_back(entry["person_id"]);
  }
  if (people.empty() || sessions.empty()) std::abort();
  auto [attended, get] = Attended(*store, people, sessions);
  PrintAttended(attended, get);
  services.reset();
  store->Close();
  std::printf("{\"bench\":\"size\",\"bytes\":%ju}\n", DirectoryBytes(path));
  return 0;
}

// Seeds pool attendance into a fresh store, then measures on it.
int Synthetic(int sessions, int attendees, int people) {
  const fs::path dir = fs::temp_directory_path() / "baton-activities-bench";
  bench::DemoWorld w = bench::OpenDemoWorld(dir);
  SyntheticSessions seeder(w);
  // The reference first, on the empty store, and the same number with attendance right after it;
  // then the rest.
  const double plain_s = seeder.Seed(sessions, kSample, 0, people);
  const double sample_s = seeder.Seed(0, std::min(kSample, sessions), attendees, people);
  const double rest_s = sessions > kSample ? seeder.Seed(kSample, sessions - kSample, attendees, people) : 0;
  const double seed_s = sample_s + rest_s;
  const double rows = static_cast<double>(sessions) * attendees;
  std::printf("{\"bench\":\"seed\",\"sessions\":%d,\"attendance_rows\":%.0f,\"seconds\":%.1f,\"rows_per_s\":%.0f,"
              "\"sessions_per_s\":%.0f,\"sample_sessions_per_s\":%.0f,\"plain_sessions_per_s\":%.0f}\n",
              sessions, rows, seed_s, rows / seed_s, sessions / seed_s, std::min(kSample, sessions) / sample_s,
              kSample / plain_s);
  std::fflush(stdout);

  Draw draw;
  const auto months = Months(draw);
  const Latency unranged = Calendar(*w.services, w.manager, w.programme, months, false, nullptr);
  const Latency month = Calendar(*w.services, w.manager, w.programme, months, true, nullptr);
  PrintCalendar(month, unranged);

  std::vector<std::string> pool, ids;
  for (int q = 0; q < kQueries; ++q) pool.push_back(PoolPerson(draw(people)));
  auto sample = w.store->List({.kind = "session", .limit = kQueries});
  for (const Record& r : sample->items) ids.push_back(r.id);
  auto [attended, get] = Attended(*w.store, pool, ids);
  PrintAttended(attended, get);
  w.services.reset();
  w.store->Close();
  std::printf("{\"bench\":\"size\",\"attendance_rows\":%.0f,\"bytes\":%ju}\n", rows, DirectoryBytes(dir));
  if (std::getenv("BATON_BENCH_KEEP") == nullptr) fs::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  if (argc == 3 && std::strcmp(argv[1], "--data") == 0) return OnDataDir(argv[2]);
  const int sessions = argc > 1 ? std::atoi(argv[1]) : 500'000;
  const int attendees = argc > 2 ? std::atoi(argv[2]) : 20;
  const int people = argc > 3 ? std::atoi(argv[3]) : 100'000;
  return Synthetic(sessions, attendees, people);
}
