#include "base/crypto.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace baton::crypto {

void Init() {
  if (sodium_init() < 0) std::abort();  // no secure randomness: nothing safe can run
}

std::string Hex(std::span<const uint8_t> bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::string Blake2bHex(std::string_view data) {
  uint8_t out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const uint8_t*>(data.data()), data.size(),
                     nullptr, 0);
  return Hex(out);
}

std::string Blake2bKeyedHex(std::string_view data, std::string_view key) {
  uint8_t out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const uint8_t*>(data.data()), data.size(),
                     reinterpret_cast<const uint8_t*>(key.data()), key.size());
  return Hex(out);
}

std::string Base64Url(std::span<const uint8_t> bytes) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string Base64Url(std::string_view bytes) {
  return Base64Url(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
}

Result<std::string> FromBase64Url(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<uint8_t*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return Status::Invalid("not base64url");
  }
  out.resize(len);
  return out;
}

std::string RandomToken(Random& random, size_t n) {
  std::vector<uint8_t> bytes(n);
  random.Fill(bytes);
  return Base64Url(bytes);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  char out[crypto_pwhash_STRBYTES];
  unsigned long long ops = cost == PasswordCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                               : crypto_pwhash_OPSLIMIT_MIN;
  size_t mem = cost == PasswordCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                                                   : crypto_pwhash_MEMLIMIT_MIN;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable("out of memory while hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  std::string hash(encoded_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string NewKey(Random& random) {
  std::string key(kKeyBytes, '\0');
  random.Fill({reinterpret_cast<uint8_t*>(key.data()), key.size()});
  return key;
}

namespace {
constexpr uint8_t kSealVersion = 1;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }
}  // namespace

std::string Seal(std::string_view key, std::string_view plaintext, std::string_view context, Random& random) {
  std::vector<uint8_t> out(1 + kNonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  out[0] = kSealVersion;
  random.Fill({out.data() + 1, kNonceBytes});
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + 1 + kNonceBytes, &written, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(), nullptr,
                                             out.data() + 1, Bytes(key));
  out.resize(1 + kNonceBytes + written);
  return Base64Url(out);
}

Result<std::string> Open(std::string_view key, std::string_view sealed, std::string_view context) {
  auto raw = FromBase64Url(sealed);
  const size_t overhead = 1 + kNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!raw.ok() || raw->size() < overhead || static_cast<uint8_t>((*raw)[0]) != kSealVersion ||
      key.size() != kKeyBytes) {
    return Status::Corruption("sealed value is malformed");
  }
  std::string plain(raw->size() - overhead, '\0');
  unsigned long long len = 0;
  const uint8_t* nonce = Bytes(*raw) + 1;
  const uint8_t* cipher = nonce + kNonceBytes;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(plain.data()), &len, nullptr, cipher,
                                                 raw->size() - 1 - kNonceBytes, Bytes(context), context.size(),
                                                 nonce, Bytes(key)) != 0) {
    return Status::Corruption("sealed value does not open with this key");
  }
  plain.resize(len);
  return plain;
}

std::string DeriveKey(std::string_view key, uint64_t subkey_id, std::string_view purpose) {
  std::string out(kKeyBytes, '\0');
  char ctx[crypto_kdf_CONTEXTBYTES] = {};
  for (size_t i = 0; i < sizeof ctx && i < purpose.size(); ++i) ctx[i] = purpose[i];
  crypto_kdf_derive_from_key(reinterpret_cast<uint8_t*>(out.data()), out.size(), subkey_id, ctx, Bytes(key));
  return out;
}

int64_t KeyedHash64(std::string_view key, std::string_view data) {
  uint8_t out[16];
  crypto_generichash(out, sizeof out, Bytes(data), data.size(), Bytes(key), key.size());
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | out[i];
  return static_cast<int64_t>(v);
}

Result<std::string> KeyFromPassphrase(std::string_view passphrase, std::string_view salt) {
  if (salt.size() != crypto_pwhash_SALTBYTES) return Status::Invalid("passphrase salt must be 16 bytes");
  std::string key(kKeyBytes, '\0');
  if (crypto_pwhash(reinterpret_cast<uint8_t*>(key.data()), key.size(), passphrase.data(), passphrase.size(),
                    Bytes(salt), crypto_pwhash_OPSLIMIT_MODERATE / 2, crypto_pwhash_MEMLIMIT_INTERACTIVE * 2,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable("out of memory while deriving the data key");
  }
  return key;
}

KeyPair SigningKeysFromSeed(std::string_view seed) {
  KeyPair keys{std::string(crypto_sign_PUBLICKEYBYTES, '\0'), std::string(crypto_sign_SECRETKEYBYTES, '\0')};
  if (seed.size() != crypto_sign_SEEDBYTES) std::abort();  // a programming error: seeds are made here
  crypto_sign_seed_keypair(reinterpret_cast<uint8_t*>(keys.public_key.data()),
                           reinterpret_cast<uint8_t*>(keys.secret_key.data()), Bytes(seed));
  return keys;
}

KeyPair BoxKeysFromSeed(std::string_view seed) {
  KeyPair keys{std::string(crypto_box_PUBLICKEYBYTES, '\0'), std::string(crypto_box_SECRETKEYBYTES, '\0')};
  if (seed.size() != crypto_box_SEEDBYTES) std::abort();
  crypto_box_seed_keypair(reinterpret_cast<uint8_t*>(keys.public_key.data()),
                          reinterpret_cast<uint8_t*>(keys.secret_key.data()), Bytes(seed));
  return keys;
}

std::string Sign(const KeyPair& signing_keys, std::string_view message) {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<uint8_t*>(signature.data()), nullptr, Bytes(message), message.size(),
                       Bytes(signing_keys.secret_key));
  return signature;
}

bool VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(), Bytes(public_key)) == 0;
}

std::string SealTo(std::string_view box_public_key, std::string_view plaintext) {
  if (box_public_key.size() != crypto_box_PUBLICKEYBYTES) std::abort();
  std::string out(plaintext.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<uint8_t*>(out.data()), Bytes(plaintext), plaintext.size(), Bytes(box_public_key));
  return out;
}

Result<std::string> OpenSealedBox(const KeyPair& box_keys, std::string_view sealed) {
  if (sealed.size() < crypto_box_SEALBYTES || box_keys.public_key.size() != crypto_box_PUBLICKEYBYTES ||
      box_keys.secret_key.size() != crypto_box_SECRETKEYBYTES) {
    return Status::Corruption("sealed box is malformed");
  }
  std::string plain(sealed.size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<uint8_t*>(plain.data()), Bytes(sealed), sealed.size(),
                           Bytes(box_keys.public_key), Bytes(box_keys.secret_key)) != 0) {
    return Status::Corruption("sealed box does not open with these keys");
  }
  return plain;
}

static_assert(kStreamHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(kStreamFrameOverhead == crypto_secretstream_xchacha20poly1305_ABYTES);

struct StreamSealer::State {
  crypto_secretstream_xchacha20poly1305_state s;
};

StreamSealer::StreamSealer(std::string_view key)
    : state_(std::make_unique<State>()), header_(crypto_secretstream_xchacha20poly1305_HEADERBYTES, '\0') {
  if (key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES) std::abort();
  crypto_secretstream_xchacha20poly1305_init_push(&state_->s, reinterpret_cast<uint8_t*>(header_.data()), Bytes(key));
}

StreamSealer::~StreamSealer() { sodium_memzero(state_.get(), sizeof(State)); }

std::string StreamSealer::Push(std::string_view plaintext, std::string_view associated_data, bool final) {
  std::string out(plaintext.size() + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  crypto_secretstream_xchacha20poly1305_push(
      &state_->s, reinterpret_cast<uint8_t*>(out.data()), nullptr, Bytes(plaintext), plaintext.size(),
      associated_data.empty() ? nullptr : Bytes(associated_data), associated_data.size(),
      final ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
  return out;
}

struct StreamOpener::State {
  crypto_secretstream_xchacha20poly1305_state s;
};

StreamOpener::StreamOpener() : state_(std::make_unique<State>()) {}
StreamOpener::~StreamOpener() { sodium_memzero(state_.get(), sizeof(State)); }

Result<std::unique_ptr<StreamOpener>> StreamOpener::Start(std::string_view key, std::string_view header) {
  if (key.size() != crypto_secretstream_xchacha20poly1305_KEYBYTES ||
      header.size() != crypto_secretstream_xchacha20poly1305_HEADERBYTES) {
    return Status::Corruption("stream header is malformed");
  }
  std::unique_ptr<StreamOpener> opener(new StreamOpener());
  if (crypto_secretstream_xchacha20poly1305_init_pull(&opener->state_->s, Bytes(header), Bytes(key)) != 0) {
    return Status::Corruption("stream header is malformed");
  }
  return opener;
}

Result<std::string> StreamOpener::Pull(std::string_view frame, std::string_view associated_data, bool& final) {
  if (frame.size() < crypto_secretstream_xchacha20poly1305_ABYTES) return Status::Corruption("frame is too short");
  std::string plain(frame.size() - crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(&state_->s, reinterpret_cast<uint8_t*>(plain.data()), nullptr, &tag,
                                                 Bytes(frame), frame.size(),
                                                 associated_data.empty() ? nullptr : Bytes(associated_data),
                                                 associated_data.size()) != 0) {
    return Status::Corruption("frame does not open: altered, out of order or from another stream");
  }
  final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  return plain;
}

struct Blake2bStream::State {
  crypto_generichash_state s;
};

Blake2bStream::Blake2bStream() : state_(std::make_unique<State>()) {
  crypto_generichash_init(&state_->s, nullptr, 0, crypto_generichash_BYTES);
}
Blake2bStream::~Blake2bStream() = default;

void Blake2bStream::Update(std::string_view data) { crypto_generichash_update(&state_->s, Bytes(data), data.size()); }

std::string Blake2bStream::FinalHex() {
  uint8_t out[crypto_generichash_BYTES];
  crypto_generichash_final(&state_->s, out, sizeof out);
  return Hex(out);
}

}  // namespace baton::crypto
