// Change sets and the hash-chained change log: the spine for audit, tamper evidence, sync and
// handover. The entry format is specified in docs/formats/change-log.md (version 1).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "changes/hlc.h"

namespace baton {

using Json = nlohmann::json;

inline constexpr int kChangeLogFormatVersion = 1;
// prev_hash of the first entry.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

enum class ChangeOp { kCreate, kUpdate };
const char* ChangeOpName(ChangeOp op);

// One entity's field-level patch. A create carries the whole initial state; an update carries only
// the fields that change. A field set to null is removed.
struct EntityChange {
  std::string kind;  // "organization", "site", ...
  std::string id;
  ChangeOp op = ChangeOp::kUpdate;
  Json patch = Json::object();
  // Precondition checked by the store under its write lock; not part of the logged entry.
  std::optional<int64_t> expected_version;

  // Node-local data written in the same transaction as the change but never part of the logged
  // entry: not hashed, not shipped by sync or handover as is (docs/formats/sealed.md).
  struct NodeLocal {
    // Replaces the entity's blind-index terms when set (an empty list removes them all).
    std::optional<std::vector<int64_t>> search_terms;
    // Stores the entity's wrapped record key when set; an empty string destroys it (erasure).
    std::optional<std::string> record_key;
  };
  NodeLocal local;
};

// A precondition on an entity the change set reads but does not change (a session whose date its
// attendance copies): checked by the store under its write lock like expected_version, never
// logged. Version 0: the entity must not exist.
struct Expectation {
  std::string kind;
  std::string id;
  int64_t version = 0;
};

struct ChangeSet {
  std::string id;  // UUIDv7; committing the same id twice is a no-op
  HlcTime hlc;
  std::string node;   // id of the node that made it
  std::string actor;  // user id, or "system"
  std::vector<EntityChange> changes;
  std::vector<Expectation> expects;  // not part of the logged entry
};

// A committed change set as kept in the log.
struct LogEntry {
  int64_t seq = 0;  // 1, 2, 3, ... on this node
  ChangeSet set;
  std::string prev_hash;
  std::string hash;
  std::string body;  // the canonical text that was hashed
};

// The canonical text of an entry: compact JSON with sorted keys, UTF-8. Stable for a format version.
// Throws Json::type_error for text that is not UTF-8.
std::string CanonicalBody(int64_t seq, const ChangeSet& set, std::string_view prev_hash);
// The same text appended to `out`; patch_texts[i], when given and not empty, is change i's patch
// already serialised (compact, as nlohmann::json dumps it), so a writer that stored it need not
// serialise it again. The one writer of the format: CanonicalBody calls it too.
void AppendCanonicalBody(std::string& out, int64_t seq, const ChangeSet& set, std::string_view prev_hash,
                         std::span<const std::string> patch_texts);
// BLAKE2b-256 of the canonical body, hex.
std::string EntryHash(std::string_view body);
// Builds the entry for seq after prev_hash.
LogEntry MakeEntry(int64_t seq, ChangeSet set, std::string prev_hash);
// Parses a stored body; fails with kCorruption when it is not a version-1 entry.
Result<LogEntry> ParseEntry(std::string_view body, std::string_view hash);

// A change set as JSON without its place in a log ({id, hlc, node, actor, changes}, the members of
// a canonical body that travel: handover packages carry change sets in this form), and back;
// kCorruption when malformed.
Json ChangeSetJson(const ChangeSet& set);
Result<ChangeSet> ChangeSetFromJson(Json json);  // takes the patches out of `json`
// The same change set cut from an entry's canonical body — the body less its place in the log
// (prev, seq, v) — without parsing or serialising it again; "" when `body` does not end as a
// canonical body does.
std::string ChangeSetTextOf(std::string_view body);

// Applies a patch to a record's data: each field replaced, null fields removed.
void ApplyPatch(Json& data, const Json& patch);

// Walks a log in seq order and reports the first entry that breaks the chain.
class ChainVerifier {
 public:
  // Checks one stored entry; the columns beside the body must agree with it.
  Status Add(int64_t seq, std::string_view id, std::string_view body, std::string_view hash);
  int64_t count() const { return count_; }
  const std::string& head_hash() const { return prev_hash_; }

 private:
  int64_t count_ = 0;
  std::string prev_hash_{kGenesisHash};
};

}  // namespace baton
