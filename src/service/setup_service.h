// First records of a data directory: `baton init` (one organisation and its admin) and
// `baton demo` (the Bor story of DESIGN.md §1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/services.h"

namespace baton {

// True when the store holds no change set yet.
Result<bool> IsEmpty(Store& store);

// Marks the store as a demo store (the demo password is accepted) or a real one. Only on an
// empty store; the flag never changes afterwards.
Status MarkStore(Store& store, bool demo);

struct InitResult {
  std::string organization_id;
  std::string admin_user_id;
};

// Creates the organisation (its code derived from the name) and an admin user with `password`.
Result<InitResult> InitializeOrganization(Services& services, std::string_view org_name,
                                          std::string_view admin_username, std::string_view password);

struct DemoLogin {
  std::string username;
  std::string organization;
  std::string roles;
};

// The organisations, site, programme and users of the story; all passwords are the demo password.
// `scale` is kept for later record-level demo data (people, activities); 1 is the story as told.
Result<std::vector<DemoLogin>> SeedDemo(Services& services, int scale);

// "Bor Women's Union" -> "bor-women-s-union".
std::string SlugFromName(std::string_view name);

}  // namespace baton
