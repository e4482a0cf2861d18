// The node's data key and what is made from it (docs/formats/sealed.md):
//   - every record with identifying fields gets its own random key, kept wrapped (encrypted) under
//     a subkey of the data key in the store's node-local record_keys table; destroying it erases
//     the record's sealed fields everywhere, the change log included;
//   - blind-index terms are keyed hashes under another subkey, so the database alone reveals no
//     name;
//   - a check value in the store's meta tells a wrong key from the right one at start.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/status.h"

namespace baton {

using Json = nlohmann::json;

class DataKeys {
 public:
  DataKeys() = default;
  // `data_key`: 32 raw bytes.
  explicit DataKeys(std::string_view data_key);

  bool present() const { return !wrap_key_.empty(); }
  // Hex text stored in meta "data_key_check"; equal only for the same data key.
  std::string CheckValue() const { return check_; }

  // A new record key, wrapped for storage, and the wrapped key opened again.
  std::string NewRecordKey(Random& random) const;
  std::string Wrap(std::string_view record_key, std::string_view kind, std::string_view id, Random& random) const;
  Result<std::string> Unwrap(std::string_view wrapped, std::string_view kind, std::string_view id) const;

  // The blind-index term of a normalised search string ("p:dng").
  int64_t Term(std::string_view text) const;
  // Keyed BLAKE2b-256 (hex) of text that may hold personal data, for comparing, never reading.
  std::string Fingerprint(std::string_view text) const;

  // Sealed under the data key itself (for text that must outlive a record's key, such as the
  // reason of an erasure).
  std::string SealShared(std::string_view plaintext, std::string_view context, Random& random) const;
  Result<std::string> OpenShared(std::string_view sealed, std::string_view context) const;

 private:
  std::string wrap_key_;
  std::string index_key_;
  std::string shared_key_;
  std::string check_;
};

// The sealed fields of a record: `fields` (a JSON object) encrypted under the record's own key,
// bound to kind and id.
std::string SealFields(std::string_view record_key, std::string_view kind, std::string_view id, const Json& fields,
                       Random& random);
Result<Json> OpenFields(std::string_view record_key, std::string_view kind, std::string_view id,
                        std::string_view sealed);

}  // namespace baton
