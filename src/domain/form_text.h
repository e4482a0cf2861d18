// What the readers of forms defined as data share (domain/questionnaire, domain/instruments): a
// member read from untrusted JSON, and the rules for texts, codes and whole numbers in them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace baton::form_text {

using Json = nlohmann::json;

// "list[3]": the path of an element, as problems name it.
inline std::string Index(const std::string& list, size_t i) { return list + "[" + std::to_string(i) + "]"; }

// A member that is there and not null; a null member counts as left out.
inline const Json* Member(const Json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

inline std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// Length in code points (JSON strings are UTF-8).
inline size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

inline bool HasControlChars(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (c == 0x7f) return true;
    if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\t'))) return true;
  }
  return false;
}

// [a-z][a-z0-9_]{0,39}: the codes a form's parts are named by.
inline constexpr size_t kMaxCodeLength = 40;
inline bool IsCode(std::string_view s) {
  if (s.empty() || s.size() > kMaxCodeLength || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}
inline constexpr const char* kCodeRule = "must be 1 to 40 characters of a-z, 0-9 or '_', starting with a letter";

// A whole double within the range where every integer is exact.
inline bool IsWhole(double d) { return std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9007199254740992.0; }

}  // namespace baton::form_text
