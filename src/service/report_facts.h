// How reports read the store (service/report_service): the people of a programme as the breakdowns
// need them, found by id without a map of strings, and every record the report engine's
// indicators need, streamed with Store::Scan from typed columns and covering indexes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/indicator_engine.h"
#include "service/context.h"
#include "service/outcome_service.h"
#include "store/store.h"

namespace baton {

// A scanned cell, "" for null.
std::string_view ScanCell(ScanRow row, size_t i);

// Person ids to PersonFact indexes. Ids are UUIDs: kept as two 64-bit halves in an open-addressing
// table (a million people take 48 MB, where a map of strings would take several times that), the
// low half — random in a UUIDv7 — as the hash.
class PersonIndex {
 public:
  void Add(std::string_view id, int32_t index);
  // -1 when the id is not there (or is not a UUID).
  int32_t Find(std::string_view id) const;

 private:
  struct Slot {
    uint64_t hi = 0, lo = 0;
    int32_t index = -1;
  };
  static bool Parse(std::string_view id, uint64_t& hi, uint64_t& lo);
  void Insert(uint64_t hi, uint64_t lo, int32_t index);
  void Grow();
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// The people of a programme as the breakdowns need them, with an index from their ids (and, when
// `sites` is given, each one's site).
Status LoadPeopleOf(Store& store, const std::string& programme_id, const report::Categories& categories,
                    PersonIndex& index, std::vector<report::PersonFact>& people, std::vector<std::string>* sites);

// Feeds `engine` every record of `programme` its indicators need (only those at `site_id` when it
// is not empty), after giving it the programme's people.
Status FeedIndicators(ServiceContext& ctx, OutcomeService& outcomes, report::IndicatorEngine& engine,
                      const Record& programme, const std::string& site_id);

}  // namespace baton
