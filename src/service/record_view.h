// The outward form of a stored record (its data plus id, version and times) and what the
// services share in reading records: fields, list cursors, the answer to a stale write.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "base/status.h"
#include "store/store.h"

namespace baton {

// {"id", ...data fields..., "version", "created_at", "updated_at"}.
Json RecordView(const Record& record);

// A field that is present and not null.
bool Has(const Json& j, const char* field);
// A string field's value, "" when absent or not a string.
std::string Str(const Json& j, const char* field);

// The cursor a page hands out after the record with `id`, and back (kInvalid naming "cursor"
// for anything that is not such a cursor).
std::string Cursor(const std::string& id);
Result<std::string> CursorId(const std::string& cursor);
// The same for a list in the order of a column: the cursor holds the last record's value of that
// column and its id.
std::string OrderedCursor(const std::string& value, const std::string& id);
Result<std::pair<std::string, std::string>> OrderedCursorParts(const std::string& cursor);

// The fields of `state` that differ from `stored`, a removed field as null: the patch that turns
// one into the other, and what goes in the log.
Json Diff(const Json& stored, const Json& state);

// kPreconditionFailed for a write whose If-Match names a version that is no longer current.
Status Stale();

}  // namespace baton
