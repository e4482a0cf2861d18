#include "domain/record_spec.h"

#include <charconv>
#include <set>

#include "base/ids.h"

namespace baton {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool HasControlChars(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (c == 0x7f) return true;
    if (c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) return true;
  }
  return false;
}

// Length in code points (input is valid UTF-8: the JSON parser rejected anything else).
size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

bool IsSlug(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v) {
    if (x == s) return true;
  }
  return false;
}

std::string ChoicesText(const std::vector<std::string>& choices) {
  std::string out;
  for (const auto& c : choices) out += (out.empty() ? "" : ", ") + c;
  return out;
}

// Validates one value; returns the normalised value or an error message.
std::optional<std::string> CheckValue(const FieldSpec& f, const Json& v, Json& out) {
  switch (f.type) {
    case FieldType::kString:
    case FieldType::kText:
    case FieldType::kSlug: {
      if (!v.is_string()) return "must be a string";
      std::string s = f.type == FieldType::kText ? v.get<std::string>() : Trim(v.get<std::string>());
      if (HasControlChars(s, f.type == FieldType::kText)) return "must not contain control characters";
      size_t len = Utf8Length(s);
      if (f.required && len == 0) return "is required";
      if (len < f.min_length) return "must be at least " + std::to_string(f.min_length) + " characters";
      if (len > f.max_length) return "must be at most " + std::to_string(f.max_length) + " characters";
      if (f.type == FieldType::kSlug) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!IsSlug(s)) return "may contain only a-z, 0-9, '.', '_' and '-', starting with a letter or digit";
      }
      out = s;
      return std::nullopt;
    }
    case FieldType::kSecret: {
      if (!v.is_string()) return "must be a string";
      size_t len = v.get_ref<const std::string&>().size();
      if (f.required && len == 0) return "is required";
      if (len > f.max_length) return "must be at most " + std::to_string(f.max_length) + " characters";
      out = v;
      return std::nullopt;
    }
    case FieldType::kEnum:
      if (!v.is_string() || !Contains(f.choices, v.get<std::string>())) {
        return "must be one of: " + ChoicesText(f.choices);
      }
      out = v;
      return std::nullopt;
    case FieldType::kEnumList: {
      if (!v.is_array()) return "must be a list";
      if (v.empty() && !f.may_be_empty) return "must not be empty";
      std::set<std::string> seen;
      for (const Json& x : v) {
        if (!x.is_string() || !Contains(f.choices, x.get<std::string>())) {
          return "items must be among: " + ChoicesText(f.choices);
        }
        if (!seen.insert(x.get<std::string>()).second) return "must not repeat " + x.get<std::string>();
      }
      out = v;
      return std::nullopt;
    }
    case FieldType::kDate:
      if (!v.is_string() || !IsValidDate(v.get<std::string>())) return "must be a date YYYY-MM-DD";
      out = v;
      return std::nullopt;
    case FieldType::kBool:
      if (!v.is_boolean()) return "must be true or false";
      out = v;
      return std::nullopt;
    case FieldType::kNumber: {
      if (!v.is_number()) return "must be a number";
      double d = v.get<double>();
      if (d < f.min || d > f.max) {
        return "must be between " + Json(f.min).dump() + " and " + Json(f.max).dump();
      }
      out = v;
      return std::nullopt;
    }
    case FieldType::kInteger: {
      if (!v.is_number_integer()) return "must be a whole number";
      // Compared as integers: a huge unsigned value must not wrap to a small one.
      if (v.is_number_unsigned() ? v.get<uint64_t>() > static_cast<uint64_t>(f.max) : false) {
        return "must be between " + Json(static_cast<int64_t>(f.min)).dump() + " and " +
               Json(static_cast<int64_t>(f.max)).dump();
      }
      int64_t n = v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
      if (n < static_cast<int64_t>(f.min) || n > static_cast<int64_t>(f.max)) {
        return "must be between " + Json(static_cast<int64_t>(f.min)).dump() + " and " +
               Json(static_cast<int64_t>(f.max)).dump();
      }
      out = n;
      return std::nullopt;
    }
    case FieldType::kSlugList: {
      if (!v.is_array()) return "must be a list";
      if (v.size() > 100) return "must have at most 100 items";
      std::set<std::string> seen;
      Json list = Json::array();
      for (const Json& x : v) {
        if (!x.is_string()) return "items must be codes";
        std::string s = Trim(x.get<std::string>());
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!IsSlug(s) || s.size() < std::max<size_t>(f.min_length, 1) || s.size() > f.max_length) {
          return "items must be codes of " + std::to_string(std::max<size_t>(f.min_length, 1)) + " to " +
                 std::to_string(f.max_length) + " characters: a-z, 0-9, '.', '_' or '-'";
        }
        if (!seen.insert(s).second) return "must not repeat " + s;
        list.push_back(s);
      }
      out = list;
      return std::nullopt;
    }
    case FieldType::kObject:
      if (!v.is_object()) return "must be an object";
      out = v;
      return std::nullopt;
    case FieldType::kList:
      if (!v.is_array()) return "must be a list";
      out = v;
      return std::nullopt;
    case FieldType::kId:
      if (!v.is_string() || !IsUuid(v.get<std::string>())) return "must be an id";
      out = v;
      return std::nullopt;
    case FieldType::kIdList: {
      if (!v.is_array()) return "must be a list of ids";
      if (v.size() > 1000) return "must have at most 1000 items";
      std::set<std::string> seen;
      for (const Json& x : v) {
        if (!x.is_string() || !IsUuid(x.get<std::string>())) return "items must be ids";
        if (!seen.insert(x.get<std::string>()).second) return "must not repeat an id";
      }
      out = v;
      return std::nullopt;
    }
  }
  return "has an unsupported type";
}

}  // namespace

const FieldSpec* RecordSpec::Find(std::string_view name) const {
  for (const FieldSpec& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool IsValidDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t pos, size_t len, int& out) {
    auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return r.ec == std::errc() && r.ptr == s.data() + pos + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return false;
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max_day;
}

Result<Json> ValidateInput(const RecordSpec& spec, const Json& input, InputMode mode) {
  if (!input.is_object()) return Status::InvalidField("body", "must be a JSON object");
  std::vector<FieldError> errors;
  Json out = Json::object();
  for (auto it = input.begin(); it != input.end(); ++it) {
    const FieldSpec* f = spec.Find(it.key());
    if (f == nullptr) {
      errors.push_back({it.key(), "is not a field of " + spec.kind});
      continue;
    }
    if (mode == InputMode::kPatch && f->immutable) {
      errors.push_back({f->name, "cannot be changed"});
      continue;
    }
    if (mode == InputMode::kPatch && f->write_only) {
      errors.push_back({f->name, "cannot be changed here"});
      continue;
    }
    if (it->is_null()) {
      if (f->required) errors.push_back({f->name, "is required"});
      else if (f->type == FieldType::kBool) errors.push_back({f->name, "must be true or false"});
      else out[f->name] = nullptr;  // clears an optional field
      continue;
    }
    Json value;
    if (auto error = CheckValue(*f, *it, value)) {
      errors.push_back({f->name, *error});
    } else if (Status inner = f->check != nullptr ? f->check(value) : Status::Ok(); !inner.ok()) {
      for (const FieldError& e : inner.errors()) errors.push_back(e);
      if (inner.errors().empty()) errors.push_back({f->name, inner.message()});
    } else {
      out[f->name] = std::move(value);
    }
  }
  if (mode == InputMode::kCreate) {
    for (const FieldSpec& f : spec.fields) {
      if (f.required && !input.contains(f.name)) errors.push_back({f.name, "is required"});
    }
  }
  if (!errors.empty()) {
    std::string summary = "invalid " + spec.kind + ": " + errors[0].field + " " + errors[0].message;
    if (errors.size() > 1) summary += " (and " + std::to_string(errors.size() - 1) + " more)";
    return Status::Invalid(std::move(summary), std::move(errors));
  }
  return out;
}

}  // namespace baton
