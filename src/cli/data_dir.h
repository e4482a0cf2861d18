// The data directory: config.json naming the store, and for SQLite the database file itself.
// Layout and format: docs/formats/data-directory.md.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace baton {

inline constexpr int kDataDirFormatVersion = 1;

struct DataDir {
  std::filesystem::path path;
  std::string store_url;  // resolved: a relative SQLite path is made absolute against `path`
};

// Creates a new data directory (mode 0700) whose config names `store_url`, or SQLite in the
// directory when empty. kConflict when the directory already holds a Baton config.
Result<DataDir> CreateDataDir(const std::filesystem::path& path, const std::string& store_url);

// Reads an existing data directory; `store_override` (from --store) replaces its store.
// kNotFound with a one-line hint when the directory or its config is missing.
Result<DataDir> OpenDataDir(const std::filesystem::path& path, const std::string& store_override);

// Opens the directory's store (applying migrations).
Result<std::unique_ptr<Store>> OpenDataDirStore(const DataDir& dir);

}  // namespace baton
