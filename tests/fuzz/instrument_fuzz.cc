// libFuzzer target: a programme's instrument definition and a client's item answers, as JSON —
// {"definition": {...}, "answers": [...]}, or either alone. Must never crash, leak or hang; and a
// definition that parses must read back equal from its own JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "domain/instruments.h"

namespace {

void ScoreWith(const baton::Instrument& instrument, const baton::Json& answers) {
  auto checked = baton::CheckItemAnswers(instrument, answers);
  if (!checked.ok()) {
    (void)checked.status().ToString();
    return;
  }
  baton::InstrumentScore score = baton::ScoreAnswers(instrument, *checked);
  (void)baton::ScoreJson(score).dump();
  (void)baton::ChangeBetween(instrument, score, score);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  baton::Json body = baton::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;

  std::vector<const baton::Json*> definitions = {&body};
  std::vector<const baton::Json*> answer_lists = {&body};
  if (body.is_object()) {
    if (auto it = body.find("definition"); it != body.end()) definitions.push_back(&*it);
    if (auto it = body.find("answers"); it != body.end()) answer_lists.push_back(&*it);
  }

  for (const baton::Json* answers : answer_lists) {
    for (const baton::Instrument& builtin : baton::BuiltinInstruments()) ScoreWith(builtin, *answers);
  }
  for (const baton::Json* definition : definitions) {
    (void)baton::ParseCustomInstrument(*definition);
    auto instrument = baton::ParseInstrument(*definition);
    if (!instrument.ok()) {
      (void)instrument.status().ToString();
      continue;
    }
    const baton::Json normal = baton::InstrumentJson(*instrument);
    auto again = baton::ParseInstrument(baton::Json::parse(normal.dump()));
    if (!again.ok() || !(*again == *instrument)) std::abort();  // the normal shape must read back the same
    for (const baton::Json* answers : answer_lists) ScoreWith(*instrument, *answers);
  }
  return 0;
}
