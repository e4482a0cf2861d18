// An organisation's key pairs and its public key's text form (docs/formats/handover.md
// "Organisation keys"): what signs and opens a handover package. Plain values; where a seed is
// kept and who may change it is service/org_keys.
#pragma once

#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/status.h"

namespace baton {

// An organisation's public key, as text: "baton-org-key-1:" + base64url(Ed25519 public key (32
// bytes) || X25519 public key (32 bytes)).
struct OrgPublicKey {
  std::string organization_id;
  std::string text;
  std::string sign_key;     // 32 raw bytes
  std::string box_key;      // 32 raw bytes
  std::string fingerprint;  // first 16 bytes of BLAKE2b-256 of the 64 key bytes, hex in groups of 4
                            // separated by spaces: what two people read to each other on the phone
};

// Parses the text form; kInvalid naming `public_key` when it is not one.
Result<OrgPublicKey> ParseOrgPublicKey(std::string_view text);

// The key pairs of an organisation whose seed is kept on this node.
struct OrgSecretKeys {
  OrgPublicKey public_key;
  crypto::KeyPair signing;
  crypto::KeyPair box;
};

// Both key pairs of an organisation, made from its 32-byte seed (the same seed gives the same keys).
OrgSecretKeys KeysFromSeed(std::string_view seed);

}  // namespace baton
