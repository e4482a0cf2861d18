#include "service/sealed_records.h"

#include "domain/record_spec.h"
#include "service/data_keys.h"
#include "service/record_view.h"

namespace baton {

Result<Unsealed> Unseal(ServiceContext& ctx, const Record& record) {
  BATON_ASSIGN_OR_RETURN(auto all, UnsealAll(ctx, {record}));
  return std::move(all[record.id]);
}

Result<std::map<std::string, Unsealed>> UnsealAll(ServiceContext& ctx, const std::vector<Record>& records) {
  std::map<std::string, Unsealed> out;
  if (records.empty()) return out;
  std::vector<std::string> ids;
  for (const Record& r : records) ids.push_back(r.id);
  std::map<std::string, std::string> wrapped;
  if (ctx.keys().present()) {
    BATON_ASSIGN_OR_RETURN(wrapped, ctx.store().GetRecordKeys(records.front().kind, ids));
  }
  for (const Record& r : records) {
    Unsealed& u = out[r.id];
    auto it = wrapped.find(r.id);
    if (it == wrapped.end()) continue;
    BATON_ASSIGN_OR_RETURN(u.key, ctx.keys().Unwrap(it->second, r.kind, r.id));
    if (Has(r.data, "sealed")) {
      BATON_ASSIGN_OR_RETURN(u.fields, OpenFields(u.key, r.kind, r.id, Str(r.data, "sealed")));
    }
  }
  return out;
}

}  // namespace baton
