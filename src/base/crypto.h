// Thin wrappers over libsodium: hashing, password hashing, encodings. Nothing here does I/O.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace baton::crypto {

// Must run once before any other call; safe to call many times.
void Init();

// BLAKE2b-256 of data, lower-case hex.
std::string Blake2bHex(std::string_view data);
// BLAKE2b-256 keyed hash, lower-case hex (key 16..64 bytes).
std::string Blake2bKeyedHex(std::string_view data, std::string_view key);

std::string Hex(std::span<const uint8_t> bytes);
std::string Base64Url(std::span<const uint8_t> bytes);
Result<std::string> FromBase64Url(std::string_view text);

// A random secret of n bytes, as base64url text.
std::string RandomToken(Random& random, size_t n = 32);

bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Cost of Argon2id. kInteractive for logins; kFast only for tests and benchmarks of other things.
enum class PasswordCost { kInteractive, kFast };

// Argon2id encoded hash ("$argon2id$v=19$...").
Result<std::string> HashPassword(std::string_view password, PasswordCost cost);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// ---- Encryption at rest (docs/formats/sealed.md) ----

inline constexpr size_t kKeyBytes = 32;

// A fresh 32-byte secret key (raw bytes).
std::string NewKey(Random& random);

// XChaCha20-Poly1305 (IETF) of `plaintext` under `key` (32 raw bytes), bound to `context` (the
// associated data: what the text belongs to, so a sealed value cannot be moved to another record).
// Returns base64url of 0x01 || 24-byte nonce || ciphertext+tag.
std::string Seal(std::string_view key, std::string_view plaintext, std::string_view context, Random& random);
// The plaintext, or kCorruption when the key or context is wrong or the text was altered.
Result<std::string> Open(std::string_view key, std::string_view sealed, std::string_view context);

// A 32-byte subkey of `key` for a purpose (BLAKE2b KDF; `purpose` is exactly 8 characters).
std::string DeriveKey(std::string_view key, uint64_t subkey_id, std::string_view purpose);

// Keyed BLAKE2b of `data`, first 8 bytes as a signed integer: the blind index's terms.
int64_t KeyedHash64(std::string_view key, std::string_view data);

// Argon2id of a passphrase with a 16-byte salt into a 32-byte key (moderate cost: about a second).
Result<std::string> KeyFromPassphrase(std::string_view passphrase, std::string_view salt);

}  // namespace baton::crypto
