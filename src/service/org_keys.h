// Organisation key pairs (docs/formats/handover.md "Organisation keys"): each organisation whose
// staff work on this node may have a key pair here, made from one random 32-byte seed — an
// Ed25519 pair that signs the handover packages it sends and an X25519 pair that opens the ones
// addressed to it. The seed is kept wrapped under the data key in the node-local record_keys
// table (the organisation record's record key), never in the change log; the public half is the
// organisation record's `public_key` field, so it travels with the record. A partner's public key
// is registered here (from its key card) before a package is addressed to it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "changes/org_key.h"
#include "domain/roles.h"
#include "service/context.h"

namespace baton {

class OrgKeyService {
 public:
  explicit OrgKeyService(ServiceContext& ctx) : ctx_(ctx) {}

  // The public key on record for the organisation; kNotFound when it has none. Everyone signed in
  // may read it (a key card is public).
  Result<OrgPublicKey> PublicKey(std::string_view organization_id);
  // {organization_id, public_key, fingerprint, created_at, source: "generated"|"registered",
  //  local: whether the secret half is kept on this node}: what GET .../public-key answers.
  Result<Json> Card(const Principal& who, std::string_view organization_id);
  // The organisation's own key pairs; kNotFound when its seed is not kept on this node.
  Result<OrgSecretKeys> SecretKeys(std::string_view organization_id);
  // The organisations whose seeds are kept on this node, in id order.
  Result<std::vector<std::string>> LocalOrganizations();

  // A new key pair for the organisation (the first, or replacing the one it has): admin of that
  // organisation, or the system. Packages already addressed to the old key no longer open here.
  Result<Json> Rotate(const Principal& who, std::string_view organization_id);
  // Records a partner's public key, read from its key card: an admin of another organisation, or
  // the system; refused (409) for an organisation whose own key pair is kept on this node, unless
  // the system replaces it (`replace_local`: the organisation's staff moved to their own server,
  // and the key pair kept here is forgotten, as a rotation would).
  Result<Json> Register(const Principal& who, std::string_view organization_id, std::string_view public_key_text,
                        bool replace_local = false);

 private:
  ServiceContext& ctx_;
};

}  // namespace baton
