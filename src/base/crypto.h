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

}  // namespace baton::crypto
