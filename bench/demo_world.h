// What the in-process benchmarks start from: a fresh SQLite store in `dir` with the demo
// organisations, users, programme and its activities (no people), and the demo manager signed in.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "base/clock.h"
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

}  // namespace baton::bench
