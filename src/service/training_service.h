// Trainings for humanitarian staff (capacity_building activities): their participants (staff of any
// organisation, names sealed), pre- and post-test scores, attendance against the completion rule,
// and certificates for those who completed (domain/group_work). Participants are read by the
// programme's staff (names only by those AccessPolicy::MaySeeParticipantNames allows: the
// training's facilitators, managers and supervisors) and recorded by those who record the
// training's sessions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/access_policy.h"
#include "service/context.h"

namespace baton {

class TrainingService {
 public:
  explicit TrainingService(ServiceContext& ctx) : ctx_(ctx) {}

  // The training's participants, in the order they were added, each with their results:
  // {"activity_id", "test_max_score", "completion_rule_percent", "sessions_held", "items":
  // [participant + {"attended", "completion": {status, percent}, "score_change": {change,
  // change_points_percent}}]}.
  Result<Json> Participants(const Principal& who, std::string_view activity_id);
  // Adds a participant: {name, agency, agency_id?, role?, sex, pre_score?, post_score?}. Add and
  // Update answer the participant with their results, as Participants lists them.
  Result<Json> Add(const Principal& who, std::string_view activity_id, const Json& input);
  // Changes a participant (scores, corrections); If-Match honoured. The certificate number is the
  // service's to write.
  Result<Json> Update(const Principal& who, std::string_view id, const Json& patch, std::optional<int64_t> if_match);
  // The certificate of a participant who completed the training: {number, name, agency, training,
  // topics, start_date, end_date, programme, issued_on}. The number is given on the first request
  // and kept. kConflict when the participant has not completed it (the message says why).
  Result<Json> Certificate(const Principal& who, std::string_view participant_id);

 private:
  struct Loaded {
    Record record;
    std::string key;  // the record key ("" when none is held)
    Json sealed;      // the opened sealed fields
  };
  Result<Loaded> Load(std::string_view id);
  // The participant as `who` may see them, with `results` merged in.
  Json View(const Principal& who, const Loaded& p, const Record& training) const;
  // The same with the participant's results (attendance, completion, score change).
  Result<Json> ViewWithResults(const Principal& who, const Loaded& p, const Record& training);
  // Sessions held and how many each participant attended.
  Result<std::pair<int, std::map<std::string, int>>> AttendanceOf(const Record& training);
  Json Results(const Record& training, const Json& participant, int held, int attended) const;

  ServiceContext& ctx_;
};

}  // namespace baton
