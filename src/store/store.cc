#include "store/store.h"

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
    return store_internal::OpenSqliteStore(std::string(url.substr(7)), options.read_connections);
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

}  // namespace baton
