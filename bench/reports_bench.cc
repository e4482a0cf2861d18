// Reports at country scale, beside a plain SQL GROUP BY of the same counts in the same run.
//   baton_reports_bench DATA_DIR [YEAR [CASES]]
// DATA_DIR is made by `baton demo --scale N` (1,000,000 people give about 10,000,000 attendance
// entries); counselling cases (bench/case_seeder.h) are added to it until its programme has CASES
// (100,000 unless given), once. Times, as the programme's manager, the full indicator set for one year (2016 unless
// given) broken down by sex, age band, population group and disability — the first time (the
// report cache is filled), then internal, internal after a change set, and shared (disclosure
// control) — and the year's 4Ws; then, on the same SQLite file, one GROUP BY that
// counts the year's service contacts and unique people by stream and sex: the least any answer
// to the same question costs. Each is run five times; prints the median and the fastest as one
// JSON object per measurement. Not a test.
#include <sqlite3.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "base/ids.h"
#include "changes/change_set.h"
#include "case_seeder.h"
#include "demo_world.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kRuns = 5;

std::vector<double> Time(const std::function<void()>& run) { return bench::TimeRuns(kRuns, run); }

// The value, or the error on stderr and exit: a bench never times a failure.
template <typename T>
T Must(Result<T> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "baton_reports_bench: %s\n", r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

void Print(const char* what, const std::vector<double>& ms, const std::string& more) {
  bench::PrintRuns("reports", what, ms, more);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: baton_reports_bench DATA_DIR [YEAR [CASES]]\n");
    return 2;
  }
  const fs::path path = argv[1];
  const std::string year = argc > 2 ? argv[2] : "2016";
  const int64_t cases = argc > 3 ? std::atoll(argv[3]) : 100'000;
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

  // Counselling at scale: cases are added (once) until the programme has `cases`.
  int64_t people = 0, have = 0;
  (void)store->Scan({.kind = "person", .equals = {{"programme_id", programme}}, .columns = {"id"}}, [&](ScanRow) { ++people; });
  (void)store->Scan({.kind = "case", .equals = {{"programme_id", programme}}, .columns = {"id"}}, [&](ScanRow) { ++have; });
  if (have < cases) {
    auto login = [&](const char* user) { return Must(services->auth.Login(user, std::string(kDemoPassword), "127.0.0.1")).principal; };
    std::fprintf(stderr, "baton_reports_bench: adding %lld counselling cases\n", static_cast<long long>(cases - have));
    Must(bench::SeedCases(*services, *store, login("iom.counsellor"), login("iom.supervisor"), programme, people, cases - have));
  }

  ReportParams params{.programme_id = programme, .from = "", .to = "", .period = year, .site_id = "",
                      .breakdown = {"sex", "age_band", "population_group", "disability"}, .indicators = {},
                      .audience = "internal"};
  Json last;
  // The first report of the programme reads its people, activities and attendance into the report
  // cache (service/report_cache); the others read memory, after the log entries since.
  const double cold = bench::TimeRuns(1, [&] { last = Must(services->reports.Indicators(manager, params)); }).front();
  // Peak memory so far: the store's pages, the seeding above, and the cache.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  Print("indicators_first", {cold}, ",\"max_rss_mb\":" + std::to_string(usage.ru_maxrss / 1024));
  auto internal = Time([&] { last = Must(services->reports.Indicators(manager, params)); });
  int64_t contacts = 0, reached = 0;
  for (const Json& i : last["indicators"]) {
    if (i["code"] == "people_reached") reached = i["value"].get<int64_t>();
    if (std::string(i["code"]).rfind("contacts_", 0) == 0 && i["value"].is_number_integer()) contacts += i["value"].get<int64_t>();
  }
  Print("indicators_internal", internal,
        ",\"indicators\":" + std::to_string(last["indicators"].size()) + ",\"people_reached\":" + std::to_string(reached) +
            ",\"contacts\":" + std::to_string(contacts));
  // A session's attendance (of named people) written again before each report: the cache reads
  // that session again.
  std::string session_id;
  const Status found = store->Scan({.kind = "attendance", .equals = {{"programme_id", programme}}, .ranges = {{"date", year + "-06-01", year + "-06-30"}},
                     .columns = {"id"}, .element = "attendance", .element_columns = {"person_id"}},
                    [&](ScanRow row) {
                      if (session_id.empty()) session_id = std::string(row[0].value_or(""));
                    });
  if (!found.ok() || session_id.empty()) {
    std::fprintf(stderr, "baton_reports_bench: no session in June %s: %s\n", year.c_str(), found.ToString().c_str());
    return 1;
  }
  IdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  auto touch = [&] {
    const Record session = std::move(store->Get("attendance", session_id)).value();
    ChangeSet set{ids.NewId(), HlcTime::From(SystemClock::Instance().NowMs(), 0), "bench", "bench",
                  {{"attendance", session_id, ChangeOp::kUpdate, {{"attendance", session.data.at("attendance")}}, std::nullopt, {}}}, {}};
    if (!store->Commit(std::move(set)).ok()) std::abort();
  };
  Print("indicators_after_a_change", Time([&] {
          touch();
          last = Must(services->reports.Indicators(manager, params));
        }),
        "");
  params.audience = "shared";
  Print("indicators_shared", Time([&] { last = Must(services->reports.Indicators(manager, params)); }), "");
  params.audience = "";
  params.breakdown.clear();
  size_t rows = 0;
  const auto fourws = Time([&] { rows = Must(services->reports.FourWsTable(manager, params)).table.rows.size(); });
  Print("4ws", fourws, ",\"rows\":" + std::to_string(rows));
  services.reset();
  store->Close();

  if (store->kind() != StoreKind::kSqlite) return 0;  // the reference below reads a SQLite file

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
