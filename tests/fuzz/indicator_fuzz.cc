// libFuzzer target: a programme's indicators field, as JSON — a list of definitions, or one alone.
// Must never crash, leak or hang; a definition that parses is counted by the engine over a few
// records, internal and shared, without crashing either.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/indicators.h"
#include "report/indicator_engine.h"

namespace {

void Count(const baton::Indicator& indicator, bool shared) {
  baton::report::ReportSetup setup;
  setup.indicators = {indicator};
  setup.period = {"2016-01-01", "2016-12-31"};
  setup.bands = baton::StandardAgeBands();
  setup.population_groups = {"idp_camp"};
  setup.breakdown = {baton::Dimension::kSex, baton::Dimension::kAgeBand, baton::Dimension::kDisability};
  setup.shared = shared;
  baton::report::IndicatorEngine engine(std::move(setup));
  engine.SetPeople({{20000101, 0, 0, 0}, {19500101, 1, 1, 2}});
  std::vector<uint32_t> fields(8);
  for (uint32_t& f : fields) f = engine.Intern("yes");
  for (const baton::SourceInfo& source : baton::Sources()) {
    for (int32_t person : {0, 1, -1}) {
      baton::report::Fact fact{person, 20160301, 0, fields.data()};
      fact.sex = 1;
      fact.band = 2;
      engine.Feed(source.source, fact);
    }
  }
  (void)engine.Finish().dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  baton::Json body = baton::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return 0;
  (void)baton::CheckIndicators(body).ToString();
  (void)baton::IndicatorsOfProgramme(baton::Json{{"indicators", body}}).size();
  std::vector<const baton::Json*> definitions = {&body};
  if (body.is_array()) {
    for (const baton::Json& d : body) definitions.push_back(&d);
  }
  for (const baton::Json* definition : definitions) {
    auto indicator = baton::ParseIndicator(*definition, "indicators[0]");
    if (!indicator.ok()) {
      (void)indicator.status().ToString();
      continue;
    }
    (void)baton::IndicatorJson(*indicator).dump();
    Count(*indicator, false);
    Count(*indicator, true);
  }
  return 0;
}
