// Support after a handover (docs/formats/handover.md "Support records"): the technical tools the
// former owner shares with the programme (a document library whose versions are each record's
// history) and its advising sessions. Both records belong to the programme's owner; who reads and
// records them is AccessPolicy's kSupport on the programme's target (ProgrammeTarget on today),
// so the former owner's advisors take part while their support lasts and not a day longer.
// Refresher trainings are activities (ActivityService, refresher_of).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/access_policy.h"
#include "service/context.h"

namespace baton {

inline constexpr const char* kSupportToolKind = "support_tool";
inline constexpr const char* kAdvisingSessionKind = "advising_session";

enum class SupportKind { kTool, kAdvisingSession };

struct SupportListParams {
  std::string programme_id;  // required
  std::string cursor;
  int limit = 50;  // 1..200
};

// On whose behalf the system (the command line, the demo) records support: the organisation that
// shared a tool, the advisor who held a session. Ignored for a signed-in user, whose own
// organisation (and, for an advisor, own id) the service records.
struct SupportAuthor {
  std::string organization_id;
  std::string advisor_user_id;
};

class SupportService {
 public:
  explicit SupportService(ServiceContext& ctx) : ctx_(ctx) {}

  // The programme's records of `kind` the caller may read: tools oldest first, advising sessions
  // by date; {"items", "next_cursor"}. kInvalid naming programme_id when it is missing, cursor or
  // limit when bad; kNotFound for an unknown programme; kForbidden for a caller who reads none.
  Result<Json> List(const Principal& who, SupportKind kind, const SupportListParams& params);
  // One record. Views carry the record's version for the ETag as `version`, except a tool's,
  // whose `version` is the document's ("2.1"): there the record's is `record_version`.
  Result<Json> Get(const Principal& who, SupportKind kind, std::string_view id);
  // kInvalid naming each bad field (programme_id for an unknown programme). A tool records the
  // caller's organisation as shared_by_organization_id; an advising session recorded by an
  // advisor records them as advisor_user_id (and their name unless advisor_name is given).
  Result<Json> Create(const Principal& who, SupportKind kind, const Json& input, const SupportAuthor& on_behalf = {});
  // If-Match honoured (kPreconditionFailed when stale). A new version of a tool is a change of
  // its `version`.
  Result<Json> Update(const Principal& who, SupportKind kind, std::string_view id, const Json& patch,
                      std::optional<int64_t> if_match);
  // Every version of a tool, oldest first, from its history: each change that set `version`, with
  // when and by whom it was recorded and the tool's shared_on and location as they then were.
  Result<Json> Versions(const Principal& who, std::string_view tool_id);

 private:
  Result<Record> Load(SupportKind kind, std::string_view id);
  // The record and its programme's access target, when `who` may act on it.
  Result<std::pair<Record, AccessTarget>> LoadFor(const Principal& who, Action action, SupportKind kind, std::string_view id);

  ServiceContext& ctx_;
};

// The outward form of a support record (see Get).
Json SupportView(SupportKind kind, const Record& record);

// What a programme was given after its handover, for the handover report (no access check: the
// caller has made it): {"refresher_trainings": [{id, title, start_date, refresher_of}] (its
// capacity_building activities that name refresher_of, by start date), "tools": [{id, title,
// category, version}], "advising_sessions": [{date, topic, mode, advisor_name}] (by date)}.
// Records set aside (active false, or a cancelled training) are left out.
Result<Json> ProgrammeSupport(Store& store, const std::string& programme_id);

}  // namespace baton
