#include "service/data_keys.h"

#include "base/crypto.h"

namespace baton {
namespace {

std::string Context(std::string_view what, std::string_view kind, std::string_view id) {
  std::string out(what);
  out += ':';
  out += kind;
  out += ':';
  out += id;
  return out;
}

}  // namespace

DataKeys::DataKeys(std::string_view data_key)
    : wrap_key_(crypto::DeriveKey(data_key, 1, "wrapkeys")),
      index_key_(crypto::DeriveKey(data_key, 2, "blindidx")),
      shared_key_(crypto::DeriveKey(data_key, 3, "sharedtx")),
      check_(crypto::Blake2bKeyedHex("baton data key check v1", crypto::DeriveKey(data_key, 4, "keycheck"))) {}

std::string DataKeys::NewRecordKey(Random& random) const { return crypto::NewKey(random); }

std::string DataKeys::Wrap(std::string_view record_key, std::string_view kind, std::string_view id,
                           Random& random) const {
  return crypto::Seal(wrap_key_, record_key, Context("key", kind, id), random);
}

Result<std::string> DataKeys::Unwrap(std::string_view wrapped, std::string_view kind, std::string_view id) const {
  auto key = crypto::Open(wrap_key_, wrapped, Context("key", kind, id));
  if (!key.ok()) return Status::Corruption("the key of " + std::string(kind) + " " + std::string(id) + " does not open");
  return key;
}

int64_t DataKeys::Term(std::string_view text) const { return crypto::KeyedHash64(index_key_, text); }

std::string DataKeys::Fingerprint(std::string_view text) const { return crypto::Blake2bKeyedHex(text, shared_key_); }

std::string DataKeys::SealShared(std::string_view plaintext, std::string_view context, Random& random) const {
  return crypto::Seal(shared_key_, plaintext, context, random);
}

Result<std::string> DataKeys::OpenShared(std::string_view sealed, std::string_view context) const {
  return crypto::Open(shared_key_, sealed, context);
}

std::string SealFields(std::string_view record_key, std::string_view kind, std::string_view id, const Json& fields,
                       Random& random) {
  return crypto::Seal(record_key, fields.dump(), Context("fields", kind, id), random);
}

Result<Json> OpenFields(std::string_view record_key, std::string_view kind, std::string_view id,
                        std::string_view sealed) {
  BATON_ASSIGN_OR_RETURN(std::string text, crypto::Open(record_key, sealed, Context("fields", kind, id)));
  Json fields = Json::parse(text, nullptr, false);
  if (!fields.is_object()) return Status::Corruption("sealed fields of " + std::string(kind) + " " + std::string(id) + " are not an object");
  return fields;
}

}  // namespace baton
