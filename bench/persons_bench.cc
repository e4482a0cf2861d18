// The people registry at scale, each figure beside a reference measured in the same run:
//   register   one person per request (PersonService::Create, durable commit each) from 8 threads,
//              against committing an equally sized plain record (no sealing, no blind index);
//   search     name search (blind index, 2 words) at PEOPLE registered people, p50/p99 over 1,000
//              queries, against the first page of the same list without a search;
//   import     a CSV register of IMPORT rows checked and written in one go, against the dry run
//              of the same file (parsing and checking only).
// Usage: baton_persons_bench PEOPLE IMPORT. Prints one JSON object per measurement.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "demo_world.h"
#include "timing.h"
#include "base/crypto.h"
#include "domain/name_match.h"
#include "service/demo_people.h"
#include "service/services.h"
#include "service/setup_service.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

using World = bench::DemoWorld;

World Open(const fs::path& dir, int people) {
  World w = bench::OpenDemoWorld(dir);
  bench::SeedDemoPeople(w, people);
  return w;
}

void Register(World& w) {
  constexpr int kThreads = 8, kEach = 250;
  SeededRandom random(7);
  std::vector<DemoPerson> people = DemoPeople(random, kThreads * kEach, {w.site, w.programme, "", "2014-03-01", "2017-08-15"});
  auto run = [&](bool plain) {
    std::vector<std::vector<double>> lat(kThreads);
    auto start = Steady::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          const Json& input = people[t * kEach + i].input;
          auto s = Steady::now();
          if (plain) {
            ChangeSet set = w.services->ctx.NewChangeSet(w.manager);
            set.changes.push_back({"person", w.services->ctx.NewId(), ChangeOp::kCreate, input, {}});
            if (!w.store->Commit(std::move(set)).ok()) std::abort();
          } else if (!w.services->persons.Create(w.manager, input).ok()) {
            std::abort();
          }
          lat[t].push_back(Ms(s, Steady::now()));
        }
      });
    }
    for (auto& th : threads) th.join();
    double secs = Ms(start, Steady::now()) / 1000;
    std::vector<double> all;
    for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
    return std::tuple<double, double, double>(kThreads * kEach / secs, Percentile(all, 0.5), Percentile(all, 0.99));
  };
  auto [ref_rate, ref_p50, ref_p99] = run(true);
  auto [rate, p50, p99] = run(false);
  std::printf("{\"bench\":\"register\",\"threads\":%d,\"people\":%d,\"per_s\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
              "\"plain_per_s\":%.0f,\"plain_p50_ms\":%.2f,\"plain_p99_ms\":%.2f,\"ratio\":%.2f}\n",
              kThreads, kThreads * kEach, rate, p50, p99, ref_rate, ref_p50, ref_p99, rate / ref_rate);
}

void Search(World& w, int people) {
  // Queries: two words of names that exist (given + family of demo people), and one misspelt.
  SeededRandom random(2014);
  std::vector<DemoPerson> sample = DemoPeople(random, 1000, {w.site, w.programme, "", "2014-03-01", "2017-08-15"});
  std::vector<std::string> queries;
  for (const DemoPerson& p : sample) {
    std::string q = p.input.value("given_name", "") + " " + p.input.value("family_name", "");
    queries.push_back(q);
  }
  auto time = [&](bool with_q) {
    std::vector<double> lat;
    size_t found = 0;
    for (const std::string& q : queries) {
      PersonListParams params;
      params.limit = 50;
      if (with_q) params.q = q;
      auto s = Steady::now();
      auto page = w.services->persons.List(w.manager, params);
      lat.push_back(Ms(s, Steady::now()));
      if (!page.ok()) std::abort();
      found += page->items.size();
    }
    return std::tuple<double, double, double>(Percentile(lat, 0.5), Percentile(lat, 0.99),
                                              static_cast<double>(found) / static_cast<double>(queries.size()));
  };
  auto [ref_p50, ref_p99, ref_found] = time(false);
  auto [p50, p99, found] = time(true);
  (void)ref_found;
  std::printf("{\"bench\":\"search\",\"people\":%d,\"queries\":%zu,\"p50_ms\":%.2f,\"p99_ms\":%.2f,\"found_avg\":%.1f,"
              "\"list_p50_ms\":%.2f,\"list_p99_ms\":%.2f}\n",
              people, queries.size(), p50, p99, found, ref_p50, ref_p99);
}

void Import(World& w, int rows) {
  SeededRandom random(99);
  std::vector<DemoPerson> people = DemoPeople(random, rows, {w.site, w.programme, "", "2014-03-01", "2017-08-15"});
  std::string csv = "given_name,family_name,sex,age_years,age_estimated,birth_date,population_group,address,phone,registered_on\n";
  for (const DemoPerson& p : people) {
    const Json& i = p.input;
    auto cell = [&](const char* f) { return i.contains(f) ? (i[f].is_string() ? i[f].get<std::string>() : i[f].dump()) : std::string(); };
    csv += cell("given_name") + "," + cell("family_name") + "," + cell("sex") + "," + cell("age_years") + "," +
           cell("age_estimated") + "," + cell("birth_date") + "," + cell("population_group") + ",\"" + cell("address") +
           "\"," + cell("phone") + "," + p.registered_on + "\n";
  }
  ImportRequest req{w.programme, w.site, ImportMode::kDryRun, {}, "import"};
  auto s = Steady::now();
  auto dry = w.services->person_import.Run(w.manager, csv, req);
  double dry_ms = Ms(s, Steady::now());
  req.mode = ImportMode::kAll;
  s = Steady::now();
  auto all = w.services->person_import.Run(w.manager, csv, req);
  double all_ms = Ms(s, Steady::now());
  if (!dry.ok() || !all.ok()) {
    std::fprintf(stderr, "import failed: %s\n", (dry.ok() ? all.status() : dry.status()).ToString().c_str());
    std::abort();
  }
  std::printf("{\"bench\":\"import\",\"rows\":%d,\"bytes\":%zu,\"imported\":%d,\"seconds\":%.2f,\"dry_run_seconds\":%.2f}\n",
              rows, csv.size(), (*all)["imported"].get<int>(), all_ms / 1000, dry_ms / 1000);
}

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  const int people = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const int rows = argc > 2 ? std::atoi(argv[2]) : 100'000;
  const fs::path dir = fs::temp_directory_path() / "baton-persons-bench";
  {
    World w = Open(dir / "small", 2500);
    Register(w);
    Import(w, rows);
    w.services.reset();
    w.store->Close();
  }
  {
    auto s = Steady::now();
    World w = Open(dir / "large", people);
    std::fprintf(stderr, "seeded %d people in %.1f s\n", people, Ms(s, Steady::now()) / 1000);
    Search(w, people);
    std::printf("{\"bench\":\"store_size\",\"people\":%d,\"bytes\":%ju}\n", people,
                static_cast<uintmax_t>(fs::file_size(dir / "large" / "baton.db")));
    w.services.reset();
    w.store->Close();
  }
  fs::remove_all(dir);
  return 0;
}
