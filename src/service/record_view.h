// The outward form of a stored record: its data plus id, version and times.
#pragma once

#include "store/store.h"

namespace baton {

// {"id", ...data fields..., "version", "created_at", "updated_at"}.
Json RecordView(const Record& record);

}  // namespace baton
