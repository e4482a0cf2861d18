#include "service/org_keys.h"

#include <span>

#include "base/clock.h"
#include "domain/access_policy.h"

namespace baton {
namespace {

constexpr const char* kOrganization = "organization";
// A concurrent change of the organisation record (a PATCH of its name) makes a key's write stale:
// it is read and written again, at most this many times.
constexpr int kMaxAttempts = 100;

// The organisation's name for messages: its code, else its id.
std::string NameOf(const Record& org) {
  const std::string code = org.data.value("code", "");
  return code.empty() ? org.id : code;
}

// The `public_key` field of the organisation record.
Json StoredKey(const OrgPublicKey& key, const char* source, const Principal& who, int64_t now_ms) {
  return {{"text", key.text},
          {"fingerprint", key.fingerprint},
          {"created_at", FormatTimestamp(now_ms)},
          {"source", source},
          {"by", who.user_id}};
}

Json CardOf(const std::string& organization_id, const OrgPublicKey& key, const Json& stored, bool local) {
  return {{"organization_id", organization_id},
          {"public_key", key.text},
          {"fingerprint", key.fingerprint},
          {"created_at", stored.value("created_at", "")},
          {"source", stored.value("source", "")},
          {"local", local}};
}

const Json& StoredKeyOf(const Record& org) {
  static const Json kNone = Json::object();
  auto it = org.data.find("public_key");
  return it != org.data.end() && it->is_object() ? *it : kNone;
}

// The public key on the organisation's record; kNotFound when it has none.
Result<OrgPublicKey> PublicKeyOf(const Record& org) {
  const Json& stored = StoredKeyOf(org);
  if (!stored.contains("text") || !stored["text"].is_string()) {
    return Status::NotFound("organisation " + NameOf(org) +
                            " has no public key: its admin makes one with rotate, or a partner's admin registers it "
                            "from its key card");
  }
  auto key = ParseOrgPublicKey(stored["text"].get<std::string>());
  if (!key.ok()) return Status::Corruption("the public key on record for organisation " + NameOf(org) + " is malformed");
  key->organization_id = org.id;
  return key;
}

Result<Record> LoadOrganization(Store& store, std::string_view id) {
  auto r = store.Get(kOrganization, id);
  if (!r.ok() && r.status().code() == Code::kNotFound) {
    return Status::NotFound("no organization with id " + std::string(id));
  }
  return r;
}

Result<bool> HasLocalSeed(Store& store, const std::string& organization_id) {
  BATON_ASSIGN_OR_RETURN(auto keys, store.GetRecordKeys(kOrganization, {organization_id}));
  return keys.contains(organization_id);
}

Status Stale(const Status& s) {
  if (s.code() != Code::kPreconditionFailed) return s;
  return Status::PreconditionFailed("the organisation was changed by others many times meanwhile; try again");
}

}  // namespace


Result<OrgPublicKey> OrgKeyService::PublicKey(std::string_view organization_id) {
  BATON_ASSIGN_OR_RETURN(Record org, LoadOrganization(ctx_.store(), organization_id));
  return PublicKeyOf(org);
}

Result<Json> OrgKeyService::Card(const Principal& who, std::string_view organization_id) {
  BATON_ASSIGN_OR_RETURN(Record org, LoadOrganization(ctx_.store(), organization_id));
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kRead, Resource::kOrganization, {org.id}));
  BATON_ASSIGN_OR_RETURN(OrgPublicKey key, PublicKeyOf(org));
  BATON_ASSIGN_OR_RETURN(bool local, HasLocalSeed(ctx_.store(), org.id));
  return CardOf(org.id, key, StoredKeyOf(org), local);
}

Result<OrgSecretKeys> OrgKeyService::SecretKeys(std::string_view organization_id) {
  const std::string id(organization_id);
  BATON_ASSIGN_OR_RETURN(auto wrapped, ctx_.store().GetRecordKeys(kOrganization, {id}));
  auto it = wrapped.find(id);
  if (it == wrapped.end()) return Status::NotFound("the key pair of organisation " + id + " is not kept on this node");
  if (!ctx_.keys().present()) {
    return Status::Unavailable("this server was started without a data key, so no key pair can be opened");
  }
  BATON_ASSIGN_OR_RETURN(std::string seed, ctx_.keys().Unwrap(it->second, kOrganization, id));
  OrgSecretKeys keys = KeysFromSeed(seed);
  keys.public_key.organization_id = id;
  // What others were given is the record's key: a pair that does not match it would sign packages
  // no one can check and could not open the ones addressed to the organisation.
  BATON_ASSIGN_OR_RETURN(Record org, LoadOrganization(ctx_.store(), id));
  auto on_record = PublicKeyOf(org);
  if (!on_record.ok() || on_record->text != keys.public_key.text) {
    return Status::Conflict("the public key on record for organisation " + NameOf(org) +
                            " is not the key pair kept on this node: its admin makes a new one with rotate");
  }
  return keys;
}

Result<std::vector<std::string>> OrgKeyService::LocalOrganizations() {
  std::vector<std::string> out;
  BATON_RETURN_IF_ERROR(ForEachPage(ctx_.store(), ListQuery{.kind = kOrganization, .limit = 200},
                                    [&](std::vector<Record>& page) -> Status {
                                      std::vector<std::string> ids;
                                      for (const Record& r : page) ids.push_back(r.id);
                                      BATON_ASSIGN_OR_RETURN(auto keys, ctx_.store().GetRecordKeys(kOrganization, ids));
                                      for (std::string& id : ids) {
                                        if (keys.contains(id)) out.push_back(std::move(id));
                                      }
                                      return Status::Ok();
                                    }));
  return out;
}

Result<Json> OrgKeyService::Rotate(const Principal& who, std::string_view organization_id) {
  for (int attempt = 1;; ++attempt) {
    BATON_ASSIGN_OR_RETURN(Record org, LoadOrganization(ctx_.store(), organization_id));
    if (!AccessPolicy::MayRotateOrgKey(who, {org.id})) {
      return Status::Forbidden("only an admin of " + NameOf(org) + " makes its key pair");
    }
    if (!ctx_.keys().present()) {
      return Status::Unavailable("this server was started without a data key, so no key pair can be kept");
    }
    const std::string seed = crypto::NewKey(ctx_.random());
    const OrgSecretKeys keys = KeysFromSeed(seed);
    const Json stored = StoredKey(keys.public_key, "generated", who, ctx_.clock().NowMs());
    // The seed is the record's key, wrapped under the data key and kept beside the record: it
    // never enters the change log; the public half does, as a field of the record.
    ChangeSet set = ctx_.NewChangeSet(who);
    EntityChange change{kOrganization, org.id, ChangeOp::kUpdate, Json{{"public_key", stored}}, org.version};
    change.local.record_key = ctx_.keys().Wrap(seed, kOrganization, org.id, ctx_.random());
    set.changes.push_back(std::move(change));
    auto receipt = ctx_.store().Commit(std::move(set));
    if (receipt.ok()) return CardOf(org.id, keys.public_key, stored, /*local=*/true);
    if (receipt.status().code() != Code::kPreconditionFailed || attempt == kMaxAttempts) return Stale(receipt.status());
  }
}

Result<Json> OrgKeyService::Register(const Principal& who, std::string_view organization_id,
                                     std::string_view public_key_text, bool replace_local) {
  for (int attempt = 1;; ++attempt) {
    BATON_ASSIGN_OR_RETURN(Record org, LoadOrganization(ctx_.store(), organization_id));
    if (!AccessPolicy::MayRegisterOrgKey(who, {org.id})) {
      if (who.organization_id == org.id) {
        return Status::Forbidden("an organisation's own key pair is made with rotate; register records a partner's key");
      }
      return Status::Forbidden("only an admin of another organisation registers the public key of " + NameOf(org));
    }
    BATON_ASSIGN_OR_RETURN(OrgPublicKey key, ParseOrgPublicKey(public_key_text));
    BATON_ASSIGN_OR_RETURN(bool local, HasLocalSeed(ctx_.store(), org.id));
    if (local && !(replace_local && who.is_system())) {
      return Status::Conflict(NameOf(org) + " keeps its own key pair on this node: its admin makes a new one with "
                              "rotate; register records the key of a partner whose key pair is kept elsewhere");
    }
    const Json& current = StoredKeyOf(org);
    if (current.value("text", "") == key.text) return CardOf(org.id, key, current, /*local=*/false);
    const Json stored = StoredKey(key, "registered", who, ctx_.clock().NowMs());
    ChangeSet set = ctx_.NewChangeSet(who);
    set.changes.push_back({kOrganization, org.id, ChangeOp::kUpdate, Json{{"public_key", stored}}, org.version});
    if (local) set.changes.back().local.record_key = "";  // the key pair kept here is forgotten
    auto receipt = ctx_.store().Commit(std::move(set));
    key.organization_id = org.id;
    if (receipt.ok()) return CardOf(org.id, key, stored, /*local=*/false);
    if (receipt.status().code() != Code::kPreconditionFailed || attempt == kMaxAttempts) return Stale(receipt.status());
  }
}

}  // namespace baton
