// The Store interface: the change log, its projection (current-state tables, see schema.h) and the
// node-local tables (sessions, idempotency keys, metadata). Implementations: store/sqlite and
// store/postgres, chosen by OpenStore. All methods are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "changes/change_set.h"

namespace baton {

enum class StoreKind { kSqlite, kPostgres };
const char* StoreKindName(StoreKind kind);

// One row of the projection.
struct Record {
  std::string kind;
  std::string id;
  int64_t version = 0;     // 1 after create, +1 for each update
  int64_t created_ms = 0;  // wall time of the HLC of the creating change set
  int64_t updated_ms = 0;
  Json data;  // the whole current state (the patches folded together)
};

struct ListQuery {
  std::string kind;
  // Typed-column equality filters (the field must be a Column of the kind, or "id"); all must hold.
  std::vector<std::pair<std::string, Json>> equals;
  // Typed-column exclusions: the field must hold a value other than this one (a null field is
  // excluded too).
  std::vector<std::pair<std::string, Json>> not_equals;
  // Case-insensitive substring match on the kind's search_field; empty means no search.
  std::string contains;
  // Typed-column ranges, both ends inclusive; a null end is open.
  struct Range {
    std::string field;
    Json min;
    Json max;
  };
  std::vector<Range> ranges;
  // Blind-index terms: each inner list is a set of alternatives of which the entity must have at
  // least one; every list must be matched. The first list leads: with a single term, the store
  // walks that term's entries in id order and stops at the page's end, so put the rarest first.
  std::vector<std::vector<int64_t>> terms;
  // Looks into array fields kept in an element table (schema.h): the record's `field` must have an
  // element whose `column` equals `value`, e.g. the sessions whose attendance names a person.
  struct ElementMatch {
    std::string field;
    std::string column;
    Json value;
  };
  std::vector<ElementMatch> elements;
  // Results are in id order (creation order) unless `order_by` names a typed column: then by that
  // column, ties by id, both ascending; rows where the column is null are left out.
  std::string order_by;
  bool descending = false;  // the same order backwards (newest first)
  // The cursor: the page starts after the record with this id (and, with order_by, this value of
  // the column).
  Json after_value;
  std::string after_id;
  int limit = 50;  // 1..1000
};

// Reading typed columns in bulk (reports, exports): the rows of one kind that pass `equals` and
// `ranges` (as in ListQuery), without their JSON data, in no particular order. With `element` set,
// one row per element of that array field (schema.h ElementTable), the record's columns beside the
// element's.
struct ScanQuery {
  std::string kind;
  std::vector<std::pair<std::string, Json>> equals;
  std::vector<ListQuery::Range> ranges;
  // Typed columns of the kind, or "id", "version", "created_ms", "updated_ms", or "data" (the
  // record's JSON as stored: the compact text Json::dump gives, so a hash of it is the hash of the
  // data).
  std::vector<std::string> columns;
  std::string element;               // an element field of the kind, or ""
  std::vector<std::string> element_columns;
};
// One scanned row: the columns, then the element columns, as text (integers in decimal, booleans
// "1" or "0"); nullopt for null. Valid during the call only.
using ScanRow = std::span<const std::optional<std::string_view>>;

struct RecordPage {
  std::vector<Record> items;
  bool has_more = false;  // when true, the next page starts after items.back().id
};

// One read of a sensitive record (who looked at whom, when, why): node-local, append-only.
struct AccessEntry {
  int64_t at_ms = 0;
  std::string user_id;
  std::string kind;
  std::string entity_id;
  std::string action;  // "view", "export", ...
  std::string detail;  // sealed by the caller when it may hold personal data
};

// One row of an element table (schema.h ElementTable): which entity and which entry of its array,
// with the typed columns read back ({column: value}; null when the entry had none).
struct ElementRow {
  std::string entity_id;
  int64_t position = 0;
  Json values;
};

struct CommitReceipt {
  int64_t seq = 0;
  std::string hash;
  std::vector<int64_t> versions;  // the new version of each entity, in the order of the changes
  bool replayed = false;          // the change set id was already in the log; nothing was written
};

// A log row as stored, for verification: columns beside the canonical body.
struct StoredEntry {
  int64_t seq = 0;
  std::string id;
  std::string body;
  std::string hash;
  std::string actor;  // the user who made the change set (also in the body)
};

struct SessionRow {
  std::string token_hash;  // BLAKE2b of the bearer token; the token itself is never stored
  std::string user_id;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  std::string csrf_token;  // compared with X-CSRF-Token when the session comes from a cookie
};

struct IdempotentResponse {
  std::string key;      // Idempotency-Key header value
  std::string user_id;  // keys are scoped to the caller
  std::string request_hash;  // method + path + body; a reused key with another request is a conflict
  int status = 0;
  std::string body;
  std::string location;
  int64_t created_ms = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual StoreKind kind() const = 0;

  // Appends `set` to the log and applies it to the projection in one durable transaction: the
  // call returns only after the data is on disk (SQLite synchronous=FULL / PostgreSQL commit).
  // Concurrent calls are batched into one transaction (group commit); each change set still
  // stands or falls alone. Errors, with nothing written:
  //   kPreconditionFailed  an expected_version differs from the stored version
  //   kNotFound            an update names a record that does not exist
  //   kConflict            a create names an existing id, or a unique field value is taken
  //                        (the message names the field, e.g. "username is already taken")
  //   kInvalid             an unknown kind
  // A change set whose id is already in the log is not applied again: its receipt is returned with
  // replayed = true.
  virtual Result<CommitReceipt> Commit(ChangeSet set) = 0;

  // Applies many change sets in one transaction, in order: all or nothing (import, sync). Ids
  // already in the log are skipped. Returns the number applied.
  virtual Result<int64_t> CommitBatch(std::vector<ChangeSet> sets) = 0;

  virtual Result<Record> Get(std::string_view kind, std::string_view id) = 0;
  virtual Result<RecordPage> List(const ListQuery& query) = 0;
  // Hands every row of the scan to `row`, as the database reads it (nothing is held in memory).
  // kInvalid for an unknown kind, column or field.
  virtual Status Scan(const ScanQuery& query, const std::function<void(ScanRow)>& row) = 0;

  // The rows of the element table of `kind`'s array `field`, in (entity_id, position) order,
  // after (after_entity, after_position), at most `limit`: for checking them against the log.
  virtual Result<std::vector<ElementRow>> ListElements(std::string_view kind, std::string_view field,
                                                       std::string_view after_entity, int64_t after_position,
                                                       int limit) = 0;

  // Log entries with seq > after_seq, in seq order, at most `limit`.
  virtual Result<std::vector<StoredEntry>> ReadLog(int64_t after_seq, int limit) = 0;
  // Hands every row of the log's index — entry `seq` changed record `kind`/`id` — to `row`, in no
  // set order, as the database reads it: which entries touch which records, without reading them.
  virtual Status ScanLogIndex(const std::function<void(std::string_view kind, std::string_view id, int64_t seq)>& row) = 0;
  // Entries touching one entity, oldest first, with seq > after_seq, at most `limit`.
  virtual Result<std::vector<LogEntry>> History(std::string_view kind, std::string_view id,
                                                int64_t after_seq, int limit) = 0;
  // seq and hash of the last entry (0 and kGenesisHash when empty).
  virtual Result<std::pair<int64_t, std::string>> Head() = 0;

  // Replaces the blind-index terms of existing entities (as EntityChange::NodeLocal::search_terms
  // would), in one transaction: for rebuilding the index when what it holds changes.
  using EntityTerms = std::pair<std::string, std::vector<int64_t>>;  // entity id, its terms
  virtual Status ReplaceTerms(std::string_view kind, const std::vector<EntityTerms>& entities) = 0;
  // The wrapped record keys of entities (EntityChange::NodeLocal::record_key), by id; ids without
  // a key (never given one, or erased) are absent.
  virtual Result<std::map<std::string, std::string>> GetRecordKeys(std::string_view kind,
                                                                   const std::vector<std::string>& ids) = 0;

  // Node-local state, never part of the change log.
  virtual Status AppendAccess(const AccessEntry& entry) = 0;
  // Many reads at once (an identified export names every person it holds), in one transaction:
  // all are written or none.
  virtual Status AppendAccesses(const std::vector<AccessEntry>& entries) = 0;
  // The reads of one entity, oldest first, at most `limit`.
  virtual Result<std::vector<AccessEntry>> ListAccess(std::string_view kind, std::string_view entity_id,
                                                      int limit) = 0;
  // After record keys were destroyed (erasure): makes sure the database files keep no copy of
  // them (PostgreSQL keeps deleted rows until the table is rewritten). Slow on a big store: call it
  // only after an erasure.
  virtual Status ScrubDeletedKeys() = 0;
  // Adds `count` (≥ 1) to the named counter (which starts at 0) and returns its new value: the
  // numbers (value - count, value] are the caller's. Atomic across processes sharing the database.
  virtual Result<int64_t> NextCounter(std::string_view name, int64_t count) = 0;

  virtual Status PutSession(const SessionRow& session) = 0;
  virtual Result<SessionRow> GetSession(std::string_view token_hash) = 0;  // kNotFound if absent
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  virtual Status DeleteUserSessions(std::string_view user_id) = 0;
  virtual Status DeleteExpiredSessions(int64_t now_ms) = 0;

  // Stores the response unless one exists for (key, user_id); returns the stored one either way.
  // A response with status 0 is a reservation, made before the request runs.
  virtual Result<IdempotentResponse> PutIdempotent(const IdempotentResponse& response) = 0;
  // Replaces the reservation for (key, user_id) with the final response.
  virtual Status FinishIdempotent(const IdempotentResponse& response) = 0;
  // Forgets (key, user_id), e.g. after a failure that is worth retrying.
  virtual Status DeleteIdempotent(std::string_view key, std::string_view user_id) = 0;
  // Forgets every response stored before `before_ms`.
  virtual Status DeleteIdempotentBefore(int64_t before_ms) = 0;
  virtual Result<std::optional<IdempotentResponse>> GetIdempotent(std::string_view key,
                                                                  std::string_view user_id) = 0;

  virtual Result<std::optional<std::string>> GetMeta(std::string_view key) = 0;
  virtual Status PutMeta(std::string_view key, std::string_view value) = 0;

  // Applied migration version (the highest one).
  virtual Result<int> SchemaVersion() = 0;
  // Waits for queued commits and closes connections; later calls fail with kUnavailable.
  virtual void Close() = 0;
};

struct StoreOptions {
  // "sqlite:/path/to/baton.db" or "postgres:host=... dbname=..." (any libpq conninfo or URI).
  std::string url;
  int read_connections = 4;  // SQLite readers / PostgreSQL pool size
  // Seeding a new store that nobody is waiting on (`baton demo`): SQLite commits without waiting
  // for the disk (synchronous=NORMAL: the log is synced at checkpoints and on closing), about ten
  // times faster. Never for a store that serves requests: an acknowledged write must be durable.
  bool bulk_load = false;
};

// Opens the store and applies pending migrations. kInvalid for a malformed url, kUnavailable when
// the database cannot be reached or opened.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

// Every record `query` matches, page after page of query.limit records, in the query's order
// (id, or order_by with its keyset): `visit` gets each page in turn and may stop the walk by
// returning an error, which is returned.
Status ForEachPage(Store& store, ListQuery query, const std::function<Status(std::vector<Record>& page)>& visit);
// The same, one record at a time.
Status ForEachRecord(Store& store, ListQuery query, const std::function<Status(const Record&)>& visit);
// Every record `query` matches, read page by page: for lists known to stay small (a group's
// members, a training's participants), never for a listing a client pages through.
Result<std::vector<Record>> ListAll(Store& store, ListQuery query);

}  // namespace baton
