#include "domain/password_policy.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace baton {
namespace {

// The most used passwords of the public breach corpora that meet the length rule, lower-cased.
// A short list is enough here: the length rule already removes the bulk of common passwords.
constexpr std::array<std::string_view, 60> kCommon = {
    "1234567890", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop",
    "0987654321", "1111111111", "0000000000", "password12", "password123", "password1234",
    "passw0rd123", "iloveyou12", "qwerty1234", "qwerty12345", "abcdefghij", "abc1234567",
    "1234qwerty", "q1w2e3r4t5", "zaq12wsxcv", "letmein123", "welcome123", "welcome1234",
    "football12", "monkey1234", "dragon1234", "sunshine12", "princess12", "baseball12",
    "superman12", "trustno123", "michael123", "administrator", "adminadmin", "admin12345",
    "changeme123", "changeme12", "p@ssw0rd123", "p@ssword123", "qazwsxedcrfv", "asdfghjkl1",
    "asdfghjkl;", "zxcvbnm123", "1234567890a", "a1234567890", "password!1", "default123",
    "secret1234", "computer12", "internet12", "starwars12", "whatever12", "freedom123",
    "baton-demo", "batonbaton", "humanitarian", "southsudan", "southsudan1", "juba123456",
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Status CheckPassword(std::string_view password, std::string_view username, std::string_view field) {
  std::string f(field);
  if (password.size() < kMinPasswordLength) {
    return Status::InvalidField(f, "must be at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return Status::InvalidField(f, "must be at most " + std::to_string(kMaxPasswordLength) + " characters");
  }
  std::string lower = Lower(password);
  if (std::all_of(lower.begin(), lower.end(), [&](char c) { return c == lower[0]; })) {
    return Status::InvalidField(f, "must not repeat one character");
  }
  if (std::find(kCommon.begin(), kCommon.end(), lower) != kCommon.end()) {
    return Status::InvalidField(f, "is too common; choose another");
  }
  if (!username.empty() && lower.find(Lower(username)) != std::string::npos) {
    return Status::InvalidField(f, "must not contain the username");
  }
  return Status::Ok();
}

}  // namespace baton
