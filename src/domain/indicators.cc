#include "domain/indicators.h"

#include <algorithm>
#include <set>

#include "domain/dates.h"
#include "domain/form_text.h"
#include "domain/record_spec.h"
#include "domain/indicators/builtin_json.h"

namespace baton {

using form_text::Index;
using form_text::IsCode;
using form_text::kCodeRule;
using form_text::Member;

namespace {

constexpr size_t kMaxWordingLength = 300;
constexpr size_t kMaxVerificationLength = 500;
constexpr size_t kMaxWhereValues = 50;

const std::vector<std::string> kLevels = {"goal", "outcome", "output"};

}  // namespace

const char* DimensionName(Dimension d) {
  switch (d) {
    case Dimension::kSex: return "sex";
    case Dimension::kAgeBand: return "age_band";
    case Dimension::kPopulationGroup: return "population_group";
    case Dimension::kDisability: return "disability";
  }
  return "";
}

std::optional<Dimension> DimensionNamed(std::string_view name) {
  for (Dimension d : {Dimension::kSex, Dimension::kAgeBand, Dimension::kPopulationGroup, Dimension::kDisability}) {
    if (name == DimensionName(d)) return d;
  }
  return std::nullopt;
}

const char* MeasureName(Measure m) {
  switch (m) {
    case Measure::kPeople: return "people";
    case Measure::kCount: return "count";
    case Measure::kActivities: return "activities";
  }
  return "";
}

const std::vector<SourceInfo>& Sources() {
  using enum Measure;
  const std::vector<Dimension> person = {Dimension::kSex, Dimension::kAgeBand, Dimension::kPopulationGroup,
                                         Dimension::kDisability};
  static const std::vector<SourceInfo> sources = {
      {Source::kAttendance, "attendance", {"stream", "activity_code", "site_id"}, {kPeople, kCount, kActivities}, person},
      {Source::kHeadcount, "headcount", {"stream", "activity_code", "site_id"}, {kCount, kActivities},
       {Dimension::kSex, Dimension::kAgeBand}},
      {Source::kSessions, "sessions", {"stream", "activity_code", "site_id"}, {kCount, kActivities}, {}},
      {Source::kParticipants, "participants", {"completed", "tested", "passed", "site_id"}, {kCount, kActivities},
       {Dimension::kSex}},
      {Source::kCaseSessions, "case_sessions", {"type", "site_id"}, {kPeople, kCount}, person},
      {Source::kCasesOpened, "cases_opened", {"site_id"}, {kPeople, kCount}, person},
      {Source::kCasesClosed, "cases_closed", {"closure_reason", "site_id"}, {kPeople, kCount}, person},
      {Source::kCaseOutcomes, "case_outcomes", {"instrument", "improved", "site_id"}, {kPeople, kCount}, person},
      {Source::kReferrals, "referrals", {"direction", "status", "urgency", "category", "site_id"}, {kPeople, kCount}, person},
      {Source::kRiskFlags, "risk_flags", {"status", "site_id"}, {kPeople, kCount}, person},
      {Source::kMediations, "mediations", {"dispute_type", "status", "site_id"}, {kCount}, {}},
      {Source::kMediationsClosed, "mediations_closed", {"dispute_type", "outcome", "site_id"}, {kCount}, {}},
      {Source::kCooperatives, "cooperatives", {"kind", "status", "site_id"}, {kCount}, {}},
  };
  return sources;
}

const SourceInfo& InfoOf(Source source) {
  for (const SourceInfo& s : Sources()) {
    if (s.source == source) return s;
  }
  return Sources().front();
}

const char* Indicator::Unit() const {
  if (denominator) return "percent";
  return numerator.measure == Measure::kPeople ? "people" : "count";
}

bool Indicator::Sensitive() const {
  auto counts_sensitive = [](const IndicatorCount& c) {
    for (Source s : c.sources) {
      if (s == Source::kRiskFlags) return true;
      if (s != Source::kReferrals) continue;
      for (const auto& [field, values] : c.where) {
        if (field == "category" && std::find(values.begin(), values.end(), "gbv_case_management") != values.end()) return true;
      }
    }
    return false;
  };
  return sensitive || counts_sensitive(numerator) || (denominator && counts_sensitive(*denominator));
}

std::vector<Dimension> Indicator::Dimensions() const {
  std::vector<Dimension> out;
  for (Dimension d : {Dimension::kSex, Dimension::kAgeBand, Dimension::kPopulationGroup, Dimension::kDisability}) {
    bool all = true;
    auto knows = [&](const IndicatorCount& c) {
      for (Source s : c.sources) {
        const std::vector<Dimension>& dims = InfoOf(s).dimensions;
        all = all && std::find(dims.begin(), dims.end(), d) != dims.end();
      }
    };
    knows(numerator);
    if (denominator) knows(*denominator);
    if (all) out.push_back(d);
  }
  return out;
}

namespace {

// A code from `choices`, or an error at `at`.
template <typename T>
std::optional<T> Choice(const Json& value, const std::vector<std::pair<std::string, T>>& choices, const std::string& at,
                        std::vector<FieldError>& errors) {
  if (value.is_string()) {
    for (const auto& [name, v] : choices) {
      if (value.get<std::string>() == name) return v;
    }
  }
  std::string list;
  for (const auto& [name, v] : choices) list += (list.empty() ? "" : ", ") + name;
  errors.push_back({at, "must be one of: " + list});
  return std::nullopt;
}

std::optional<IndicatorCount> ParseCount(const Json& json, const std::string& at, std::vector<FieldError>& errors) {
  if (!json.is_object()) {
    errors.push_back({at, "must be an object: {\"source\", \"measure\", \"where\"}"});
    return std::nullopt;
  }
  for (const auto& [key, value] : json.items()) {
    if (key != "source" && key != "measure" && key != "where") errors.push_back({at + "." + key, "is not a member of a count"});
  }
  std::vector<std::pair<std::string, Source>> source_choices;
  for (const SourceInfo& s : Sources()) source_choices.emplace_back(s.name, s.source);
  IndicatorCount count;
  const Json* source = Member(json, "source");
  if (source == nullptr) {
    errors.push_back({at + ".source", "is required"});
    return std::nullopt;
  }
  const size_t before = errors.size();
  if (source->is_array()) {
    if (source->empty() || source->size() > Sources().size()) errors.push_back({at + ".source", "must list 1 to 13 sources"});
    for (size_t i = 0; i < source->size() && i < Sources().size(); ++i) {
      if (auto s = Choice((*source)[i], source_choices, Index(at + ".source", i), errors)) {
        if (std::find(count.sources.begin(), count.sources.end(), *s) != count.sources.end()) {
          errors.push_back({Index(at + ".source", i), "is listed twice"});
        }
        count.sources.push_back(*s);
      }
    }
  } else if (auto s = Choice(*source, source_choices, at + ".source", errors)) {
    count.sources.push_back(*s);
  }
  const Json* measure = Member(json, "measure");
  if (measure == nullptr) {
    errors.push_back({at + ".measure", "is required"});
  } else if (auto m = Choice(*measure, std::vector<std::pair<std::string, Measure>>{{"people", Measure::kPeople},
                                                                                   {"count", Measure::kCount},
                                                                                   {"activities", Measure::kActivities}},
                             at + ".measure", errors)) {
    count.measure = *m;
    for (Source s : count.sources) {
      const std::vector<Measure>& ms = InfoOf(s).measures;
      if (std::find(ms.begin(), ms.end(), *m) == ms.end()) {
        errors.push_back({at + ".measure", std::string("cannot be counted in ") + InfoOf(s).name});
      }
    }
  }
  if (const Json* where = Member(json, "where")) {
    if (!where->is_object()) {
      errors.push_back({at + ".where", "must be an object: {field: [values]}"});
    } else {
      for (const auto& [field, values] : where->items()) {
        const std::string field_at = at + ".where." + field;
        for (Source s : count.sources) {
          const std::vector<std::string>& fields = InfoOf(s).fields;
          if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
            errors.push_back({field_at, std::string("is not a field of ") + InfoOf(s).name});
          }
        }
        if (!values.is_array() || values.empty() || values.size() > kMaxWhereValues) {
          errors.push_back({field_at, "must list 1 to 50 values"});
          continue;
        }
        std::vector<std::string> allowed;
        for (size_t i = 0; i < values.size(); ++i) {
          if (!values[i].is_string() || values[i].get<std::string>().empty() || values[i].get<std::string>().size() > 100) {
            errors.push_back({Index(field_at, i), "must be a text of 1 to 100 characters"});
            continue;
          }
          allowed.push_back(values[i].get<std::string>());
        }
        count.where.emplace_back(field, std::move(allowed));
      }
    }
  }
  if (errors.size() != before) return std::nullopt;
  return count;
}

std::string TextMember(const Json& json, const char* name, size_t max, bool required, const std::string& at,
                       std::vector<FieldError>& errors) {
  const Json* v = Member(json, name);
  if (v == nullptr) {
    if (required) errors.push_back({at + "." + name, "is required"});
    return "";
  }
  if (!v->is_string() || v->get<std::string>().empty() || form_text::Utf8Length(v->get<std::string>()) > max ||
      form_text::HasControlChars(v->get<std::string>(), false)) {
    errors.push_back({at + "." + name, "must be a text of 1 to " + std::to_string(max) + " characters on one line"});
    return "";
  }
  return v->get<std::string>();
}

}  // namespace

Result<Indicator> ParseIndicator(const Json& definition, const std::string& at) {
  std::vector<FieldError> errors;
  if (!definition.is_object()) return Status::InvalidFields({{at, "must be an object"}});
  static const std::set<std::string> kMembers = {"code", "version", "level", "domain", "wording", "numerator",
                                                 "denominator", "means_of_verification", "sensitive"};
  for (const auto& [key, value] : definition.items()) {
    if (!kMembers.contains(key)) errors.push_back({at + "." + key, "is not a member of an indicator"});
  }
  Indicator ind;
  ind.code = TextMember(definition, "code", form_text::kMaxCodeLength, true, at, errors);
  if (!ind.code.empty() && !IsCode(ind.code)) errors.push_back({at + ".code", kCodeRule});
  if (const Json* v = Member(definition, "version")) {
    if (!v->is_number_integer() || v->get<int64_t>() < 1 || v->get<int64_t>() > 1000) {
      errors.push_back({at + ".version", "must be a whole number from 1 to 1000"});
    } else {
      ind.version = v->get<int>();
    }
  }
  ind.level = TextMember(definition, "level", 20, true, at, errors);
  if (!ind.level.empty() && std::find(kLevels.begin(), kLevels.end(), ind.level) == kLevels.end()) {
    errors.push_back({at + ".level", "must be one of: goal, outcome, output"});
  }
  ind.domain = TextMember(definition, "domain", form_text::kMaxCodeLength, true, at, errors);
  if (!ind.domain.empty() && !IsCode(ind.domain)) errors.push_back({at + ".domain", kCodeRule});
  const Json* wording = Member(definition, "wording");
  if (wording == nullptr || !wording->is_object()) {
    errors.push_back({at + ".wording", "is required: {\"en\": \"...\", \"ar\": \"...\"}"});
  } else {
    for (const auto& [lang, text] : wording->items()) {
      if (lang != "en" && lang != "ar") errors.push_back({at + ".wording." + lang, "is not a language of Baton (en, ar)"});
    }
    TextMember(*wording, "en", kMaxWordingLength, true, at + ".wording", errors);
    TextMember(*wording, "ar", kMaxWordingLength, false, at + ".wording", errors);
    ind.wording = *wording;
  }
  if (const Json* num = Member(definition, "numerator")) {
    if (auto c = ParseCount(*num, at + ".numerator", errors)) ind.numerator = *c;
  } else {
    errors.push_back({at + ".numerator", "is required"});
  }
  if (const Json* den = Member(definition, "denominator")) {
    if (auto c = ParseCount(*den, at + ".denominator", errors)) ind.denominator = *c;
  }
  ind.means_of_verification = TextMember(definition, "means_of_verification", kMaxVerificationLength, false, at, errors);
  if (const Json* s = Member(definition, "sensitive")) {
    if (!s->is_boolean()) {
      errors.push_back({at + ".sensitive", "must be true or false"});
    } else {
      ind.sensitive = s->get<bool>();
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return ind;
}

Json IndicatorJson(const Indicator& ind) {
  auto count = [](const IndicatorCount& c) {
    Json sources = Json::array();
    for (Source s : c.sources) sources.push_back(InfoOf(s).name);
    Json where = Json::object();
    for (const auto& [field, values] : c.where) where[field] = values;
    return Json{{"source", sources.size() == 1 ? sources[0] : sources}, {"measure", MeasureName(c.measure)}, {"where", where}};
  };
  Json out = {{"code", ind.code},         {"version", ind.version}, {"level", ind.level},
              {"domain", ind.domain},     {"wording", ind.wording}, {"unit", ind.Unit()},
              {"numerator", count(ind.numerator)},
              {"denominator", ind.denominator ? count(*ind.denominator) : Json(nullptr)},
              {"means_of_verification", ind.means_of_verification},
              {"sensitive", ind.Sensitive()},  {"builtin", ind.builtin}};
  Json dims = Json::array();
  for (Dimension d : ind.Dimensions()) dims.push_back(DimensionName(d));
  out["dimensions"] = dims;
  return out;
}

const std::vector<Indicator>& BuiltinIndicators() {
  static const std::vector<Indicator> builtin = [] {
    std::vector<Indicator> out;
    const Json file = Json::parse(BuiltinIndicatorsJson());
    const Json& list = file.at("indicators");
    for (size_t i = 0; i < list.size(); ++i) {
      Result<Indicator> ind = ParseIndicator(list[i], Index("indicators", i));
      if (!ind.ok()) std::abort();  // builtin.json is checked by the unit tests
      Indicator v = std::move(ind).value();
      v.builtin = true;
      out.push_back(std::move(v));
    }
    return out;
  }();
  return builtin;
}

Status CheckIndicators(const Json& field) {
  if (!field.is_array() || field.size() > kMaxProgrammeIndicators) {
    return Status::InvalidFields({{"indicators", "must be a list of at most 100 indicator definitions"}});
  }
  std::vector<FieldError> errors;
  std::set<std::string> codes;
  for (const Indicator& b : BuiltinIndicators()) codes.insert(b.code);
  for (size_t i = 0; i < field.size(); ++i) {
    const std::string at = Index("indicators", i);
    Result<Indicator> ind = ParseIndicator(field[i], at);
    if (!ind.ok()) {
      for (const FieldError& e : ind.status().errors()) errors.push_back(e);
      continue;
    }
    if (!codes.insert(ind.value().code).second) {
      errors.push_back({at + ".code", "is already the code of another indicator (built-in or of this programme)"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return Status::Ok();
}

std::vector<Indicator> IndicatorsOfProgramme(const Json& programme) {
  std::vector<Indicator> out = BuiltinIndicators();
  if (!programme.is_object() || !programme.contains("indicators") || !CheckIndicators(programme["indicators"]).ok()) {
    return out;
  }
  const Json& list = programme["indicators"];
  for (size_t i = 0; i < list.size(); ++i) out.push_back(ParseIndicator(list[i], Index("indicators", i)).value());
  return out;
}

Status CheckIndicatorTargets(const Json& field) {
  if (!field.is_array() || field.size() > kMaxIndicatorTargets) {
    return Status::InvalidFields({{"indicator_targets", "must be a list of at most 500 targets"}});
  }
  std::vector<FieldError> errors;
  std::set<std::string> seen;
  for (size_t i = 0; i < field.size(); ++i) {
    const std::string at = Index("indicator_targets", i);
    const Json& t = field[i];
    if (!t.is_object()) {
      errors.push_back({at, "must be an object: {\"indicator\", \"from\", \"to\", \"value\"}"});
      continue;
    }
    for (const auto& [key, value] : t.items()) {
      if (key != "indicator" && key != "from" && key != "to" && key != "value") errors.push_back({at + "." + key, "is not a member of a target"});
    }
    const Json* code = Member(t, "indicator");
    if (code == nullptr || !code->is_string() || !IsCode(code->get<std::string>())) {
      errors.push_back({at + ".indicator", std::string("must be an indicator's code: ") + kCodeRule});
    }
    std::string dates[2];
    for (int k = 0; k < 2; ++k) {
      const char* name = k == 0 ? "from" : "to";
      const Json* d = Member(t, name);
      if (d == nullptr || !d->is_string() || !IsValidDate(d->get<std::string>())) {
        errors.push_back({at + "." + name, "must be a date (YYYY-MM-DD)"});
      } else {
        dates[k] = d->get<std::string>();
      }
    }
    if (!dates[0].empty() && !dates[1].empty() && dates[0] > dates[1]) errors.push_back({at + ".to", "is before from"});
    const Json* value = Member(t, "value");
    if (value == nullptr || !value->is_number() || value->get<double>() < 0 || value->get<double>() > 1e9) {
      errors.push_back({at + ".value", "must be a number from 0 to 1,000,000,000"});
    }
    if (code != nullptr && code->is_string() &&
        !seen.insert(code->get<std::string>() + "|" + dates[0] + "|" + dates[1]).second) {
      errors.push_back({at, "repeats the target of this indicator for this period"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return Status::Ok();
}

std::map<std::string, double> TargetsFor(const Json& programme, const std::string& from, const std::string& to) {
  std::map<std::string, double> out;
  if (!programme.is_object() || !programme.contains("indicator_targets")) return out;
  const Json& list = programme["indicator_targets"];
  if (!CheckIndicatorTargets(list).ok()) return out;
  for (const Json& t : list) {
    if (t["from"] == from && t["to"] == to) out[t["indicator"].get<std::string>()] = t["value"].get<double>();
  }
  return out;
}

Result<std::optional<Period>> PeriodOfParams(std::string_view from, std::string_view to, std::string_view period,
                                             bool optional) {
  if (optional && from.empty() && to.empty() && period.empty()) return std::optional<Period>();
  std::vector<FieldError> errors;
  if (!period.empty()) {
    if (!from.empty() || !to.empty()) errors.push_back({"period", "is given with from and to: give one or the other"});
    Result<Period> p = ParsePeriod(period);
    if (!p.ok()) errors.push_back({"period", p.status().errors().front().message});
    if (!errors.empty()) return Status::InvalidFields(std::move(errors));
    return std::optional<Period>(*p);
  }
  for (const auto& [name, value] : {std::pair{"from", from}, std::pair{"to", to}}) {
    if (value.empty()) {
      errors.push_back({name, "is required (YYYY-MM-DD), or give period"});
    } else if (!IsValidDate(value)) {
      errors.push_back({name, "must be a date (YYYY-MM-DD)"});
    }
  }
  if (errors.empty() && from > to) errors.push_back({"to", "is before from"});
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return std::optional<Period>(Period{std::string(from), std::string(to)});
}

Result<Period> ParsePeriod(std::string_view text) {
  auto bad = [] {
    return Status::InvalidFields({{"period", "must be a year (2016), a quarter (2016-Q3) or a month (2016-05)"}});
  };
  auto number = [](std::string_view s, int& out) {
    if (s.empty()) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int year = 0;
  if (text.size() < 4 || !number(text.substr(0, 4), year) || year < 1900 || year > 2999) return bad();
  const std::string y(text.substr(0, 4));
  if (text.size() == 4) return Period{y + "-01-01", y + "-12-31"};
  if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4') {
    static const char* kStarts[] = {"-01-01", "-04-01", "-07-01", "-10-01"};
    static const char* kEnds[] = {"-03-31", "-06-30", "-09-30", "-12-31"};
    const int q = text[6] - '1';
    return Period{y + kStarts[q], y + kEnds[q]};
  }
  int month = 0;
  if (text.size() == 7 && text[4] == '-' && number(text.substr(5, 2), month) && month >= 1 && month <= 12) {
    const std::string first = std::string(text.substr(0, 7)) + "-01";
    return Period{first, AddDays(AddDays(first, 31).substr(0, 8) + "01", -1)};
  }
  return bad();
}

}  // namespace baton
