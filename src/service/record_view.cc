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

Result<std::string> CursorId(const std::string& cursor) {
  auto after = crypto::FromBase64Url(cursor);
  // A cursor is the id of the last record of a page.
  const bool id_like = after.ok() && after->size() == 36 &&
                       std::all_of(after->begin(), after->end(),
                                   [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == '-'; });
  if (!id_like) return Status::InvalidField("cursor", "is not a cursor from a previous page");
  return std::string(*after);
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
