// Test support: throwaway databases on the test cluster, so each test starts from an empty schema.
// Linked into tests only.
#pragma once

#include <string>

#include "base/status.h"

namespace baton::store_internal {

struct ScratchDatabase {
  std::string name;
  std::string conninfo;  // the server's conninfo with dbname set to `name`
};

// Creates a new, uniquely named database on the server that `conninfo` reaches.
Result<ScratchDatabase> CreateScratchDatabase(const std::string& conninfo);
// Drops it, disconnecting whatever is still connected.
Status DropScratchDatabase(const std::string& conninfo, const std::string& name);

}  // namespace baton::store_internal
