#include "service/record_view.h"

#include <algorithm>
#include <cctype>

#include "base/clock.h"
#include "base/crypto.h"

namespace baton {

Json RecordView(const Record& r) {
  Json out = r.data.is_object() ? r.data : Json::object();
  out["id"] = r.id;
  out["version"] = r.version;
  out["created_at"] = FormatTimestamp(r.created_ms);
  out["updated_at"] = FormatTimestamp(r.updated_ms);
  return out;
}

bool Has(const Json& j, const char* field) { return j.contains(field) && !j[field].is_null(); }

std::string Str(const Json& j, const char* field) {
  return j.contains(field) && j[field].is_string() ? j[field].get<std::string>() : std::string();
}

std::string Cursor(const std::string& id) {
  return crypto::Base64Url({reinterpret_cast<const uint8_t*>(id.data()), id.size()});
}

namespace {

bool IdLike(std::string_view s) {
  return s.size() == 36 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '-'; });
}

Status NotACursor() { return Status::InvalidField("cursor", "is not a cursor from a previous page"); }

}  // namespace

Result<std::string> CursorId(const std::string& cursor) {
  auto after = crypto::FromBase64Url(cursor);
  // A cursor is the id of the last record of a page.
  if (!after.ok() || !IdLike(*after)) return NotACursor();
  return std::string(*after);
}

std::string OrderedCursor(const std::string& value, const std::string& id) { return Cursor(value + "\n" + id); }

Result<std::pair<std::string, std::string>> OrderedCursorParts(const std::string& cursor) {
  auto after = crypto::FromBase64Url(cursor);
  if (!after.ok()) return NotACursor();
  const std::string text(*after);
  const size_t cut = text.rfind('\n');
  if (cut == std::string::npos || !IdLike(std::string_view(text).substr(cut + 1))) return NotACursor();
  return std::pair{text.substr(0, cut), text.substr(cut + 1)};
}

Json Diff(const Json& stored, const Json& state) {
  Json diff = Json::object();
  for (auto it = state.begin(); it != state.end(); ++it) {
    if (!stored.contains(it.key()) || stored[it.key()] != *it) diff[it.key()] = *it;
  }
  for (auto it = stored.begin(); it != stored.end(); ++it) {
    if (!state.contains(it.key())) diff[it.key()] = nullptr;
  }
  return diff;
}

Status Stale() {
  return Status::PreconditionFailed(
      "the record was changed by someone else since you loaded it; reload it and apply your change again");
}

}  // namespace baton
