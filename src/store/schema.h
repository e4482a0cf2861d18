// The projection: one current-state table per entity kind. Each row holds id, version, created and
// updated times, the whole record as JSON (`data`), and typed copies of the fields that are
// queried (filters, uniqueness, search). Migrations in each backend create exactly these columns;
// the store test suite checks that they agree.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baton {

enum class ColumnType { kText, kInteger, kBoolean };

struct Column {
  std::string field;  // the JSON field in data and the column name
  ColumnType type;
};

// One row per element of an array field of the record, so that queries can look into the array
// ("the sessions this person attended"): entity_id, position (0, 1, ...) and the element columns,
// taken from each element object as typed columns are from the record. Rewritten whenever a
// change sets the field.
struct ElementTable {
  std::string field;  // the array field in data: "attendance"
  std::string table;  // "attendance_entries"
  std::vector<Column> columns;
};

struct EntityTable {
  std::string kind;   // "organization"
  std::string table;  // "organizations"
  std::vector<Column> columns;
  // Fields whose value must be unique among rows of this kind (a null value never clashes).
  std::vector<std::string> unique;
  // Text field that ListQuery::contains may search (case-insensitive substring); empty if none.
  std::string search_field;
  std::vector<ElementTable> elements;
};

const std::vector<EntityTable>& EntityTables();
// nullptr for an unknown kind.
const EntityTable* FindEntityTable(std::string_view kind);
const Column* FindColumn(const EntityTable& table, std::string_view field);
// nullptr when the kind keeps no element table for `field`.
const ElementTable* FindElementTable(const EntityTable& table, std::string_view field);
const Column* FindColumn(const ElementTable& table, std::string_view field);

}  // namespace baton
