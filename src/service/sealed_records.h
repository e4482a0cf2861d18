// Reading the sealed fields of a record (a participant's name, a response's answers): its own key,
// kept wrapped in the store's record_keys, unwrapped with the node's data key, then its "sealed"
// field opened (docs/formats/sealed.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "service/context.h"

namespace baton {

struct Unsealed {
  std::string key;               // the record's key; "" when this node holds none or has no data key
  Json fields = Json::object();  // the opened sealed fields; {} when there are none or no key
};

// One record's key and sealed fields.
Result<Unsealed> Unseal(ServiceContext& ctx, const Record& record);
// Those of many records of one kind, by id, with one read of their keys.
Result<std::map<std::string, Unsealed>> UnsealAll(ServiceContext& ctx, const std::vector<Record>& records);

}  // namespace baton
