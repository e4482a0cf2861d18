// For the service suites: a node (a store in its own directory with its services) and who acts
// on it, read from what the demo or a test put there.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/crypto.h"
#include "domain/roles.h"
#include "service/services.h"
#include "service/setup_service.h"
#include "store/store.h"

namespace baton::test {

// A fresh, empty directory for the running test: `prefix`-pid-test name.
inline std::filesystem::path FreshDir(const std::string& prefix) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      (prefix + "-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The user `username` as the services see them once signed in: id, organisation, roles.
inline Principal PrincipalOf(Store& store, const std::string& username) {
  auto page = store.List({.kind = "user", .equals = {{"username", username}}, .limit = 1});
  EXPECT_TRUE(page.ok() && !page->items.empty()) << username;
  if (!page.ok() || page->items.empty()) return {};
  const Record& u = page->items.front();
  Principal p{u.id, u.data.value("organization_id", ""), username, {}};
  for (const Json& r : u.data.value("roles", Json::array())) p.roles.insert(*ParseRole(r.get<std::string>()));
  return p;
}

// The id of the organisation with this code.
inline std::string OrganizationIdOf(Store& store, const std::string& code) {
  return store.List({.kind = "organization", .equals = {{"code", code}}, .limit = 1}).value().items.at(0).id;
}

// One node: a SQLite store in `dir` with its services, the data key 32 times `key`, passwords
// hashed at the fast cost; a demo node unless `demo` is false.
struct Node {
  Node(const std::filesystem::path& dir, Clock& clock, Random& random, char key, bool demo = true) {
    crypto::Init();
    std::filesystem::create_directories(dir);
    store = std::move(OpenStore({.url = "sqlite:" + (dir / "baton.db").string()})).value();
    EXPECT_TRUE(MarkStore(*store, demo).ok());
    ServiceOptions options;
    options.password_cost = crypto::PasswordCost::kFast;
    options.data_key = std::string(32, key);
    services = std::move(OpenServices(*store, clock, random, options)).value();
  }
  ~Node() {
    services.reset();
    store->Close();
  }
  Principal As(const std::string& username) { return PrincipalOf(*store, username); }
  std::string OrgId(const std::string& code) { return OrganizationIdOf(*store, code); }

  std::unique_ptr<Store> store;
  std::unique_ptr<Services> services;
};

}  // namespace baton::test
