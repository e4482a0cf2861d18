// First records of a data directory: `baton init` (one organisation and its admin) and
// `baton demo` (the Bor story of DESIGN.md §1).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "service/demo_scale.h"
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

inline constexpr int kDemoPeople = 2500;  // the story as told
inline constexpr int kMaxDemoPeople = 5'000'000;

// The organisations, site, programme and users of the story (all passwords are the demo
// password), `people` people registered in the programme with their consents, and the story's
// activities. Above kDemoPeople, group work in proportion to the people too (SeedDemoScale), with
// its progress reported to `progress`.
// The story ends with the handover of 15 August 2017 to ALARM (service/demo_handover) when
// `with_handover`; otherwise it stops just before it, prepared but not planned (to rehearse it).
Result<std::vector<DemoLogin>> SeedDemo(Services& services, int people = kDemoPeople,
                                        const DemoProgress& progress = {}, bool with_handover = false);

// `people` synthetic people of the Bor story registered by the system, in batches.
Status SeedDemoPeople(Services& services, int people, const std::string& org_id, const std::string& site_id,
                      const std::string& programme_id, const std::string& partner_org_id);

// "Bor Women's Union" -> "bor-women-s-union".
std::string SlugFromName(std::string_view name);

}  // namespace baton
