// Thin wrappers over libsodium: hashing, password hashing, encodings. Nothing here does I/O.
#pragma once

#include <cstdint>
#include <memory>
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
std::string Base64Url(std::string_view bytes);
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

// ---- Signatures and public-key encryption (organisation keys, handover packages) ----

inline constexpr size_t kPublicKeyBytes = 32;
inline constexpr size_t kSignatureBytes = 64;

// Raw key bytes: a public key of 32 bytes and its secret key (64 bytes for Ed25519, 32 for X25519).
struct KeyPair {
  std::string public_key;
  std::string secret_key;
};
// Ed25519 keys for signing, made from a 32-byte seed (the same seed gives the same keys).
KeyPair SigningKeysFromSeed(std::string_view seed);
// X25519 keys for sealed boxes, made from a 32-byte seed.
KeyPair BoxKeysFromSeed(std::string_view seed);

// A detached Ed25519 signature (64 raw bytes) of `message`.
std::string Sign(const KeyPair& signing_keys, std::string_view message);
bool VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature);

// A sealed box (libsodium crypto_box_seal): `plaintext` encrypted to an X25519 public key with a
// fresh ephemeral key, so only the holder of the secret key opens it and nothing names the sender.
std::string SealTo(std::string_view box_public_key, std::string_view plaintext);
// kCorruption when the box was not sealed to these keys or was altered.
Result<std::string> OpenSealedBox(const KeyPair& box_keys, std::string_view sealed);

// An encrypted stream of frames (libsodium secretstream, XChaCha20-Poly1305) under a 32-byte key:
// each frame is authenticated with its own associated data, the frames cannot be reordered,
// dropped or repeated unnoticed, and the last one carries a final tag so truncation is found.
class StreamSealer {
 public:
  explicit StreamSealer(std::string_view key);
  ~StreamSealer();
  StreamSealer(const StreamSealer&) = delete;
  StreamSealer& operator=(const StreamSealer&) = delete;
  // The stream's header (24 bytes), which the opener needs first.
  const std::string& header() const { return header_; }
  std::string Push(std::string_view plaintext, std::string_view associated_data, bool final);

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::string header_;
};

class StreamOpener {
 public:
  // kCorruption when the header is malformed or the key is not 32 bytes.
  static Result<std::unique_ptr<StreamOpener>> Start(std::string_view key, std::string_view header);
  ~StreamOpener();
  // The frame's plaintext; kCorruption when the frame was altered, reordered or belongs to another
  // stream. `final` is set when the frame carries the final tag.
  Result<std::string> Pull(std::string_view frame, std::string_view associated_data, bool& final);

 private:
  StreamOpener();
  struct State;
  std::unique_ptr<State> state_;
};

inline constexpr size_t kStreamHeaderBytes = 24;
inline constexpr size_t kStreamFrameOverhead = 17;

// BLAKE2b-256 over data given in pieces; hex like Blake2bHex.
class Blake2bStream {
 public:
  Blake2bStream();
  ~Blake2bStream();
  Blake2bStream(const Blake2bStream&) = delete;
  Blake2bStream& operator=(const Blake2bStream&) = delete;
  void Update(std::string_view data);
  std::string FinalHex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace baton::crypto
