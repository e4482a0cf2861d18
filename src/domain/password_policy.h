// What makes a password acceptable (OWASP ASVS 2.1): length, not a common password, not the
// username. Checked before hashing, on create, reset and change.
#pragma once

#include <string_view>

#include "base/status.h"

namespace baton {

inline constexpr size_t kMinPasswordLength = 10;
inline constexpr size_t kMaxPasswordLength = 256;

// kInvalid naming the field `password` (or `field`) with the reason.
Status CheckPassword(std::string_view password, std::string_view username,
                     std::string_view field = "password");

}  // namespace baton
