// libFuzzer target: change log entries as another node or a handover package would send them —
// parse, verify against the chain, re-encode.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/crypto.h"
#include "changes/change_set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = (baton::crypto::Init(), true);
  (void)init;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)baton::HlcTime::Parse(body);
  std::string hash = baton::EntryHash(body);
  auto entry = baton::ParseEntry(body, hash);
  if (entry.ok()) {
    (void)baton::CanonicalBody(entry->seq, entry->set, entry->prev_hash);
    baton::ChainVerifier verifier;
    (void)verifier.Add(entry->seq, entry->set.id, body, hash);
    baton::Json state = baton::Json::object();
    for (const auto& change : entry->set.changes) {
      if (change.patch.is_object()) baton::ApplyPatch(state, change.patch);
    }
  }
  return 0;
}
