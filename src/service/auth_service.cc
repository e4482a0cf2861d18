#include "service/auth_service.h"

#include <algorithm>
#include <thread>

#include "domain/access_policy.h"
#include "domain/password_policy.h"

namespace baton {
namespace {

constexpr std::string_view kBadLogin = "wrong username or password";

std::string TokenHash(std::string_view token) { return crypto::Blake2bHex(token); }

}  // namespace

AuthService::AuthService(ServiceContext& ctx)
    : ctx_(ctx),
      throttle_(ctx.clock(), ctx.options().max_failures_per_user, ctx.options().max_failures_per_address,
                ctx.options().failure_window_ms),
      hashing_(std::clamp<std::ptrdiff_t>(std::thread::hardware_concurrency(), 1, 64)) {
  auto dummy = crypto::HashPassword(crypto::RandomToken(ctx.random()), ctx.options().password_cost);
  if (dummy.ok()) dummy_hash_ = *dummy;
}

Principal AuthService::PrincipalOf(const Record& user) {
  Principal p;
  p.user_id = user.id;
  p.organization_id = user.data.value("organization_id", "");
  p.username = user.data.value("username", "");
  if (user.data.contains("roles") && user.data["roles"].is_array()) {
    for (const Json& r : user.data["roles"]) {
      if (auto role = r.is_string() ? ParseRole(r.get<std::string>()) : std::nullopt) p.roles.insert(*role);
    }
  }
  return p;
}

Result<Record> AuthService::ActiveUser(std::string_view user_id) {
  auto user = ctx_.store().Get("user", user_id);
  if (!user.ok()) {
    if (user.status().code() == Code::kNotFound) return Status::Unauthenticated("the account no longer exists");
    return user.status();
  }
  if (!user->data.value("active", true)) return Status::Unauthenticated("the account is deactivated");
  auto org = ctx_.store().Get("organization", user->data.value("organization_id", ""));
  if (org.ok() && !org->data.value("active", true)) {
    return Status::Unauthenticated("the account's organisation is deactivated");
  }
  return user;
}

Result<SignedIn> AuthService::Login(std::string_view username_in, std::string_view password,
                                    std::string_view address) {
  std::string username(username_in);
  for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Nothing that cannot be a username reaches the store or becomes a throttle key of its own.
  bool possible = !username.empty() && username.size() <= 64 &&
                  std::all_of(username.begin(), username.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                  });
  if (!possible) username = "(not a username)";
  BATON_RETURN_IF_ERROR(throttle_.Begin(username, address));
  if (!possible) return Status::Unauthenticated(std::string(kBadLogin));

  ListQuery q{.kind = "user", .equals = {{"username", username}}, .limit = 1};
  BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
  std::string hash = dummy_hash_;
  if (!page.items.empty()) {
    auto cred = ctx_.store().Get("credential", page.items[0].id);
    if (cred.ok()) hash = cred->data.value("hash", dummy_hash_);
  }
  bool ok = VerifyBounded(hash, password) && !page.items.empty();
  // The demo password opens only a demo data directory, whatever a copied database holds.
  if (password == kDemoPassword && !ctx_.options().demo) ok = false;
  if (!ok) return Status::Unauthenticated(std::string(kBadLogin));
  auto user = ActiveUser(page.items[0].id);
  if (!user.ok()) {
    if (user.status().code() == Code::kUnauthenticated) return Status::Unauthenticated(std::string(kBadLogin));
    return user.status();
  }
  throttle_.Succeeded(username, address);

  SignedIn s;
  s.principal = PrincipalOf(*user);
  s.token = crypto::RandomToken(ctx_.random(), 32);
  s.csrf_token = crypto::RandomToken(ctx_.random(), 16);
  int64_t now = ctx_.clock().NowMs();
  s.expires_ms = now + ctx_.options().session_ttl_ms;
  BATON_RETURN_IF_ERROR(ctx_.store().PutSession({TokenHash(s.token), user->id, now, s.expires_ms, s.csrf_token}));
  return s;
}

bool AuthService::VerifyBounded(std::string_view hash, std::string_view password) {
  hashing_.acquire();
  bool ok = crypto::VerifyPassword(hash, password);
  hashing_.release();
  return ok;
}

Result<SignedIn> AuthService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 256) return Status::Unauthenticated("sign in first");
  std::string key = TokenHash(token);
  int64_t now = ctx_.clock().NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) {
      if (now < it->second.session.expires_ms && now - it->second.checked_ms < ctx_.options().session_cache_ms) {
        return it->second.session;
      }
      cache_.erase(it);
    }
  }
  auto row = ctx_.store().GetSession(key);
  if (!row.ok()) {
    if (row.status().code() == Code::kNotFound) return Status::Unauthenticated("the session has ended; sign in again");
    return row.status();
  }
  if (now >= row->expires_ms) {
    (void)ctx_.store().DeleteSession(key);
    return Status::Unauthenticated("the session has expired; sign in again");
  }
  BATON_ASSIGN_OR_RETURN(Record user, ActiveUser(row->user_id));
  SignedIn s{PrincipalOf(user), "", row->csrf_token, row->expires_ms};
  std::lock_guard lock(mu_);
  if (cache_.size() > 50'000) cache_.clear();
  cache_[key] = {s, now};
  return s;
}

Status AuthService::Logout(std::string_view token) {
  std::string key = TokenHash(token);
  {
    std::lock_guard lock(mu_);
    cache_.erase(key);
  }
  return ctx_.store().DeleteSession(key);
}

void AuthService::ForgetUser(std::string_view user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_, [&](const auto& kv) { return kv.second.session.principal.user_id == user_id; });
}

Result<EntityChange> AuthService::CredentialChange(std::string_view user_id, std::string_view username,
                                                   std::string_view password, ChangeOp op) {
  if (!(ctx_.options().demo && password == kDemoPassword)) {
    BATON_RETURN_IF_ERROR(CheckPassword(password, username));
  }
  hashing_.acquire();
  auto hashed = crypto::HashPassword(password, ctx_.options().password_cost);
  hashing_.release();
  BATON_ASSIGN_OR_RETURN(std::string hash, std::move(hashed));
  return EntityChange{"credential", std::string(user_id), op,
                      Json{{"hash", hash}, {"changed_at", FormatTimestamp(ctx_.clock().NowMs())}}, {}};
}

Status AuthService::SetPassword(const Principal& actor, const Record& user, std::string_view password) {
  BATON_ASSIGN_OR_RETURN(EntityChange change,
                         CredentialChange(user.id, user.data.value("username", ""), password, ChangeOp::kUpdate));
  ChangeSet set = ctx_.NewChangeSet(actor);
  set.changes.push_back(std::move(change));
  BATON_RETURN_IF_ERROR(ctx_.store().Commit(std::move(set)).status());
  BATON_RETURN_IF_ERROR(ctx_.store().DeleteUserSessions(user.id));
  ForgetUser(user.id);
  return Status::Ok();
}

Status AuthService::ChangePassword(const Principal& who, std::string_view current, std::string_view next) {
  BATON_ASSIGN_OR_RETURN(Record user, ActiveUser(who.user_id));
  // Guesses of the current password from a stolen session are throttled like sign-ins.
  const std::string throttle_key = "password change of " + who.user_id;
  BATON_RETURN_IF_ERROR(throttle_.Begin(who.username, throttle_key));
  auto cred = ctx_.store().Get("credential", who.user_id);
  if (!cred.ok() || !VerifyBounded(cred->data.value("hash", ""), current)) {
    return Status::InvalidField("current_password", "is not your current password");
  }
  throttle_.Succeeded(who.username, throttle_key);
  if (current == next) return Status::InvalidField("new_password", "must differ from the current password");
  if (auto s = CheckPassword(next, who.username, "new_password"); !s.ok()) return s;
  return SetPassword(who, user, next);
}

Status AuthService::ResetPassword(const Principal& who, std::string_view user_id, std::string_view password) {
  auto found = ctx_.store().Get("user", user_id);
  if (!found.ok() && found.status().code() == Code::kNotFound) {
    return Status::NotFound("no user with id " + std::string(user_id));
  }
  BATON_ASSIGN_OR_RETURN(Record user, std::move(found));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kUpdate, Resource::kUser,
                                            {user.data.value("organization_id", ""), user.id, {}}));
  if (user.id == who.user_id) {
    return Status::Conflict("change your own password with POST /api/v1/me/password, which asks for the current one");
  }
  return SetPassword(who, user, password);
}

}  // namespace baton
