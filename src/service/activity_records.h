// What the activity and attendance services share about the records they both read: loading an
// activity or a session with a "no such ..." answer, and what the AccessPolicy needs of them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/access_policy.h"
#include "store/store.h"

namespace baton {

inline constexpr const char* kActivityKind = "activity";
inline constexpr const char* kSessionKind = "session";
inline constexpr const char* kAttendanceKind = "attendance";  // a session's attendance, its id the session's
inline constexpr const char* kMembershipKind = "membership";

// kNotFound "no activity with id ..." / "no session with id ..."; other store errors as they are.
Result<Record> LoadActivity(Store& store, std::string_view id);
Result<Record> LoadSession(Store& store, std::string_view id);

// An activity's memberships, oldest joining first. A group's memberships are read whole: a standing
// group or cohort has tens of members, and each rejoin adds one more.
Result<std::vector<Record>> MembershipsOfActivity(Store& store, const std::string& activity_id);
// The people who were active members of the activity on `date`.
Result<std::vector<std::string>> MembersOn(Store& store, const std::string& activity_id, std::string_view date);

// What the AccessPolicy needs of an activity (or of the activity of a session).
AccessTarget TargetOfActivity(const Record& activity);

// A write that failed because the record moved on is stale for the client that named a version.
Status CommitFailure(const Status& s);

}  // namespace baton
