// Outcome instruments (MHPSS.md §3): a questionnaire with a scoring rule, defined as data — items
// and their ranges, bands on the total, flags on an item or on the total, subscales, the rule for
// missing items and the direction of change. Eight are built in (WHO-5, PHQ-9, GAD-7, K6, K10,
// PSYCHLOPS, WHODAS 2.0 12-item, PCL-5); a programme may add its own in the same JSON format
// (docs/formats/instrument.md). Pure logic: the service stores an assessment's item answers and
// the score worked out here.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/record_spec.h"

namespace baton {

// The definition format ParseInstrument reads and InstrumentJson writes.
inline constexpr int kInstrumentFormat = 1;

// Limits of a definition. Item values are small non-negative whole numbers, so every total fits
// an int exactly and a band edge can be compared without rounding.
inline constexpr size_t kMaxInstrumentItems = 200;
inline constexpr int kMaxItemValue = 100;
inline constexpr size_t kMaxInstrumentBands = 50;
inline constexpr size_t kMaxInstrumentFlags = 50;
inline constexpr size_t kMaxInstrumentSubscales = 50;
inline constexpr size_t kMaxInstrumentCodeLength = 40;  // codes of instruments, items, bands, flags, subscales
inline constexpr size_t kMaxInstrumentVersionLength = 40;
inline constexpr size_t kMaxInstrumentNameLength = 200;   // also labels of bands, flags and subscales
inline constexpr size_t kMaxInstrumentRecallLength = 40;
inline constexpr size_t kMaxInstrumentInstructionsLength = 1000;
inline constexpr size_t kMaxItemTextLength = 500;
inline constexpr size_t kMaxOptionLabelLength = 200;
inline constexpr double kMaxInstrumentScale = 100;

struct InstrumentItem {
  std::string id;    // [a-z][a-z0-9_]{0,39}, unique in the instrument
  int min = 0;       // 0 <= min < max <= kMaxItemValue
  int max = 0;
  std::string text;  // "" when the wording is not shipped (licence unclear): show the id
  std::vector<std::string> option_labels;  // empty, or one per value min..max, in value order
  bool operator==(const InstrumentItem&) const = default;
};

// A band of the total, both edges included. The bands of an instrument are in ascending order and
// cover every possible total exactly once; an instrument may have none.
struct InstrumentBand {
  std::string code;
  std::string label;
  double min = 0;  // whole numbers: totals are whole
  double max = 0;
  bool operator==(const InstrumentBand&) const = default;
};

// A flag fires when a value lies in [min, max] (max nullopt: no upper edge). The value is item
// `item`'s answer when item is set — so it fires whatever the total, and even without one — and
// the total otherwise (never without a total).
struct InstrumentFlag {
  std::string code;
  std::string label;
  std::optional<int> item;  // 1-based item number; nullopt: the total
  double min = 0;           // whole; the definition may leave it out for "the lowest possible"
  std::optional<double> max;
  bool risk = false;  // raises a risk flag that the supervisor must acknowledge
  bool operator==(const InstrumentFlag&) const = default;
};

// The sum of some items, reported beside the total (WHODAS domains, PCL-5 clusters). It has a
// value only when every one of its items is answered: it is never prorated.
struct InstrumentSubscale {
  std::string code;
  std::string label;
  std::vector<int> items;  // 1-based item numbers, distinct
  bool operator==(const InstrumentSubscale&) const = default;
};

struct Instrument {
  std::string code;     // [a-z][a-z0-9_]{0,39}; the built-ins' codes are stable
  std::string version;  // 1..40 characters without spaces; stored with every assessment
  std::string name;     // "PHQ-9"
  std::string recall;   // "2 weeks"; "" when not given
  std::string instructions;  // the stem read before the items; "" when not shipped
  std::vector<InstrumentItem> items;  // 1..200
  // How many items may be unanswered with a total still made; 0 unless missing is kProrate, and
  // then 1..items - 1.
  int max_missing = 0;
  enum class Missing {
    kNone,     // any unanswered item: no total
    kProrate,  // total = sum x items / answered, rounded to the nearest whole number, halves up
  } missing = Missing::kNone;
  double scale = 1;  // a second score, total x scale (WHO-5 percentage: x 4); 1: none
  std::vector<InstrumentBand> bands;
  std::vector<InstrumentFlag> flags;
  std::vector<InstrumentSubscale> subscales;
  bool higher_is_better = false;
  // The smallest change that counts as reliable, in the units ChangeBetween's delta is in: the
  // scaled score when scale != 1, the total otherwise. nullopt: the instrument names none.
  std::optional<double> reliable_change;
  std::string convention;  // which banding convention the bands follow ("abs" for K10); "" none
  bool builtin = false;    // one of BuiltinInstruments()
  bool operator==(const Instrument&) const = default;

  int MinTotal() const;  // sum of the items' min
  int MaxTotal() const;  // sum of the items' max
};

struct InstrumentScore {
  std::optional<double> total;   // nullopt: too many items unanswered
  std::optional<double> scaled;  // total x scale; nullopt without a total or when scale is 1
  std::string band;              // the band's code; "" without a total or without bands
  std::vector<std::string> flags;       // codes of the flags that fired, in definition order
  std::vector<std::string> risk_flags;  // those of them that are risk flags
  std::map<std::string, std::optional<double>> subscales;  // every subscale, by code
  int answered = 0;
  int missing = 0;
  bool operator==(const InstrumentScore&) const = default;
};

struct OutcomeChange {
  // after - before when higher is better, before - after otherwise (PSYCHLOPS' "pre - post"), so
  // a positive delta is always an improvement; on the scaled score when the instrument has one.
  double delta = 0;
  bool improved = false;  // delta > 0
  bool reliable = false;  // |delta| >= reliable_change; false when the instrument names none
  std::string band_before, band_after;
  bool operator==(const OutcomeChange&) const = default;
};

// ---- Definitions ----

// Reads a definition (docs/formats/instrument.md) from untrusted JSON. Errors: kInvalid naming
// every bad member by its path — "code", "items[2].max", "bands[1]", "flags[0].item",
// "subscales[3].items[1]" — including members the format does not know. Never throws.
Result<Instrument> ParseInstrument(const Json& definition);

// ParseInstrument for a programme's own definition: also refuses "builtin": true and the code of
// a built-in instrument (both named "builtin" / "code").
Result<Instrument> ParseCustomInstrument(const Json& definition);

// The definition in its normal shape, every member written out; ParseInstrument of it gives the
// instrument back.
Json InstrumentJson(const Instrument& instrument);

// The eight built-in instruments (builtin = true), read from the JSON compiled into the binary
// (src/domain/instruments/builtin.json) at first use. When that JSON does not parse the list is
// empty and BuiltinInstrumentsStatus() says why: a unit test keeps that from shipping.
const std::vector<Instrument>& BuiltinInstruments();
Status BuiltinInstrumentsStatus();
// nullptr when `code` is not a built-in instrument.
const Instrument* FindBuiltinInstrument(std::string_view code);

// ---- Scoring ----

// Checks a client's answers: a JSON array of exactly items.size() entries, each a whole number
// within its item's range (2.0 counts as 2) or null for unanswered. Errors: kInvalid naming
// "answers" (not an array, wrong length) or each bad entry "answers[4]" (0-based, as in the JSON).
Result<std::vector<std::optional<int>>> CheckItemAnswers(const Instrument& instrument, const Json& answers);

// Scores answers as CheckItemAnswers returns them. Read defensively: a value outside its item's
// range counts as unanswered, a missing position as unanswered, extra positions are ignored.
InstrumentScore ScoreAnswers(const Instrument& instrument, const std::vector<std::optional<int>>& answers);

// {"total": n | null, "scaled": n (only when there is one), "band": "", "flags": [...],
//  "risk_flags": [...], "subscales": {"code": n | null}, "answered": n, "missing": n};
// whole numbers are written as integers.
Json ScoreJson(const InstrumentScore& score);

// The change from one score of `instrument` to a later one; nullopt when either has no total.
std::optional<OutcomeChange> ChangeBetween(const Instrument& instrument, const InstrumentScore& before,
                                           const InstrumentScore& after);

}  // namespace baton
