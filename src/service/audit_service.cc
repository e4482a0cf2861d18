#include "service/audit_service.h"

#include <algorithm>
#include <map>

#include "store/schema.h"

namespace baton {
namespace {

std::string UsernameOf(Store& store, const std::string& actor, std::map<std::string, std::string>& cache) {
  if (actor == "system") return "system";
  auto it = cache.find(actor);
  if (it != cache.end()) return it->second;
  auto user = store.Get("user", actor);
  std::string name = user.ok() ? user->data.value("username", "") : "";
  cache[actor] = name;
  return name;
}

}  // namespace

Result<AuditPage> AuditService::History(const Principal& who, Collection c, std::string_view id, int64_t after_seq,
                                        int limit) {
  if (limit < 1 || limit > 500) return Status::InvalidField("limit", "must be between 1 and 500");
  const char* kind = KindOf(c);
  auto record = ctx_.store().Get(kind, id);
  if (!record.ok()) {
    if (record.status().code() == Code::kNotFound) return Status::NotFound(std::string("no ") + kind + " with id " + std::string(id));
    return record.status();
  }
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kAudit, ResourceOf(c), TargetOf(c, *record)));

  BATON_ASSIGN_OR_RETURN(std::vector<LogEntry> entries, ctx_.store().History(kind, id, after_seq, limit + 1));
  if (c == Collection::kUsers) {
    BATON_ASSIGN_OR_RETURN(std::vector<LogEntry> creds, ctx_.store().History("credential", id, after_seq, limit + 1));
    for (LogEntry& e : creds) {
      if (std::none_of(entries.begin(), entries.end(), [&](const LogEntry& x) { return x.seq == e.seq; })) {
        entries.push_back(std::move(e));
      }
    }
    std::sort(entries.begin(), entries.end(), [](const LogEntry& a, const LogEntry& b) { return a.seq < b.seq; });
  }
  AuditPage page;
  std::map<std::string, std::string> names;
  for (size_t i = 0; i < entries.size() && static_cast<int>(i) < limit; ++i) {
    const LogEntry& e = entries[i];
    Json changes = Json::object();
    std::string op = "update";
    for (const EntityChange& ch : e.set.changes) {
      if (ch.id != id) continue;
      if (ch.kind == "credential") {
        changes["password"] = "changed";
      } else if (ch.kind == kind) {
        changes.update(ch.patch);
        op = ChangeOpName(ch.op);
      }
    }
    page.items.push_back({{"seq", e.seq},
                          {"change_set", e.set.id},
                          {"at", FormatTimestamp(e.set.hlc.wall_ms())},
                          {"hlc", e.set.hlc.ToString()},
                          {"node", e.set.node},
                          {"actor", e.set.actor},
                          {"actor_username", UsernameOf(ctx_.store(), e.set.actor, names)},
                          {"op", op},
                          {"changes", std::move(changes)}});
  }
  if (static_cast<int>(entries.size()) > limit) page.next_after_seq = entries[limit - 1].seq;
  return page;
}

Result<VerifyReport> AuditService::Verify(const Principal& who) {
  BATON_RETURN_IF_ERROR(AccessPolicy::Check(who, Action::kAudit, Resource::kChangeLog, {}));
  VerifyReport report;
  ChainVerifier chain;
  // kind -> id -> (version, state) folded from the log.
  std::map<std::string, std::map<std::string, std::pair<int64_t, Json>>> folded;
  int64_t after = 0;
  for (;;) {
    BATON_ASSIGN_OR_RETURN(std::vector<StoredEntry> rows, ctx_.store().ReadLog(after, 1000));
    if (rows.empty()) break;
    for (const StoredEntry& row : rows) {
      if (Status s = chain.Add(row.seq, row.id, row.body, row.hash); !s.ok()) {
        report.ok = false;
        report.first_bad_seq = row.seq;
        report.problem = s.message();
        report.entries = chain.count();
        return report;
      }
      auto entry = ParseEntry(row.body, row.hash);
      for (const EntityChange& ch : entry->set.changes) {
        auto& slot = folded[ch.kind][ch.id];
        if (ch.op == ChangeOp::kCreate) slot = {0, Json::object()};
        ApplyPatch(slot.second, ch.patch);
        slot.first += 1;
      }
      after = row.seq;
    }
  }
  report.entries = chain.count();
  report.head_hash = chain.head_hash();

  // Every current-state row must be exactly what the log says, and no row may lack a log entry.
  for (const EntityTable& table : EntityTables()) {
    auto& expected = folded[table.kind];
    ListQuery q{.kind = table.kind, .limit = 1000};
    size_t seen = 0;
    for (;;) {
      BATON_ASSIGN_OR_RETURN(RecordPage page, ctx_.store().List(q));
      for (const Record& r : page.items) {
        ++report.records;
        auto it = expected.find(r.id);
        std::string where = table.kind + " " + r.id;
        if (it == expected.end()) {
          report.problem = where + " is in the current-state table but not in the change log";
        } else if (it->second.first != r.version || it->second.second != r.data) {
          report.problem = where + " differs from what the change log says";
        } else {
          ++seen;
          continue;
        }
        report.ok = false;
        return report;
      }
      if (!page.has_more) break;
      q.after_id = page.items.back().id;
    }
    if (seen != expected.size()) {
      report.ok = false;
      report.problem = std::to_string(expected.size() - seen) + " " + table.kind +
                       " record(s) of the change log are missing from the current-state table";
      return report;
    }
    for (const ElementTable& elements : table.elements) {
      BATON_ASSIGN_OR_RETURN(std::string problem, CheckElements(table.kind, elements, expected));
      if (!problem.empty()) {
        report.ok = false;
        report.problem = std::move(problem);
        return report;
      }
    }
  }
  return report;
}

Result<std::string> AuditService::CheckElements(const std::string& kind, const ElementTable& elements,
                                               const std::map<std::string, std::pair<int64_t, Json>>& expected) {
  // What the store writes for one entry (store/sql_store ColumnValue): text as is (other values as
  // their JSON text), whole numbers, true/false; anything else, or a missing field, is null.
  auto value_of = [](const Column& column, const Json& entry) -> Json {
    if (!entry.is_object() || !entry.contains(column.field) || entry[column.field].is_null()) return nullptr;
    const Json& v = entry[column.field];
    switch (column.type) {
      case ColumnType::kText: return v.is_string() ? v : Json(v.dump());
      case ColumnType::kInteger: return v.is_number_integer() ? v : Json(nullptr);
      case ColumnType::kBoolean: return v.is_boolean() ? v : Json(nullptr);
    }
    return nullptr;
  };
  size_t want = 0;
  for (const auto& [id, state] : expected) {
    if (state.second.contains(elements.field) && state.second[elements.field].is_array()) {
      want += state.second[elements.field].size();
    }
  }
  size_t seen = 0;
  std::string after_entity;
  int64_t after_position = -1;
  for (;;) {
    BATON_ASSIGN_OR_RETURN(std::vector<ElementRow> rows,
                           ctx_.store().ListElements(kind, elements.field, after_entity, after_position, 1000));
    for (const ElementRow& row : rows) {
      const std::string where = elements.table + " row " + std::to_string(row.position) + " of " + kind + " " + row.entity_id;
      auto it = expected.find(row.entity_id);
      const Json* list = it == expected.end() || !it->second.second.contains(elements.field)
                             ? nullptr
                             : &it->second.second[elements.field];
      if (list == nullptr || !list->is_array() || row.position < 0 ||
          static_cast<size_t>(row.position) >= list->size()) {
        return where + " is not in the change log";
      }
      const Json& entry = (*list)[static_cast<size_t>(row.position)];
      for (const Column& c : elements.columns) {
        if (row.values.value(c.field, Json()) != value_of(c, entry)) return where + " differs from what the change log says";
      }
      ++seen;
    }
    if (rows.size() < 1000) break;
    after_entity = rows.back().entity_id;
    after_position = rows.back().position;
  }
  if (seen != want) {
    return std::to_string(want - seen) + " " + elements.table + " row(s) of the change log are missing";
  }
  return std::string();
}

}  // namespace baton
