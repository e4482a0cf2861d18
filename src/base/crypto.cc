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

}  // namespace baton::crypto
