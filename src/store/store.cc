#include "store/store.h"

#include <iterator>

#include "store/sqlite/sqlite_store.h"
#ifdef BATON_WITH_POSTGRES
#include "store/postgres/postgres_store.h"
#endif

namespace baton {

const char* StoreKindName(StoreKind kind) {
  return kind == StoreKind::kSqlite ? "sqlite" : "postgres";
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  const std::string_view url = options.url;
  if (url.starts_with("sqlite:")) {
    return store_internal::OpenSqliteStore(std::string(url.substr(7)), options.read_connections,
                                           options.bulk_load);
  }
  if (url.starts_with("postgres:")) {
#ifdef BATON_WITH_POSTGRES
    return store_internal::OpenPostgresStore(std::string(url.substr(9)), options.read_connections);
#else
    return Status::Invalid("this build has no PostgreSQL support (configure with -DBATON_POSTGRES=ON)");
#endif
  }
  return Status::Invalid("store url must start with \"sqlite:\" or \"postgres:\"");
}

Status ForEachPage(Store& store, ListQuery query, const std::function<Status(std::vector<Record>& page)>& visit) {
  for (;;) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(query));
    if (page.items.empty()) return Status::Ok();
    // The cursor is taken before the visitor may move the records out.
    query.after_id = page.items.back().id;
    if (!query.order_by.empty()) query.after_value = page.items.back().data.value(query.order_by, Json());
    BATON_RETURN_IF_ERROR(visit(page.items));
    if (!page.has_more) return Status::Ok();
  }
}

Status ForEachRecord(Store& store, ListQuery query, const std::function<Status(const Record&)>& visit) {
  return ForEachPage(store, std::move(query), [&](std::vector<Record>& page) -> Status {
    for (const Record& r : page) BATON_RETURN_IF_ERROR(visit(r));
    return Status::Ok();
  });
}

Result<std::vector<Record>> ListAll(Store& store, ListQuery query) {
  std::vector<Record> out;
  BATON_RETURN_IF_ERROR(ForEachPage(store, std::move(query), [&](std::vector<Record>& page) {
    std::move(page.begin(), page.end(), std::back_inserter(out));
    return Status::Ok();
  }));
  return out;
}

}  // namespace baton
