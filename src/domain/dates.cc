#include "domain/dates.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace baton {
namespace {

struct Ymd {
  int64_t year = 0;
  int month = 0;
  int day = 0;
};

// Reads "YYYY-MM-DD". Callers pass valid dates; anything unreadable reads as zeros rather than
// failing, so a caller's mistake gives a wrong answer, never a crash.
Ymd Parse(std::string_view s) {
  Ymd d;
  auto num = [&](size_t pos, size_t len, auto& out) {
    if (s.size() < pos + len) return;
    std::from_chars(s.data() + pos, s.data() + pos + len, out);
  };
  num(0, 4, d.year);
  num(5, 2, d.month);
  num(8, 2, d.day);
  return d;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::string Format(int64_t year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(year), month, day);
  return buf;
}

// Whole years from a to b for a on or before b: the birthday has come when (month, day) of b is not
// before (month, day) of a. A 29 February birthday in a common year therefore comes on 1 March.
int YearsForward(const Ymd& a, const Ymd& b) {
  int64_t years = b.year - a.year;
  if (b.month < a.month || (b.month == a.month && b.day < a.day)) --years;
  return static_cast<int>(years);
}

std::chrono::sys_days Days(std::string_view s) {
  const Ymd d = Parse(s);
  return std::chrono::sys_days{std::chrono::year{static_cast<int>(d.year)} / std::chrono::month{static_cast<unsigned>(d.month)} /
                               std::chrono::day{static_cast<unsigned>(d.day)}};
}

bool Before(const Ymd& a, const Ymd& b) {
  if (a.year != b.year) return a.year < b.year;
  if (a.month != b.month) return a.month < b.month;
  return a.day < b.day;
}

}  // namespace

int DaysBetween(std::string_view from, std::string_view to) {
  return static_cast<int>((Days(to) - Days(from)).count());
}

int Weekday(std::string_view date) {
  // iso_encoding: Monday 1 .. Sunday 7.
  return static_cast<int>(std::chrono::weekday{Days(date)}.iso_encoding()) - 1;
}

std::string WeekStart(std::string_view date) { return AddDays(date, -Weekday(date)); }

// A span backwards is the negated span forwards, so the sign never changes the count of whole
// years (2010-05-01 back to 2000-05-02 is -9, not -10).
int YearsBetween(std::string_view from, std::string_view to) {
  Ymd a = Parse(from), b = Parse(to);
  if (Before(b, a)) return -YearsForward(b, a);
  return YearsForward(a, b);
}

std::string AddYears(std::string_view date, int years) {
  Ymd d = Parse(date);
  int64_t year = d.year + years;
  int day = d.day;
  if (d.month == 2 && day == 29 && !IsLeap(year)) day = 28;
  return Format(year, d.month, day);
}

std::string AddDays(std::string_view date, int days) {
  const Ymd d = Parse(date);
  const auto moved = std::chrono::sys_days{std::chrono::year{static_cast<int>(d.year)} / d.month / d.day} +
                     std::chrono::days{days};
  return DateOfMs(static_cast<int64_t>(moved.time_since_epoch().count()) * 86'400'000);
}

// The civil date of a count of days since 1970-01-01: the era-based algorithm from Howard Hinnant's
// "chrono-Compatible Low-Level Date Algorithms", in 64-bit so no input can overflow it.
std::string DateOfMs(int64_t ms) {
  constexpr int64_t kMsPerDay = 86'400'000;
  int64_t days = ms / kMsPerDay;
  if (ms % kMsPerDay < 0) --days;  // floor: the last millisecond before 1970 is 1969-12-31
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;                                  // [0, 146096]
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);           // [0, 365], from 1 March
  int64_t mp = (5 * doy + 2) / 153;                                // [0, 11], March = 0
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return Format(year, month, day);
}

std::optional<int> ParseUtcOffset(std::string_view t) {
  auto digit = [&](size_t i) { return t[i] >= '0' && t[i] <= '9'; };
  if (t.size() != 6 || (t[0] != '+' && t[0] != '-') || t[3] != ':' || !digit(1) || !digit(2) || !digit(4) ||
      !digit(5)) {
    return std::nullopt;
  }
  const int hours = (t[1] - '0') * 10 + (t[2] - '0');
  const int minutes = (t[4] - '0') * 10 + (t[5] - '0');
  if (minutes % 15 != 0 || minutes >= 60) return std::nullopt;
  const int total = (t[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  if (total < -12 * 60 || total > 14 * 60) return std::nullopt;
  return total;
}

std::string FormatUtcOffset(int minutes) {
  char buf[16];
  const int a = minutes < 0 ? -minutes : minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60 % 100, a % 60);
  return buf;
}

}  // namespace baton
