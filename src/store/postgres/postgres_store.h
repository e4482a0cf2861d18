// The PostgreSQL store (libpq): one writer connection owned by the group-commit thread and a pool
// of connections for reads. Several processes may share one database: every write transaction
// takes a transaction-scoped advisory lock before it reads the chain head, so they never fork it.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace baton::store_internal {

// Connects with a libpq conninfo string or URI and applies pending migrations.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo, int pool_size);

}  // namespace baton::store_internal
