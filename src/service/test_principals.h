// For the service suites: who acts, read from a store the demo or a test filled.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "domain/roles.h"
#include "store/store.h"

namespace baton::test {

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

}  // namespace baton::test
