#include "domain/age_bands.h"

#include <cstdint>
#include <set>

namespace baton {
namespace {

constexpr size_t kMaxBands = 20;
constexpr size_t kMaxCodeLength = 20;
constexpr size_t kMaxNameLength = 40;

// A band code as it must be stored: no trimming or case folding is done on a programme's table.
bool IsBandCode(const std::string& s) {
  if (s.empty() || s.size() > kMaxCodeLength) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

// A whole number of years 0..kMaxAgeInBand; nullopt for anything else (fractions, text, true).
std::optional<int> Years(const Json& v) {
  if (v.is_number_unsigned()) {
    uint64_t n = v.get<uint64_t>();
    if (n <= kMaxAgeInBand) return static_cast<int>(n);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    if (n >= 0 && n <= kMaxAgeInBand) return static_cast<int>(n);
  }
  return std::nullopt;
}

Result<AgeBands> ReadAgeBands(const Json& field) {
  const std::string kField = "age_bands";
  if (!field.is_object()) return Status::InvalidField(kField, "must be an object with name and bands");
  std::vector<FieldError> errors;
  AgeBands out;
  for (auto it = field.begin(); it != field.end(); ++it) {
    if (it.key() != "name" && it.key() != "bands") {
      errors.push_back({kField + "." + it.key(), "is not a field of age_bands"});
    }
  }
  if (!field.contains("name") || !field["name"].is_string() || field["name"].get<std::string>().empty() ||
      field["name"].get<std::string>().size() > kMaxNameLength) {
    errors.push_back({kField + ".name", "must be a name of 1 to 40 characters"});
  } else {
    out.name = field["name"].get<std::string>();
  }
  const std::string list = kField + ".bands";
  if (!field.contains("bands") || !field["bands"].is_array() || field["bands"].empty() ||
      field["bands"].size() > kMaxBands) {
    errors.push_back({list, "must be a list of 1 to 20 bands"});
    return Status::InvalidFields(std::move(errors));
  }
  const Json& bands = field["bands"];
  std::set<std::string> codes;
  for (size_t i = 0; i < bands.size(); ++i) {
    const std::string at = list + "[" + std::to_string(i) + "]";
    const Json& b = bands[i];
    const bool last = i + 1 == bands.size();
    if (!b.is_object()) {
      errors.push_back({at, "must be an object with code, min and max"});
      continue;
    }
    for (auto it = b.begin(); it != b.end(); ++it) {
      if (it.key() != "code" && it.key() != "min" && it.key() != "max") {
        errors.push_back({at + "." + it.key(), "is not a field of an age band"});
      }
    }
    AgeBand band;
    if (!b.contains("code") || !b["code"].is_string() || !IsBandCode(b["code"].get<std::string>())) {
      errors.push_back({at + ".code", "must be a code of 1 to 20 characters: a-z, 0-9, '.', '_' or '-'"});
    } else if (!codes.insert(b["code"].get<std::string>()).second) {
      errors.push_back({at + ".code", "appears twice"});
    } else {
      band.code = b["code"].get<std::string>();
    }
    std::optional<int> min = b.contains("min") ? Years(b["min"]) : std::nullopt;
    if (!min) {
      errors.push_back({at + ".min", "must be a whole number of years from 0 to 150"});
      continue;
    }
    band.min_age = *min;
    const int expected_min = out.bands.empty() ? 0 : out.bands.back().max_age.value_or(-2) + 1;
    if (out.bands.size() == i && band.min_age != expected_min) {
      errors.push_back({at + ".min", i == 0 ? "must be 0: the first band starts at birth"
                                             : "must be " + std::to_string(expected_min) +
                                                   ", the year after the previous band ends"});
    }
    const bool has_max = b.contains("max") && !b["max"].is_null();
    if (last && has_max) {
      errors.push_back({at + ".max", "must be left out: the last band has no upper age"});
    } else if (!last && !has_max) {
      errors.push_back({at + ".max", "is required: only the last band has no upper age"});
    } else if (has_max) {
      std::optional<int> max = Years(b["max"]);
      if (!max || *max < band.min_age) {
        errors.push_back({at + ".max", "must be a whole number of years from min to 150"});
      } else {
        band.max_age = *max;
      }
    }
    // Bands after a bad one are still checked on their own, but not against it.
    if (out.bands.size() == i && (last || band.max_age)) out.bands.push_back(band);
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return out;
}

}  // namespace

const AgeBand* AgeBands::Find(std::string_view code) const {
  for (const AgeBand& b : bands) {
    if (b.code == code) return &b;
  }
  return nullptr;
}

std::vector<std::string> AgeBands::Codes() const {
  std::vector<std::string> out;
  for (const AgeBand& b : bands) out.push_back(b.code);
  return out;
}

const AgeBands& StandardAgeBands() {
  static const AgeBands bands{
      "standard", {{"0_5", 0, 5}, {"6_11", 6, 11}, {"12_17", 12, 17}, {"18_59", 18, 59}, {"60_plus", 60, {}}}};
  return bands;
}

const AgeBands& CoarseAgeBands() {
  static const AgeBands bands{"coarse", {{"0_17", 0, 17}, {"18_59", 18, 59}, {"60_plus", 60, {}}}};
  return bands;
}

std::optional<std::string> AgeBandOf(int age_years, const AgeBands& bands) {
  if (age_years < 0) return std::nullopt;
  for (const AgeBand& b : bands.bands) {
    if (age_years >= b.min_age && (!b.max_age || age_years <= *b.max_age)) return b.code;
  }
  return std::nullopt;
}

Status CheckAgeBands(const Json& field) { return ReadAgeBands(field).status(); }

AgeBands AgeBandsOfProgramme(const Json& programme) {
  if (!programme.is_object() || !programme.contains("age_bands")) return StandardAgeBands();
  Result<AgeBands> bands = ReadAgeBands(programme["age_bands"]);
  return bands.ok() ? *bands : StandardAgeBands();
}

}  // namespace baton
