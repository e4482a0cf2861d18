#include "store/postgres/postgres_store.h"

#include <functional>
#include <libpq-fe.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "store/postgres/migrations.h"
#include "store/sql_store.h"

namespace baton::store_internal {

namespace {

// Advisory lock keys: one orders chain appends across every process on the database, the other
// serialises migrations.
constexpr std::string_view kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(6868111470271102001)";
constexpr std::string_view kBeginMigration =
    "BEGIN; SELECT pg_advisory_xact_lock(6868111470271102002)";

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class PgConnection final : public SqlConnection {
 public:
  explicit PgConnection(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~PgConnection() override { Disconnect(); }

  Status EnsureConnected() override {
    if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
    Disconnect();
    conn_ = PQconnectdb(conninfo_.c_str());
    if (conn_ == nullptr) return Status::Unavailable("postgres: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
      Status s = Status::Unavailable("postgres: cannot connect: " + Trimmed(PQerrorMessage(conn_)));
      Disconnect();
      return s;
    }
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "already exists" notices
    return Status::Ok();
  }

  Status Exec(std::string_view sql) override {
    if (conn_ == nullptr) return Status::Unavailable("postgres: not connected");
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    return Check(res.get());
  }

  using SqlConnection::Query;
  Result<SqlRows> Query(std::string_view sql, std::span<const SqlParam> params) override {
    if (conn_ == nullptr) return Status::Unavailable("postgres: not connected");
    BATON_ASSIGN_OR_RETURN(const std::string* name, Prepare(sql));
    std::vector<std::string> text;
    std::vector<const char*> values;
    BATON_RETURN_IF_ERROR(TextParams(params, text, values));
    PgResult res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                values.data(), nullptr, nullptr, 0));
    BATON_RETURN_IF_ERROR(Check(res.get()));
    const int columns = PQnfields(res.get());
    const int n = PQntuples(res.get());
    SqlRows rows(columns);
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          rows.Add(std::nullopt);
        } else {
          rows.Add(std::string(PQgetvalue(res.get(), r, c),
                               static_cast<size_t>(PQgetlength(res.get(), r, c))));
        }
      }
    }
    return rows;
  }

  // Rows one at a time (libpq's single-row mode), so that a big result is never held whole.
  Status QueryEach(std::string_view sql, std::span<const SqlParam> params,
                   const std::function<void(std::span<const std::optional<std::string_view>>)>& row) override {
    if (conn_ == nullptr) return Status::Unavailable("postgres: not connected");
    BATON_ASSIGN_OR_RETURN(const std::string* name, Prepare(sql));
    std::vector<std::string> text;
    std::vector<const char*> values;
    BATON_RETURN_IF_ERROR(TextParams(params, text, values));
    if (PQsendQueryPrepared(conn_, name->c_str(), static_cast<int>(params.size()), values.data(), nullptr, nullptr,
                            0) != 1 ||
        PQsetSingleRowMode(conn_) != 1) {
      return Status::Unavailable(std::string("postgres: ") + PQerrorMessage(conn_));
    }
    Status status = Status::Ok();
    std::vector<std::optional<std::string_view>> cells;
    // Every result is read, even after an error, so that the connection is ready for the next query.
    while (PGresult* raw = PQgetResult(conn_)) {
      PgResult res(raw);
      if (PQresultStatus(raw) == PGRES_SINGLE_TUPLE) {
        if (!status.ok()) continue;
        cells.resize(static_cast<size_t>(PQnfields(raw)));
        for (int c = 0; c < PQnfields(raw); ++c) {
          cells[c] = PQgetisnull(raw, 0, c) ? std::nullopt
                                            : std::optional<std::string_view>(std::string_view(
                                                  PQgetvalue(raw, 0, c), static_cast<size_t>(PQgetlength(raw, 0, c))));
        }
        row(cells);
      } else if (PQresultStatus(raw) != PGRES_TUPLES_OK && status.ok()) {
        status = Check(raw);
      }
    }
    return status;
  }

 private:
  // Text format: each value NUL-terminated, NULL as a null pointer.
  static Status TextParams(std::span<const SqlParam> params, std::vector<std::string>& text,
                           std::vector<const char*>& values) {
    text.assign(params.size(), "");
    values.assign(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlParam& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) continue;
      if (const auto* n = std::get_if<int64_t>(&p)) {
        text[i] = std::to_string(*n);
      } else if (const auto* b = std::get_if<bool>(&p)) {
        text[i] = *b ? "true" : "false";
      } else {
        std::string_view v = std::get<std::string_view>(p);
        // libpq takes text parameters as C strings: a NUL would silently cut the value.
        if (v.find('\0') != std::string_view::npos) return Status::Invalid("text with a NUL character cannot be stored");
        text[i] = std::string(v);
      }
      values[i] = text[i].c_str();
    }
    return Status::Ok();
  }

  void Disconnect() {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
    prepared_.clear();  // prepared statements die with the session
  }

  Result<const std::string*> Prepare(std::string_view sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return &it->second;
    std::string name = "baton_" + std::to_string(prepared_.size() + 1);
    const std::string text(sql);
    PgResult res(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    BATON_RETURN_IF_ERROR(Check(res.get()));
    auto [it, inserted] = prepared_.emplace(text, std::move(name));
    return &it->second;
  }

  Status Check(PGresult* res) const {
    const ExecStatusType st = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
    if (PQstatus(conn_) != CONNECTION_OK) {
      return Status::Unavailable("postgres: connection lost: " + Trimmed(PQerrorMessage(conn_)));
    }
    const std::string message =
        "postgres: " + Trimmed(res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn_));
    const char* field = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string_view state = field != nullptr ? field : "";
    if (state == "23505") return Status::Conflict(ViolatedColumn(res));
    if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P") ||
        state == "40001" || state == "40P01") {
      return Status::Unavailable(message);
    }
    if (state.starts_with("22")) return Status::Invalid(message);  // e.g. a bad UTF-8 byte
    return Status::Internal(message);
  }

  // The column behind a unique violation, from PostgreSQL's default constraint names:
  // <table>_pkey for the primary key (id), <table>_<column>_key for UNIQUE.
  static std::string ViolatedColumn(PGresult* res) {
    const char* c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    const char* t = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
    std::string constraint = c != nullptr ? c : "";
    const std::string prefix = std::string(t != nullptr ? t : "") + "_";
    if (constraint == prefix + "pkey") return "id";
    if (constraint.starts_with(prefix) && constraint.ends_with("_key")) {
      return constraint.substr(prefix.size(), constraint.size() - prefix.size() - 4);
    }
    return constraint;
  }

  const std::string conninfo_;
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string, TextHash, std::equal_to<>> prepared_;  // sql → name
};

Result<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo) {
  auto conn = std::make_unique<PgConnection>(conninfo);
  BATON_RETURN_IF_ERROR(conn->EnsureConnected());
  return conn;
}

SqlDialect PostgresDialect() {
  return {StoreKind::kPostgres, std::string(kBeginWrite), std::string(kBeginMigration),
          PostgresMigrations(),
          "SELECT column_name::text FROM information_schema.columns "
          "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
          // VACUUM alone leaves the deleted row's bytes in the page; a rewrite drops the old file.
          "VACUUM FULL record_keys"};
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo, int pool_size) {
  BATON_ASSIGN_OR_RETURN(auto writer, Connect(conninfo));
  SqlDialect dialect = PostgresDialect();
  BATON_RETURN_IF_ERROR(Migrate(*writer, dialect));
  std::vector<std::unique_ptr<SqlConnection>> readers;
  for (int i = 0; i < std::max(1, pool_size); ++i) {
    BATON_ASSIGN_OR_RETURN(auto reader, Connect(conninfo));
    readers.push_back(std::move(reader));
  }
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(std::move(dialect), std::move(writer), std::move(readers)));
}

}  // namespace baton::store_internal
