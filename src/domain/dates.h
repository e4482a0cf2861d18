// Calendar arithmetic on "YYYY-MM-DD" dates (proleptic Gregorian). Callers pass valid dates
// (IsValidDate in record_spec.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace baton {

// Whole years from `from` to `to` (age on `to` of someone born on `from`); negative when `to` is
// earlier. A person born on 29 February turns a year older on 1 March in common years.
int YearsBetween(std::string_view from, std::string_view to);

// `date` moved by `years` (29 February becomes 28 February in a common year).
std::string AddYears(std::string_view date, int years);

// The UTC calendar date of a Unix time in milliseconds.
std::string DateOfMs(int64_t ms);

}  // namespace baton
