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
  std::string data_key;   // 32 raw bytes: seals identifying fields (docs/formats/sealed.md)
  int utc_offset_minutes = 0;  // the programme's local time (config "utc_offset")
};

// Creates a new data directory (mode 0700) whose config names `store_url`, or SQLite in the
// directory when empty. kConflict when the directory already holds a Baton config. The data key
// is derived from `passphrase` when given (only a salt is kept), else made at random and written
// to data.key (mode 0600). The config's utc_offset is `utc_offset` ("+02:00") when given, else
// this machine's current one; kInvalid for a malformed offset.
Result<DataDir> CreateDataDir(const std::filesystem::path& path, const std::string& store_url,
                              const std::string& passphrase = {}, const std::string& utc_offset = {});

// Reads an existing data directory; `store_override` (from --store) replaces its store;
// `passphrase` is needed when the directory's key comes from one. kNotFound with a one-line hint
// when the directory or its config is missing. A directory made before data keys existed gets
// its key file now.
Result<DataDir> OpenDataDir(const std::filesystem::path& path, const std::string& store_override,
                            const std::string& passphrase = {});

// The passphrase in FILE (first line), for --passphrase-file.
Result<std::string> ReadPassphraseFile(const std::filesystem::path& file);

// Opens the directory's store (applying migrations).
// `bulk_load`: see StoreOptions (only while seeding a new demo store).
Result<std::unique_ptr<Store>> OpenDataDirStore(const DataDir& dir, bool bulk_load = false);

}  // namespace baton
