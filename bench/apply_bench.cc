// Bulk apply of change sets (what sync and handover import do) against the reference limit: a raw
// SQLite insert of the same rows, in one transaction with a prepared statement, same pragmas.
// Prints one JSON object per measurement; bench/run turns them into docs/PERFORMANCE.md.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "changes/change_set.h"
#include "store/store.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Json SitePatch(int i) {
  return Json{{"name", "Site " + std::to_string(i)}, {"type", "camp"}, {"admin1", "Jonglei"},
              {"admin2", "Bor South"}, {"organization_id", "01900000-0000-7000-8000-000000000001"},
              {"active", true}};
}

std::vector<ChangeSet> MakeSets(int sets, int per_set, IdGenerator& ids, HybridLogicalClock& hlc) {
  std::vector<ChangeSet> out;
  out.reserve(sets);
  int n = 0;
  for (int s = 0; s < sets; ++s) {
    ChangeSet set{ids.NewId(), hlc.Now(), "bench-node", "system", {}};
    for (int c = 0; c < per_set; ++c, ++n) set.changes.push_back({"site", ids.NewId(), ChangeOp::kCreate, SitePatch(n), {}});
    out.push_back(std::move(set));
  }
  return out;
}

double BatonApply(const fs::path& dir, int sets, int per_set) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = OpenStore({.url = "sqlite:" + (dir / "baton.db").string()});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::exit(1);
  }
  IdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  HybridLogicalClock hlc(SystemClock::Instance());
  auto batch = MakeSets(sets, per_set, ids, hlc);
  auto start = std::chrono::steady_clock::now();
  auto applied = (*store)->CommitBatch(std::move(batch));
  double secs = Seconds(start);
  if (!applied.ok()) {
    std::fprintf(stderr, "%s\n", applied.status().ToString().c_str());
    std::exit(1);
  }
  (*store)->Close();
  return secs;
}

// The same projection rows, into the same table and index, inserted directly: the limit a store
// on SQLite could reach.
double RawSqlite(const fs::path& dir, int rows) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  sqlite3* db = nullptr;
  sqlite3_open((dir / "raw.db").c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE sites(id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_ms INTEGER, updated_ms INTEGER,"
               " data TEXT NOT NULL, organization_id TEXT, name TEXT, type TEXT, admin1 TEXT, admin2 TEXT, active INTEGER);"
               "CREATE INDEX sites_organization ON sites (organization_id);",
               nullptr, nullptr, nullptr);
  IdGenerator ids(SystemClock::Instance(), SystemRandom::Instance());
  std::vector<std::pair<std::string, Json>> input;
  input.reserve(rows);
  for (int i = 0; i < rows; ++i) input.emplace_back(ids.NewId(), SitePatch(i));
  auto start = std::chrono::steady_clock::now();
  sqlite3_stmt* st = nullptr;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO sites VALUES(?,?,?,?,?,?,?,?,?,?,?)", -1, &st, nullptr);
  for (const auto& [id, data] : input) {
    std::string text = data.dump();
    sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, 1);
    sqlite3_bind_int64(st, 3, 0);
    sqlite3_bind_int64(st, 4, 0);
    sqlite3_bind_text(st, 5, text.c_str(), -1, SQLITE_TRANSIENT);
    int col = 6;
    for (const char* f : {"organization_id", "name", "type", "admin1", "admin2"}) {
      std::string v = data[f].get<std::string>();
      sqlite3_bind_text(st, col++, v.c_str(), -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int64(st, 11, 1);
    sqlite3_step(st);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  double secs = Seconds(start);
  sqlite3_close(db);
  return secs;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  const int sets = 1000, per_set = 100, runs = argc > 1 ? std::atoi(argv[1]) : 5;
  const int rows = sets * per_set;
  fs::path dir = fs::temp_directory_path() / "baton-apply-bench";
  std::vector<double> baton_s, raw_s;
  for (int r = 0; r < runs; ++r) {
    baton_s.push_back(BatonApply(dir / "baton", sets, per_set));
    raw_s.push_back(RawSqlite(dir / "raw", rows));
  }
  fs::remove_all(dir);
  double b = Median(baton_s), raw = Median(raw_s);
  std::printf("{\"bench\":\"bulk_apply\",\"changes\":%d,\"change_sets\":%d,\"runs\":%d,"
              "\"baton_changes_per_s\":%.0f,\"raw_sqlite_rows_per_s\":%.0f,\"ratio\":%.3f}\n",
              rows, sets, runs, rows / b, rows / raw, raw / b);
  return 0;
}
