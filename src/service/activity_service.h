// Programme activities and their sessions: plan an activity (managers), record its sessions (its
// facilitators and managers), list and read them (the programme's staff), each checked against the
// AccessPolicy. Session notes are sealed under the session's own key and shown only to those who
// may read them (AccessPolicy::MaySeeSessionNotes).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/access_policy.h"
#include "service/attendance_service.h"
#include "service/context.h"

namespace baton {

struct ActivityListParams {
  // Typed filters: programme_id, site_id, stream, status, activity_code, attendance_mode, active.
  std::vector<std::pair<std::string, std::string>> filters;
  std::string q;  // words of the title (case-insensitive substring)
  std::string cursor;
  int limit = 50;  // 1..200
};

struct SessionListParams {
  std::string activity_id;   // the sessions of one activity, or
  std::string programme_id;  // of a whole programme (a calendar); one of the two is required
  std::string from, to;      // dates, inclusive; either may be empty
  std::string cursor;
  int limit = 100;  // 1..500
};

// A record as the caller may see it, with its version for the ETag.
struct Versioned {
  Json view;
  int64_t version = 0;
};

struct ViewPage {
  std::vector<Json> items;
  std::optional<std::string> next_cursor;
};

class ActivityService {
 public:
  ActivityService(ServiceContext& ctx, AttendanceService& attendance) : ctx_(ctx), attendance_(attendance) {}

  Result<ViewPage> List(const Principal& who, const ActivityListParams& params);
  Result<Versioned> Get(const Principal& who, std::string_view id);
  Result<Versioned> Create(const Principal& who, const Json& input);
  Result<Versioned> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);

  // Sessions in date order (ties in the order they were recorded).
  Result<ViewPage> Sessions(const Principal& who, const SessionListParams& params);
  Result<Versioned> GetSession(const Principal& who, std::string_view id);
  Result<Versioned> CreateSession(const Principal& who, std::string_view activity_id, const Json& input);
  Result<Versioned> UpdateSession(const Principal& who, std::string_view id, const Json& patch,
                                  std::optional<int64_t> if_match);

  // "My activities this week": the planned or ongoing activities that name `who` among their
  // facilitators and run during the week (Monday to Sunday) holding `date` ("" = today), each with
  // the days its schedule meets that week and the sessions recorded in it:
  // {"from", "to", "items": [{"activity", "scheduled": [dates], "sessions": [session...]}]}.
  Result<Json> MyWeek(const Principal& who, std::string_view date);

  // The lists an activity form offers for a programme: streams, statuses, attendance modes, the
  // programme's 4Ws code table with each stream's default, pyramid layers.
  Result<Json> Options(const Principal& who, std::string_view programme_id);

 private:
  Result<Record> LoadActivity(std::string_view id);
  Result<Record> LoadSession(std::string_view id);
  // Programme, site and facilitators of an activity's state exist in the caller's organisation.
  Status CheckReferences(const Json& state, bool create);
  // No session of the activity lies outside the dates of its new `state` (kInvalid naming
  // start_date or end_date).
  Status CheckSessionsWithin(const std::string& activity_id, const Json& state);
  // The activity with its facilitators' names (facilitator_users: [{id, display_name}]).
  Json ActivityView(const Record& activity);
  // A session's view with what its attendance counts ("attendance_summary"), when it has any:
  // single sessions show it, lists do not (it is a read of its own).
  Json WithAttendanceSummary(Json view);
  // A user's display name ("" for no such user).
  std::string DisplayName(const std::string& user_id);
  // The session as `who` may see it, with its facilitator's name (facilitator_name): notes opened
  // for those who may read them, with the session's wrapped key from `wrapped_keys` (a page's
  // keys, read at once) or read now when null.
  // `names`, when given, caches display names across the sessions of a page.
  Json SessionView(const Principal& who, const Record& session, const Record& activity,
                   const std::map<std::string, std::string>* wrapped_keys = nullptr,
                   std::map<std::string, std::string>* names = nullptr);

  ServiceContext& ctx_;
  AttendanceService& attendance_;
};

}  // namespace baton
