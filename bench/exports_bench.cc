// Raw record exports at scale (docs/formats/export.md): PEOPLE people registered in the demo
// programme, exported through the route's handler (sign-in check, ExportService, the file
// written; no socket) as CSV and JSON, de-identified and identified (names unsealed, every person's
// access log written), beside the reference measured in the same run: a raw SQLite SELECT of the
// same columns of the same rows, each value copied out. Five runs each; prints the median and the
// fastest as one JSON object per measurement.
// Usage: baton_exports_bench [PEOPLE]
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "demo_world.h"
#include "http/api/api.h"
#include "http/router.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Percentile;
using bench::Steady;

constexpr int kRuns = 5;

std::vector<double> Time(const std::function<void()>& run) { return bench::TimeRuns(kRuns, run); }

void Print(const char* what, const std::vector<double>& ms, const std::string& more) {
  bench::PrintRuns("exports", what, ms, more);
}

}  // namespace

int main(int argc, char** argv) {
  const int people = argc > 1 ? std::atoi(argv[1]) : 100'000;
  const fs::path dir = fs::temp_directory_path() / "baton-exports-bench";
  bench::DemoWorld w = bench::OpenDemoWorld(dir);
  const auto seed0 = Steady::now();
  bench::SeedDemoPeople(w, people);
  std::printf("{\"bench\":\"exports\",\"what\":\"seed\",\"people\":%d,\"seconds\":%.1f}\n", people,
              Ms(seed0, Steady::now()) / 1000);
  auto login = w.services->auth.Login("iom.manager", "baton-demo", "127.0.0.1");
  if (!login.ok()) return 1;
  http::Router router;
  http::RegisterApi(router, *w.services, {"bench", "sqlite"});

  auto run = [&](const std::string& format, const std::string& identity, size_t& bytes, int& status) {
    http::Request req;
    req.method = "GET";
    req.path = "/api/v1/exports/people";
    req.target = req.path;
    req.query = {{"programme", w.programme}, {"format", format}, {"identity", identity}};
    req.headers["Authorization"] = "Bearer " + login->token;
    req.remote_address = "127.0.0.1";
    http::Response r = router.Dispatch(req);
    bytes = r.body.size();
    status = r.status;
  };
  for (const char* identity : {"deidentified", "identified"}) {
    for (const char* format : {"csv", "json"}) {
      size_t bytes = 0;
      int status = 0;
      std::vector<double> ms = Time([&] { run(format, identity, bytes, status); });
      if (status != 200) {
        std::fprintf(stderr, "baton_exports_bench: %s %s answered %d\n", identity, format, status);
        return 1;
      }
      const std::string what = std::string(identity) + "_" + format;
      Print(what.c_str(), ms, ",\"rows\":" + std::to_string(people) + ",\"bytes\":" + std::to_string(bytes));
    }
  }

  // What an identified export's logging costs: one access-log entry per person, in one durable
  // transaction, alone.
  {
    std::vector<AccessEntry> entries;
    auto ids = w.store->List({.kind = "person", .limit = 1000});
    for (int i = 0; i < people; ++i) {
      entries.push_back({i, w.manager.user_id, "person", ids->items[static_cast<size_t>(i) % ids->items.size()].id,
                         "export_identified", ""});
    }
    std::vector<double> log_ms = Time([&] {
      if (!w.store->AppendAccesses(entries).ok()) std::abort();
    });
    Print("access_log", log_ms, ",\"entries\":" + std::to_string(people));
  }

  // The reference: the same columns of the same rows, straight from SQLite.
  sqlite3* db = nullptr;
  if (sqlite3_open_v2((dir / "baton.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT code, sex, birth_date_est, population_group, disability, site_id, status FROM persons WHERE programme_id = ?";
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "baton_exports_bench: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  size_t rows = 0;
  std::vector<double> ms = Time([&] {
    std::vector<std::vector<std::string>> out;
    sqlite3_bind_text(st, 1, w.programme.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string>& row = out.emplace_back();
      for (int c = 0; c < 7; ++c) {
        const unsigned char* text = sqlite3_column_text(st, c);
        row.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
      }
    }
    sqlite3_reset(st);
    rows = out.size();
  });
  sqlite3_finalize(st);
  sqlite3_close(db);
  Print("sql_select", ms, ",\"rows\":" + std::to_string(rows));
  w.store->Close();
  fs::remove_all(dir);
  return 0;
}
