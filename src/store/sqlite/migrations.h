// SQLite migrations. Version N is SqliteMigrations()[N-1]; never edit one that has shipped, append.
#pragma once

#include <string>
#include <vector>

namespace baton::store_internal {

inline const std::vector<std::string>& SqliteMigrations() {
  static const std::vector<std::string> migrations = {
      // 1: change log, projection tables, node-local tables.
      R"sql(
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  hlc INTEGER NOT NULL,
  node TEXT NOT NULL,
  actor TEXT NOT NULL,
  body TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE change_entity (
  kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (kind, entity_id, seq)
) WITHOUT ROWID;

CREATE TABLE organizations (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, data TEXT NOT NULL,
  code TEXT UNIQUE, name TEXT, active INTEGER
);
CREATE TABLE sites (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, name TEXT, type TEXT, admin1 TEXT, admin2 TEXT, active INTEGER
);
CREATE INDEX sites_organization ON sites (organization_id);
CREATE TABLE programmes (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, site_id TEXT, name TEXT, status TEXT, start_date TEXT, end_date TEXT,
  active INTEGER
);
CREATE INDEX programmes_organization ON programmes (organization_id);
CREATE INDEX programmes_site ON programmes (site_id);
CREATE TABLE users (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, data TEXT NOT NULL,
  organization_id TEXT, username TEXT UNIQUE, display_name TEXT, active INTEGER
);
CREATE INDEX users_organization ON users (organization_id);
CREATE TABLE credentials (
  id TEXT PRIMARY KEY, version INTEGER NOT NULL, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, data TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  csrf_token TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_ms);
CREATE TABLE idempotency (
  key TEXT NOT NULL,
  user_id TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (key, user_id)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql",
  };
  return migrations;
}

}  // namespace baton::store_internal
