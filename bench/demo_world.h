// What the in-process benchmarks start from: a fresh SQLite store in `dir` with the demo
// organisations, users, programme and its activities (no people), and the demo manager signed in.
#pragma once

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cli/data_dir.h"
#include "service/demo_people.h"
#include "service/services.h"
#include "service/setup_service.h"

namespace baton::bench {

struct DemoWorld {
  std::unique_ptr<Store> store;
  std::unique_ptr<Services> services;
  Principal manager;  // iom.manager
  std::string org, site, programme;
};

inline DemoWorld OpenDemoWorld(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  DemoWorld w;
  w.store = std::move(OpenStore({.url = "sqlite:" + (dir / "baton.db").string()})).value();
  (void)MarkStore(*w.store, true);
  ServiceOptions options;
  options.password_cost = crypto::PasswordCost::kFast;
  options.data_key = std::string(32, 'b');
  w.services = std::move(OpenServices(*w.store, SystemClock::Instance(), SystemRandom::Instance(), options)).value();
  if (!SeedDemo(*w.services, 0).ok()) std::abort();
  w.manager = std::move(w.services->auth.Login("iom.manager", "baton-demo", "127.0.0.1")).value().principal;
  w.org = w.manager.organization_id;
  auto programmes = w.store->List({.kind = "programme", .limit = 1});
  w.programme = programmes->items[0].id;
  w.site = programmes->items[0].data["site_id"];
  return w;
}

// A data directory made by `baton demo` (any --scale), opened as `baton serve` opens it, with the
// demo manager signed in; an error names what is wrong (not a data directory, not a demo one).
inline Result<DemoWorld> OpenDemoDataDir(const std::filesystem::path& path) {
  BATON_ASSIGN_OR_RETURN(DataDir dir, OpenDataDir(path, ""));
  DemoWorld w;
  BATON_ASSIGN_OR_RETURN(w.store, OpenDataDirStore(dir));
  ServiceOptions options;
  options.data_key = dir.data_key;
  options.utc_offset_minutes = dir.utc_offset_minutes;
  BATON_ASSIGN_OR_RETURN(w.services, OpenServices(*w.store, SystemClock::Instance(), SystemRandom::Instance(), options));
  auto login = w.services->auth.Login("iom.manager", std::string(kDemoPassword), "127.0.0.1");
  if (!login.ok()) return Status::Invalid(path.string() + " is not a demo data directory");
  w.manager = login->principal;
  w.org = w.manager.organization_id;
  const Record programme = w.store->List({.kind = "programme", .limit = 1})->items.at(0);
  w.programme = programme.id;
  w.site = programme.data.value("site_id", "");
  return w;
}

// Registers `people` demo people (sealed names, no consents) in the world's programme, in batches
// of 5,000 change sets, generated 50,000 at a time (a million people do not fit in memory as JSON).
inline void SeedDemoPeople(DemoWorld& w, int people) {
  if (!w.services->persons.ReserveCodes(w.site, std::max(people, 1)).ok()) std::abort();
  constexpr int kChunk = 50'000;
  for (int done = 0, round = 0; done < people; done += kChunk, ++round) {
    SeededRandom random(2014 + static_cast<uint64_t>(round));
    std::vector<DemoPerson> demo =
        DemoPeople(random, std::min(kChunk, people - done), {w.site, w.programme, "", "2014-03-01", "2017-08-15"});
    std::vector<ChangeSet> batch;
    for (const DemoPerson& p : demo) {
      auto prepared = w.services->persons.Prepare(Principal::System(), p.input, {}, {p.registered_on, w.org, "", true});
      if (!prepared.ok()) std::abort();
      batch.push_back(std::move(prepared->set));
      if (batch.size() == 5000) {
        if (!w.store->CommitBatch(std::move(batch)).ok()) std::abort();
        batch.clear();
      }
    }
    if (!batch.empty() && !w.store->CommitBatch(std::move(batch)).ok()) std::abort();
  }
}

}  // namespace baton::bench
