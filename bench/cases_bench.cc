// A counselling case's page at scale, beside reading one case by id in the same run.
//   baton_cases_bench PEOPLE CASES
// seeds a fresh SQLite store with the demo's organisations and users, PEOPLE registered people
// (as `baton demo` registers them) and CASES counselling cases of some of them, each with five
// sessions (notes sealed), a PHQ-9 at baseline and endline (answers sealed, scored), a supervision
// note for every third case and a risk assessment for every seventh, written in batches of 1,000
// cases as a sync would write them. Then, for 500 random cases, it times what the case page asks
// of the server as the assigned counsellor — the case (summary and plan unsealed, the read logged),
// its sessions, supervision notes, risk assessments, outcome series and assessments — each part and
// the whole, against Store::Get of the case.
// Prints one JSON object per measurement. Not a test.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "case_seeder.h"
#include "demo_world.h"
#include "domain/dates.h"
#include "domain/instruments.h"
#include "service/data_keys.h"
#include "service/record_view.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kQueries = 500;

void Print(const char* bench, const std::vector<double>& v, const std::string& extra = "") {
  std::printf("{\"bench\":\"%s\",\"p50_ms\":%.3f,\"p99_ms\":%.3f%s}\n", bench, Percentile(v, 0.5), Percentile(v, 0.99),
              extra.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const int people = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  const int cases = argc > 2 ? std::atoi(argv[2]) : 100'000;
  if (people < 1 || cases < 1 || cases > people) {
    std::fprintf(stderr, "usage: baton_cases_bench PEOPLE CASES (CASES <= PEOPLE)\n");
    return 2;
  }
  const fs::path dir = fs::temp_directory_path() / ("baton-cases-bench-" + std::to_string(::getpid()));
  bench::DemoWorld w = bench::OpenDemoWorld(dir);
  Services& s = *w.services;
  auto login = [&](const char* user) { return std::move(s.auth.Login(user, "baton-demo", "127.0.0.1")).value().principal; };
  const Principal counsellor = login("iom.counsellor");
  const Principal supervisor = login("iom.supervisor");
  const std::string alarm = w.store->List({.kind = "organization", .equals = {{"code", "alarm"}}, .limit = 1})->items[0].id;

  auto t0 = Steady::now();
  if (Status st = SeedDemoPeople(s, people, w.org, w.site, w.programme, alarm); !st.ok()) {
    std::fprintf(stderr, "people: %s\n", st.ToString().c_str());
    return 1;
  }
  const double people_s = Ms(t0, Steady::now()) / 1000;
  std::fprintf(stderr, "people: %d registered in %.1f s\n", people, people_s);

  t0 = Steady::now();
  auto seeded = bench::SeedCases(s, *w.store, counsellor, supervisor, w.programme, people, cases);
  if (!seeded.ok()) {
    std::fprintf(stderr, "cases: %s\n", seeded.status().ToString().c_str());
    return 1;
  }
  const int64_t records = *seeded;
  const double cases_s = Ms(t0, Steady::now()) / 1000;
  std::fprintf(stderr, "cases: %d with %lld records in %.1f s\n", cases, static_cast<long long>(records), cases_s);
  std::printf("{\"bench\":\"seed\",\"people\":%d,\"people_s\":%.1f,\"cases\":%d,\"records\":%lld,\"cases_s\":%.1f,"
              "\"records_per_s\":%.0f}\n",
              people, people_s, cases, static_cast<long long>(records), cases_s, records / cases_s);

  // The case ids, in the order written.
  std::vector<std::string> ids;
  if (Status st = ForEachRecord(*w.store, {.kind = "case", .limit = 1000}, [&](const Record& c) {
        ids.push_back(c.id);
        return Status::Ok();
      });
      !st.ok()) {
    return 1;
  }
  std::mt19937 pick(7);
  std::vector<double> page, get, sessions, supervision, risk, outcomes, assessments, reference;
  int bad = 0;
  for (int q = 0; q < kQueries; ++q) {
    const std::string& id = ids[pick() % ids.size()];
    auto timed = [&](std::vector<double>& into, auto&& call) {
      const auto a = Steady::now();
      const bool ok = call().ok();
      into.push_back(Ms(a, Steady::now()));
      if (!ok) ++bad;
    };
    const auto start = Steady::now();
    timed(get, [&] { return s.cases.Get(counsellor, id); });
    timed(sessions, [&] { return s.cases.Sessions(counsellor, id); });
    timed(supervision, [&] { return s.cases.Supervisions(counsellor, id); });
    timed(risk, [&] { return s.risk.AssessmentsOfCase(counsellor, id); });
    timed(outcomes, [&] { return s.outcomes.Outcomes(counsellor, id); });
    timed(assessments, [&] { return s.outcomes.List(counsellor, {.case_id = id}); });
    page.push_back(Ms(start, Steady::now()));
    timed(reference, [&] { return w.store->Get("case", id).status(); });
  }
  Print("page", page, ",\"errors\":" + std::to_string(bad));
  Print("case", get);
  Print("sessions", sessions);
  Print("supervision", supervision);
  Print("risk", risk);
  Print("outcomes", outcomes);
  Print("assessments", assessments);
  Print("get_by_id", reference);
  std::printf("{\"bench\":\"size\",\"bytes\":%lld}\n", static_cast<long long>(fs::file_size(dir / "baton.db")));
  w.services.reset();
  w.store->Close();
  fs::remove_all(dir);
  return 0;
}
