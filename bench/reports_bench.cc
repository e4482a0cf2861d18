// Reports at country scale, beside a plain SQL GROUP BY of the same counts in the same run.
//   baton_reports_bench DATA_DIR [YEAR]
// DATA_DIR is made by `baton demo --scale N` (1,000,000 people give about 10,000,000 attendance
// entries). Times, as the programme's manager, the full indicator set for one year (2016 unless
// given) broken down by sex, age band, population group and disability — internal, then shared
// (disclosure control) — and the year's 4Ws; then, on the same SQLite file, one GROUP BY that
// counts the year's service contacts and unique people by stream and sex: the least any answer
// to the same question costs. Each is run five times; prints the median and the fastest as one
// JSON object per measurement. Not a test.
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "demo_world.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kRuns = 5;

template <typename F>
std::vector<double> Time(F&& run) {
  std::vector<double> ms;
  for (int i = 0; i < kRuns; ++i) {
    const auto t0 = Steady::now();
    run();
    ms.push_back(Ms(t0, Steady::now()));
  }
  return ms;
}

void Print(const char* what, const std::vector<double>& ms, const std::string& more) {
  std::printf("{\"bench\":\"reports\",\"what\":\"%s\",\"median_ms\":%.1f,\"min_ms\":%.1f%s}\n", what, Percentile(ms, 0.5),
              Percentile(ms, 0), more.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: baton_reports_bench DATA_DIR [YEAR]\n");
    return 2;
  }
  const fs::path path = argv[1];
  const std::string year = argc > 2 ? argv[2] : "2016";
  auto opened = bench::OpenDemoDataDir(path);
  if (!opened.ok()) {
    std::fprintf(stderr, "baton_reports_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  bench::DemoWorld w = std::move(opened).value();
  std::unique_ptr<Store>& store = w.store;
  std::unique_ptr<Services>& services = w.services;
  const Principal manager = w.manager;
  const std::string programme = w.programme;

  ReportParams params{.programme_id = programme, .from = "", .to = "", .period = year, .site_id = "",
                      .breakdown = {"sex", "age_band", "population_group", "disability"}, .indicators = {},
                      .audience = "internal"};
  Json last;
  auto internal = Time([&] { last = std::move(services->reports.Indicators(manager, params)).value(); });
  int64_t contacts = 0, reached = 0;
  for (const Json& i : last["indicators"]) {
    if (i["code"] == "people_reached") reached = i["value"].get<int64_t>();
    if (std::string(i["code"]).rfind("contacts_", 0) == 0 && i["value"].is_number_integer()) contacts += i["value"].get<int64_t>();
  }
  Print("indicators_internal", internal,
        ",\"indicators\":" + std::to_string(last["indicators"].size()) + ",\"people_reached\":" + std::to_string(reached) +
            ",\"contacts\":" + std::to_string(contacts));
  params.audience = "shared";
  Print("indicators_shared", Time([&] { last = std::move(services->reports.Indicators(manager, params)).value(); }), "");
  params.audience = "";
  params.breakdown.clear();
  size_t rows = 0;
  const auto fourws = Time([&] { rows = std::move(services->reports.FourWsTable(manager, params)).value().table.rows.size(); });
  Print("4ws", fourws, ",\"rows\":" + std::to_string(rows));
  services.reset();
  store->Close();

  // The reference: the same file, one statement.
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((path / "baton.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
  const char* sql =
      "SELECT a.stream, p.sex, COUNT(*), COUNT(DISTINCT e.person_id) FROM attendances t "
      "JOIN attendance_entries e ON e.entity_id = t.id JOIN activities a ON a.id = t.activity_id "
      "JOIN persons p ON p.id = e.person_id "
      "WHERE t.programme_id = ?1 AND t.date BETWEEN ?2 AND ?3 AND e.present = 1 GROUP BY a.stream, p.sex";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "baton_reports_bench: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  const std::string from = year + "-01-01", to = year + "-12-31";
  int64_t sql_contacts = 0;
  auto reference = Time([&] {
    sqlite3_bind_text(st, 1, programme.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, from.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, to.c_str(), -1, SQLITE_TRANSIENT);
    sql_contacts = 0;
    while (sqlite3_step(st) == SQLITE_ROW) sql_contacts += sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
  });
  Print("sql_group_by", reference, ",\"contacts\":" + std::to_string(sql_contacts));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return 0;
}
