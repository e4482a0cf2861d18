#include "store/sqlite/sqlite_store.h"

#include <functional>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/sql_store.h"
#include "store/sqlite/migrations.h"

namespace baton::store_internal {

namespace {

constexpr int kBusyTimeoutMs = 10000;
constexpr int kWriterCacheKiB = 32 * 1024;

// Transparent hashing so the statement cache is searched by string_view without a copy.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// "$1" placeholders (shared with PostgreSQL) become SQLite's numbered "?1".
std::string NumberedPlaceholders(std::string_view sql) {
  std::string out(sql);
  for (char& c : out) {
    if (c == '$') c = '?';
  }
  return out;
}

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* handle() const { return db_; }
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Status Exec(std::string_view sql) override {
    // A single statement (transaction control on the hot path) goes through the statement cache.
    if (sql.find(';') == std::string_view::npos) return Query(sql, {}).status();
    const std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (err != nullptr) sqlite3_free(err);
    return rc == SQLITE_OK ? Status::Ok() : Error(rc);
  }

  using SqlConnection::Query;
  Result<SqlRows> Query(std::string_view sql, std::span<const SqlParam> params) override {
    SqlRows rows;
    bool first = true;
    BATON_RETURN_IF_ERROR(QueryEach(sql, params, [&](std::span<const std::optional<std::string_view>> cells) {
      if (first) rows = SqlRows(static_cast<int>(cells.size())), first = false;
      for (const std::optional<std::string_view>& c : cells) rows.Add(c ? std::optional<std::string>(*c) : std::nullopt);
    }));
    return rows;
  }

  Status QueryEach(std::string_view sql, std::span<const SqlParam> params,
                   const std::function<void(std::span<const std::optional<std::string_view>>)>& row) override {
    BATON_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    // Reset on every exit so the statement never holds a read snapshot or borrowed text.
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      // Refused as on PostgreSQL, whose driver cannot carry a NUL: both stores hold the same data.
      if (const auto* text = std::get_if<std::string_view>(&params[i]);
          text != nullptr && text->find('\0') != std::string_view::npos) {
        return Status::Invalid("text with a NUL character cannot be stored");
      }
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              return sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, bool>) {
              return sqlite3_bind_int(stmt, index, v ? 1 : 0);
            } else {
              return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                       SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return Error(rc);
    }
    const int columns = sqlite3_column_count(stmt);
    std::vector<std::optional<std::string_view>> cells(static_cast<size_t>(columns));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Error(rc);
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          cells[c] = std::nullopt;
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          cells[c] = std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c)));
        }
      }
      row(cells);
    }
    return Status::Ok();
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    const std::string text = NumberedPlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc);
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status Error(int rc) const {
    const int extended = sqlite3_extended_errcode(db_);
    std::string message = sqlite3_errmsg(db_);
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
      // "UNIQUE constraint failed: users.username[, ...]": the first column is what callers act on.
      if (auto colon = message.find(": "); colon != std::string::npos) {
        std::string column = message.substr(colon + 2);
        column = column.substr(0, column.find(','));
        return Status::Conflict(column.substr(column.find('.') + 1));
      }
    }
    switch (rc & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
      case SQLITE_IOERR:
      case SQLITE_FULL:
      case SQLITE_CANTOPEN:
      case SQLITE_READONLY:
        return Status::Unavailable("sqlite: " + message);
      case SQLITE_CORRUPT:
      case SQLITE_NOTADB:
        return Status::Corruption("sqlite: " + message);
      default:
        return Status::Internal("sqlite: " + message);
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

Result<std::unique_ptr<SqliteConnection>> Connect(const std::string& path, bool read_only, bool bulk_load = false) {
  sqlite3* db = nullptr;
  const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot open " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  auto conn = std::make_unique<SqliteConnection>(db);
  std::string pragmas = "PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMs) +
                        "; PRAGMA foreign_keys = ON;";
  if (!read_only) {
    // A larger page cache keeps big group transactions from spilling into the WAL mid-way.
    // secure_delete overwrites deleted content (an erased person's record key) instead of leaving
    // it in free pages; the WAL is cut back after each checkpoint so old frames do not linger.
    pragmas += std::string(" PRAGMA journal_mode = WAL; PRAGMA synchronous = ") + (bulk_load ? "NORMAL" : "FULL") +
               "; PRAGMA secure_delete = ON;"
               " PRAGMA journal_size_limit = 4194304; PRAGMA cache_size = " +
               std::to_string(-kWriterCacheKiB) + ";";
  }
  BATON_RETURN_IF_ERROR(conn->Exec(pragmas));
  return conn;
}

SqlDialect SqliteDialect() {
  return {StoreKind::kSqlite,
          "BEGIN IMMEDIATE",
          "BEGIN IMMEDIATE",
          SqliteMigrations(),
          "SELECT name FROM pragma_table_info($1)",
          ""};
}

// Copies the WAL into the database on a thread of its own. SQLite's auto-checkpoint does it in the
// writer, at the end of the commit that filled the WAL past kCheckpointFrames, so that commit's
// caller waited for the copy (a handover import of 1.5 GB: 9 s of its 11 s commit). Here the
// writer's WAL hook only wakes this thread, which runs a PASSIVE checkpoint (it never waits for
// the writer or a reader). Its connection is the last to close, which checkpoints what is left
// and removes the WAL.
class Checkpointer final : public StoreCompanion {
 public:
  static constexpr int kCheckpointFrames = 1000;  // SQLite's default auto-checkpoint threshold

  Checkpointer(std::unique_ptr<SqliteConnection> conn, sqlite3* writer) : conn_(std::move(conn)) {
    sqlite3_wal_hook(writer, &Checkpointer::Filled, this);
    thread_ = std::thread([this] { Loop(); });
  }
  ~Checkpointer() override { Stop(); }

  // Called once the writer is closed (it calls the hook no more).
  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    conn_.reset();
  }

 private:
  // The writer's WAL hook, after each commit, on the writer's thread.
  static int Filled(void* self, sqlite3*, const char*, int frames) {
    if (frames >= kCheckpointFrames) {
      auto* c = static_cast<Checkpointer*>(self);
      {
        std::lock_guard lock(c->mu_);
        c->due_ = true;
      }
      c->wake_.notify_one();
    }
    return SQLITE_OK;
  }

  void Loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      wake_.wait(lock, [this] { return due_ || stopping_; });
      if (stopping_) return;
      due_ = false;
      lock.unlock();
      // Busy (another process checkpointing) or cut short by a reader: the next commit asks again.
      (void)sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      lock.lock();
    }
  }

  std::unique_ptr<SqliteConnection> conn_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, int read_connections, bool bulk_load) {
  if (path.empty()) return Status::Invalid("sqlite store url names no file");
  // Created here so that the database (and its -wal/-shm files, which copy its mode) is 0600.
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Unavailable("cannot open " + path + ": " + std::strerror(errno));
  ::close(fd);

  BATON_ASSIGN_OR_RETURN(auto writer, Connect(path, /*read_only=*/false, bulk_load));
  SqlDialect dialect = SqliteDialect();
  BATON_RETURN_IF_ERROR(Migrate(*writer, dialect));
  std::vector<std::unique_ptr<SqlConnection>> readers;
  for (int i = 0; i < std::max(1, read_connections); ++i) {
    BATON_ASSIGN_OR_RETURN(auto reader, Connect(path, /*read_only=*/true));
    readers.push_back(std::move(reader));
  }
  BATON_ASSIGN_OR_RETURN(auto checkpoints, Connect(path, /*read_only=*/false, bulk_load));
  sqlite3* writer_db = writer->handle();
  auto checkpointer = std::make_unique<Checkpointer>(std::move(checkpoints), writer_db);
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(dialect), std::move(writer), std::move(readers),
                                                           std::move(checkpointer)));
}

}  // namespace baton::store_internal
