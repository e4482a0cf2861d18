// The handover package file (docs/formats/handover.md "The package", format 1): what a sending
// organisation's Baton writes and a receiving one reads. Writing and reading only — what goes in is
// the HandoverService's choice.
//
//   "BATON-HANDOVER-1\n"  the magic line
//   u32 (big-endian) length, then the header: JSON naming the package, the handover, sender and
//                        recipient (their public keys), the stream key sealed to the recipient
//   frames: u32 length, then a secretstream frame; the first is bound to the header's bytes, the
//           last carries the final tag
//
// The frames hold JSON lines: the content (change sets, snapshot records, de-identified
// stand-ins, record keys), then the manifest (counts, the BLAKE2b of the content, the handover's
// terms, consent basis), then the sender's Ed25519 signature of the manifest line.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/status.h"
#include "changes/change_set.h"
#include "changes/org_key.h"

namespace baton {

using Json = nlohmann::json;

inline constexpr int kHandoverPackageFormat = 1;
// The receiver's signed receipt of an accepted package (docs/formats/handover.md "The receipt").
inline constexpr int kHandoverReceiptFormat = 1;
inline constexpr std::string_view kHandoverPackageMagic = "BATON-HANDOVER-1\n";

// The clear part of a package: enough to say who sent it, to whom, and which handover it carries.
struct PackageHeader {
  std::string package_id;
  std::string handover_id;
  std::string created_at;  // ISO 8601 UTC
  std::string sender_organization_id;
  std::string sender_name;
  std::string sender_public_key;  // OrgPublicKey text
  std::string recipient_organization_id;  // as the sender knows the recipient
  std::string recipient_name;
  std::string recipient_public_key;
};

// The content, each line a compact JSON object (without the "t" member the file adds).
struct PackageContent {
  std::vector<std::string> changes;  // {"id","hlc","node","actor","changes":[{kind,id,op,patch}]}
  std::vector<std::string> records;  // {"kind","id","version","data"}: the snapshot of what moves
  std::vector<std::string> stubs;    // {"kind","id","data"}: de-identified stand-ins
  std::vector<std::string> keys;     // {"kind","id","key"}: record keys (base64url), for the sealed fields
};

// Writes a package: `manifest` gets "format", "package_id", "handover_id", "sender", "recipient"
// (from the header) and "content" ({hash, changes, records, stubs, keys}) added before it is signed
// with the sender's keys.
std::string WritePackage(const PackageHeader& header, const PackageContent& content, Json manifest,
                         const OrgSecretKeys& sender, const OrgPublicKey& recipient, Random& random);

// The header alone, without opening anything: kInvalid "the file is not a handover package" or
// "the package's header is malformed".
Result<PackageHeader> ReadPackageHeader(std::string_view bytes);

struct OpenedPackage {
  PackageHeader header;
  PackageContent content;
  Json manifest;
};

// Opens a package with the recipient's keys and checks everything: the frames open in order up to
// the final tag (truncated or altered otherwise), the lines are well formed and in order, the
// manifest's counts and content hash equal the content, the manifest names this header's package,
// handover, sender and recipient, and its signature verifies under the sender's key in the header.
// kInvalid with a message for a person: "the package is truncated", "... was altered", ...
Result<OpenedPackage> OpenPackage(std::string_view bytes, const OrgSecretKeys& recipient);

// A record of the snapshot: what the history must give.
struct PackageRecord {
  std::string kind;
  std::string id;
  int64_t version = 0;
};

// A package's content read and held against itself.
struct PackageHistory {
  std::vector<ChangeSet> sets;         // the history, in the package's order
  std::vector<PackageRecord> records;  // the snapshot
  std::map<std::string, Json> folded;  // "kind/id" -> the state the history gives, for the kinds asked for
  std::map<std::string, std::string> keys;  // "kind/id" -> the raw record key
};

// Parses the history and folds it record by record: each record's first change must create it, and
// the result must be its snapshot (the same version, the BLAKE2b of the same data) — nothing
// missing, nothing added. Parses the record keys. kInvalid naming "package" otherwise: the content
// of a package is whatever its signer wrote.
Result<PackageHistory> FoldPackageHistory(const PackageContent& content, const std::set<std::string>& keep_kinds);

}  // namespace baton
