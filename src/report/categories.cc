#include "report/categories.h"

#include <algorithm>

#include "domain/activities.h"

namespace baton::report {
namespace {

const std::vector<std::string> kSexes = {"female", "male", "not_recorded"};
const std::vector<std::string> kDisability = {"yes", "no", "not_recorded"};
constexpr const char* kNotRecorded = "not_recorded";

bool Digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

int32_t DateKey(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !Digits(iso.substr(0, 4)) || !Digits(iso.substr(5, 2)) ||
      !Digits(iso.substr(8, 2))) {
    return 0;
  }
  auto n = [&](size_t at, size_t len) {
    int32_t v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (iso[i] - '0');
    return v;
  };
  return n(0, 4) * 10000 + n(5, 2) * 100 + n(8, 2);
}

std::string DateText(int32_t key) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", key / 10000 % 10000, key / 100 % 100, key % 100);
  return text;
}

Categories::Categories(AgeBands bands, std::vector<std::string> population_groups)
    : bands_(std::move(bands)), groups_(std::move(population_groups)) {
  band_of_age_.resize(kMaxAgeInBand + 1);
  for (int age = 0; age <= kMaxAgeInBand; ++age) {
    const std::optional<std::string> code = AgeBandOf(age, bands_);
    band_of_age_[age] = code ? BandIndexOfCode(*code) : static_cast<int16_t>(bands_.bands.size());
  }
  Json band_codes = Json::array();
  for (const AgeBand& b : bands_.bands) band_codes.push_back(b.code);
  band_codes.push_back(std::string(kUnknownAgeBand));
  Json groups = groups_;
  groups.push_back(kNotRecorded);
  json_ = {{"sex", kSexes}, {"age_band", band_codes}, {"population_group", groups}, {"disability", kDisability}};
}

uint8_t Categories::SexIndex(std::string_view sex) const {
  for (size_t i = 0; i + 1 < kSexes.size(); ++i) {
    if (sex == kSexes[i]) return static_cast<uint8_t>(i);
  }
  return static_cast<uint8_t>(kSexes.size() - 1);
}

int16_t Categories::BandIndexOfCode(std::string_view code) const {
  for (size_t i = 0; i < bands_.bands.size(); ++i) {
    if (bands_.bands[i].code == code) return static_cast<int16_t>(i);
  }
  return static_cast<int16_t>(bands_.bands.size());
}

uint16_t Categories::GroupIndex(std::string_view group) const {
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (groups_[i] == group) return static_cast<uint16_t>(i);
  }
  return static_cast<uint16_t>(groups_.size());
}

uint8_t Categories::DisabilityIndex(const Json& disability) const {
  if (disability.is_boolean()) return disability.get<bool>() ? 0 : 1;
  return 2;
}

int16_t Categories::BandOn(const PersonFact& p, int32_t date) const {
  if (p.birth <= 0 || date < p.birth) return static_cast<int16_t>(bands_.bands.size());
  const int age = (date - p.birth) / 10000;
  return age > kMaxAgeInBand ? static_cast<int16_t>(bands_.bands.size()) : band_of_age_[age];
}

int Categories::Size(Dimension d) const {
  switch (d) {
    case Dimension::kSex: return static_cast<int>(kSexes.size());
    case Dimension::kAgeBand: return static_cast<int>(bands_.bands.size()) + 1;
    case Dimension::kPopulationGroup: return static_cast<int>(groups_.size()) + 1;
    case Dimension::kDisability: return static_cast<int>(kDisability.size());
  }
  return 1;
}

int Categories::Of(Dimension d, const PersonFact& p, int32_t date) const {
  switch (d) {
    case Dimension::kSex: return p.sex;
    case Dimension::kAgeBand: return BandOn(p, date);
    case Dimension::kPopulationGroup: return p.group;
    case Dimension::kDisability: return p.disability;
  }
  return 0;
}

}  // namespace baton::report
