#include "domain/roles.h"

namespace baton {

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kAdmin,      Role::kManager,     Role::kSupervisor,
                                          Role::kCounsellor, Role::kFacilitator, Role::kMeOfficer,
                                          Role::kViewer,     Role::kAdvisor};
  return roles;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kManager: return "manager";
    case Role::kSupervisor: return "supervisor";
    case Role::kCounsellor: return "counsellor";
    case Role::kFacilitator: return "facilitator";
    case Role::kMeOfficer: return "me_officer";
    case Role::kViewer: return "viewer";
    case Role::kAdvisor: return "advisor";
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : AllRoles()) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

}  // namespace baton
