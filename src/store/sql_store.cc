#include "store/sql_store.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <exception>
#include <utility>
#include <chrono>
#include <thread>

namespace baton::store_internal {

namespace {

constexpr int kMaxListLimit = 1000;
// Writer scratch kept between transactions at most.
constexpr size_t kKeptScratchBytes = size_t{1} << 20;
constexpr size_t kKeptScratchTexts = 1024;

int64_t ParseInt(const std::string& text) {
  int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

std::string Params(int from, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ", ";
    out += "$" + std::to_string(from + i);
  }
  return out;
}

// data minus its null fields: what a create stores.
Json WithoutNulls(const Json& patch) {
  Json data = Json::object();
  ApplyPatch(data, patch);
  return data;
}

bool HasNullField(const Json& patch) {
  for (const Json& v : patch) {
    if (v.is_null()) return true;
  }
  return false;
}

// True when `value` holds, at any depth, a discarded value (what indexing a missing key of a const
// object yields): it has no JSON text, and written it would leave a record no one can read.
bool HasDiscarded(const Json& value) {
  if (value.is_discarded()) return true;
  if (!value.is_structured()) return false;
  for (const Json& v : value) {
    if (HasDiscarded(v)) return true;
  }
  return false;
}

std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::strict);
}

// The typed copy of a data field for its column; NULL when absent or of another type.
SqlParam ColumnValue(const Column& column, const Json& data, std::string& scratch) {
  auto it = data.find(column.field);
  if (it == data.end() || it->is_null()) return nullptr;
  switch (column.type) {
    case ColumnType::kText:
      if (it->is_string()) return std::string_view(it->get_ref<const std::string&>());
      scratch = it->dump();
      return std::string_view(scratch);
    case ColumnType::kInteger:
      if (it->is_number_integer()) return it->get<int64_t>();
      return nullptr;
    case ColumnType::kBoolean:
      if (it->is_boolean()) return it->get<bool>();
      return nullptr;
  }
  return nullptr;
}

// A ListQuery filter value for a column; accepts the JSON type or its text form.
Result<SqlParam> FilterValue(const Column& column, const Json& value) {
  auto bad = [&](const char* what) { return Status::InvalidField(column.field, what); };
  switch (column.type) {
    case ColumnType::kText:
      if (!value.is_string()) return bad("must be a string");
      return SqlParam(std::string_view(value.get_ref<const std::string&>()));
    case ColumnType::kInteger:
      if (value.is_number_integer()) return SqlParam(value.get<int64_t>());
      if (value.is_string()) {
        const std::string& s = value.get_ref<const std::string&>();
        int64_t v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return SqlParam(v);
      }
      return bad("must be an integer");
    case ColumnType::kBoolean:
      if (value.is_boolean()) return SqlParam(value.get<bool>());
      if (value == "true") return SqlParam(true);
      if (value == "false") return SqlParam(false);
      return bad("must be true or false");
  }
  return bad("has an unknown column type");
}

// " AND <prefix>field = $n" for each filter (IS NULL for a null value); `bind` adds a parameter
// and returns its placeholder.
Status AppendEquals(const EntityTable& table, const std::string& prefix,
                    const std::vector<std::pair<std::string, Json>>& equals, std::string& sql,
                    const std::function<std::string(SqlParam)>& bind) {
  for (const auto& [field, value] : equals) {
    if (field == "id") {  // one record by id: the primary key
      if (!value.is_string()) return Status::InvalidField("id", "must be a string");
      sql += " AND " + prefix + "id = " + bind(std::string_view(value.get_ref<const std::string&>()));
      continue;
    }
    const Column* column = FindColumn(table, field);
    if (column == nullptr) return Status::InvalidField(field, "is not a filter of " + table.kind);
    if (value.is_null()) {
      sql += " AND " + prefix + field + " IS NULL";
      continue;
    }
    BATON_ASSIGN_OR_RETURN(SqlParam p, FilterValue(*column, value));
    sql += " AND " + prefix + field + " = " + bind(p);
  }
  return Status::Ok();
}

// " AND <prefix>field >= $n AND <prefix>field <= $m" for each range (open ends left out).
Status AppendRanges(const EntityTable& table, const std::string& prefix, const std::vector<ListQuery::Range>& ranges,
                    std::string& sql, const std::function<std::string(SqlParam)>& bind) {
  for (const ListQuery::Range& range : ranges) {
    const Column* column = FindColumn(table, range.field);
    if (column == nullptr) return Status::InvalidField(range.field, "is not a filter of " + table.kind);
    if (!range.min.is_null()) {
      BATON_ASSIGN_OR_RETURN(SqlParam p, FilterValue(*column, range.min));
      sql += " AND " + prefix + range.field + " >= " + bind(p);
    }
    if (!range.max.is_null()) {
      BATON_ASSIGN_OR_RETURN(SqlParam p, FilterValue(*column, range.max));
      sql += " AND " + prefix + range.field + " <= " + bind(p);
    }
  }
  return Status::Ok();
}

// A column as Scan reads it: booleans as 1 or 0 on both databases.
std::string ScanColumn(const std::string& prefix, const std::string& field, ColumnType type) {
  if (type != ColumnType::kBoolean) return prefix + field;
  return "CASE WHEN " + prefix + field + " IS NULL THEN NULL WHEN " + prefix + field + " THEN 1 ELSE 0 END";
}

// LIKE pattern matching `text` anywhere, with the wildcards in it taken literally (ESCAPE '\').
std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

Status CheckLimit(int limit, int max) {
  if (limit < 1 || limit > max) {
    return Status::InvalidField("limit", "must be between 1 and " + std::to_string(max));
  }
  return Status::Ok();
}

Result<Json> ParseData(const std::string& text) {
  Json data = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (data.is_discarded()) return Status::Corruption("stored record data is not JSON");
  return data;
}

constexpr std::string_view kSessionColumns = "token_hash, user_id, created_ms, expires_ms, csrf_token";
constexpr std::string_view kIdempotencyColumns =
    "key, user_id, request_hash, status, body, location, created_ms";

IdempotentResponse IdempotentFromRow(const SqlRows& rows) {
  IdempotentResponse r;
  r.key = rows.Text(0, 0);
  r.user_id = rows.Text(0, 1);
  r.request_hash = rows.Text(0, 2);
  r.status = static_cast<int>(rows.Int(0, 3));
  r.body = rows.Text(0, 4);
  r.location = rows.Text(0, 5);
  r.created_ms = rows.Int(0, 6);
  return r;
}

}  // namespace

const std::string& SqlRows::Text(int row, int col) const {
  static const std::string kEmpty;
  const auto& cell = cells_[Index(row, col)];
  return cell ? *cell : kEmpty;
}

int64_t SqlRows::Int(int row, int col) const {
  const auto& cell = cells_[Index(row, col)];
  return cell ? ParseInt(*cell) : 0;
}

// ---- migrations ----

Status Migrate(SqlConnection& conn, const SqlDialect& dialect) {
  BATON_RETURN_IF_ERROR(conn.Exec(dialect.begin_migration));
  Status s = [&]() -> Status {
    BATON_RETURN_IF_ERROR(conn.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)"));
    BATON_ASSIGN_OR_RETURN(SqlRows rows,
                           conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
    const int64_t current = rows.Int(0, 0);
    const auto known = static_cast<int64_t>(dialect.migrations.size());
    if (current > known) {
      return Status::Unavailable("database schema version " + std::to_string(current) +
                                 " is newer than this build knows (" + std::to_string(known) + ")");
    }
    for (int64_t v = current + 1; v <= known; ++v) {
      BATON_RETURN_IF_ERROR(conn.Exec(dialect.migrations[v - 1]));
      auto done = conn.Query("INSERT INTO schema_migrations (version) VALUES ($1)", {v});
      if (!done.ok()) return done.status();
    }
    return Status::Ok();
  }();
  if (!s.ok()) {
    (void)conn.Exec("ROLLBACK");
    return s;
  }
  return conn.Exec("COMMIT");
}

// ---- connection pool ----

ConnectionPool::ConnectionPool(std::vector<std::unique_ptr<SqlConnection>> conns)
    : idle_(std::move(conns)), total_(idle_.size()) {}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_ptr<SqlConnection> conn;
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return closed_ || !idle_.empty(); });
    if (closed_) return Status::Unavailable("store is closed");
    conn = std::move(idle_.back());
    idle_.pop_back();
  }
  Lease lease(this, std::move(conn));
  BATON_RETURN_IF_ERROR(lease->EnsureConnected());
  return lease;
}

void ConnectionPool::Return(std::unique_ptr<SqlConnection> conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }
  cv_.notify_all();
}

void ConnectionPool::Close() {
  std::unique_lock lock(mu_);
  closed_ = true;
  cv_.notify_all();
  cv_.wait(lock, [this] { return idle_.size() == total_; });
  idle_.clear();
  total_ = 0;
}

// ---- the store ----

SqlStore::SqlStore(SqlDialect dialect, std::unique_ptr<SqlConnection> writer,
                   std::vector<std::unique_ptr<SqlConnection>> readers, std::unique_ptr<StoreCompanion> companion)
    : dialect_(std::move(dialect)),
      writer_(std::move(writer)),
      readers_(std::move(readers)),
      companion_(std::move(companion)) {
  for (const EntityTable& t : EntityTables()) {
    std::string names = "id, version, created_ms, updated_ms, data";
    std::string sets = "version = $2, updated_ms = $3, data = $4";
    int n = 4;
    for (const Column& c : t.columns) {
      names += ", " + c.field;
      sets += ", " + c.field + " = $" + std::to_string(++n);
    }
    TableSql sql{&t,
                 "INSERT INTO " + t.table + " (" + names + ") VALUES (" +
                     Params(1, n + 1) + ")",
                 "UPDATE " + t.table + " SET " + sets + " WHERE id = $1",
                 "SELECT version, data FROM " + t.table + " WHERE id = $1",
                 {}};
    for (const ElementTable& e : t.elements) {
      std::string head = "INSERT INTO " + e.table + " (entity_id, position";
      for (const Column& c : e.columns) head += ", " + c.field;
      sql.elements.emplace_back("DELETE FROM " + e.table + " WHERE entity_id = $1", head + ") VALUES ");
    }
    tables_.emplace(t.kind, std::move(sql));
  }
  for (size_t rows : {64, 16, 4, 1}) {
    std::string sql = "INSERT INTO change_entity (kind, entity_id, seq) VALUES ";
    for (size_t i = 0; i < rows; ++i) {
      sql += (i > 0 ? ", (" : "(") + Params(static_cast<int>(3 * i + 1), 3) + ")";
    }
    entity_inserts_.emplace_back(rows, sql + " ON CONFLICT DO NOTHING");
  }
  committer_ = std::make_unique<GroupCommitter>(static_cast<Transactor&>(*this));
}

SqlStore::~SqlStore() { Close(); }

void SqlStore::Close() {
  std::call_once(close_once_, [this] {
    committer_->Close();
    readers_.Close();
    writer_.reset();
    if (companion_) companion_->Stop();
  });
}

Status SqlStore::Write(GroupCommitter::Job job) { return committer_->Run(std::move(job)); }

Result<SqlRows> SqlStore::Read(std::string_view sql, std::initializer_list<SqlParam> params) {
  BATON_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  return conn->Query(sql, params);
}

// -- Transactor (writer thread) --

Status SqlStore::BeginTransaction() {
  if (!writer_) return Status::Unavailable("store is closed");
  BATON_RETURN_IF_ERROR(writer_->EnsureConnected());
  BATON_RETURN_IF_ERROR(writer_->Exec(dialect_.begin_write));
  // Read under the chain lock: another process may have appended since our last transaction.
  BATON_ASSIGN_OR_RETURN(SqlRows rows,
                         writer_->Query("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", {}));
  head_seq_ = rows.rows() == 0 ? 0 : rows.Int(0, 0);
  head_hash_ = rows.rows() == 0 ? std::string(kGenesisHash) : rows.Text(0, 1);
  // Let go of scratch grown by an unusually large change set.
  if (body_.capacity() > kKeptScratchBytes) std::string().swap(body_);
  if (patch_texts_.size() > kKeptScratchTexts) std::vector<std::string>().swap(patch_texts_);
  return Status::Ok();
}

Status SqlStore::CommitTransaction() { return writer_->Exec("COMMIT"); }
void SqlStore::RollbackTransaction() {
  if (writer_) (void)writer_->Exec("ROLLBACK");
}
Status SqlStore::Savepoint() { return writer_->Exec("SAVEPOINT job"); }
Status SqlStore::ReleaseSavepoint() { return writer_->Exec("RELEASE SAVEPOINT job"); }
Status SqlStore::RollbackToSavepoint() {
  return writer_->Exec("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job");
}

// -- commits --

Result<CommitReceipt> SqlStore::Commit(ChangeSet set) {
  CommitReceipt receipt;
  BATON_RETURN_IF_ERROR(Write([&]() -> Status {
    const int64_t seq = head_seq_;
    std::string hash = head_hash_;
    Status s = ApplyChangeSet(set, receipt);
    if (!s.ok()) {
      head_seq_ = seq;
      head_hash_ = std::move(hash);
    }
    return s;
  }));
  return receipt;
}

Result<int64_t> SqlStore::CommitBatch(std::vector<ChangeSet> sets) {
  int64_t applied = 0;
  BATON_RETURN_IF_ERROR(Write([&]() -> Status {
    const int64_t seq = head_seq_;
    std::string hash = head_hash_;
    applied = 0;
    for (const ChangeSet& set : sets) {
      CommitReceipt receipt;
      Status s = ApplyChangeSet(set, receipt);
      if (!s.ok()) {
        head_seq_ = seq;
        head_hash_ = std::move(hash);
        return Status(s.code() == Code::kInvalid
                          ? Status::Invalid("change set " + set.id + ": " + s.message(), s.errors())
                          : s);
      }
      if (!receipt.replayed) ++applied;
    }
    return Status::Ok();
  }));
  return applied;
}

Status SqlStore::ApplyChangeSet(const ChangeSet& set, CommitReceipt& receipt) {
  if (set.id.empty()) return Status::InvalidField("id", "a change set needs an id");
  BATON_ASSIGN_OR_RETURN(SqlRows logged,
                         writer_->Query("SELECT seq, hash FROM change_log WHERE id = $1", {set.id}));
  receipt.versions.clear();
  if (logged.rows() > 0) {
    receipt.seq = logged.Int(0, 0);
    receipt.hash = logged.Text(0, 1);
    receipt.replayed = true;
    for (const EntityChange& c : set.changes) {
      auto it = tables_.find(c.kind);
      int64_t version = 0;
      if (it != tables_.end()) {
        BATON_ASSIGN_OR_RETURN(SqlRows row, writer_->Query(it->second.select, {c.id}));
        if (row.rows() > 0) version = row.Int(0, 0);
      }
      receipt.versions.push_back(version);
    }
    return Status::Ok();
  }

  for (const Expectation& e : set.expects) {
    auto it = tables_.find(e.kind);
    if (it == tables_.end()) return Status::Invalid("unknown kind \"" + e.kind + "\"");
    BATON_ASSIGN_OR_RETURN(SqlRows row, writer_->Query(it->second.select, {e.id}));
    const int64_t stored = row.rows() > 0 ? row.Int(0, 0) : 0;
    if (stored != e.version) {
      return Status::PreconditionFailed(e.kind + " " + e.id + " is at version " + std::to_string(stored) + ", not " +
                                        std::to_string(e.version));
    }
  }
  const int64_t wall_ms = set.hlc.wall_ms();
  try {
    const size_t n = set.changes.size();
    receipt.versions.reserve(n);
    if (patch_texts_.size() < n) patch_texts_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      int64_t version = 0;
      BATON_RETURN_IF_ERROR(ApplyChange(set.changes[i], wall_ms, version, patch_texts_[i]));
      receipt.versions.push_back(version);
    }
    const int64_t seq = head_seq_ + 1;
    std::string& body = body_;
    body.clear();
    AppendCanonicalBody(body, seq, set, head_hash_, patch_texts_);
    std::string hash = EntryHash(body);
    auto logged_row = writer_->Query(
        "INSERT INTO change_log (seq, id, hlc, node, actor, body, hash) VALUES ($1, $2, $3, $4, $5, "
        "$6, $7)",
        {seq, set.id, static_cast<int64_t>(set.hlc.value), set.node, set.actor,
         std::string_view(body), std::string_view(hash)});
    if (!logged_row.ok()) return logged_row.status();
    BATON_RETURN_IF_ERROR(IndexChanges(set.changes, seq));
    head_seq_ = seq;
    head_hash_ = hash;
    receipt.seq = seq;
    receipt.hash = std::move(hash);
    receipt.replayed = false;
    return Status::Ok();
  } catch (const Json::exception& e) {
    return Status::Invalid(std::string("change set cannot be serialised: ") + e.what());
  }
}

Status SqlStore::IndexChanges(const std::vector<EntityChange>& changes, int64_t seq) {
  size_t done = 0;
  std::vector<SqlParam>& params = params_;
  for (const auto& [rows, sql] : entity_inserts_) {
    while (changes.size() - done >= rows) {
      params.clear();
      for (size_t i = done; i < done + rows; ++i) {
        params.insert(params.end(), {changes[i].kind, changes[i].id, seq});
      }
      auto touched = writer_->Query(sql, params);
      if (!touched.ok()) return touched.status();
      done += rows;
    }
  }
  return Status::Ok();
}

Status SqlStore::ApplyChange(const EntityChange& change, int64_t wall_ms, int64_t& version,
                             std::string& patch_text) {
  auto it = tables_.find(change.kind);
  if (it == tables_.end()) return Status::Invalid("unknown kind \"" + change.kind + "\"");
  TableSql& sql = it->second;
  if (change.id.empty()) return Status::InvalidField("id", "a change needs an entity id");
  if (!change.patch.is_object()) return Status::Invalid("the patch of a change must be an object");
  auto what = [&] { return change.kind + " " + change.id; };
  if (HasDiscarded(change.patch)) return Status::Invalid("the patch of " + what() + " holds a value that is not JSON");

  if (change.op == ChangeOp::kCreate) {
    version = 1;
    Status s;
    if (!HasNullField(change.patch)) {
      // The stored data is the patch itself: one text serves the row and the log entry.
      patch_text = Dump(change.patch);
      s = WriteRow(sql, nullptr, change.id, version, wall_ms, change.patch, patch_text);
    } else {
      patch_text.clear();  // serialised with the log entry
      const Json data = WithoutNulls(change.patch);
      s = WriteRow(sql, nullptr, change.id, version, wall_ms, data, Dump(data));
    }
    if (s.code() == Code::kConflict && s.message() == "id") {
      return Status::Conflict(what() + " already exists");
    }
    BATON_RETURN_IF_ERROR(s);
    BATON_RETURN_IF_ERROR(WriteElements(sql, /*create=*/true, change.id, change.patch, change.patch));
    return ApplyLocal(change);
  }

  BATON_ASSIGN_OR_RETURN(SqlRows row, writer_->Query(sql.select, {change.id}));
  if (row.rows() == 0) return Status::NotFound(what() + " does not exist");
  const int64_t stored = row.Int(0, 0);
  if (change.expected_version && *change.expected_version != stored) {
    return Status::PreconditionFailed(what() + " is at version " + std::to_string(stored) +
                                      ", not " + std::to_string(*change.expected_version));
  }
  BATON_ASSIGN_OR_RETURN(Json data, ParseData(row.Text(0, 1)));
  ApplyPatch(data, change.patch);
  version = stored + 1;
  patch_text.clear();  // serialised with the log entry
  BATON_RETURN_IF_ERROR(WriteRow(sql, &change.patch, change.id, version, wall_ms, data, Dump(data)));
  BATON_RETURN_IF_ERROR(WriteElements(sql, /*create=*/false, change.id, change.patch, data));
  return ApplyLocal(change);
}

Status SqlStore::ApplyLocal(const EntityChange& change) {
  const EntityChange::NodeLocal& local = change.local;
  if (local.search_terms) {
    BATON_RETURN_IF_ERROR(WriteTerms(change.kind, change.id, *local.search_terms, change.op == ChangeOp::kUpdate));
  }
  if (local.record_key) {
    auto done = local.record_key->empty()
                    ? writer_->Query("DELETE FROM record_keys WHERE kind = $1 AND id = $2", {change.kind, change.id})
                    : writer_->Query("INSERT INTO record_keys (kind, id, wrapped) VALUES ($1, $2, $3) "
                                     "ON CONFLICT (kind, id) DO UPDATE SET wrapped = excluded.wrapped",
                                     {change.kind, change.id, std::string_view(*local.record_key)});
    if (!done.ok()) return done.status();
  }
  return Status::Ok();
}

Status SqlStore::WriteTerms(std::string_view kind, std::string_view id, const std::vector<int64_t>& terms,
                            bool replace) {
  if (replace) {
    auto gone = writer_->Query("DELETE FROM search_terms WHERE kind = $1 AND entity_id = $2", {kind, id});
    if (!gone.ok()) return gone.status();
  }
  // The entity has no terms now: a plain insert of distinct terms cannot collide (and saves
  // the conflict check a seek into the index per row).
  std::vector<int64_t>& distinct = terms_;
  distinct.assign(terms.begin(), terms.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (size_t done = 0; done < distinct.size();) {
    const size_t rows = std::min<size_t>(distinct.size() - done, 16);
    std::string sql = "INSERT INTO search_terms (term, kind, entity_id) VALUES ";
    std::vector<SqlParam>& params = params_;
    params.clear();
    params.insert(params.end(), {kind, id});
    for (size_t i = 0; i < rows; ++i) {
      params.push_back(distinct[done + i]);
      sql += (i > 0 ? ", ($" : "($") + std::to_string(params.size()) + ", $1, $2)";
    }
    auto put = writer_->Query(sql, params);
    if (!put.ok()) return put.status();
    done += rows;
  }
  return Status::Ok();
}

Status SqlStore::WriteRow(TableSql& sql, const Json* patch, std::string_view id, int64_t version,
                          int64_t wall_ms, const Json& data, std::string_view text) {
  const bool create = patch == nullptr;
  const std::vector<Column>& columns = sql.table->columns;
  std::vector<std::string>& scratch = scratch_;  // sized up front: params point into it
  if (scratch.size() < columns.size()) scratch.resize(columns.size());
  std::vector<SqlParam>& params = params_;
  params.clear();
  params.insert(params.end(), {id, version});
  if (create) params.push_back(wall_ms);  // created_ms
  params.insert(params.end(), {wall_ms, text});
  const std::string* statement = create ? &sql.insert : &sql.update;
  if (!create && columns.size() <= 64) {
    uint64_t named = 0;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (patch->contains(columns[i].field)) named |= uint64_t{1} << i;
    }
    std::string& update = sql.updates[named];
    if (update.empty()) {
      update = "UPDATE " + sql.table->table + " SET version = $2, updated_ms = $3, data = $4";
      int n = 4;
      for (size_t i = 0; i < columns.size(); ++i) {
        if (named & (uint64_t{1} << i)) update += ", " + columns[i].field + " = $" + std::to_string(++n);
      }
      update += " WHERE id = $1";
    }
    statement = &update;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (named & (uint64_t{1} << i)) params.push_back(ColumnValue(columns[i], data, scratch[i]));
    }
  } else {
    for (size_t i = 0; i < columns.size(); ++i) params.push_back(ColumnValue(columns[i], data, scratch[i]));
  }
  auto done = writer_->Query(*statement, params);
  if (done.ok()) return Status::Ok();
  const Status& s = done.status();
  if (s.code() == Code::kConflict && s.message() != "id") {
    return Status::Conflict(s.message() + " is already taken");
  }
  return s;
}

Status SqlStore::WriteElements(const TableSql& sql, bool create, std::string_view id, const Json& patch,
                               const Json& data) {
  for (size_t t = 0; t < sql.elements.size(); ++t) {
    const ElementTable& table = sql.table->elements[t];
    if (!patch.contains(table.field)) continue;
    if (!create) {
      auto gone = writer_->Query(sql.elements[t].first, {id});
      if (!gone.ok()) return gone.status();
    }
    auto it = data.find(table.field);
    if (it == data.end() || !it->is_array()) continue;
    const Json& items = *it;
    const size_t width = 2 + table.columns.size();
    constexpr size_t kRowsPerStatement = 32;
    std::vector<std::string> scratch(std::min(items.size(), kRowsPerStatement) * table.columns.size());
    for (size_t done = 0; done < items.size();) {
      const size_t rows = std::min(items.size() - done, kRowsPerStatement);
      std::string statement = sql.elements[t].second;
      std::vector<SqlParam>& params = params_;
      params.clear();
      params.push_back(id);
      for (size_t r = 0; r < rows; ++r) {
        const Json& item = items[done + r];
        params.push_back(static_cast<int64_t>(done + r));
        statement += (r > 0 ? ", ($1, " : "($1, ") + Params(static_cast<int>(params.size()), static_cast<int>(width) - 1) + ")";
        for (size_t c = 0; c < table.columns.size(); ++c) {
          params.push_back(item.is_object() ? ColumnValue(table.columns[c], item, scratch[r * table.columns.size() + c])
                                            : SqlParam(nullptr));
        }
      }
      auto put = writer_->Query(statement, params);
      if (!put.ok()) return put.status();
      done += rows;
    }
  }
  return Status::Ok();
}

// -- reads --

Result<Record> SqlStore::Get(std::string_view kind, std::string_view id) {
  auto it = tables_.find(std::string(kind));
  if (it == tables_.end()) return Status::Invalid("unknown kind \"" + std::string(kind) + "\"");
  BATON_ASSIGN_OR_RETURN(
      SqlRows rows, Read("SELECT version, created_ms, updated_ms, data FROM " +
                             it->second.table->table + " WHERE id = $1",
                         {id}));
  if (rows.rows() == 0) {
    return Status::NotFound(std::string(kind) + " " + std::string(id) + " does not exist");
  }
  Record r{std::string(kind), std::string(id), rows.Int(0, 0), rows.Int(0, 1), rows.Int(0, 2), {}};
  BATON_ASSIGN_OR_RETURN(r.data, ParseData(rows.Text(0, 3)));
  return r;
}

Result<RecordPage> SqlStore::List(const ListQuery& query) {
  const EntityTable* table = FindEntityTable(query.kind);
  if (table == nullptr) return Status::Invalid("unknown kind \"" + query.kind + "\"");
  BATON_RETURN_IF_ERROR(CheckLimit(query.limit, kMaxListLimit));
  std::vector<SqlParam> params;
  std::string pattern;  // outlives the query: params point into it
  auto bind = [&](SqlParam p) {
    params.push_back(p);
    return "$" + std::to_string(params.size());
  };
  // A search led by one term walks that term's index entries in id order and stops at the end of
  // the page, instead of collecting every holder of a common name first.
  const bool led = !query.terms.empty() && query.terms[0].size() == 1;
  std::string id_column = "id";
  std::string sql = "SELECT id, version, created_ms, updated_ms, data FROM ";
  if (led) {
    sql += "search_terms lead JOIN " + table->table + " ON " + table->table + ".id = lead.entity_id WHERE lead.term = " +
           bind(query.terms[0][0]) + " AND lead.kind = " + bind(std::string_view(query.kind));
    id_column = "lead.entity_id";
  } else {
    sql += table->table + " WHERE 1 = 1";
  }
  BATON_RETURN_IF_ERROR(AppendEquals(*table, "", query.equals, sql, bind));
  for (const auto& [field, value] : query.not_equals) {
    const Column* column = FindColumn(*table, field);
    if (column == nullptr) return Status::InvalidField(field, "is not a filter of " + query.kind);
    if (value.is_null()) return Status::InvalidField(field, "cannot be excluded as null");
    BATON_ASSIGN_OR_RETURN(SqlParam p, FilterValue(*column, value));
    sql += " AND " + field + " <> " + bind(p);
  }
  if (!query.contains.empty()) {
    if (table->search_field.empty()) {
      return Status::InvalidField("contains", query.kind + " has no searchable field");
    }
    pattern = ContainsPattern(query.contains);
    sql += " AND lower(" + table->search_field + ") LIKE lower(" + bind(std::string_view(pattern)) +
           ") ESCAPE '\\'";
  }
  BATON_RETURN_IF_ERROR(AppendRanges(*table, "", query.ranges, sql, bind));
  for (size_t g = led ? 1 : 0; g < query.terms.size(); ++g) {
    const std::vector<int64_t>& alternatives = query.terms[g];
    if (alternatives.empty()) return Status::Invalid("a blind-index term list is empty");
    sql += " AND EXISTS (SELECT 1 FROM search_terms t WHERE t.entity_id = " + id_column + " AND t.kind = " +
           bind(std::string_view(query.kind)) + " AND t.term IN (";
    for (size_t i = 0; i < alternatives.size(); ++i) sql += (i > 0 ? ", " : "") + bind(alternatives[i]);
    sql += "))";
  }
  for (const ListQuery::ElementMatch& match : query.elements) {
    const ElementTable* elements = FindElementTable(*table, match.field);
    if (elements == nullptr) return Status::InvalidField(match.field, "is not a list field of " + query.kind);
    const Column* column = FindColumn(*elements, match.column);
    if (column == nullptr) return Status::InvalidField(match.column, "is not a column of " + match.field);
    if (match.value.is_null()) return Status::InvalidField(match.column, "cannot be matched as null");
    BATON_ASSIGN_OR_RETURN(SqlParam p, FilterValue(*column, match.value));
    sql += " AND " + id_column + " IN (SELECT entity_id FROM " + elements->table + " WHERE " + match.column + " = " +
           bind(p) + ")";
  }
  std::string order = id_column;
  const char* after = query.descending ? " < " : " > ";
  if (!query.order_by.empty()) {
    const Column* column = FindColumn(*table, query.order_by);
    if (column == nullptr) return Status::InvalidField(query.order_by, "is not an order of " + query.kind);
    sql += " AND " + query.order_by + " IS NOT NULL";
    order = query.order_by + ", " + id_column;
    if (!query.after_id.empty()) {
      if (query.after_value.is_null()) return Status::InvalidField("cursor", "names no value of " + query.order_by);
      BATON_ASSIGN_OR_RETURN(SqlParam p, FilterValue(*column, query.after_value));
      // A row value compares (column, id) at once, which both databases answer from an index.
      const std::string v = bind(p);
      sql += " AND (" + order + ")" + after + "(" + v + ", " + bind(std::string_view(query.after_id)) + ")";
    }
  } else if (!query.after_id.empty()) {
    sql += " AND " + id_column + after + bind(std::string_view(query.after_id));
  }
  if (query.descending) {
    order = query.order_by.empty() ? id_column + " DESC" : query.order_by + " DESC, " + id_column + " DESC";
  }
  sql += " ORDER BY " + order + " LIMIT " + bind(static_cast<int64_t>(query.limit) + 1);

  BATON_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  BATON_ASSIGN_OR_RETURN(SqlRows rows, conn->Query(sql, params));
  RecordPage page;
  const int n = std::min(rows.rows(), query.limit);
  page.has_more = rows.rows() > query.limit;
  page.items.reserve(n);
  for (int i = 0; i < n; ++i) {
    Record r{query.kind, rows.Text(i, 0), rows.Int(i, 1), rows.Int(i, 2), rows.Int(i, 3), {}};
    BATON_ASSIGN_OR_RETURN(r.data, ParseData(rows.Text(i, 4)));
    page.items.push_back(std::move(r));
  }
  return page;
}

Status SqlStore::Scan(const ScanQuery& query, const std::function<void(ScanRow)>& row) {
  const EntityTable* table = FindEntityTable(query.kind);
  if (table == nullptr) return Status::Invalid("unknown kind \"" + query.kind + "\"");
  std::vector<SqlParam> params;
  auto bind = [&](SqlParam p) {
    params.push_back(p);
    return "$" + std::to_string(params.size());
  };
  std::string select;
  for (const std::string& field : query.columns) {
    select += select.empty() ? "" : ", ";
    if (field == "id" || field == "version" || field == "data" || field == "created_ms" || field == "updated_ms") {
      select += "r." + field;
      continue;
    }
    const Column* column = FindColumn(*table, field);
    if (column == nullptr) return Status::InvalidField(field, "is not a column of " + query.kind);
    select += ScanColumn("r.", field, column->type);
  }
  std::string from = table->table + " r";
  if (!query.element.empty()) {
    const ElementTable* elements = FindElementTable(*table, query.element);
    if (elements == nullptr) return Status::InvalidField(query.element, "is not a list field of " + query.kind);
    for (const std::string& field : query.element_columns) {
      const Column* column = FindColumn(*elements, field);
      if (column == nullptr) return Status::InvalidField(field, "is not a column of " + query.element);
      select += (select.empty() ? "" : ", ") + ScanColumn("e.", field, column->type);
    }
    from += " JOIN " + elements->table + " e ON e.entity_id = r.id";
  } else if (!query.element_columns.empty()) {
    return Status::InvalidField("element_columns", "need an element field");
  }
  if (select.empty()) return Status::InvalidField("columns", "name none");
  std::string sql = "SELECT " + select + " FROM " + from + " WHERE 1 = 1";
  BATON_RETURN_IF_ERROR(AppendEquals(*table, "r.", query.equals, sql, bind));
  BATON_RETURN_IF_ERROR(AppendRanges(*table, "r.", query.ranges, sql, bind));
  BATON_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  return conn->QueryEach(sql, params, row);
}

Result<std::vector<ElementRow>> SqlStore::ListElements(std::string_view kind, std::string_view field,
                                                       std::string_view after_entity, int64_t after_position,
                                                       int limit) {
  const EntityTable* table = FindEntityTable(kind);
  if (table == nullptr) return Status::Invalid("unknown kind \"" + std::string(kind) + "\"");
  const ElementTable* elements = FindElementTable(*table, field);
  if (elements == nullptr) return Status::InvalidField(std::string(field), "is not a list field of " + std::string(kind));
  BATON_RETURN_IF_ERROR(CheckLimit(limit, kMaxListLimit));
  std::string sql = "SELECT entity_id, position";
  for (const Column& c : elements->columns) sql += ", " + c.field;
  sql += " FROM " + elements->table + " WHERE (entity_id, position) > ($1, $2) ORDER BY entity_id, position LIMIT $3";
  BATON_ASSIGN_OR_RETURN(SqlRows rows, Read(sql, {after_entity, after_position, static_cast<int64_t>(limit)}));
  std::vector<ElementRow> out;
  out.reserve(rows.rows());
  for (int i = 0; i < rows.rows(); ++i) {
    ElementRow row{rows.Text(i, 0), rows.Int(i, 1), Json::object()};
    for (size_t c = 0; c < elements->columns.size(); ++c) {
      const int col = static_cast<int>(c) + 2;
      const Column& column = elements->columns[c];
      Json& value = row.values[column.field];
      if (rows.IsNull(i, col)) continue;  // stays null
      const std::string& text = rows.Text(i, col);
      switch (column.type) {
        case ColumnType::kText: value = text; break;
        case ColumnType::kInteger: value = rows.Int(i, col); break;
        // SQLite keeps booleans as 1/0, PostgreSQL answers t/f.
        case ColumnType::kBoolean: value = text == "1" || text == "t" || text == "true"; break;
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<StoredEntry>> SqlStore::ReadLog(int64_t after_seq, int limit) {
  BATON_RETURN_IF_ERROR(CheckLimit(limit, std::numeric_limits<int>::max()));
  BATON_ASSIGN_OR_RETURN(
      SqlRows rows,
      Read("SELECT seq, id, body, hash, actor FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
           {after_seq, static_cast<int64_t>(limit)}));
  std::vector<StoredEntry> out;
  out.reserve(rows.rows());
  for (int i = 0; i < rows.rows(); ++i) {
    out.push_back({rows.Int(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3), rows.Text(i, 4)});
  }
  return out;
}

Status SqlStore::ScanLogIndex(const std::function<void(std::string_view kind, std::string_view id, int64_t seq)>& row) {
  BATON_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  Status bad;
  Status s = conn->QueryEach("SELECT kind, entity_id, seq FROM change_entity", {}, [&](ScanRow cells) {
    int64_t seq = 0;
    const std::string_view text = cells[2].value_or("");
    if (std::from_chars(text.data(), text.data() + text.size(), seq).ec != std::errc() || !cells[0] || !cells[1]) {
      bad = Status::Corruption("the log's index holds a malformed row");
      return;
    }
    row(*cells[0], *cells[1], seq);
  });
  BATON_RETURN_IF_ERROR(s);
  return bad;
}

Result<std::vector<LogEntry>> SqlStore::History(std::string_view kind, std::string_view id,
                                                int64_t after_seq, int limit) {
  BATON_RETURN_IF_ERROR(CheckLimit(limit, std::numeric_limits<int>::max()));
  BATON_ASSIGN_OR_RETURN(
      SqlRows rows,
      Read("SELECT l.body, l.hash FROM change_entity e JOIN change_log l ON l.seq = e.seq "
           "WHERE e.kind = $1 AND e.entity_id = $2 AND e.seq > $3 ORDER BY e.seq LIMIT $4",
           {kind, id, after_seq, static_cast<int64_t>(limit)}));
  std::vector<LogEntry> out;
  out.reserve(rows.rows());
  for (int i = 0; i < rows.rows(); ++i) {
    BATON_ASSIGN_OR_RETURN(LogEntry e, ParseEntry(rows.Text(i, 0), rows.Text(i, 1)));
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::pair<int64_t, std::string>> SqlStore::Head() {
  BATON_ASSIGN_OR_RETURN(SqlRows rows,
                         Read("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1", {}));
  if (rows.rows() == 0) return std::pair<int64_t, std::string>(0, std::string(kGenesisHash));
  return std::pair<int64_t, std::string>(rows.Int(0, 0), rows.Text(0, 1));
}

// -- node-local tables: writes go through the writer so they never contend with it --

Status SqlStore::ReplaceTerms(std::string_view kind, const std::vector<EntityTerms>& entities) {
  if (FindEntityTable(kind) == nullptr) return Status::Invalid("unknown kind \"" + std::string(kind) + "\"");
  return Write([&]() -> Status {
    for (const auto& [id, terms] : entities) BATON_RETURN_IF_ERROR(WriteTerms(kind, id, terms, /*replace=*/true));
    return Status::Ok();
  });
}

Result<std::map<std::string, std::string>> SqlStore::GetRecordKeys(std::string_view kind,
                                                                   const std::vector<std::string>& ids) {
  std::map<std::string, std::string> out;
  BATON_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  for (size_t done = 0; done < ids.size();) {
    const size_t rows = std::min<size_t>(ids.size() - done, 64);
    std::vector<SqlParam> params{kind};
    std::string sql = "SELECT id, wrapped FROM record_keys WHERE kind = $1 AND id IN (";
    for (size_t i = 0; i < rows; ++i) {
      params.push_back(std::string_view(ids[done + i]));
      sql += (i > 0 ? ", $" : "$") + std::to_string(params.size());
    }
    BATON_ASSIGN_OR_RETURN(SqlRows found, conn->Query(sql + ")", params));
    for (int i = 0; i < found.rows(); ++i) out.emplace(found.Text(i, 0), found.Text(i, 1));
    done += rows;
  }
  return out;
}

Status SqlStore::AppendAccess(const AccessEntry& e) {
  return Write([&]() -> Status {
    return writer_
        ->Query("INSERT INTO access_log (at_ms, user_id, kind, entity_id, action, detail) VALUES ($1, $2, $3, $4, "
                "$5, $6)",
                {e.at_ms, e.user_id, e.kind, e.entity_id, e.action, e.detail})
        .status();
  });
}

Status SqlStore::AppendAccesses(const std::vector<AccessEntry>& entries) {
  if (entries.empty()) return Status::Ok();
  return Write([&]() -> Status {
    // Up to 100 rows a statement: one round trip per hundred on PostgreSQL, and only two texts to
    // prepare (a full chunk and the last one).
    constexpr size_t kChunk = 100;
    std::vector<SqlParam> params;
    for (size_t done = 0; done < entries.size();) {
      const size_t n = std::min(kChunk, entries.size() - done);
      std::string sql = "INSERT INTO access_log (at_ms, user_id, kind, entity_id, action, detail) VALUES ";
      params.clear();
      for (size_t i = 0; i < n; ++i) {
        const AccessEntry& e = entries[done + i];
        const size_t b = params.size();
        sql += (i == 0 ? "(" : ", (");
        for (size_t k = 1; k <= 6; ++k) sql += "$" + std::to_string(b + k) + (k < 6 ? ", " : ")");
        params.insert(params.end(), {e.at_ms, std::string_view(e.user_id), std::string_view(e.kind),
                                     std::string_view(e.entity_id), std::string_view(e.action),
                                     std::string_view(e.detail)});
      }
      BATON_RETURN_IF_ERROR(writer_->Query(sql, params).status());
      done += n;
    }
    return Status::Ok();
  });
}

Result<std::vector<AccessEntry>> SqlStore::ListAccess(std::string_view kind, std::string_view entity_id, int limit) {
  BATON_RETURN_IF_ERROR(CheckLimit(limit, std::numeric_limits<int>::max()));
  BATON_ASSIGN_OR_RETURN(SqlRows rows,
                         Read("SELECT at_ms, user_id, action, detail FROM access_log WHERE kind = $1 AND "
                              "entity_id = $2 ORDER BY seq LIMIT $3",
                              {kind, entity_id, static_cast<int64_t>(limit)}));
  std::vector<AccessEntry> out;
  for (int i = 0; i < rows.rows(); ++i) {
    out.push_back({rows.Int(i, 0), rows.Text(i, 1), std::string(kind), std::string(entity_id), rows.Text(i, 2),
                   rows.Text(i, 3)});
  }
  return out;
}

Status SqlStore::ScrubDeletedKeys() {
  if (dialect_.scrub_deleted_keys_sql.empty()) return Status::Ok();
  BATON_ASSIGN_OR_RETURN(auto conn, readers_.Acquire());
  // A rewrite keeps a deleted row that a transaction running at that moment might still see, so
  // it runs again a moment later, when such a transaction has usually ended.
  BATON_RETURN_IF_ERROR(conn->Exec(dialect_.scrub_deleted_keys_sql));
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  return conn->Exec(dialect_.scrub_deleted_keys_sql);
}

Result<int64_t> SqlStore::NextCounter(std::string_view name, int64_t count) {
  if (count < 1) return Status::InvalidField("count", "must be at least 1");
  int64_t value = 0;
  BATON_RETURN_IF_ERROR(Write([&]() -> Status {
    BATON_ASSIGN_OR_RETURN(SqlRows rows,
                           writer_->Query("INSERT INTO counters (name, value) VALUES ($1, $2) ON CONFLICT (name) "
                                          "DO UPDATE SET value = counters.value + $2 RETURNING value",
                                          {name, count}));
    value = rows.Int(0, 0);
    return Status::Ok();
  }));
  return value;
}

Status SqlStore::PutSession(const SessionRow& s) {
  return Write([&]() -> Status {
    return writer_
        ->Query("INSERT INTO sessions (" + std::string(kSessionColumns) +
                    ") VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_hash) DO UPDATE SET "
                    "user_id = excluded.user_id, created_ms = excluded.created_ms, "
                    "expires_ms = excluded.expires_ms, csrf_token = excluded.csrf_token",
                {s.token_hash, s.user_id, s.created_ms, s.expires_ms, s.csrf_token})
        .status();
  });
}

Result<SessionRow> SqlStore::GetSession(std::string_view token_hash) {
  BATON_ASSIGN_OR_RETURN(SqlRows rows,
                         Read("SELECT " + std::string(kSessionColumns) +
                                  " FROM sessions WHERE token_hash = $1",
                              {token_hash}));
  if (rows.rows() == 0) return Status::NotFound("no such session");
  return SessionRow{rows.Text(0, 0), rows.Text(0, 1), rows.Int(0, 2), rows.Int(0, 3),
                    rows.Text(0, 4)};
}

Status SqlStore::DeleteSession(std::string_view token_hash) {
  return Write([&]() -> Status {
    return writer_->Query("DELETE FROM sessions WHERE token_hash = $1", {token_hash}).status();
  });
}

Status SqlStore::DeleteUserSessions(std::string_view user_id) {
  return Write([&]() -> Status {
    return writer_->Query("DELETE FROM sessions WHERE user_id = $1", {user_id}).status();
  });
}

Status SqlStore::DeleteExpiredSessions(int64_t now_ms) {
  return Write([&]() -> Status {
    return writer_->Query("DELETE FROM sessions WHERE expires_ms <= $1", {now_ms}).status();
  });
}

Result<IdempotentResponse> SqlStore::PutIdempotent(const IdempotentResponse& r) {
  IdempotentResponse stored;
  BATON_RETURN_IF_ERROR(Write([&]() -> Status {
    auto put = writer_->Query("INSERT INTO idempotency (" + std::string(kIdempotencyColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
                              {r.key, r.user_id, r.request_hash, static_cast<int64_t>(r.status),
                               r.body, r.location, r.created_ms});
    if (!put.ok()) return put.status();
    BATON_ASSIGN_OR_RETURN(SqlRows rows, writer_->Query("SELECT " + std::string(kIdempotencyColumns) +
                                                            " FROM idempotency WHERE key = $1 AND "
                                                            "user_id = $2",
                                                        {r.key, r.user_id}));
    if (rows.rows() == 0) return Status::Internal("idempotent response vanished");
    stored = IdempotentFromRow(rows);
    return Status::Ok();
  }));
  return stored;
}

Status SqlStore::FinishIdempotent(const IdempotentResponse& r) {
  return Write([&]() -> Status {
    return writer_
        ->Query("UPDATE idempotency SET status = $3, body = $4, location = $5 WHERE key = $1 AND user_id = $2",
                {r.key, r.user_id, static_cast<int64_t>(r.status), r.body, r.location})
        .status();
  });
}

Status SqlStore::DeleteIdempotent(std::string_view key, std::string_view user_id) {
  return Write([&]() -> Status {
    return writer_->Query("DELETE FROM idempotency WHERE key = $1 AND user_id = $2", {key, user_id}).status();
  });
}

Status SqlStore::DeleteIdempotentBefore(int64_t before_ms) {
  return Write([&]() -> Status {
    return writer_->Query("DELETE FROM idempotency WHERE created_ms < $1", {before_ms}).status();
  });
}

Result<std::optional<IdempotentResponse>> SqlStore::GetIdempotent(std::string_view key,
                                                                  std::string_view user_id) {
  BATON_ASSIGN_OR_RETURN(SqlRows rows, Read("SELECT " + std::string(kIdempotencyColumns) +
                                                " FROM idempotency WHERE key = $1 AND user_id = $2",
                                            {key, user_id}));
  if (rows.rows() == 0) return std::optional<IdempotentResponse>();
  return std::optional<IdempotentResponse>(IdempotentFromRow(rows));
}

Result<std::optional<std::string>> SqlStore::GetMeta(std::string_view key) {
  BATON_ASSIGN_OR_RETURN(SqlRows rows, Read("SELECT value FROM meta WHERE key = $1", {key}));
  if (rows.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(rows.Text(0, 0));
}

Status SqlStore::PutMeta(std::string_view key, std::string_view value) {
  return Write([&]() -> Status {
    return writer_
        ->Query("INSERT INTO meta (key, value) VALUES ($1, $2) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {key, value})
        .status();
  });
}

Result<int> SqlStore::SchemaVersion() {
  BATON_ASSIGN_OR_RETURN(SqlRows rows, Read("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
  return static_cast<int>(rows.Int(0, 0));
}

Result<std::vector<std::string>> SqlStore::TableColumns(std::string_view table) {
  BATON_ASSIGN_OR_RETURN(SqlRows rows, Read(dialect_.table_columns_sql, {table}));
  std::vector<std::string> out;
  for (int i = 0; i < rows.rows(); ++i) out.push_back(rows.Text(i, 0));
  return out;
}

}  // namespace baton::store_internal
