// Sign-in, sessions and passwords. Tokens are random, returned once and stored only as a BLAKE2b
// hash; sessions expire; failed sign-ins are throttled per username and per address.
#pragma once

#include <mutex>
#include <semaphore>
#include <string>
#include <string_view>
#include <unordered_map>

#include "service/context.h"
#include "service/login_throttle.h"

namespace baton {

inline constexpr std::string_view kDemoPassword = "baton-demo";

struct SignedIn {
  Principal principal;
  std::string token;  // present only in the answer to a sign-in
  std::string csrf_token;
  int64_t expires_ms = 0;
};

class AuthService {
 public:
  explicit AuthService(ServiceContext& ctx);

  // kUnauthenticated with one message for every wrong detail (unknown user, wrong password,
  // deactivated account) so that the answer does not reveal which; kTooManyRequests when throttled.
  Result<SignedIn> Login(std::string_view username, std::string_view password, std::string_view address);
  // The session of a bearer token; kUnauthenticated when unknown, expired or its user deactivated.
  Result<SignedIn> Authenticate(std::string_view token);
  Status Logout(std::string_view token);

  // The caller changes their own password (current one required); all their sessions end.
  Status ChangePassword(const Principal& who, std::string_view current, std::string_view next);
  // An admin (or the command line) sets another user's password; all their sessions end.
  Status ResetPassword(const Principal& who, std::string_view user_id, std::string_view password);

  // The change that stores a password for a user, after the policy check (skipped only for the
  // demo password of a demo data directory).
  Result<EntityChange> CredentialChange(std::string_view user_id, std::string_view username,
                                        std::string_view password, ChangeOp op);
  // Drops cached sessions of a user whose roles or status changed.
  void ForgetUser(std::string_view user_id);
  // The principal a user record stands for.
  static Principal PrincipalOf(const Record& user);

 private:
  struct Cached {
    SignedIn session;
    int64_t checked_ms = 0;
  };
  Result<Record> ActiveUser(std::string_view user_id);
  Status SetPassword(const Principal& actor, const Record& user, std::string_view password);

  // Argon2id with interactive limits takes 64 MiB and a core per hash: at most one per core runs
  // at once, so a burst of sign-ins cannot exhaust memory.
  bool VerifyBounded(std::string_view hash, std::string_view password);

  ServiceContext& ctx_;
  LoginThrottle throttle_;
  std::counting_semaphore<64> hashing_;
  std::string dummy_hash_;  // verified against for unknown usernames, so timing does not tell
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // token hash -> session; guarded by mu_
};

}  // namespace baton
