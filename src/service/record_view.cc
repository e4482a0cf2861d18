#include "service/record_view.h"

#include "base/clock.h"

namespace baton {

Json RecordView(const Record& r) {
  Json out = r.data.is_object() ? r.data : Json::object();
  out["id"] = r.id;
  out["version"] = r.version;
  out["created_at"] = FormatTimestamp(r.created_ms);
  out["updated_at"] = FormatTimestamp(r.updated_ms);
  return out;
}

}  // namespace baton
