// A handover at scale (docs/formats/handover.md): the demo programme of a data directory made by
// `baton demo --scale N --no-handover` handed from IOM to ALARM on another server (a fresh SQLite
// store in a temporary directory): plan with its preview, approvals, the package made, verified
// and imported on the receiver, each timed once (an import happens once), with the end-to-end
// total. References measured in the same run: reading the sender's whole change log out of the
// store, the least any package of the history costs; and copying every row the import left on
// the receiver (log, log index, records, element tables, keys, name index) into an empty store of
// the same schema with plain SQL, one durable transaction: the least the import's writing costs,
// with nothing parsed, checked or serialised.
// Usage: baton_handover_bench DATA_DIR
#include <cstdio>
#include <filesystem>
#include <string>

#include <sqlite3.h>

#include "demo_world.h"
#include "service/handover_service.h"
#include "timing.h"

namespace fs = std::filesystem;
using namespace baton;

namespace {

using bench::Ms;
using bench::Steady;

// A step's wall time and the processor time the process spent in it.
struct Mark {
  Steady::time_point wall = Steady::now();
  double cpu = bench::CpuMs();
};

void Line(const char* what, const Mark& from, const std::string& more = "") {
  std::printf("{\"bench\":\"handover\",\"what\":\"%s\",\"ms\":%.1f,\"cpu_ms\":%.1f%s}\n", what,
              Ms(from.wall, Steady::now()), bench::CpuMs() - from.cpu, more.c_str());
  std::fflush(stdout);
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "baton_handover_bench: %s: %s\n", what, r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

void MustSql(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "baton_handover_bench: %s: %s\n", sql.c_str(), error != nullptr ? error : "?");
    std::exit(1);
  }
}

// Copies every table of the store at `from` into a new store at `to` (made empty by the store's
// own migrations, so schema and indexes are the same) in one transaction; returns the rows copied.
int64_t CopyRows(const fs::path& from, const fs::path& to) {
  Must(OpenStore({.url = "sqlite:" + to.string()}), "empty store")->Close();
  sqlite3* db = nullptr;
  if (sqlite3_open(to.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "baton_handover_bench: %s: %s\n", to.c_str(), sqlite3_errmsg(db));
    std::exit(1);
  }
  MustSql(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; ATTACH DATABASE '" + from.string() + "' AS src");
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                         "AND name <> 'schema_migrations'", -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "baton_handover_bench: listing the tables: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  MustSql(db, "BEGIN");
  for (const std::string& t : tables) MustSql(db, "DELETE FROM main." + t + "; INSERT INTO main." + t + " SELECT * FROM src." + t);
  MustSql(db, "COMMIT");
  const int64_t rows = sqlite3_total_changes64(db);
  sqlite3_close(db);
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  crypto::Init();
  if (argc < 2) {
    std::fprintf(stderr, "usage: baton_handover_bench DATA_DIR (made by baton demo --scale N --no-handover)\n");
    return 2;
  }
  bench::DemoWorld iom = Must(bench::OpenDemoDataDir(argv[1]), "the data directory");
  Services& s = *iom.services;
  const std::string alarm_here =
      Must(iom.store->List({.kind = "organization", .equals = {{"code", "alarm"}}, .limit = 1}), "ALARM").items.at(0).id;

  // ALARM's own server.
  const fs::path dir = fs::temp_directory_path() / "baton-handover-bench";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = Must(OpenStore({.url = "sqlite:" + (dir / "baton.db").string()}), "receiver store");
  ServiceOptions options;
  options.password_cost = crypto::PasswordCost::kFast;
  options.data_key = std::string(32, 'r');
  auto alarm = Must(OpenServices(*store, SystemClock::Instance(), SystemRandom::Instance(), options), "receiver");
  const Record org = Must(alarm->accounts.Create(Principal::System(), Collection::kOrganizations,
                                                 {{"code", "alarm"}, {"name", "ALARM"}, {"type", "national_ngo"}}),
                          "receiver organisation");
  std::map<std::string, std::string> staff;
  for (const char* role : {"manager", "counsellor", "supervisor"}) {
    staff[role] = Must(alarm->accounts.Create(Principal::System(), Collection::kUsers,
                                              {{"username", std::string("alarm2.") + role},
                                               {"display_name", std::string("ALARM ") + role},
                                               {"roles", {role}},
                                               {"password", "a long enough passphrase"}},
                                              org.id),
                       "receiver staff")
                       .id;
  }
  const Json card = Must(alarm->org_keys.Rotate(Principal::System(), org.id), "receiver key");
  // The demo keeps ALARM's key pair here; on this bench ALARM has its own server.
  Must(s.org_keys.Register(Principal::System(), alarm_here, card["public_key"].get<std::string>(), /*replace_local=*/true),
       "key registration");

  // The reference: the sender's whole log read out.
  const Mark r0;
  int64_t entries = 0, after = 0;
  size_t log_bytes = 0;
  for (;;) {
    auto page = Must(iom.store->ReadLog(after, 5000), "log");
    if (page.empty()) break;
    for (const StoredEntry& e : page) log_bytes += e.body.size();
    entries += static_cast<int64_t>(page.size());
    after = page.back().seq;
  }
  Line("reference_read_log", r0, ",\"entries\":" + std::to_string(entries) + ",\"bytes\":" + std::to_string(log_bytes));

  const Principal system = Principal::System();
  const Mark start;
  Mark t;
  const Record plan = Must(s.handovers.Create(system, {{"programme_id", iom.programme},
                                                        {"receiver_organization_id", alarm_here},
                                                        {"effective_date", "2017-08-15"},
                                                        {"purpose", "ALARM continues the MHPSS programme of the Bor PoC site."},
                                                        {"agreement_reference", "IOM-ALARM DTA 2017/08"},
                                                        {"support_until", "2017-12-31"}}),
                           "plan");
  const Json view = Must(s.handovers.Get(system, plan.id), "preview");
  const Json& people = view["preview"]["people"];
  Line("plan_preview", t,
       ",\"people\":" + std::to_string(people["total"].get<int64_t>()) + ",\"identified\":" +
           std::to_string(people["identified"].get<int64_t>()));
  t = Mark();
  Must(s.handovers.Approve(system, plan.id, std::nullopt), "approve");
  Line("approve", t);
  t = Mark();
  const HandoverPackageFile file = Must(s.handovers.Package(system, plan.id), "package");
  Line("package", t, ",\"bytes\":" + std::to_string(file.bytes.size()));
  t = Mark();
  const Json report = Must(alarm->handovers.Verify(system, file.bytes), "verify");
  Line("verify", t, ",\"change_sets\":" + std::to_string(report["change_sets"].get<int64_t>()));
  Json assignments = Json::object();
  for (const Json& c : report["open_cases"]) {
    assignments[c["counsellor_id"].get<std::string>()] = staff["counsellor"];
    assignments[c["supervisor_id"].get<std::string>()] = staff["supervisor"];
  }
  t = Mark();
  const Json result = Must(alarm->handovers.Import(system, file.bytes, {{"assignments", assignments}}), "import");
  Line("import", t, ",\"change_sets_applied\":" + std::to_string(result["change_sets_applied"].get<int64_t>()));
  int64_t attendances = 0;
  for (const auto& [kind, n] : result["records"].items()) {
    if (kind == "attendance") attendances = n.get<int64_t>();
  }
  Line("end_to_end", start,
       ",\"people\":" + std::to_string(people["total"].get<int64_t>()) + ",\"attendance_records\":" + std::to_string(attendances));
  alarm.reset();
  store->Close();

  t = Mark();
  const int64_t copied = CopyRows(dir / "baton.db", dir / "copy.db");
  Line("reference_copy_rows", t, ",\"rows\":" + std::to_string(copied));
  fs::remove_all(dir);
  return 0;
}
