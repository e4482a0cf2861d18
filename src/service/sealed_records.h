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

// Takes the members named in `fields` out of a validated input and returns them (absent ones are
// not in the result; a null, which clears a field, is).
Json TakeSealed(Json& input, const std::vector<std::string>& fields);
// Seals `fields` (non-null members only) into state["sealed"] of the new record `change` creates,
// under a new record key that rides with the change. Nothing when `fields` holds no value.
// kUnavailable without a data key; `what` names the fields in that message ("case notes").
Status SealNew(ServiceContext& ctx, EntityChange& change, Json& state, const Json& fields, std::string_view what);
// Applies a patch of sealed fields to a stored record: opens what it holds, sets or (null) clears
// each member of `patch`, and seals the result again into state["sealed"] under the record's key
// (a new one, riding with `change`, when it had none); state["sealed"] is erased when nothing is
// left. Nothing when `patch` is empty.
Status PatchSealed(ServiceContext& ctx, EntityChange& change, const Record& current, Json& state, const Json& patch,
                   std::string_view what);

}  // namespace baton
