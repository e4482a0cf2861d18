// The SQLite store: one writer connection owned by the group-commit thread, a pool of read-only
// connections, WAL with synchronous=FULL.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace baton::store_internal {

// Opens or creates the database file at `path` (mode 0600) and applies pending migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, int read_connections, bool bulk_load = false);

}  // namespace baton::store_internal
