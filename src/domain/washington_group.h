// The Washington Group Short Set on Functioning (MHPSS.md §4): six domains answered 1 (no
// difficulty) .. 4 (cannot do at all). Wording, order and answers are fixed by the Group.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace baton {

using Json = nlohmann::json;

// In the Group's order: seeing, hearing, walking, remembering, self_care, communicating.
const std::array<std::string_view, 6>& WgssDomains();

// Checks an answers object {"seeing": 1, ...}: only the six domain names, each an integer 1..4
// (domains may be left out: not asked). kInvalid naming "wg_ss.<domain>" otherwise.
Status CheckWgss(const Json& answers);

// The disability flag: true when any domain is 3 or 4; false when all six are answered and none
// is; nullopt when some are missing and none answered is 3 or 4 (not known).
std::optional<bool> WgssDisability(const Json& answers);

}  // namespace baton
