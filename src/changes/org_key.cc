#include "changes/org_key.h"

namespace baton {
namespace {

constexpr std::string_view kKeyPrefix = "baton-org-key-1:";
// base64url without padding of the 64 key bytes.
constexpr size_t kKeyTextChars = 86;

std::string_view TrimSpace(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// The first 16 bytes of BLAKE2b-256 of the key bytes, as "1a2b 3c4d ..." (eight groups of four).
std::string FingerprintOf(std::string_view key_bytes) {
  const std::string hex = crypto::Blake2bHex(key_bytes).substr(0, 32);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 4) {
    if (i > 0) out += ' ';
    out += hex.substr(i, 4);
  }
  return out;
}

OrgPublicKey MakePublicKey(std::string sign_key, std::string box_key) {
  OrgPublicKey key;
  const std::string bytes = sign_key + box_key;
  key.text = std::string(kKeyPrefix) + crypto::Base64Url(bytes);
  key.fingerprint = FingerprintOf(bytes);
  key.sign_key = std::move(sign_key);
  key.box_key = std::move(box_key);
  return key;
}

}  // namespace

OrgSecretKeys KeysFromSeed(std::string_view seed) {
  OrgSecretKeys keys;
  keys.signing = crypto::SigningKeysFromSeed(crypto::DeriveKey(seed, 1, "orgsign_"));
  keys.box = crypto::BoxKeysFromSeed(crypto::DeriveKey(seed, 2, "orgbox__"));
  keys.public_key = MakePublicKey(keys.signing.public_key, keys.box.public_key);
  return keys;
}

Result<OrgPublicKey> ParseOrgPublicKey(std::string_view text) {
  // A key pasted from a terminal or a message may carry a line break: only the ends are trimmed.
  const std::string_view trimmed = TrimSpace(text);
  if (!trimmed.starts_with(kKeyPrefix)) {
    return Status::InvalidField("public_key", "must start with " + std::string(kKeyPrefix) +
                                                  " (copy the whole key from the organisation's key card)");
  }
  const std::string_view body = trimmed.substr(kKeyPrefix.size());
  if (body.size() != kKeyTextChars) {
    return Status::InvalidField("public_key", "must hold " + std::to_string(kKeyTextChars) + " characters after " +
                                                  std::string(kKeyPrefix) + ", not " + std::to_string(body.size()));
  }
  auto bytes = crypto::FromBase64Url(body);
  if (!bytes.ok() || bytes->size() != 2 * crypto::kPublicKeyBytes || crypto::Base64Url(*bytes) != body) {
    return Status::InvalidField("public_key", "is not base64url text of 64 key bytes after " + std::string(kKeyPrefix));
  }
  return MakePublicKey(bytes->substr(0, crypto::kPublicKeyBytes), bytes->substr(crypto::kPublicKeyBytes));
}

}  // namespace baton
