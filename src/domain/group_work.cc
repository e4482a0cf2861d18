#include "domain/group_work.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace baton {
namespace {

bool In(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool Present(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && !object[field].is_null();
}

std::string Text(const Json& object, const char* field) {
  return Present(object, field) && object[field].is_string() ? object[field].get<std::string>() : "";
}

std::optional<double> Number(const Json& object, const char* field) {
  if (!Present(object, field) || !object[field].is_number()) return std::nullopt;
  return object[field].get<double>();
}

std::string Index(const std::string& list, size_t i) { return list + "[" + std::to_string(i) + "]"; }

// A number as people write it: "100", "7.5".
std::string NumberText(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  return Json(d).dump();
}

double OneDecimal(double d) { return std::round(d * 10) / 10; }

double UsableMaxScore(double max_score) {
  return std::isfinite(max_score) && max_score > 0 ? max_score : kDefaultTestMaxScore;
}

std::string ZeroPadded(int64_t n, size_t width) {
  std::string digits = std::to_string(std::max<int64_t>(n, 0));
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// The days a membership covers, both ends included; an empty `to` is open ended.
struct Period {
  std::string from;
  std::string to;
};

std::string PeriodText(const Period& p) {
  return p.to.empty() ? "from " + p.from + " (not left)" : "from " + p.from + " to " + p.to;
}

const RecordSpec& CooperativeMemberSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "cooperative member",
      {
          {.name = "person_id", .type = kId, .required = true},
          {.name = "joined_on", .type = kDate},
          {.name = "role", .type = kString, .max_length = 60},
      }};
  return spec;
}

}  // namespace

// ---- Training participants ----

const RecordSpec& TrainingParticipantSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "participant",
      {
          {.name = "activity_id", .type = kId, .required = true, .immutable = true},
          {.name = "name", .type = kString, .required = true, .max_length = 200},
          {.name = "agency", .type = kString, .required = true, .max_length = 200},
          {.name = "agency_id", .type = kId},
          {.name = "role", .type = kString, .max_length = 100},
          {.name = "sex", .type = kEnum, .required = true, .choices = {"female", "male", "not_recorded"}},
          {.name = "pre_score", .type = kNumber, .min = 0, .max = kMaxTestScore},
          {.name = "post_score", .type = kNumber, .min = 0, .max = kMaxTestScore},
          {.name = "certificate_number", .type = kString, .max_length = 40},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& TrainingParticipantSealedFields() {
  static const std::vector<std::string> v = {"name"};
  return v;
}

double TestMaxScoreOf(const Json& activity) {
  std::optional<double> max = Number(activity, "test_max_score");
  return max && std::isfinite(*max) && *max > 0 && *max <= kMaxTestScore ? *max : kDefaultTestMaxScore;
}

int CompletionRulePercentOf(const Json& activity) {
  if (!Present(activity, "completion_rule_percent") || !activity["completion_rule_percent"].is_number_integer()) {
    return kDefaultCompletionRulePercent;
  }
  const Json& v = activity["completion_rule_percent"];
  if (v.is_number_unsigned()) {
    uint64_t n = v.get<uint64_t>();
    return n >= 1 && n <= 100 ? static_cast<int>(n) : kDefaultCompletionRulePercent;
  }
  int64_t n = v.get<int64_t>();
  return n >= 1 && n <= 100 ? static_cast<int>(n) : kDefaultCompletionRulePercent;
}

Status CheckScores(const Json& participant, double max_score) {
  const double max = UsableMaxScore(max_score);
  std::vector<FieldError> errors;
  for (const char* field : {"pre_score", "post_score"}) {
    if (!Present(participant, field)) continue;
    const Json& v = participant[field];
    if (!v.is_number()) {
      errors.push_back({field, "must be a number"});
    } else if (double d = v.get<double>(); !(d >= 0 && d <= max)) {
      errors.push_back({field, "must be between 0 and " + NumberText(max) + ", the training's maximum score"});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

ScoreChange ScoreChangeOf(const Json& participant, double max_score) {
  ScoreChange s;
  s.pre = Number(participant, "pre_score");
  s.post = Number(participant, "post_score");
  if (s.pre && s.post) {
    s.change = *s.post - *s.pre;
    s.change_points_percent = OneDecimal(*s.change / UsableMaxScore(max_score) * 100);
  }
  return s;
}

const char* CompletionName(Completion completion) {
  switch (completion) {
    case Completion::kCompleted: return "completed";
    case Completion::kNotMet: return "not_met";
    case Completion::kInProgress: return "in_progress";
  }
  return "in_progress";
}

CompletionResult CompletionOf(int attended, int held_sessions, int rule_percent, bool activity_finished) {
  CompletionResult r;
  r.sessions = std::max(held_sessions, 0);
  r.attended = std::clamp(attended, 0, r.sessions);
  const int rule = std::clamp(rule_percent, 1, 100);
  r.percent = r.sessions == 0 ? 0 : OneDecimal(100.0 * r.attended / r.sessions);
  // Whole numbers, so 4 of 5 sessions meets 80% without rounding doubt.
  const bool met = r.sessions > 0 && int64_t{r.attended} * 100 >= int64_t{rule} * r.sessions;
  if (met) r.status = Completion::kCompleted;
  else r.status = activity_finished ? Completion::kNotMet : Completion::kInProgress;
  return r;
}

bool TrainingFinished(const Json& activity, std::string_view today) {
  const std::string status = Text(activity, "status");
  if (status == "completed" || status == "cancelled") return true;
  const std::string end = Text(activity, "end_date");
  return !end.empty() && end < today;
}

bool MayHaveCertificate(const CompletionResult& completion) {
  return completion.status == Completion::kCompleted;
}

std::string CertificateNumber(std::string_view programme_code_or_prefix, int year, int64_t serial) {
  std::string prefix;
  for (char c : programme_code_or_prefix) {
    if (prefix.size() == 10) break;
    if (c >= 'a' && c <= 'z') prefix += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) prefix += c;
  }
  if (prefix.empty()) prefix = "CERT";
  return prefix + "-" + ZeroPadded(year, 4) + "-" + ZeroPadded(serial, 4);
}

// ---- Group memberships ----

const std::vector<std::string>& MembershipStatuses(std::string_view stream) {
  static const std::vector<std::string> peer_support = {"member", "left"};
  static const std::vector<std::string> vocational = {"enrolled", "completed", "dropped_out"};
  static const std::vector<std::string> none;
  if (stream == "peer_support") return peer_support;
  if (stream == "vocational") return vocational;
  return none;
}

const RecordSpec& MembershipSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "membership",
      {
          {.name = "activity_id", .type = kId, .required = true, .immutable = true},
          {.name = "person_id", .type = kId, .required = true, .immutable = true},
          {.name = "joined_on", .type = kDate, .required = true},
          {.name = "left_on", .type = kDate},
          {.name = "status", .type = kEnum, .choices = {"member", "left", "enrolled", "completed", "dropped_out"}},
          {.name = "leave_reason", .type = kString, .max_length = 200},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

void ApplyMembershipDefaults(Json& membership, std::string_view stream) {
  if (!membership.is_object()) return;
  const std::vector<std::string>& statuses = MembershipStatuses(stream);
  if (!statuses.empty() && !Present(membership, "status")) membership["status"] = statuses.front();
}

Status CheckMembershipState(const Json& m, std::string_view stream, const Json& activity) {
  const std::vector<std::string>& statuses = MembershipStatuses(stream);
  if (statuses.empty()) {
    return Status::InvalidField("activity_id", "only peer-support groups and vocational cohorts have members");
  }
  std::vector<FieldError> errors;
  if (Present(activity, "id") && Present(m, "activity_id") && activity["id"] != m["activity_id"]) {
    errors.push_back({"activity_id", "is not the activity checked against"});
  }
  const std::string status = Text(m, "status");
  if (status.empty()) {
    errors.push_back({"status", "is required"});
  } else if (!In(statuses, status)) {
    std::string list;
    for (const auto& s : statuses) list += (list.empty() ? "" : ", ") + s;
    errors.push_back({"status", "must be one of: " + list + " (the statuses of " + std::string(stream) + ")"});
  }

  const std::string start = Text(activity, "start_date");
  const std::string end = Text(activity, "end_date");
  const std::string range = end.empty() ? "on or after " + start : "from " + start + " to " + end;
  auto outside = [&](const std::string& date) {
    return (!start.empty() && date < start) || (!end.empty() && date > end);
  };
  const std::string joined = Text(m, "joined_on");
  const std::string left = Text(m, "left_on");
  if (!joined.empty() && outside(joined)) {
    errors.push_back({"joined_on", "must lie within the activity's dates: " + range});
  }
  if (!left.empty()) {
    if (!joined.empty() && left < joined) errors.push_back({"left_on", "must not be before joined_on"});
    else if (outside(left)) errors.push_back({"left_on", "must lie within the activity's dates: " + range});
  }
  if ((status == "left" || status == "dropped_out") && left.empty()) {
    errors.push_back({"left_on", "is required when the status is " + status});
  }
  if ((status == "member" || status == "enrolled") && !left.empty()) {
    errors.push_back({"left_on", "must be empty while the status is " + status});
  }
  if (Present(m, "leave_reason") && left.empty()) errors.push_back({"leave_reason", "is only for one who left"});
  return Status::InvalidFields(std::move(errors));
}

bool MemberOn(const Json& membership, std::string_view date) {
  const std::string joined = Text(membership, "joined_on");
  if (joined.empty() || date < joined) return false;
  const std::string left = Text(membership, "left_on");
  return left.empty() || date <= left;
}

Status CheckNoOverlap(const std::vector<Json>& others, const Json& candidate) {
  const Period mine{Text(candidate, "joined_on"), Text(candidate, "left_on")};
  if (mine.from.empty()) return Status::InvalidField("joined_on", "is required");
  for (const Json& other : others) {
    if (!other.is_object()) continue;
    if (Present(candidate, "id") && Present(other, "id") && other["id"] == candidate["id"]) continue;
    if (Present(other, "active") && other["active"] == false) continue;
    bool same_group = true;
    for (const char* field : {"person_id", "activity_id"}) {
      if (Present(candidate, field) && Present(other, field) && other[field] != candidate[field]) same_group = false;
    }
    if (!same_group) continue;
    const Period theirs{Text(other, "joined_on"), Text(other, "left_on")};
    if (theirs.from.empty()) continue;
    // Both periods include their last day; an empty end is open.
    const bool mine_ends_before = !mine.to.empty() && mine.to < theirs.from;
    const bool theirs_ends_before = !theirs.to.empty() && theirs.to < mine.from;
    if (mine_ends_before || theirs_ends_before) continue;
    const Period shared{std::max(mine.from, theirs.from),
                        mine.to.empty() ? theirs.to : theirs.to.empty() ? mine.to : std::min(mine.to, theirs.to)};
    std::string days = shared.to.empty()            ? "from " + shared.from + " on"
                       : shared.from == shared.to ? "on " + shared.from
                                                  : "from " + shared.from + " to " + shared.to;
    return Status::ConflictField("joined_on", "overlaps the person's membership " + PeriodText(theirs) +
                                                  ": both cover the days " + days);
  }
  return Status::Ok();
}

// ---- Cooperatives ----

const std::vector<std::string>& CooperativeKinds() {
  static const std::vector<std::string> v = {"cooperative", "livelihood_group"};
  return v;
}

const std::vector<std::string>& CooperativeStatuses() {
  static const std::vector<std::string> v = {"active", "inactive", "dissolved"};
  return v;
}

const RecordSpec& CooperativeSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "cooperative",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "site_id", .type = kId},
          {.name = "name", .type = kString, .required = true, .max_length = 200},
          {.name = "activity", .type = kString, .required = true, .max_length = 200},
          {.name = "kind", .type = kEnum, .choices = CooperativeKinds()},
          {.name = "formed_from", .type = kId},
          {.name = "start_date", .type = kDate, .required = true},
          {.name = "status", .type = kEnum, .choices = CooperativeStatuses()},
          {.name = "dissolved_on", .type = kDate},
          {.name = "members", .type = kList, .check = &CheckCooperativeMembers},
          {.name = "notes", .type = kText, .max_length = 4000},
          {.name = "active", .type = kBool},
      }};
  return spec;
}

const std::vector<std::string>& CooperativeSealedFields() {
  static const std::vector<std::string> v = {"notes"};
  return v;
}

Status CheckCooperativeMembers(const Json& members) {
  const std::string at = "members";
  if (!members.is_array() || members.size() > kMaxCooperativeMembers) {
    return Status::InvalidField(at, "must be a list of at most " + std::to_string(kMaxCooperativeMembers) +
                                        " members {person_id, joined_on, role}");
  }
  std::vector<FieldError> errors;
  std::map<std::string, size_t> first_entry;  // person id -> index of its first entry
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string entry_at = Index(at, i);
    if (!members[i].is_object()) {
      errors.push_back({entry_at, "must be an object with person_id"});
      continue;
    }
    Result<Json> member = ValidateInput(CooperativeMemberSpec(), members[i], InputMode::kCreate);
    if (!member.ok()) {
      for (const FieldError& e : member.status().errors()) errors.push_back({entry_at + "." + e.field, e.message});
      continue;
    }
    auto [it, inserted] = first_entry.emplace((*member)["person_id"].get<std::string>(), i);
    if (!inserted) errors.push_back({entry_at + ".person_id", "repeats the person of " + Index(at, it->second)});
  }
  return Status::InvalidFields(std::move(errors));
}

void NormaliseCooperativeMembers(Json& cooperative) {
  if (!Present(cooperative, "members") || !cooperative["members"].is_array()) return;
  for (Json& member : cooperative["members"]) {
    Result<Json> clean = ValidateInput(CooperativeMemberSpec(), member, InputMode::kCreate);
    if (!clean.ok()) continue;
    Json& m = *clean;
    for (auto it = m.begin(); it != m.end();) {
      const bool empty = it->is_null() || (it->is_string() && it->get<std::string>().empty());
      it = empty ? m.erase(it) : std::next(it);
    }
    member = std::move(m);
  }
}

void ApplyCooperativeDefaults(Json& cooperative) {
  if (!cooperative.is_object()) return;
  if (!Present(cooperative, "kind")) cooperative["kind"] = "cooperative";
  if (!Present(cooperative, "status")) cooperative["status"] = "active";
}

Status CheckCooperativeState(const Json& c) {
  std::vector<FieldError> errors;
  const std::string start = Text(c, "start_date");
  const std::string dissolved = Text(c, "dissolved_on");
  const std::string status = Text(c, "status");
  const size_t errors_before = errors.size();
  if (status == "dissolved" && dissolved.empty()) {
    errors.push_back({"dissolved_on", "is required when the status is dissolved"});
  } else if (status != "dissolved" && Present(c, "dissolved_on")) {
    errors.push_back({"dissolved_on", "is only for the status dissolved"});
  } else if (!dissolved.empty() && !start.empty() && dissolved < start) {
    errors.push_back({"dissolved_on", "must not be before start_date"});
  }
  // Members are held to the dissolution date only when that date itself holds.
  const std::string end = errors.size() == errors_before ? dissolved : "";
  if (Present(c, "members") && c["members"].is_array()) {
    const Json& members = c["members"];
    for (size_t i = 0; i < members.size(); ++i) {
      const std::string joined = Text(members[i], "joined_on");
      if (joined.empty()) continue;
      if (!start.empty() && joined < start) {
        errors.push_back({Index("members", i) + ".joined_on", "must not be before the start_date " + start});
      } else if (!end.empty() && joined > end) {
        errors.push_back({Index("members", i) + ".joined_on", "must not be after dissolved_on " + end});
      }
    }
  }
  return Status::InvalidFields(std::move(errors));
}

}  // namespace baton
