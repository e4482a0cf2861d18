// The roles of DESIGN.md §3 and the signed-in principal they belong to.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace baton {

enum class Role { kAdmin, kManager, kSupervisor, kCounsellor, kFacilitator, kMeOfficer, kViewer, kAdvisor };

const std::vector<Role>& AllRoles();
const char* RoleName(Role role);  // "admin", "me_officer", ...
std::optional<Role> ParseRole(std::string_view name);

// Who is acting: the signed-in user, or the system itself (command line, migrations).
struct Principal {
  std::string user_id;  // "system" for the command line
  std::string organization_id;
  std::string username;
  std::set<Role> roles;

  bool has(Role role) const { return roles.contains(role); }
  bool is_system() const { return user_id == "system"; }
  static Principal System() { return {"system", "", "system", {}}; }
};

}  // namespace baton
