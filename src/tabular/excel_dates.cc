#include "tabular/excel_dates.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace baton::tabular {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

DateKind BuiltInKind(int id) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) ||
      (id >= 50 && id <= 58)) {
    return DateKind::kDate;
  }
  if (id == 22) return DateKind::kDateTime;
  if ((id >= 18 && id <= 21) || id == 32 || id == 33 || id == 45 || id == 47)
    return DateKind::kTime;
  return DateKind::kNone;  // 46 is an elapsed time ([h]:mm:ss): a duration, not a time of day
}

}  // namespace

DateKind ClassifyNumberFormat(int id, std::string_view code) {
  if (code.empty()) return BuiltInKind(id);
  bool date = false, time = false, month = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = Lower(code[i]);
    if (c == ';') break;  // only the section for positive numbers
    if (c == '"') {       // literal text
      size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '\\' || c == '_' || c == '*') {  // escaped character, padding, fill
      ++i;
      continue;
    }
    if (c == '[') {  // colour, condition, locale, or an elapsed-time unit like [h]
      size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) break;
      std::string_view inside = code.substr(i + 1, close - i - 1);
      if (!inside.empty() &&
          (Lower(inside[0]) == 'h' || Lower(inside[0]) == 'm' || Lower(inside[0]) == 's')) {
        return DateKind::kNone;  // a duration
      }
      i = close;
      continue;
    }
    if (StartsWithNoCase(code.substr(i), "general")) return DateKind::kNone;
    if (StartsWithNoCase(code.substr(i), "am/pm")) {
      time = true;
      i += 4;
      continue;
    }
    if (StartsWithNoCase(code.substr(i), "a/p")) {
      time = true;
      i += 2;
      continue;
    }
    if (c == 'y' || c == 'd') date = true;
    if (c == 'h' || c == 's') time = true;
    if (c == 'm') month = true;  // month, or minutes next to h or s
  }
  if (month && !time) date = true;
  if (date && time) return DateKind::kDateTime;
  if (date) return DateKind::kDate;
  if (time) return DateKind::kTime;
  return DateKind::kNone;
}

std::optional<std::string> SerialToText(double serial, DateKind kind, bool date1904) {
  using namespace std::chrono;
  // 2958465 is 9999-12-31 in the 1900 system; the 1904 system's limit is 1462 days less.
  const double last = date1904 ? 2958465.0 - 1462.0 : 2958465.0;
  if (kind == DateKind::kNone || !std::isfinite(serial) || serial < 0 || serial >= last + 1) {
    return std::nullopt;
  }
  auto whole = static_cast<long long>(std::floor(serial));
  auto seconds = std::llround((serial - static_cast<double>(whole)) * 86400.0);
  if (seconds >= 86400) {
    ++whole;
    seconds -= 86400;
  }
  const int second_of_day = static_cast<int>(seconds);  // 0..86399
  char clock[32];
  std::snprintf(clock, sizeof clock, "%02d:%02d:%02d", second_of_day / 3600,
                second_of_day / 60 % 60, second_of_day % 60);
  if (kind == DateKind::kTime) return std::string(clock);
  if (whole > static_cast<long long>(last)) return std::nullopt;

  int y, m, d;
  if (!date1904 && whole == 60) {
    y = 1900, m = 2, d = 29;
  } else {
    sys_days day;
    if (date1904) {
      day = sys_days(1904y / January / 1) + days(whole);
    } else {
      if (whole < 1) return std::nullopt;  // Excel shows serial 0 as 1900-01-00
      // Serials from 61 on count the fictitious 1900-02-29.
      day = sys_days(1899y / December / 30) + days(whole) + days(whole < 60 ? 1 : 0);
    }
    year_month_day ymd(day);
    y = static_cast<int>(ymd.year());
    m = static_cast<int>(static_cast<unsigned>(ymd.month()));
    d = static_cast<int>(static_cast<unsigned>(ymd.day()));
  }
  char date[32];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
  if (kind == DateKind::kDate) return std::string(date);
  return std::string(date) + " " + clock;
}

}  // namespace baton::tabular
