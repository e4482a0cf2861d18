// Calendar arithmetic on "YYYY-MM-DD" dates (proleptic Gregorian). Callers pass valid dates
// (IsValidDate in record_spec.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {

// Whole years from `from` to `to` (age on `to` of someone born on `from`); negative when `to` is
// earlier. A person born on 29 February turns a year older on 1 March in common years.
int YearsBetween(std::string_view from, std::string_view to);

// `date` moved by `years` (29 February becomes 28 February in a common year).
std::string AddYears(std::string_view date, int years);

// `date` moved by `days` (negative: earlier).
std::string AddDays(std::string_view date, int days);

// Days from `from` to `to` (negative when `to` is earlier).
int DaysBetween(std::string_view from, std::string_view to);

// The day of the week: 0 Monday .. 6 Sunday.
int Weekday(std::string_view date);

// The Monday of the week (Monday to Sunday) that holds `date`.
std::string WeekStart(std::string_view date);

// The UTC calendar date of a Unix time in milliseconds.
std::string DateOfMs(int64_t ms);

// A fixed offset from UTC written "+HH:MM" or "-HH:MM" (ISO 8601), in minutes; nullopt unless it is
// one in use somewhere: -12:00 to +14:00, minutes 00, 15, 30 or 45.
std::optional<int> ParseUtcOffset(std::string_view text);
std::string FormatUtcOffset(int minutes);

}  // namespace baton
