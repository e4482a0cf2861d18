// The Store over SQL, shared by both backends: the change-set logic, queries and migrations runner
// are written once against SqlConnection; store/sqlite and store/postgres supply a connection
// driver and a dialect (migrations and the few statements that differ). Internal to store/.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "store/group_commit.h"
#include "store/schema.h"
#include "store/store.h"

namespace baton::store_internal {

// A bound parameter. Text is borrowed: it must outlive the call that binds it.
using SqlParam = std::variant<std::nullptr_t, int64_t, bool, std::string_view>;

// A materialised result: every cell as text (integers in decimal), NULL as nullopt.
class SqlRows {
 public:
  explicit SqlRows(int columns = 0) : columns_(columns) {}
  int rows() const { return columns_ == 0 ? 0 : static_cast<int>(cells_.size()) / columns_; }
  int columns() const { return columns_; }
  bool IsNull(int row, int col) const { return !cells_[Index(row, col)].has_value(); }
  // "" for NULL.
  const std::string& Text(int row, int col) const;
  // 0 for NULL or a non-number.
  int64_t Int(int row, int col) const;
  void Add(std::optional<std::string> cell) { cells_.push_back(std::move(cell)); }

 private:
  size_t Index(int row, int col) const { return static_cast<size_t>(row) * columns_ + col; }
  int columns_;
  std::vector<std::optional<std::string>> cells_;
};

// One database connection, used by one thread at a time. Statements use $1..$n placeholders.
// Errors: kConflict for a UNIQUE/PRIMARY KEY violation, with the violated column name as the whole
// message; kUnavailable when the connection or database is gone or busy; kCorruption for a damaged
// file; kInternal otherwise.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs statements without parameters or results (migrations, transaction control).
  virtual Status Exec(std::string_view sql) = 0;
  // Runs one statement; prepared statements are cached per connection by SQL text.
  virtual Result<SqlRows> Query(std::string_view sql, std::span<const SqlParam> params) = 0;
  // Runs one statement and hands each row to `row` as it is read, cells as text (nullopt for
  // NULL), valid during the call only: for results too big to hold.
  virtual Status QueryEach(std::string_view sql, std::span<const SqlParam> params,
                           const std::function<void(std::span<const std::optional<std::string_view>>)>& row) = 0;
  Result<SqlRows> Query(std::string_view sql, std::initializer_list<SqlParam> params) {
    return Query(sql, std::span<const SqlParam>(params.begin(), params.size()));
  }
  // Reconnects a lost connection; called before a transaction or a pooled read starts.
  virtual Status EnsureConnected() { return Status::Ok(); }
};

// What differs between backends beyond the driver.
struct SqlDialect {
  StoreKind kind;
  // Starts a write transaction and takes the lock that orders chain appends across processes.
  std::string begin_write;
  // Starts the migration transaction, serialised across processes.
  std::string begin_migration;
  // Migration N is migrations[N-1]; applied in order, each once, recorded in schema_migrations.
  std::vector<std::string> migrations;
  // $1 = table name → one row per column, its name in the first cell.
  std::string table_columns_sql;
  // Run outside any transaction after record keys were destroyed, so that no copy of a deleted
  // key stays in the table's files ("" when deleting already overwrites, as SQLite's
  // secure_delete does).
  std::string scrub_deleted_keys_sql;
};

// Work a backend does beside an open store (SQLite's WAL checkpoints). The store stops it when it
// closes, after its own connections are closed.
class StoreCompanion {
 public:
  virtual ~StoreCompanion() = default;
  virtual void Stop() = 0;
};

// Applies pending migrations on `conn` in one transaction.
Status Migrate(SqlConnection& conn, const SqlDialect& dialect);

// Fixed set of connections for reads; Acquire blocks while all are leased.
class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<SqlConnection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    SqlConnection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<SqlConnection> conn_;
  };

  explicit ConnectionPool(std::vector<std::unique_ptr<SqlConnection>> conns);
  // kUnavailable after Close() or when the connection cannot be re-established.
  Result<Lease> Acquire();
  // Waits for leased connections to come back, then closes all.
  void Close();

 private:
  void Return(std::unique_ptr<SqlConnection> conn);
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;  // guarded by mu_
  size_t total_;
  bool closed_ = false;  // guarded by mu_
};

class SqlStore final : public Store, private Transactor {
 public:
  // `writer` must already be migrated; it is used by the writer thread only.
  SqlStore(SqlDialect dialect, std::unique_ptr<SqlConnection> writer,
           std::vector<std::unique_ptr<SqlConnection>> readers,
           std::unique_ptr<StoreCompanion> companion = nullptr);
  ~SqlStore() override;

  StoreKind kind() const override { return dialect_.kind; }
  Result<CommitReceipt> Commit(ChangeSet set) override;
  Result<int64_t> CommitBatch(std::vector<ChangeSet> sets) override;
  Result<Record> Get(std::string_view kind, std::string_view id) override;
  Result<RecordPage> List(const ListQuery& query) override;
  Status Scan(const ScanQuery& query, const std::function<void(ScanRow)>& row) override;
  Result<std::vector<StoredEntry>> ReadLog(int64_t after_seq, int limit) override;
  Status ScanLogIndex(const std::function<void(std::string_view kind, std::string_view id, int64_t seq)>& row) override;
  Result<std::vector<ElementRow>> ListElements(std::string_view kind, std::string_view field,
                                               std::string_view after_entity, int64_t after_position,
                                               int limit) override;
  Result<std::vector<LogEntry>> History(std::string_view kind, std::string_view id,
                                        int64_t after_seq, int limit) override;
  Result<std::pair<int64_t, std::string>> Head() override;
  Result<std::map<std::string, std::string>> GetRecordKeys(std::string_view kind,
                                                           const std::vector<std::string>& ids) override;
  Status ReplaceTerms(std::string_view kind, const std::vector<EntityTerms>& entities) override;
  Status AppendAccess(const AccessEntry& entry) override;
  Status AppendAccesses(const std::vector<AccessEntry>& entries) override;
  Result<std::vector<AccessEntry>> ListAccess(std::string_view kind, std::string_view entity_id,
                                              int limit) override;
  Result<int64_t> NextCounter(std::string_view name, int64_t count) override;
  Status ScrubDeletedKeys() override;
  Status PutSession(const SessionRow& session) override;
  Result<SessionRow> GetSession(std::string_view token_hash) override;
  Status DeleteSession(std::string_view token_hash) override;
  Status DeleteUserSessions(std::string_view user_id) override;
  Status DeleteExpiredSessions(int64_t now_ms) override;
  Result<IdempotentResponse> PutIdempotent(const IdempotentResponse& response) override;
  Status FinishIdempotent(const IdempotentResponse& response) override;
  Status DeleteIdempotent(std::string_view key, std::string_view user_id) override;
  Status DeleteIdempotentBefore(int64_t before_ms) override;
  Result<std::optional<IdempotentResponse>> GetIdempotent(std::string_view key,
                                                          std::string_view user_id) override;
  Result<std::optional<std::string>> GetMeta(std::string_view key) override;
  Status PutMeta(std::string_view key, std::string_view value) override;
  Result<int> SchemaVersion() override;
  void Close() override;

  // Column names of a table as the database reports them (for the schema agreement test).
  Result<std::vector<std::string>> TableColumns(std::string_view table);

 private:
  // Statements for one projection table, built from the schema registry.
  struct TableSql {
    const EntityTable* table;
    std::string insert;  // $1 id, $2 version, $3 created_ms, $4 updated_ms, $5 data, $6.. columns
    std::string update;  // $1 id, $2 version, $3 updated_ms, $4 data, $5.. columns
    std::string select;  // $1 id → version, data
    // Per element table: "DELETE ... WHERE entity_id = $1" and the head of its multi-row insert.
    std::vector<std::pair<std::string, std::string>> elements;
    // `update` for the columns a patch names (bit i: column i), made when first needed: an update
    // leaves the other columns, and their indexes, as they are.
    std::unordered_map<uint64_t, std::string> updates;
  };

  // Transactor, on the writer thread.
  Status BeginTransaction() override;
  Status CommitTransaction() override;
  void RollbackTransaction() override;
  Status Savepoint() override;
  Status ReleaseSavepoint() override;
  Status RollbackToSavepoint() override;

  // Appends one change set inside the current transaction; on error the caller rolls back.
  Status ApplyChangeSet(const ChangeSet& set, CommitReceipt& receipt);
  // Also sets `patch_text` to the serialised patch when the row stores that very text (a create
  // without null fields), else clears it.
  Status ApplyChange(const EntityChange& change, int64_t wall_ms, int64_t& version,
                     std::string& patch_text);
  // The blind-index terms of one entity (after removing its old ones when `replace`).
  Status WriteTerms(std::string_view kind, std::string_view id, const std::vector<int64_t>& terms, bool replace);
  // Writes the change's node-local part (blind-index terms, record key).
  Status ApplyLocal(const EntityChange& change);
  // Inserts (create) or updates the row with `data` (serialised as `text`) and its typed columns.
  // `patch`: for an update, the fields it changes (the columns it names are written, no others).
  Status WriteRow(TableSql& sql, const Json* patch, std::string_view id, int64_t version,
                  int64_t wall_ms, const Json& data, std::string_view text);
  // Rewrites the element rows of the entity's array fields that `patch` sets (all of them on
  // create), from `data`, its state after the change.
  Status WriteElements(const TableSql& sql, bool create, std::string_view id, const Json& patch, const Json& data);
  // Records that entry `seq` touches each changed entity (change_entity), several rows a statement.
  Status IndexChanges(const std::vector<EntityChange>& changes, int64_t seq);
  Result<SqlRows> Read(std::string_view sql, std::initializer_list<SqlParam> params);
  // Runs `job` through the group committer.
  Status Write(GroupCommitter::Job job);

  const SqlDialect dialect_;
  std::unordered_map<std::string, TableSql> tables_;  // by kind
  // Multi-row change_entity inserts, largest first: (rows, statement).
  std::vector<std::pair<size_t, std::string>> entity_inserts_;
  std::unique_ptr<SqlConnection> writer_;
  ConnectionPool readers_;
  // The chain head as seen by the writer thread inside the current transaction.
  int64_t head_seq_ = 0;
  std::string head_hash_;
  // Scratch buffers of the writer thread, kept to reuse their capacity.
  std::vector<std::string> patch_texts_;
  std::vector<std::string> scratch_;
  std::vector<SqlParam> params_;
  std::vector<int64_t> terms_;  // WriteTerms scratch
  std::string body_;
  std::unique_ptr<StoreCompanion> companion_;
  std::unique_ptr<GroupCommitter> committer_;  // last: its thread uses the members above
  std::once_flag close_once_;
};

}  // namespace baton::store_internal
