#include "domain/instruments.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <utility>

#include "domain/form_text.h"
#include "domain/instruments/builtin_json.h"

namespace baton {
namespace {

using namespace form_text;

std::string Join(const std::string& at, const char* name) { return at.empty() ? name : at + "." + name; }

// A number as JSON: whole numbers as integers, so a total of 12 is never written 12.0.
Json NumberJson(double d) {
  if (IsWhole(d)) return static_cast<int64_t>(d);
  return d;
}

// A JSON number that is a whole number within [lo, hi] (2.0 counts as 2); nullopt otherwise.
// Reads every JSON number kind through double, which holds all of them without trapping.
std::optional<int> WholeIn(const Json& v, int lo, int hi) {
  if (!v.is_number()) return std::nullopt;
  const double d = v.get<double>();
  if (!IsWhole(d) || d < lo || d > hi) return std::nullopt;
  return static_cast<int>(d);
}

std::string RangeText(int lo, int hi) { return "from " + std::to_string(lo) + " to " + std::to_string(hi); }

// ---- reading a definition ----

// Collects errors while a definition is read.
struct Reader {
  std::vector<FieldError> errors;

  void Add(std::string field, std::string message) { errors.push_back({std::move(field), std::move(message)}); }

  // Refuses members of `object` that are not in `known`.
  void RefuseUnknown(const Json& object, std::initializer_list<std::string_view> known, const std::string& at,
                     const std::string& what) {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
        Add(Join(at, it.key().c_str()), "is not a member of " + what);
      }
    }
  }

  // A trimmed text member of at most `max` characters; "" when left out and not required.
  // nullopt (reported) when bad.
  std::optional<std::string> Text(const Json& object, const char* name, const std::string& at, size_t max,
                                  bool required, bool multiline) {
    const std::string field = Join(at, name);
    const Json* v = Member(object, name);
    if (v == nullptr) {
      if (!required) return "";
      Add(field, "is required");
      return std::nullopt;
    }
    if (!v->is_string()) {
      Add(field, "must be a string");
      return std::nullopt;
    }
    std::string text = Trim(v->get_ref<const std::string&>());
    if (HasControlChars(text, multiline)) {
      Add(field, multiline ? "must not contain control characters other than newline and tab"
                           : "must not contain control characters");
      return std::nullopt;
    }
    if (text.empty() && required) {
      Add(field, "is required");
      return std::nullopt;
    }
    if (Utf8Length(text) > max) {
      Add(field, "must be at most " + std::to_string(max) + " characters");
      return std::nullopt;
    }
    return text;
  }

  std::optional<std::string> Code(const Json& object, const char* name, const std::string& at) {
    const Json* v = Member(object, name);
    if (v == nullptr) {
      Add(Join(at, name), "is required");
      return std::nullopt;
    }
    if (!v->is_string() || !IsCode(v->get_ref<const std::string&>())) {
      Add(Join(at, name), kCodeRule);
      return std::nullopt;
    }
    return v->get<std::string>();
  }

  // An optional flag; `fallback` when left out.
  bool Bool(const Json& object, const char* name, const std::string& at, bool fallback) {
    const Json* v = Member(object, name);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) {
      Add(Join(at, name), "must be true or false");
      return fallback;
    }
    return v->get<bool>();
  }

  // A whole number in [lo, hi]; nullopt when left out (reported when required) or bad (reported).
  std::optional<int> Whole(const Json& object, const char* name, const std::string& at, int lo, int hi,
                           bool required) {
    const Json* v = Member(object, name);
    if (v == nullptr) {
      if (required) Add(Join(at, name), "is required");
      return std::nullopt;
    }
    std::optional<int> n = WholeIn(*v, lo, hi);
    if (!n) Add(Join(at, name), "must be a whole number " + RangeText(lo, hi));
    return n;
  }
};

// Reports a code (member `name` of list entry i) that an earlier entry already has. Judged on the
// raw entry, so a repeat is named even when another member of either entry is bad.
void CheckRepeat(std::map<std::string, size_t>& first, const Json& entry, const char* name, size_t i,
                 const char* list, Reader& r) {
  if (!entry.is_object()) return;
  const Json* code = Member(entry, name);
  if (code == nullptr || !code->is_string() || !IsCode(code->get_ref<const std::string&>())) return;
  auto [it, inserted] = first.emplace(code->get<std::string>(), i);
  if (!inserted) {
    r.Add(Index(list, i) + "." + name, std::string("repeats the ") + name + " of " + Index(list, it->second));
  }
}

// Reads one item into `item`. Returns whether its range (min and max) is good: the range of
// totals, and so every rule on it, can be judged only when every item's range is.
bool ReadItem(const Json& j, const std::string& at, InstrumentItem& item, Reader& r) {
  if (!j.is_object()) {
    r.Add(at, "must be an object with id, min and max");
    return false;
  }
  r.RefuseUnknown(j, {"id", "min", "max", "text", "option_labels"}, at, "an item");
  if (auto id = r.Code(j, "id", at)) item.id = *id;
  std::optional<int> min = r.Whole(j, "min", at, 0, kMaxItemValue - 1, true);
  std::optional<int> max = r.Whole(j, "max", at, 1, kMaxItemValue, true);
  if (min && max && *min >= *max) {
    r.Add(at + ".max", "must be above min");
    max.reset();
  }
  if (min) item.min = *min;
  if (max) item.max = *max;
  // Plain copies for the labels below (GCC's -O2 cannot tell the optionals are set there).
  const int lo = min.value_or(0);
  const int hi = max.value_or(0);
  if (auto text = r.Text(j, "text", at, kMaxItemTextLength, false, true)) item.text = *text;
  const Json* labels = Member(j, "option_labels");
  if (labels != nullptr && !labels->is_array()) {
    r.Add(at + ".option_labels", "must be a list of labels, one per value from min to max");
  } else if (labels != nullptr && !labels->empty() && min && max) {  // [] is the same as none
    const std::string labels_at = at + ".option_labels";
    if (labels->size() != static_cast<size_t>(hi - lo + 1)) {
      r.Add(labels_at, "must have " + std::to_string(hi - lo + 1) + " labels, one per value " + RangeText(lo, hi));
    } else {
      for (size_t i = 0; i < labels->size(); ++i) {
        const Json& l = (*labels)[i];
        std::string label = l.is_string() ? Trim(l.get_ref<const std::string&>()) : "";
        if (label.empty() || HasControlChars(label, false) || Utf8Length(label) > kMaxOptionLabelLength) {
          r.Add(Index(labels_at, i), "must be a text of 1 to " + std::to_string(kMaxOptionLabelLength) +
                                         " characters without control characters");
          continue;
        }
        item.option_labels.push_back(std::move(label));
      }
    }
  }
  return min && max;
}

// The lowest and highest value something can take: the total, or one item's answer. Kept as an
// optional while reading: nullopt when an item's range is bad (reported already), since edges on
// the total cannot be judged then.
struct TotalRange {
  int lo = 0;
  int hi = 0;
};

std::optional<InstrumentBand> ReadBand(const Json& j, const std::string& at, const std::optional<TotalRange>& range,
                                       Reader& r) {
  if (!j.is_object()) {
    r.Add(at, "must be an object with code, label, min and max");
    return std::nullopt;
  }
  const size_t before = r.errors.size();
  r.RefuseUnknown(j, {"code", "label", "min", "max"}, at, "a band");
  InstrumentBand band;
  if (auto code = r.Code(j, "code", at)) band.code = *code;
  if (auto label = r.Text(j, "label", at, kMaxInstrumentNameLength, true, false)) band.label = *label;
  const int lo = range ? range->lo : 0;
  const int hi = range ? range->hi : kMaxItemValue * static_cast<int>(kMaxInstrumentItems);
  std::optional<int> min = r.Whole(j, "min", at, lo, hi, true);
  std::optional<int> max = r.Whole(j, "max", at, lo, hi, true);
  if (min && max && *min > *max) r.Add(at + ".max", "must not be below min");
  if (min) band.min = *min;
  if (max) band.max = *max;
  if (r.errors.size() != before || !range) return std::nullopt;
  return band;
}

// The highest item number a flag or subscale may name: the number of items, or, when the items are
// not a list (reported already), the most a list may hold.
int ItemNumberLimit(size_t item_count) {
  return static_cast<int>(item_count == 0 ? kMaxInstrumentItems : item_count);
}

// `ranges_ok`: every item's range is good, so the range of the flag's item is known.
std::optional<InstrumentFlag> ReadFlag(const Json& j, const std::string& at, const std::vector<InstrumentItem>& items,
                                       bool ranges_ok, const std::optional<TotalRange>& range, Reader& r) {
  if (!j.is_object()) {
    r.Add(at, "must be an object with code, label and min or max");
    return std::nullopt;
  }
  const size_t before = r.errors.size();
  r.RefuseUnknown(j, {"code", "label", "item", "min", "max", "risk"}, at, "a flag");
  InstrumentFlag flag;
  if (auto code = r.Code(j, "code", at)) flag.code = *code;
  if (auto label = r.Text(j, "label", at, kMaxInstrumentNameLength, true, false)) flag.label = *label;
  flag.risk = r.Bool(j, "risk", at, false);

  // What the flag's value ranges over: the item's values or the totals; unknown while the items
  // are bad.
  std::optional<TotalRange> values;
  if (const Json* item = Member(j, "item")) {
    const int n = ItemNumberLimit(items.size());
    if (std::optional<int> number = WholeIn(*item, 1, n)) {
      flag.item = *number;
      if (ranges_ok) {
        const InstrumentItem& it = items[static_cast<size_t>(*number - 1)];
        values = TotalRange{it.min, it.max};
      }
    } else {
      r.Add(at + ".item", "must be an item number from 1 to " + std::to_string(n));
    }
  } else {
    values = range;
  }
  const bool has_min = Member(j, "min") != nullptr;
  const bool has_max = Member(j, "max") != nullptr;
  if (!has_min && !has_max) r.Add(at, "must have min or max (or both)");
  const int lo = values ? values->lo : 0;
  const int hi = values ? values->hi : kMaxItemValue * static_cast<int>(kMaxInstrumentItems);
  std::optional<int> min = r.Whole(j, "min", at, lo, hi, false);
  std::optional<int> max = r.Whole(j, "max", at, lo, hi, false);
  if (min && max && *min > *max) r.Add(at + ".max", "must not be below min");
  flag.min = min ? *min : lo;  // left out: the lowest possible value
  if (max) flag.max = *max;
  if (r.errors.size() != before || !values) return std::nullopt;
  return flag;
}

std::optional<InstrumentSubscale> ReadSubscale(const Json& j, const std::string& at, size_t item_count, Reader& r) {
  if (!j.is_object()) {
    r.Add(at, "must be an object with code, label and items");
    return std::nullopt;
  }
  const size_t before = r.errors.size();
  r.RefuseUnknown(j, {"code", "label", "items"}, at, "a subscale");
  InstrumentSubscale subscale;
  if (auto code = r.Code(j, "code", at)) subscale.code = *code;
  if (auto label = r.Text(j, "label", at, kMaxInstrumentNameLength, true, false)) subscale.label = *label;
  const Json* list = Member(j, "items");
  const std::string items_at = at + ".items";
  const int n = ItemNumberLimit(item_count);
  if (list == nullptr) {
    r.Add(items_at, "is required");
  } else if (!list->is_array() || list->empty() || list->size() > static_cast<size_t>(n)) {
    r.Add(items_at, "must be a list of 1 to " + std::to_string(n) + " item numbers");
  } else {
    std::set<int> seen;
    for (size_t i = 0; i < list->size(); ++i) {
      std::optional<int> number = WholeIn((*list)[i], 1, n);
      if (!number) {
        r.Add(Index(items_at, i), "must be an item number from 1 to " + std::to_string(n));
      } else if (!seen.insert(*number).second) {
        r.Add(Index(items_at, i), "repeats item " + std::to_string(*number));
      } else {
        subscale.items.push_back(*number);
      }
    }
  }
  if (r.errors.size() != before) return std::nullopt;
  return subscale;
}

// A list member: nullptr when left out; reported when not a list of at most `max` entries.
const Json* ReadList(const Json& object, const char* name, size_t max, const char* what, Reader& r) {
  const Json* list = Member(object, name);
  if (list == nullptr) return nullptr;
  if (!list->is_array() || list->size() > max) {
    r.Add(name, "must be a list of at most " + std::to_string(max) + " " + what);
    return nullptr;
  }
  return list;
}

Result<Instrument> ReadInstrument(const Json& j) {
  if (!j.is_object()) return Status::InvalidField("definition", "must be an object");
  Reader r;
  r.RefuseUnknown(j,
                  {"format", "code", "version", "name", "recall", "instructions", "items", "max_missing", "missing",
                   "scale", "bands", "flags", "subscales", "higher_is_better", "reliable_change", "convention",
                   "builtin"},
                  "", "an instrument definition");
  Instrument inst;
  if (const Json* format = Member(j, "format")) {
    if (WholeIn(*format, kInstrumentFormat, kInstrumentFormat) == std::nullopt) {
      r.Add("format", "must be " + std::to_string(kInstrumentFormat));
    }
  }
  if (auto code = r.Code(j, "code", "")) inst.code = *code;
  if (auto version = r.Text(j, "version", "", kMaxInstrumentVersionLength, true, false)) {
    if (version->find_first_of(" \t") != std::string::npos) r.Add("version", "must not contain spaces");
    else inst.version = *version;
  }
  if (auto name = r.Text(j, "name", "", kMaxInstrumentNameLength, true, false)) inst.name = *name;
  if (auto recall = r.Text(j, "recall", "", kMaxInstrumentRecallLength, false, false)) inst.recall = *recall;
  if (auto text = r.Text(j, "instructions", "", kMaxInstrumentInstructionsLength, false, true)) {
    inst.instructions = *text;
  }

  // Items first: every rule on the total hangs on them. `ranges_ok`: every item's min and max are
  // good, so the range of totals is known.
  bool ranges_ok = false;
  const Json* items = Member(j, "items");
  if (items == nullptr) {
    r.Add("items", "is required");
  } else if (!items->is_array() || items->empty() || items->size() > kMaxInstrumentItems) {
    r.Add("items", "must be a list of 1 to " + std::to_string(kMaxInstrumentItems) + " items");
  } else {
    ranges_ok = true;
    std::map<std::string, size_t> first;
    inst.items.resize(items->size());
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string at = Index("items", i);
      if (!ReadItem((*items)[i], at, inst.items[i], r)) ranges_ok = false;
      CheckRepeat(first, (*items)[i], "id", i, "items", r);
    }
  }
  std::optional<TotalRange> range;
  if (ranges_ok) range = TotalRange{inst.MinTotal(), inst.MaxTotal()};

  // Missing items. max_missing is judged against the rule only when the rule is good.
  bool missing_ok = true;
  if (const Json* missing = Member(j, "missing")) {
    missing_ok = missing->is_string() && (*missing == "none" || *missing == "prorate");
    if (!missing_ok) r.Add("missing", "must be one of: none, prorate");
    else if (*missing == "prorate") inst.missing = Instrument::Missing::kProrate;
  }
  const int item_count = static_cast<int>(inst.items.size());
  if (std::optional<int> max_missing =
          r.Whole(j, "max_missing", "", 0, static_cast<int>(kMaxInstrumentItems), false)) {
    if (!missing_ok) {
      // reported already
    } else if (inst.missing == Instrument::Missing::kNone && *max_missing != 0) {
      r.Add("max_missing", "must be 0 unless missing is prorate");
    } else if (inst.missing == Instrument::Missing::kProrate && item_count > 0 &&
               (*max_missing < 1 || *max_missing >= item_count)) {
      r.Add("max_missing", item_count > 1 ? "must be " + RangeText(1, item_count - 1) + " when missing is prorate"
                                          : "cannot allow a missing item with fewer than 2 items");
    } else {
      inst.max_missing = *max_missing;
    }
  } else if (inst.missing == Instrument::Missing::kProrate && Member(j, "max_missing") == nullptr) {
    r.Add("max_missing", "is required when missing is prorate");
  }

  if (const Json* scale = Member(j, "scale")) {
    if (!scale->is_number() || !std::isfinite(scale->get<double>()) || scale->get<double>() <= 0 ||
        scale->get<double>() > kMaxInstrumentScale) {
      r.Add("scale", "must be a number above 0 and at most " + std::to_string(static_cast<int>(kMaxInstrumentScale)));
    } else {
      inst.scale = scale->get<double>();
    }
  }
  inst.higher_is_better = r.Bool(j, "higher_is_better", "", false);
  if (const Json* rc = Member(j, "reliable_change")) {
    // A change no two totals can reach would never count: refused as a mistake.
    const double widest = range ? (range->hi - range->lo) * inst.scale : 1e12;
    if (!rc->is_number() || !std::isfinite(rc->get<double>()) || rc->get<double>() <= 0 ||
        rc->get<double>() > widest) {
      r.Add("reliable_change", range ? "must be a number above 0 and at most " + NumberJson(widest).dump()
                                     : "must be a number above 0");
    } else {
      inst.reliable_change = rc->get<double>();
    }
  }
  if (const Json* convention = Member(j, "convention")) {
    if (!convention->is_string() ||
        (!convention->get_ref<const std::string&>().empty() && !IsCode(convention->get_ref<const std::string&>()))) {
      r.Add("convention", std::string(kCodeRule) + ", or be empty");
    } else {
      inst.convention = convention->get<std::string>();
    }
  }
  inst.builtin = r.Bool(j, "builtin", "", false);

  // Bands: in ascending order, covering every possible total once.
  if (const Json* bands = ReadList(j, "bands", kMaxInstrumentBands, "bands", r)) {
    std::map<std::string, size_t> first;
    bool bands_ok = true;
    for (size_t i = 0; i < bands->size(); ++i) {
      const std::string at = Index("bands", i);
      std::optional<InstrumentBand> band = ReadBand((*bands)[i], at, range, r);
      CheckRepeat(first, (*bands)[i], "code", i, "bands", r);
      if (band) inst.bands.push_back(std::move(*band));
      else bands_ok = false;
    }
    if (bands_ok && range && !inst.bands.empty()) {
      if (inst.bands.front().min != range->lo) {
        r.Add("bands[0].min", "must be " + std::to_string(range->lo) + ", the lowest possible total");
      }
      for (size_t i = 1; i < inst.bands.size(); ++i) {
        const double expected = inst.bands[i - 1].max + 1;
        if (inst.bands[i].min != expected) {
          r.Add(Index("bands", i), std::string(inst.bands[i].min > expected ? "leaves a gap after"
                                                                            : "overlaps or comes before") +
                                       " " + Index("bands", i - 1) + ": its min must be " +
                                       NumberJson(expected).dump());
        }
      }
      if (inst.bands.back().max != range->hi) {
        r.Add(Index("bands", inst.bands.size() - 1) + ".max",
              "must be " + std::to_string(range->hi) + ", the highest possible total");
      }
    }
  }

  if (const Json* flags = ReadList(j, "flags", kMaxInstrumentFlags, "flags", r)) {
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < flags->size(); ++i) {
      const std::string at = Index("flags", i);
      std::optional<InstrumentFlag> flag = ReadFlag((*flags)[i], at, inst.items, ranges_ok, range, r);
      CheckRepeat(first, (*flags)[i], "code", i, "flags", r);
      if (flag) inst.flags.push_back(std::move(*flag));
    }
  }

  if (const Json* subscales = ReadList(j, "subscales", kMaxInstrumentSubscales, "subscales", r)) {
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < subscales->size(); ++i) {
      const std::string at = Index("subscales", i);
      std::optional<InstrumentSubscale> subscale = ReadSubscale((*subscales)[i], at, inst.items.size(), r);
      CheckRepeat(first, (*subscales)[i], "code", i, "subscales", r);
      if (subscale) inst.subscales.push_back(std::move(*subscale));
    }
  }

  if (!r.errors.empty()) return Status::InvalidFields(std::move(r.errors));
  return inst;
}

// The built-in list, read once; `status` says why it is empty when the compiled-in JSON is bad.
struct Builtins {
  std::vector<Instrument> list;
  Status status;
};

Builtins ReadBuiltins() {
  Builtins b;
  const Json all = Json::parse(BuiltinInstrumentsJson(), nullptr, /*allow_exceptions=*/false);
  if (!all.is_array()) {
    b.status = Status::Internal("the built-in instruments are not a JSON array");
    return b;
  }
  std::set<std::string> codes;
  for (size_t i = 0; i < all.size(); ++i) {
    Result<Instrument> inst = ReadInstrument(all[i]);
    if (!inst.ok()) {
      b.status = Status::Internal("built-in instrument " + std::to_string(i) + ": " + inst.status().message());
      b.list.clear();
      return b;
    }
    if (!codes.insert(inst->code).second) {
      b.status = Status::Internal("built-in instrument " + std::to_string(i) + " repeats the code " + inst->code);
      b.list.clear();
      return b;
    }
    inst->builtin = true;
    b.list.push_back(std::move(*inst));
  }
  return b;
}

const Builtins& TheBuiltins() {
  static const Builtins builtins = ReadBuiltins();
  return builtins;
}

}  // namespace

int Instrument::MinTotal() const {
  int total = 0;
  for (const InstrumentItem& item : items) total += item.min;
  return total;
}

int Instrument::MaxTotal() const {
  int total = 0;
  for (const InstrumentItem& item : items) total += item.max;
  return total;
}

Result<Instrument> ParseInstrument(const Json& definition) { return ReadInstrument(definition); }

Result<Instrument> ParseCustomInstrument(const Json& definition) {
  Result<Instrument> inst = ReadInstrument(definition);
  std::vector<FieldError> errors = inst.ok() ? std::vector<FieldError>{} : inst.status().errors();
  // These two are judged on the raw JSON, so they are reported beside any other error.
  if (definition.is_object()) {
    if (const Json* builtin = Member(definition, "builtin"); builtin != nullptr && *builtin == true) {
      errors.push_back({"builtin", "is set by Baton for its own instruments only"});
    }
    if (const Json* code = Member(definition, "code");
        code != nullptr && code->is_string() && FindBuiltinInstrument(code->get_ref<const std::string&>())) {
      errors.push_back({"code", "is the code of a built-in instrument"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return inst;
}

Json InstrumentJson(const Instrument& instrument) {
  Json items = Json::array();
  for (const InstrumentItem& item : instrument.items) {
    Json j = {{"id", item.id}, {"min", item.min}, {"max", item.max}, {"text", item.text}};
    j["option_labels"] = item.option_labels;
    items.push_back(std::move(j));
  }
  Json bands = Json::array();
  for (const InstrumentBand& band : instrument.bands) {
    bands.push_back(
        {{"code", band.code}, {"label", band.label}, {"min", NumberJson(band.min)}, {"max", NumberJson(band.max)}});
  }
  Json flags = Json::array();
  for (const InstrumentFlag& flag : instrument.flags) {
    Json j = {{"code", flag.code}, {"label", flag.label}, {"min", NumberJson(flag.min)}, {"risk", flag.risk}};
    j["item"] = flag.item ? Json(*flag.item) : Json(nullptr);
    j["max"] = flag.max ? NumberJson(*flag.max) : Json(nullptr);
    flags.push_back(std::move(j));
  }
  Json subscales = Json::array();
  for (const InstrumentSubscale& s : instrument.subscales) {
    subscales.push_back({{"code", s.code}, {"label", s.label}, {"items", s.items}});
  }
  return Json{{"format", kInstrumentFormat},
              {"code", instrument.code},
              {"version", instrument.version},
              {"name", instrument.name},
              {"recall", instrument.recall},
              {"instructions", instrument.instructions},
              {"items", std::move(items)},
              {"missing", instrument.missing == Instrument::Missing::kProrate ? "prorate" : "none"},
              {"max_missing", instrument.max_missing},
              {"scale", NumberJson(instrument.scale)},
              {"bands", std::move(bands)},
              {"flags", std::move(flags)},
              {"subscales", std::move(subscales)},
              {"higher_is_better", instrument.higher_is_better},
              {"reliable_change",
               instrument.reliable_change ? NumberJson(*instrument.reliable_change) : Json(nullptr)},
              {"convention", instrument.convention},
              {"builtin", instrument.builtin}};
}

const std::vector<Instrument>& BuiltinInstruments() { return TheBuiltins().list; }

Status BuiltinInstrumentsStatus() { return TheBuiltins().status; }

const Instrument* FindBuiltinInstrument(std::string_view code) {
  for (const Instrument& inst : BuiltinInstruments()) {
    if (inst.code == code) return &inst;
  }
  return nullptr;
}

Result<std::vector<std::optional<int>>> CheckItemAnswers(const Instrument& instrument, const Json& answers) {
  const size_t n = instrument.items.size();
  const std::string expected = "must be a list of " + std::to_string(n) +
                               " answers, one per item in order, null for an item left unanswered";
  if (!answers.is_array() || answers.size() != n) return Status::InvalidField("answers", expected);
  std::vector<FieldError> errors;
  std::vector<std::optional<int>> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const Json& a = answers[i];
    const InstrumentItem& item = instrument.items[i];
    if (a.is_null()) {
      out.emplace_back();
      continue;
    }
    std::optional<int> value = WholeIn(a, item.min, item.max);
    if (!value) {
      errors.push_back({Index("answers", i), "must be a whole number " + RangeText(item.min, item.max) +
                                                 " (item " + std::to_string(i + 1) + ", " + item.id + ") or null"});
    }
    out.push_back(value);
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return out;
}

InstrumentScore ScoreAnswers(const Instrument& instrument, const std::vector<std::optional<int>>& answers) {
  const size_t n = instrument.items.size();
  // The answer to item i (0-based) when there is one within the item's range.
  auto value = [&](size_t i) -> std::optional<int> {
    if (i >= n || i >= answers.size() || !answers[i]) return std::nullopt;
    const int v = *answers[i];
    if (v < instrument.items[i].min || v > instrument.items[i].max) return std::nullopt;
    return v;
  };

  InstrumentScore score;
  int64_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    if (std::optional<int> v = value(i)) {
      ++score.answered;
      sum += *v;
    }
  }
  score.missing = static_cast<int>(n) - score.answered;
  if (score.missing == 0) {
    score.total = static_cast<double>(sum);
  } else if (instrument.missing == Instrument::Missing::kProrate && score.missing <= instrument.max_missing &&
             score.answered > 0) {
    // sum x n / answered to the nearest whole number, halves up, in integers so that 12.5 is never
    // read as 12.4999...
    const int64_t items = static_cast<int64_t>(n);
    const int64_t answered = score.answered;
    score.total = static_cast<double>((2 * sum * items + answered) / (2 * answered));
  }
  if (score.total && instrument.scale != 1) score.scaled = *score.total * instrument.scale;
  if (score.total) {
    for (const InstrumentBand& band : instrument.bands) {
      if (*score.total >= band.min && *score.total <= band.max) {
        score.band = band.code;
        break;
      }
    }
  }
  for (const InstrumentFlag& flag : instrument.flags) {
    std::optional<double> tested;
    if (flag.item) {
      const size_t i = static_cast<size_t>(*flag.item - 1);
      if (*flag.item >= 1 && i < n) {
        if (std::optional<int> v = value(i)) tested = *v;
      }
    } else {
      tested = score.total;
    }
    if (!tested || *tested < flag.min || (flag.max && *tested > *flag.max)) continue;
    score.flags.push_back(flag.code);
    if (flag.risk) score.risk_flags.push_back(flag.code);
  }
  for (const InstrumentSubscale& subscale : instrument.subscales) {
    std::optional<double> total = 0.0;
    for (int number : subscale.items) {
      std::optional<int> v = number >= 1 ? value(static_cast<size_t>(number - 1)) : std::nullopt;
      if (!v) {
        total.reset();
        break;
      }
      *total += *v;
    }
    score.subscales[subscale.code] = total;
  }
  return score;
}

Json ScoreJson(const InstrumentScore& score) {
  Json subscales = Json::object();
  for (const auto& [code, value] : score.subscales) subscales[code] = value ? NumberJson(*value) : Json(nullptr);
  Json out = {{"total", score.total ? NumberJson(*score.total) : Json(nullptr)},
              {"band", score.band},
              {"flags", score.flags},
              {"risk_flags", score.risk_flags},
              {"subscales", std::move(subscales)},
              {"answered", score.answered},
              {"missing", score.missing}};
  if (score.scaled) out["scaled"] = NumberJson(*score.scaled);
  return out;
}

std::optional<OutcomeChange> ChangeBetween(const Instrument& instrument, const InstrumentScore& before,
                                           const InstrumentScore& after) {
  if (!before.total || !after.total) return std::nullopt;
  // The difference of the totals, then scaled once: exact for whole totals and a whole scale.
  const double raw = instrument.higher_is_better ? *after.total - *before.total : *before.total - *after.total;
  OutcomeChange change;
  change.delta = raw * instrument.scale;
  change.improved = change.delta > 0;
  change.reliable = instrument.reliable_change && std::fabs(change.delta) >= *instrument.reliable_change;
  change.band_before = before.band;
  change.band_after = after.band;
  return change;
}

}  // namespace baton
