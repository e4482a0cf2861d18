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

namespace {

Status RequireKeys(const ServiceContext& ctx, std::string_view what) {
  if (ctx.keys().present()) return Status::Ok();
  return Status::Unavailable("this server was started without a data key, so " + std::string(what) +
                             " cannot be kept or read");
}

Json WithoutNulls(const Json& fields) {
  Json out = Json::object();
  for (auto it = fields.begin(); it != fields.end(); ++it) {
    if (!it->is_null()) out[it.key()] = *it;
  }
  return out;
}

}  // namespace

Json TakeSealed(Json& input, const std::vector<std::string>& fields) {
  Json taken = Json::object();
  for (const std::string& f : fields) {
    if (!input.contains(f)) continue;
    taken[f] = std::move(input[f]);
    input.erase(f);
  }
  return taken;
}

Status SealNew(ServiceContext& ctx, EntityChange& change, Json& state, const Json& fields, std::string_view what) {
  const Json sealed = WithoutNulls(fields);
  if (sealed.empty()) return Status::Ok();
  BATON_RETURN_IF_ERROR(RequireKeys(ctx, what));
  const std::string key = ctx.keys().NewRecordKey(ctx.random());
  state["sealed"] = SealFields(key, change.kind, change.id, sealed, ctx.random());
  change.local.record_key = ctx.keys().Wrap(key, change.kind, change.id, ctx.random());
  return Status::Ok();
}

Status PatchSealed(ServiceContext& ctx, EntityChange& change, const Record& current, Json& state, const Json& patch,
                   std::string_view what) {
  if (patch.empty()) return Status::Ok();
  BATON_RETURN_IF_ERROR(RequireKeys(ctx, what));
  BATON_ASSIGN_OR_RETURN(Unsealed u, Unseal(ctx, current));
  if (u.key.empty()) {
    u.key = ctx.keys().NewRecordKey(ctx.random());
    change.local.record_key = ctx.keys().Wrap(u.key, current.kind, current.id, ctx.random());
  }
  Json fields = u.fields;
  for (auto it = patch.begin(); it != patch.end(); ++it) fields[it.key()] = *it;
  fields = WithoutNulls(fields);
  if (fields.empty()) {
    state.erase("sealed");
  } else {
    state["sealed"] = SealFields(u.key, current.kind, current.id, fields, ctx.random());
  }
  return Status::Ok();
}

}  // namespace baton
