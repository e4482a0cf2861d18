#include "domain/activities.h"

#include <algorithm>
#include <set>
#include <utility>

#include "base/ids.h"
#include "domain/dates.h"

namespace baton {
namespace {

constexpr size_t kMaxTableCodes = 200;
constexpr size_t kMaxFacilitators = 50;

bool In(const std::vector<std::string>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool Present(const Json& object, const char* field) {
  return object.is_object() && object.contains(field) && !object[field].is_null();
}

std::string Text(const Json& object, const char* field) {
  return Present(object, field) && object[field].is_string() ? object[field].get<std::string>() : "";
}

std::string Index(const std::string& list, size_t i) { return list + "[" + std::to_string(i) + "]"; }

// Checks an object nested in a field against `spec`, naming errors "<at>.<member>". Returns the
// normalised object, or nullopt when there were errors.
std::optional<Json> CheckNested(const RecordSpec& spec, const Json& object, const std::string& at,
                                std::vector<FieldError>& errors) {
  if (!object.is_object()) {
    errors.push_back({at, "must be an object"});
    return std::nullopt;
  }
  Result<Json> r = ValidateInput(spec, object, InputMode::kCreate);
  if (r.ok()) return std::move(r).value();
  for (const FieldError& e : r.status().errors()) errors.push_back({at + "." + e.field, e.message});
  if (r.status().errors().empty()) errors.push_back({at, r.status().message()});
  return std::nullopt;
}

// A whole number 0..kMaxHeadcountCell; nullopt for anything else (negative, fractions, text, true).
std::optional<int64_t> HeadcountValue(const Json& v) {
  if (v.is_number_unsigned()) {
    uint64_t n = v.get<uint64_t>();
    if (n <= static_cast<uint64_t>(kMaxHeadcountCell)) return static_cast<int64_t>(n);
    return std::nullopt;
  }
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    if (n >= 0 && n <= kMaxHeadcountCell) return n;
  }
  return std::nullopt;
}

std::string ListText(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// ---- the code table ----

const RecordSpec& CodeRowSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "activity code",
      {
          {.name = "code", .type = kSlug, .required = true, .max_length = 40},
          {.name = "label", .type = kString, .required = true, .max_length = 200},
          {.name = "layer", .type = kInteger, .required = true, .min = kMinPyramidLayer, .max = kMaxPyramidLayer},
          {.name = "group", .type = kEnum, .choices = {"community", "person", "general"}},
          {.name = "mapped", .type = kBool},
      }};
  return spec;
}

const RecordSpec& StreamDefaultSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "stream default",
      {
          {.name = "code", .type = kString, .required = true, .max_length = 40},
          {.name = "layer", .type = kInteger, .min = kMinPyramidLayer, .max = kMaxPyramidLayer},
      }};
  return spec;
}

ActivityCode CodeOf(const Json& row) {
  ActivityCode c;
  c.code = row["code"].get<std::string>();
  c.label = row["label"].get<std::string>();
  c.layer = row["layer"].get<int>();
  c.group = Text(row, "group");
  c.mapped = Present(row, "mapped") && row["mapped"].get<bool>();
  return c;
}

Result<ActivityCodeTable> ReadCodeTable(const Json& field) {
  const std::string at = "activity_codes";
  if (!field.is_object()) return Status::InvalidField(at, "must be an object with version and codes");
  std::vector<FieldError> errors;
  for (auto it = field.begin(); it != field.end(); ++it) {
    if (!In({"version", "replace", "codes", "stream_defaults"}, it.key())) {
      errors.push_back({at + "." + it.key(), "is not a field of activity_codes"});
    }
  }
  const std::string version = Text(field, "version");
  if (version.empty() || version.size() > 40 || version.find_first_of(" \t\r\n") != std::string::npos) {
    errors.push_back({at + ".version", "must name the table's version in 1 to 40 characters, without spaces"});
  }
  bool replace = false;
  if (Present(field, "replace")) {
    if (field["replace"].is_boolean()) replace = field["replace"].get<bool>();
    else errors.push_back({at + ".replace", "must be true or false"});
  }

  ActivityCodeTable table;
  if (replace) {
    table.version = version;
  } else {
    table = DefaultActivityCodeTable();
    table.version += "+" + version;
  }

  const std::string codes_at = at + ".codes";
  const Json empty = Json::array();
  const Json& rows = Present(field, "codes") ? field["codes"] : empty;
  if (!rows.is_array() || rows.size() > kMaxTableCodes) {
    errors.push_back({codes_at, "must be a list of at most 200 codes"});
  } else if (replace && rows.empty()) {
    errors.push_back({codes_at, "must not be empty when the table is replaced"});
  } else {
    std::set<std::string> seen;
    for (size_t i = 0; i < rows.size(); ++i) {
      const std::string row_at = Index(codes_at, i);
      std::optional<Json> row = CheckNested(CodeRowSpec(), rows[i], row_at, errors);
      if (!row) continue;
      // The stored field is the client's text, so a code must already be in its normal form.
      if ((*row)["code"] != rows[i]["code"]) {
        errors.push_back({row_at + ".code", "must be written in lower case, without surrounding spaces"});
        continue;
      }
      ActivityCode code = CodeOf(*row);
      if (!seen.insert(code.code).second) {
        errors.push_back({row_at + ".code", "appears twice"});
        continue;
      }
      auto existing = std::find_if(table.codes.begin(), table.codes.end(),
                                   [&](const ActivityCode& c) { return c.code == code.code; });
      if (existing != table.codes.end()) *existing = std::move(code);
      else table.codes.push_back(std::move(code));
    }
  }

  const std::string defaults_at = at + ".stream_defaults";
  if (Present(field, "stream_defaults")) {
    const Json& defaults = field["stream_defaults"];
    if (!defaults.is_object()) {
      errors.push_back({defaults_at, "must be an object of defaults by stream"});
    } else {
      for (auto it = defaults.begin(); it != defaults.end(); ++it) {
        const std::string stream_at = defaults_at + "." + it.key();
        if (!In(ActivityStreams(), it.key())) {
          errors.push_back({stream_at, "is not a stream: " + ListText(ActivityStreams())});
          continue;
        }
        std::optional<Json> d = CheckNested(StreamDefaultSpec(), *it, stream_at, errors);
        if (!d) continue;
        StreamDefault sd{it.key(), (*d)["code"].get<std::string>(), std::nullopt};
        if (Present(*d, "layer")) sd.layer = (*d)["layer"].get<int>();
        if (table.Find(sd.code) == nullptr) {
          errors.push_back({stream_at + ".code", "is not a code of the table"});
          continue;
        }
        auto existing = std::find_if(table.stream_defaults.begin(), table.stream_defaults.end(),
                                     [&](const StreamDefault& s) { return s.stream == sd.stream; });
        if (existing != table.stream_defaults.end()) *existing = std::move(sd);
        else table.stream_defaults.push_back(std::move(sd));
      }
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));

  for (const std::string& stream : ActivityStreams()) {
    // Codes are only added or replaced, and every default set above names a code of the table.
    if (table.DefaultFor(stream) == nullptr) {
      errors.push_back({defaults_at + "." + stream, "is required: the table has no default for this stream"});
    }
  }
  if (!errors.empty()) return Status::InvalidFields(std::move(errors));
  return table;
}

// ---- activities ----

// Fields only some streams have.
struct StreamField {
  const char* field;
  std::vector<std::string> streams;
};

const std::vector<StreamField>& StreamFields() {
  static const std::vector<StreamField> v = {
      {"topics", {"capacity_building", "information"}},
      {"trade", {"vocational"}},
      {"enrolment_criteria", {"vocational"}},
      {"completion_rule_percent", {"capacity_building", "vocational"}},
      {"refresher_of", {"capacity_building"}},
      {"test_max_score", {"capacity_building"}},
  };
  return v;
}

const RecordSpec& ExternalFacilitatorSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "external facilitator",
      {
          {.name = "name", .type = kString, .required = true, .max_length = 200},
          {.name = "organization", .type = kString, .max_length = 200},
      }};
  return spec;
}

const RecordSpec& ScheduleSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "schedule",
      {
          {.name = "frequency", .type = kEnum, .required = true,
           .choices = {"once", "daily", "weekly", "fortnightly", "monthly", "irregular"}},
          {.name = "weekdays", .type = kEnumList, .choices = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}},
          {.name = "start_time", .type = kString, .max_length = 5},
          {.name = "end_time", .type = kString, .max_length = 5},
          {.name = "note", .type = kString, .max_length = 500},
      }};
  return spec;
}

// Start and end times of an object (a schedule or a session), errors named "<prefix><field>".
void CheckTimes(const Json& object, const std::string& prefix, std::vector<FieldError>& errors) {
  // True when the time is present and well formed; a malformed one is reported.
  auto time_ok = [&](const char* field) {
    if (!Present(object, field)) return false;
    const Json& v = object[field];
    if (v.is_string() && IsValidTime(v.get<std::string>())) return true;
    errors.push_back({prefix + field, "must be a time HH:MM from 00:00 to 23:59"});
    return false;
  };
  const bool start_ok = time_ok("start_time");
  const bool end_ok = time_ok("end_time");
  if (end_ok && !Present(object, "start_time")) {
    errors.push_back({prefix + "start_time", "is required with end_time"});
  } else if (start_ok && end_ok && Text(object, "end_time") <= Text(object, "start_time")) {
    errors.push_back({prefix + "end_time", "must be after start_time"});
  }
}

}  // namespace

const std::vector<std::string>& ActivityStreams() {
  static const std::vector<std::string> v = {"needs_assessment", "capacity_building", "recreational",
                                             "vocational",       "peer_support",      "information"};
  return v;
}

const std::vector<std::string>& ActivityStatuses() {
  static const std::vector<std::string> v = {"planned", "ongoing", "completed", "cancelled"};
  return v;
}

const std::vector<std::string>& AttendanceModes() {
  static const std::vector<std::string> v = {"named", "headcount"};
  return v;
}

const char* PyramidLayerLabel(int layer) {
  switch (layer) {
    case 1: return "social considerations in basic services and security";
    case 2: return "strengthening community and family supports";
    case 3: return "focused, non-specialised supports";
    case 4: return "specialised services";
    default: return "";
  }
}

const ActivityCode* ActivityCodeTable::Find(std::string_view code) const {
  for (const ActivityCode& c : codes) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const StreamDefault* ActivityCodeTable::DefaultFor(std::string_view stream) const {
  for (const StreamDefault& d : stream_defaults) {
    if (d.stream == stream) return &d;
  }
  return nullptr;
}

std::vector<std::string> ActivityCodeTable::Codes() const {
  std::vector<std::string> out;
  for (const ActivityCode& c : codes) out.push_back(c.code);
  return out;
}

// Codes and meanings from MHPSS.md §2 (IASC 4Ws, 2012; the 2024 revision is still a draft). The
// grouping follows the 4Ws manual: codes 1-6 community-focused, 7-10 person-focused, 11 general.
// The layers are defaults: the 4Ws records a layer per activity, not per code.
const ActivityCodeTable& DefaultActivityCodeTable() {
  static const ActivityCodeTable table{
      "iasc-4ws-2012",
      {
          {"1.1", "Information on the situation, relief efforts and services", 1, "community", false},
          {"1.2", "Awareness raising / MHPSS messages", 2, "community", false},
          {"3.5", "Recreational activities (not child-friendly spaces)", 2, "community", false},
          {"4.1", "Child-friendly spaces", 2, "community", false},
          {"7.1", "Psychological first aid", 3, "person", false},
          {"7.2", "Linking vulnerable people to resources, with follow-up", 3, "person", false},
          {"8.1", "Basic counselling for individuals", 3, "person", false},
          {"8.2", "Basic counselling for groups or families", 3, "person", false},
          {"9.3", "Community workers identify and refer people with mental disorders", 3, "person", false},
          {"11.1", "Situation analysis / assessment", 1, "general", false},
          {"11.3", "Training / orientation", 3, "general", false},
          {"11.5", "Support to aid workers", 2, "general", false},
          {"vocational_training", "Vocational training (no 4Ws code)", 2, "community", true},
          {"conflict_mediation", "Conflict mediation (no 4Ws code)", 2, "community", true},
          {"peacebuilding", "Peacebuilding (no 4Ws code)", 2, "community", true},
      },
      {
          {"needs_assessment", "11.1", std::nullopt},
          {"capacity_building", "11.3", std::nullopt},
          {"recreational", "3.5", std::nullopt},
          {"vocational", "vocational_training", std::nullopt},
          {"peer_support", "8.2", std::nullopt},
          {"information", "1.1", std::nullopt},
      }};
  return table;
}

Status CheckActivityCodes(const Json& field) { return ReadCodeTable(field).status(); }

ActivityCodeTable ActivityCodesOfProgramme(const Json& programme) {
  if (!Present(programme, "activity_codes")) return DefaultActivityCodeTable();
  Result<ActivityCodeTable> table = ReadCodeTable(programme["activity_codes"]);
  return table.ok() ? *table : DefaultActivityCodeTable();
}

RecordSpec ActivitySpec(const ActivityCodeTable& codes) {
  using enum FieldType;
  return RecordSpec{
      "activity",
      {
          {.name = "programme_id", .type = kId, .required = true, .immutable = true},
          {.name = "site_id", .type = kId, .required = true},
          {.name = "stream", .type = kEnum, .required = true, .immutable = true, .choices = ActivityStreams()},
          {.name = "title", .type = kString, .required = true, .max_length = 200},
          {.name = "description", .type = kText, .max_length = 4000},
          {.name = "activity_code", .type = kEnum, .choices = codes.Codes()},
          {.name = "pyramid_layer", .type = kInteger, .min = kMinPyramidLayer, .max = kMaxPyramidLayer},
          {.name = "facilitators", .type = kObject, .check = &CheckFacilitators},
          {.name = "target_group", .type = kString, .max_length = 200},
          {.name = "start_date", .type = kDate, .required = true},
          {.name = "end_date", .type = kDate},
          {.name = "schedule", .type = kObject, .check = &CheckSchedule},
          {.name = "status", .type = kEnum, .choices = ActivityStatuses()},
          {.name = "attendance_mode", .type = kEnum, .choices = AttendanceModes()},
          {.name = "topics", .type = kSlugList, .min_length = 2, .max_length = 60},
          {.name = "trade", .type = kString, .max_length = 100},
          {.name = "enrolment_criteria", .type = kText, .max_length = 2000},
          {.name = "completion_rule_percent", .type = kInteger, .min = 1, .max = 100},
          {.name = "refresher_of", .type = kId},
          {.name = "test_max_score", .type = kNumber, .min = 1, .max = 10000},
          {.name = "active", .type = kBool},
      }};
}

Status CheckFacilitators(const Json& f) {
  const std::string at = "facilitators";
  if (!f.is_object()) return Status::InvalidField(at, "must be an object with user_ids and external");
  std::vector<FieldError> errors;
  for (auto it = f.begin(); it != f.end(); ++it) {
    if (it.key() != "user_ids" && it.key() != "external") {
      errors.push_back({at + "." + it.key(), "is not a field of facilitators"});
    }
  }
  if (Present(f, "user_ids")) {
    const Json& ids = f["user_ids"];
    if (!ids.is_array() || ids.size() > kMaxFacilitators) {
      errors.push_back({at + ".user_ids", "must be a list of at most 50 user ids"});
    } else {
      std::set<std::string> seen;
      for (size_t i = 0; i < ids.size(); ++i) {
        if (!ids[i].is_string() || !IsUuid(ids[i].get<std::string>())) {
          errors.push_back({Index(at + ".user_ids", i), "must be an id"});
        } else if (!seen.insert(ids[i].get<std::string>()).second) {
          errors.push_back({Index(at + ".user_ids", i), "appears twice"});
        }
      }
    }
  }
  if (Present(f, "external")) {
    const Json& people = f["external"];
    if (!people.is_array() || people.size() > kMaxFacilitators) {
      errors.push_back({at + ".external", "must be a list of at most 50 people"});
    } else {
      for (size_t i = 0; i < people.size(); ++i) {
        CheckNested(ExternalFacilitatorSpec(), people[i], Index(at + ".external", i), errors);
      }
    }
  }
  return Status::InvalidFields(std::move(errors));
}

Status CheckSchedule(const Json& s) {
  std::vector<FieldError> errors;
  std::optional<Json> schedule = CheckNested(ScheduleSpec(), s, "schedule", errors);
  if (!schedule) return Status::InvalidFields(std::move(errors));
  const std::string frequency = Text(*schedule, "frequency");
  if (Present(*schedule, "weekdays") && frequency != "weekly" && frequency != "fortnightly") {
    errors.push_back({"schedule.weekdays", "is only for a weekly or fortnightly schedule"});
  }
  CheckTimes(s, "schedule.", errors);
  return Status::InvalidFields(std::move(errors));
}

void ApplyActivityDefaults(Json& state, const ActivityCodeTable& codes) {
  if (!state.is_object()) return;
  const std::string stream = Text(state, "stream");
  const StreamDefault* by_stream = codes.DefaultFor(stream);
  if (!Present(state, "activity_code") && by_stream != nullptr) {
    state["activity_code"] = by_stream->code;
    if (!Present(state, "pyramid_layer") && by_stream->layer) state["pyramid_layer"] = *by_stream->layer;
  }
  const ActivityCode* code = codes.Find(Text(state, "activity_code"));
  if (code != nullptr) {
    if (!Present(state, "pyramid_layer")) state["pyramid_layer"] = code->layer;
    state["code_table_version"] = codes.version;
  }
  if (!Present(state, "attendance_mode")) state["attendance_mode"] = stream == "information" ? "headcount" : "named";
  if (!Present(state, "status")) state["status"] = "planned";
}

std::vector<std::string> ScheduledDates(const Json& activity, std::string_view from, std::string_view to) {
  std::vector<std::string> out;
  const std::string start = Text(activity, "start_date"), end = Text(activity, "end_date");
  if (start.empty() || !Present(activity, "schedule") || !activity["schedule"].is_object()) return out;
  const Json& schedule = activity["schedule"];
  const std::string frequency = Text(schedule, "frequency");
  static const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  std::vector<bool> on(7, false);
  if (schedule.contains("weekdays") && schedule["weekdays"].is_array()) {
    for (const Json& d : schedule["weekdays"]) {
      auto it = d.is_string() ? std::find(kDays.begin(), kDays.end(), d.get<std::string>()) : kDays.end();
      if (it != kDays.end()) on[static_cast<size_t>(it - kDays.begin())] = true;
    }
  }
  const std::string first = std::max(std::string(from), start);
  const std::string last = end.empty() ? std::string(to) : std::min(std::string(to), end);
  if (first > last || DaysBetween(first, last) > 366) return out;
  const std::string start_week = WeekStart(start);
  for (std::string day = first; day <= last; day = AddDays(day, 1)) {
    const int weekday = Weekday(day);
    bool meets = false;
    if (frequency == "daily") meets = true;
    if (frequency == "once") meets = day == start;
    if (frequency == "weekly") meets = on[static_cast<size_t>(weekday)];
    if (frequency == "fortnightly") {
      meets = on[static_cast<size_t>(weekday)] && (DaysBetween(start_week, WeekStart(day)) / 7) % 2 == 0;
    }
    if (meets) out.push_back(day);
  }
  return out;
}

Status CheckActivityState(const Json& a, bool create) {
  std::vector<FieldError> errors;
  const std::string stream = Text(a, "stream");
  const std::string start = Text(a, "start_date");
  const std::string end = Text(a, "end_date");
  if (!start.empty() && !end.empty() && end < start) errors.push_back({"end_date", "must not be before start_date"});
  for (const StreamField& f : StreamFields()) {
    if (Present(a, f.field) && !In(f.streams, stream)) {
      errors.push_back({f.field, "is only for the stream" + std::string(f.streams.size() > 1 ? "s " : " ") +
                                     ListText(f.streams)});
    }
  }
  if (stream == "peer_support" && Present(a, "attendance_mode") && Text(a, "attendance_mode") != "named") {
    errors.push_back({"attendance_mode", "must be named: a peer-support group's members are registered persons"});
  }
  if (Present(a, "refresher_of") && Present(a, "id") && a["refresher_of"] == a["id"]) {
    errors.push_back({"refresher_of", "must not be the training itself"});
  }
  if (create) {
    for (const char* field : {"activity_code", "pyramid_layer", "attendance_mode"}) {
      if (!Present(a, field)) errors.push_back({field, "is required"});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

std::vector<std::string> FacilitatorUserIds(const Json& activity) {
  std::vector<std::string> out;
  if (!Present(activity, "facilitators") || !Present(activity["facilitators"], "user_ids")) return out;
  const Json& ids = activity["facilitators"]["user_ids"];
  if (!ids.is_array()) return out;
  for (const Json& id : ids) {
    if (id.is_string()) out.push_back(id.get<std::string>());
  }
  return out;
}

void NormaliseFacilitators(Json& activity) {
  if (!activity.contains("facilitators") || !activity["facilitators"].is_object()) return;
  Json& f = activity["facilitators"];
  auto trim = [](std::string t) {
    const size_t b = t.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return std::string();
    return t.substr(b, t.find_last_not_of(" \t\r\n") - b + 1);
  };
  for (auto it = f.begin(); it != f.end();) it = it->is_null() ? f.erase(it) : std::next(it);
  if (f.contains("external") && f["external"].is_array()) {
    for (Json& person : f["external"]) {
      if (!person.is_object()) continue;
      for (auto it = person.begin(); it != person.end();) {
        if (it->is_string()) *it = trim(it->get<std::string>());
        it = (it->is_null() || (it->is_string() && it->get<std::string>().empty())) ? person.erase(it) : std::next(it);
      }
    }
  }
}

const RecordSpec& SessionSpec() {
  using enum FieldType;
  static const RecordSpec spec{
      "session",
      {
          {.name = "activity_id", .type = kId, .required = true, .immutable = true},
          {.name = "date", .type = kDate, .required = true},
          {.name = "start_time", .type = kString, .max_length = 5},
          {.name = "end_time", .type = kString, .max_length = 5},
          {.name = "place", .type = kString, .max_length = 200},
          {.name = "facilitator_id", .type = kId},
          {.name = "notes", .type = kText, .max_length = 4000},
          {.name = "attendance", .type = kList, .check = &CheckNamedAttendance},
          {.name = "headcount", .type = kObject},
      }};
  return spec;
}

const std::vector<std::string>& SessionSealedFields() {
  static const std::vector<std::string> v = {"notes"};
  return v;
}

bool IsValidTime(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (size_t i : {0, 1, 3, 4}) {
    if (t[i] < '0' || t[i] > '9') return false;
  }
  int hours = (t[0] - '0') * 10 + (t[1] - '0');
  int minutes = (t[3] - '0') * 10 + (t[4] - '0');
  return hours <= 23 && minutes <= 59;
}

Status CheckSessionState(const Json& session) {
  std::vector<FieldError> errors;
  CheckTimes(session, "", errors);
  return Status::InvalidFields(std::move(errors));
}

Status CheckSessionInActivity(const Json& session, const Json& activity) {
  BATON_RETURN_IF_ERROR(CheckSessionState(session));
  return CheckDateInActivity(Text(session, "date"), activity);
}

Status CheckDateInActivity(const std::string& date, const Json& activity) {
  const std::string start = Text(activity, "start_date");
  const std::string end = Text(activity, "end_date");
  if (date.empty()) return Status::InvalidField("date", "is required");
  if ((!start.empty() && date < start) || (!end.empty() && date > end)) {
    std::string range = end.empty() ? "on or after " + start : "from " + start + " to " + end;
    return Status::InvalidField("date", "must lie within the activity's dates: " + range);
  }
  return Status::Ok();
}

const std::vector<std::string>& HeadcountSexes() {
  static const std::vector<std::string> v = {"female", "male", "not_recorded"};
  return v;
}

Status CheckNamedAttendance(const Json& attendance) {
  const std::string at = "attendance";
  if (!attendance.is_array()) return Status::InvalidField(at, "must be a list of {person_id, present}");
  if (attendance.size() > kMaxNamedAttendance) {
    return Status::InvalidField(at, "must have at most " + std::to_string(kMaxNamedAttendance) + " entries");
  }
  std::vector<FieldError> errors;
  std::map<std::string, size_t> first_entry;  // person or participant id -> index of its first entry
  for (size_t i = 0; i < attendance.size(); ++i) {
    const std::string entry_at = Index(at, i);
    const Json& e = attendance[i];
    if (!e.is_object()) {
      errors.push_back({entry_at, "must be an object with person_id (or participant_id) and present"});
      continue;
    }
    for (auto it = e.begin(); it != e.end(); ++it) {
      if (it.key() != "person_id" && it.key() != "participant_id" && it.key() != "present") {
        errors.push_back({entry_at + "." + it.key(), "is not a field of attendance"});
      }
    }
    if (!e.contains("present") || !e["present"].is_boolean()) {
      errors.push_back({entry_at + ".present", "must be true or false"});
    }
    const bool participant = e.contains("participant_id");
    if (participant && e.contains("person_id")) {
      errors.push_back({entry_at + ".participant_id", "an entry names a person or a training participant, not both"});
      continue;
    }
    const char* who = participant ? "participant_id" : "person_id";
    if (!e.contains(who) || !e[who].is_string() || !IsUuid(e[who].get<std::string>())) {
      errors.push_back({entry_at + "." + who, participant ? "must be a participant's id" : "must be a person's id"});
      continue;
    }
    auto [it, inserted] = first_entry.emplace(e[who].get<std::string>(), i);
    if (!inserted) {
      errors.push_back({entry_at + "." + who,
                        std::string("repeats the ") + (participant ? "participant" : "person") + " of " + Index(at, it->second)});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

const RecordSpec& AttendanceSpec() {
  using enum FieldType;
  static const RecordSpec spec{"attendance",
                               {
                                   {.name = "attendance", .type = kList, .check = &CheckNamedAttendance},
                                   {.name = "headcount", .type = kObject},
                               }};
  return spec;
}

Status CheckOneWayOfCounting(const Json& input) {
  if (Present(input, "attendance") == Present(input, "headcount")) {
    return Status::InvalidField("attendance", "send either attendance (names) or headcount (counts), one of the two");
  }
  return Status::Ok();
}

Json AttendanceSummary(const Json& attendance) {
  if (Present(attendance, "headcount")) {
    int64_t total = 0;
    for (const HeadcountCell& c : HeadcountCells(attendance["headcount"])) total += c.count;
    return Json{{"headcount", total}};
  }
  int64_t present = 0, absent = 0;
  if (Present(attendance, "attendance") && attendance["attendance"].is_array()) {
    for (const Json& e : attendance["attendance"]) {
      (e.is_object() && e.value("present", false) ? present : absent) += 1;
    }
  }
  return Json{{"present", present}, {"absent", absent}};
}

Status CheckAttendanceOfActivity(const Json& session, const Json& activity) {
  const bool named = Present(session, "attendance"), headcount = Present(session, "headcount");
  const std::string mode = activity.value("attendance_mode", "named");
  if (named && mode != "named") {
    return Status::InvalidField("attendance", "this activity counts its participants (headcount), it takes no names");
  }
  if (headcount && mode != "headcount") {
    return Status::InvalidField("headcount", "this activity takes named attendance, not a headcount");
  }
  if (!named) return Status::Ok();
  const bool training = activity.value("stream", "") == "capacity_building";
  const char* wrong = training ? "person_id" : "participant_id";
  std::vector<FieldError> errors;
  const Json& list = session["attendance"];
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].contains(wrong)) {
      errors.push_back({Index("attendance", i) + "." + wrong,
                        training ? "a training's attendance names its participants (participant_id)"
                                 : "only a training's attendance names participants; name a registered person"});
    }
  }
  return Status::InvalidFields(std::move(errors));
}

Status CheckHeadcount(const Json& headcount, const AgeBands& bands) {
  const std::string at = "headcount";
  if (!headcount.is_object()) return Status::InvalidField(at, "must be an object of counts by sex and age band");
  std::vector<FieldError> errors;
  for (auto sex = headcount.begin(); sex != headcount.end(); ++sex) {
    const std::string sex_at = at + "." + sex.key();
    if (!In(HeadcountSexes(), sex.key())) {
      errors.push_back({sex_at, "is not a sex: " + ListText(HeadcountSexes())});
      continue;
    }
    if (!sex->is_object()) {
      errors.push_back({sex_at, "must be an object of counts by age band"});
      continue;
    }
    for (auto band = sex->begin(); band != sex->end(); ++band) {
      const std::string cell_at = sex_at + "." + band.key();
      if (bands.Find(band.key()) == nullptr) {
        errors.push_back({cell_at, "is not an age band of " + bands.name + ": " + ListText(bands.Codes())});
      } else if (!HeadcountValue(*band)) {
        errors.push_back({cell_at, "must be a whole number from 0 to " + std::to_string(kMaxHeadcountCell)});
      }
    }
  }
  return Status::InvalidFields(std::move(errors));
}

std::vector<HeadcountCell> HeadcountCells(const Json& headcount) {
  std::vector<HeadcountCell> out;
  if (!headcount.is_object()) return out;
  for (auto sex = headcount.begin(); sex != headcount.end(); ++sex) {
    if (!In(HeadcountSexes(), sex.key()) || !sex->is_object()) continue;
    for (auto band = sex->begin(); band != sex->end(); ++band) {
      std::optional<int64_t> n = HeadcountValue(*band);
      if (n && *n > 0) out.push_back({sex.key(), band.key(), *n});
    }
  }
  return out;
}

int64_t Breakdown::Cell(const std::string& sex, const std::string& age_band) const {
  auto s = cells.find(sex);
  if (s == cells.end()) return 0;
  auto b = s->second.find(age_band);
  return b == s->second.end() ? 0 : b->second;
}

void Breakdown::Add(const std::string& sex, const std::string& age_band, int64_t n) {
  if (n == 0) return;
  total += n;
  cells[sex][age_band] += n;
}

ReachCount CountReach(const std::vector<AttendanceFact>& attendance, const std::vector<HeadcountFact>& headcounts,
                      const AgeBands& bands) {
  ReachCount count;
  auto sex_of = [](const AttendanceFact& a) { return In(HeadcountSexes(), a.sex) ? a.sex : "not_recorded"; };
  auto band_of = [&](const AttendanceFact& a) {
    std::optional<std::string> band = a.age_years ? AgeBandOf(*a.age_years, bands) : std::nullopt;
    return band ? *band : std::string(kUnknownAgeBand);
  };

  std::set<std::string> sessions;
  std::set<std::pair<std::string, std::string>> contacts;   // (session, person) counted already
  std::map<std::string, const AttendanceFact*> first_contact;  // person -> earliest present attendance
  for (const AttendanceFact& a : attendance) {
    sessions.insert(a.session_id);
    if (!a.present || !contacts.emplace(a.session_id, a.person_id).second) continue;
    count.service_contacts.Add(sex_of(a), band_of(a), 1);
    auto [it, inserted] = first_contact.emplace(a.person_id, &a);
    if (!inserted && a.date < it->second->date) it->second = &a;
  }
  for (const auto& [person, a] : first_contact) count.people_reached.Add(sex_of(*a), band_of(*a), 1);

  for (const HeadcountFact& h : headcounts) {
    sessions.insert(h.session_id);
    for (const HeadcountCell& c : h.cells) {
      if (c.count > 0) count.headcount_participants.Add(c.sex, c.age_band, c.count);
    }
  }
  count.sessions = static_cast<int64_t>(sessions.size());
  return count;
}

}  // namespace baton
