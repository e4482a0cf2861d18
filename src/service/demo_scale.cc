#include "service/demo_scale.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <queue>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/activities.h"
#include "domain/age_bands.h"
#include "domain/dates.h"
#include "service/activity_records.h"
#include "service/record_view.h"

namespace baton {
namespace {

constexpr int kCohortSize = 20;        // people who start a group's ten weeks together
constexpr int kCohortSessions = 10;    // weekly sessions a cohort attends (all listed, present or not)
constexpr int kIntakeDays = 7;         // from the last member's registration to the first session
constexpr int kTurnoutPercent = 85;    // members present at a session
constexpr int kVocationalEvery = 4;    // every fourth adults' group is a vocational course
constexpr int kPeoplePerHeadcountSession = 50;
constexpr int kHeadcountSessionsPerActivity = 52;  // a year of weekly information sessions
constexpr int kBlocks = 40;            // the site's blocks, where groups meet
constexpr size_t kBatch = 5000;        // change sets per transaction, as a sync applies them

// Who a group takes: children and adolescents together, adults by sex, and adults whose sex was not
// recorded in groups of their own.
enum Group { kChildren, kAdolescents, kWomen, kMen, kAdults, kGroupCount };

struct GroupWork {
  const char* stream;
  const char* title;
  const char* target_group;
  const char* trade;  // vocational courses only
  const char* start_time;
  const char* end_time;
  const char* place;
};

// What each group meets as; the second kind, when there is one, is every kVocationalEvery-th group.
const GroupWork kWork[kGroupCount][2] = {
    {{"recreational", "Child-friendly space play group", "children under 12", nullptr, "09:00", "11:00",
      "child-friendly space"},
     {}},
    {{"recreational", "Adolescents' life-skills club", "adolescents, 12 to 17", nullptr, "16:00", "18:00",
      "youth centre"},
     {}},
    {{"peer_support", "Women's peer-support group", "women of the site", nullptr, "10:00", "12:00", "women's centre"},
     {"vocational", "Tailoring course", "women heading households", "tailoring", "08:00", "12:00",
      "tailoring shelter"}},
    {{"peer_support", "Men's peer-support group", "men of the site", nullptr, "15:00", "17:00", "community shelter"},
     {"vocational", "Carpentry course", "young men out of work", "carpentry", "08:00", "12:00", "carpentry shed"}},
    {{"peer_support", "Community peer-support group", "adults of the site", nullptr, "14:00", "16:00",
      "community shelter"},
     {}},
};
const GroupWork kInformation = {"information", "Information sessions", "new arrivals and block representatives",
                                nullptr, "10:00", "11:00", "distribution point"};
const char* const kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

struct Person {
  std::string id;
  int registered = 0;  // day of the programme
  Group group = kAdults;
};

struct Activity {
  std::string id;
  Json state;
  const GroupWork* work = nullptr;
  int weekday = 0;  // 0 Monday
  int first = 0, last = 0;  // days of the programme
  int block = 1;  // where it meets
};

// Ten weeks of a group with the same people.
struct Cohort {
  size_t activity = 0;
  int first = 0;  // day of the first session
  int sessions = 0;
  std::vector<uint32_t> members;  // indexes into the people
};

// One session to write: of a cohort (named), or the k-th of an information activity (headcount).
struct PlannedSession {
  int day = 0;
  bool headcount = false;
  uint32_t of = 0;  // cohort or activity index
  uint32_t k = 0;   // the session's number within it
};

Group GroupOf(int age, const std::string& sex) {
  if (age < 12) return kChildren;
  if (age < 18) return kAdolescents;
  if (sex == "female") return kWomen;
  if (sex == "male") return kMen;
  return kAdults;
}

// A well-mixed number from a few small ones (splitmix64): who is present, reproducibly.
uint64_t Mix(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t z = a * 0x9E3779B97F4A7C15ULL + b * 0xBF58476D1CE4E5B9ULL + c * 0x94D049BB133111EBULL + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The active people of the programme in its organisation, in registration order, with the day of
// the programme they were registered on (people registered after its last day are left out).
Result<std::vector<Person>> ActivePeople(Store& store, const std::string& programme_id, const std::string& org_id,
                                         const std::string& start, int span) {
  std::vector<Person> out;
  // Every person in id order, filtered here: paging a typed-column filter by id would make the
  // store walk the programme's people from the start for each page.
  ListQuery q{.kind = "person", .limit = 1000};
  for (;;) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(q));
    for (const Record& p : page.items) {
      const std::string registered = Str(p.data, "registered_on"), born = Str(p.data, "birth_date_est");
      if (Str(p.data, "programme_id") != programme_id || Str(p.data, "organization_id") != org_id ||
          Str(p.data, "status") != "active") {
        continue;
      }
      if (registered.empty() || born.empty()) continue;
      const int day = std::max(0, DaysBetween(start, registered));
      if (day > span) continue;
      out.push_back({p.id, day, GroupOf(YearsBetween(born, registered), Str(p.data, "sex"))});
    }
    if (!page.has_more) break;
    q.after_id = page.items.back().id;
  }
  std::stable_sort(out.begin(), out.end(), [](const Person& a, const Person& b) { return a.registered < b.registered; });
  return out;
}

// Groups of each kind meet in turn: a cohort takes the first group of its kind free by the week
// after its last member registered, else a new group starts. Cohorts fill in registration order.
void PlanCohorts(const std::vector<Person>& people, int span, int weekday_of_day0, std::vector<Activity>& activities,
                 std::vector<Cohort>& cohorts) {
  for (int g = 0; g < kGroupCount; ++g) {
    std::vector<uint32_t> members;
    using Free = std::pair<int, size_t>;  // (first day the group is free, activity)
    std::priority_queue<Free, std::vector<Free>, std::greater<>> free;
    int started = 0;
    auto close = [&] {
      const int ready = people[members.back()].registered + kIntakeDays;
      if (ready > span) return;
      size_t a;
      int first;
      if (!free.empty() && free.top().first <= ready) {
        a = free.top().second;
        free.pop();
        first = ready + (activities[a].weekday - (weekday_of_day0 + ready) % 7 + 7) % 7;
      } else {
        const bool second = kWork[g][1].stream != nullptr && started % kVocationalEvery == kVocationalEvery - 1;
        ++started;
        a = activities.size();
        activities.push_back({.work = &kWork[g][second ? 1 : 0], .weekday = (weekday_of_day0 + ready) % 7,
                              .first = ready, .last = ready});
        first = ready;
      }
      const int sessions = first > span ? 0 : std::min(kCohortSessions, (span - first) / 7 + 1);
      if (sessions == 0) {
        free.push({activities[a].last + 7, a});
        return;
      }
      Activity& activity = activities[a];
      activity.first = std::min(activity.first, first);
      activity.last = std::max(activity.last, first + 7 * (sessions - 1));
      free.push({activity.last + 7, a});
      cohorts.push_back({a, first, sessions, std::move(members)});
    };
    for (uint32_t i = 0; i < people.size(); ++i) {
      if (people[i].group != g) continue;
      members.push_back(i);
      if (members.size() == kCohortSize) {
        close();
        members.clear();
      }
    }
    if (!members.empty()) close();
  }
}

// A year of weekly information sessions per activity, started at staggered weeks, one session for
// every kPeoplePerHeadcountSession people.
void PlanInformation(size_t people, int span, int weekday_of_day0, std::vector<Activity>& activities,
                     std::vector<PlannedSession>& sessions) {
  const int64_t total = static_cast<int64_t>(people) / kPeoplePerHeadcountSession;
  const int latest_start = std::max(0, span - 7 * (kHeadcountSessionsPerActivity - 1));
  for (int64_t done = 0, j = 0; done < total; ++j) {
    const int first = static_cast<int>((j * 113) % (latest_start + 1));
    const int count = static_cast<int>(std::min<int64_t>(
        {kHeadcountSessionsPerActivity, total - done, static_cast<int64_t>((span - first) / 7 + 1)}));
    const uint32_t a = static_cast<uint32_t>(activities.size());
    activities.push_back({.work = &kInformation, .weekday = (weekday_of_day0 + first) % 7, .first = first,
                          .last = first + 7 * (count - 1)});
    for (int k = 0; k < count; ++k) sessions.push_back({first + 7 * k, true, a, static_cast<uint32_t>(k)});
    done += count;
  }
}

// The activity as its manager would enter it, checked and completed as ActivityService::Create does.
Result<Json> ActivityState(const Activity& a, int number, const DemoActivityPlace& at, const ActivityCodeTable& codes,
                           const std::vector<std::string>& dates) {
  const GroupWork& w = *a.work;
  Json input = {{"programme_id", at.programme_id},
                {"site_id", at.site_id},
                {"stream", w.stream},
                {"title", std::string(w.title) + " " + std::to_string(number) + ", block " + std::to_string(a.block)},
                {"target_group", w.target_group},
                {"start_date", dates[static_cast<size_t>(a.first)]},
                {"end_date", dates[static_cast<size_t>(a.last)]},
                {"status", "completed"},
                {"schedule", {{"frequency", "weekly"}, {"weekdays", {kWeekdays[a.weekday]}},
                              {"start_time", w.start_time}, {"end_time", w.end_time}}},
                {"facilitators", {{"user_ids", {at.facilitator_id}}}}};
  if (w.trade != nullptr) {
    input["trade"] = w.trade;
    input["completion_rule_percent"] = 80;
  }
  if (&w == &kInformation) input["topics"] = {"services", "mental_health_awareness"};
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(ActivitySpec(codes), input, InputMode::kCreate));
  state["organization_id"] = at.manager.organization_id;
  NormaliseFacilitators(state);
  ApplyActivityDefaults(state, codes);
  state["active"] = true;
  BATON_RETURN_IF_ERROR(CheckActivityState(state, /*create=*/true));
  return state;
}

// An information session's headcount, around the crowd the story's sessions drew.
Json Headcount(std::mt19937& draw) {
  static const std::vector<std::tuple<const char*, const char*, int>> kCrowd = {
      {"female", "18_59", 18}, {"female", "60_plus", 3}, {"male", "18_59", 14},
      {"male", "60_plus", 4},  {"not_recorded", "18_59", 2}};
  Json out = Json::object();
  for (const auto& [sex, band, typical] : kCrowd) out[sex][band] = typical / 2 + static_cast<int>(draw() % (typical + 1));
  return out;
}

std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

Result<DemoScaleCounts> SeedDemoScale(Services& s, const DemoActivityPlace& at, const DemoProgress& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  Store& store = s.ctx.store();
  BATON_ASSIGN_OR_RETURN(Record programme, store.Get("programme", at.programme_id));
  const std::string start = Str(programme.data, "start_date"), end = Str(programme.data, "end_date");
  if (start.empty() || end.empty() || end < start) {
    return Status::InvalidField("end_date", "the demo programme needs a start and an end date");
  }
  const int span = DaysBetween(start, end);
  std::vector<std::string> dates;  // every day of the programme, formatted once
  for (int d = 0; d <= span; ++d) dates.push_back(AddDays(start, d));
  const int weekday_of_day0 = Weekday(start);
  const ActivityCodeTable codes = ActivityCodesOfProgramme(programme.data);
  const AgeBands bands = AgeBandsOfProgramme(programme.data);

  BATON_ASSIGN_OR_RETURN(std::vector<Person> people,
                         ActivePeople(store, at.programme_id, at.manager.organization_id, start, span));
  std::vector<Activity> activities;
  std::vector<Cohort> cohorts;
  std::vector<PlannedSession> plan;
  PlanCohorts(people, span, weekday_of_day0, activities, cohorts);
  PlanInformation(people.size(), span, weekday_of_day0, activities, plan);
  DemoScaleCounts counts{.people = static_cast<int64_t>(people.size()),
                         .activities = static_cast<int64_t>(activities.size())};
  for (uint32_t c = 0; c < cohorts.size(); ++c) {
    for (int k = 0; k < cohorts[c].sessions; ++k) {
      plan.push_back({cohorts[c].first + 7 * k, false, c, static_cast<uint32_t>(k)});
      counts.attendance_entries += static_cast<int64_t>(cohorts[c].members.size());
    }
  }
  // Written in the order they were held, as the programme's sites would have synced them.
  std::stable_sort(plan.begin(), plan.end(), [](const PlannedSession& a, const PlannedSession& b) { return a.day < b.day; });
  counts.sessions = static_cast<int64_t>(plan.size());
  say("planned " + Thousands(counts.activities) + " activities and " + Thousands(counts.sessions) + " sessions (" +
      Thousands(counts.attendance_entries) + " attendance entries) for " + Thousands(counts.people) + " people");

  std::vector<ChangeSet> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    BATON_RETURN_IF_ERROR(store.CommitBatch(std::move(batch)).status());
    batch.clear();
    return Status::Ok();
  };
  std::vector<int> numbers(2 * kGroupCount + 1, 0);  // activities of each kind so far, for their titles
  for (Activity& a : activities) {
    const int number = ++numbers[a.work == &kInformation ? 2 * kGroupCount : static_cast<int>(a.work - &kWork[0][0])];
    a.block = 1 + static_cast<int>(Mix(number, a.first, 1) % kBlocks);
    BATON_ASSIGN_OR_RETURN(a.state, ActivityState(a, number, at, codes, dates));
    a.id = s.ctx.NewId();
    ChangeSet set = s.ctx.NewChangeSet(at.manager);
    set.changes.push_back({kActivityKind, a.id, ChangeOp::kCreate, a.state, {}});
    batch.push_back(std::move(set));
    if (batch.size() == kBatch) BATON_RETURN_IF_ERROR(flush());
  }
  BATON_RETURN_IF_ERROR(flush());

  const auto began = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  };
  std::mt19937 draw(2017);
  int64_t written = 0, entries = 0, next_report = counts.sessions / 20;
  for (const PlannedSession& p : plan) {
    const Cohort* cohort = p.headcount ? nullptr : &cohorts[p.of];
    const Activity& a = activities[p.headcount ? p.of : cohort->activity];
    const GroupWork& w = *a.work;
    Json body = {{"activity_id", a.id},
                 {"date", dates[static_cast<size_t>(p.day)]},
                 {"start_time", w.start_time},
                 {"end_time", w.end_time},
                 {"place", std::string("Block ") + std::to_string(a.block) + ", " + w.place},
                 {"facilitator_id", at.facilitator_id}};
    // The checks of ActivityService::CreateSession and AttendanceService::AttendanceChange that need
    // no store: the people named are the programme's active people, registered before the cohort began.
    BATON_ASSIGN_OR_RETURN(Json session, ValidateInput(SessionSpec(), body, InputMode::kCreate));
    BATON_RETURN_IF_ERROR(CheckSessionInActivity(session, a.state));
    Json counting = Json::object();
    if (p.headcount) {
      counting["headcount"] = Headcount(draw);
      BATON_RETURN_IF_ERROR(CheckHeadcount(counting["headcount"], bands));
    } else {
      Json list = Json::array();
      for (size_t m = 0; m < cohort->members.size(); ++m) {
        const bool present = Mix(p.of, p.k, m) % 100 < kTurnoutPercent;
        list.push_back({{"person_id", people[cohort->members[m]].id}, {"present", present}});
      }
      entries += static_cast<int64_t>(list.size());
      counting["attendance"] = std::move(list);
      BATON_RETURN_IF_ERROR(CheckNamedAttendance(counting["attendance"]));
    }
    BATON_RETURN_IF_ERROR(CheckOneWayOfCounting(counting));
    BATON_RETURN_IF_ERROR(CheckAttendanceOfActivity(counting, a.state));
    session["organization_id"] = a.state["organization_id"];
    session["programme_id"] = a.state["programme_id"];
    Json recorded = {{"organization_id", a.state["organization_id"]},
                     {"programme_id", a.state["programme_id"]},
                     {"activity_id", a.id},
                     {"date", session["date"]}};
    for (auto& [field, value] : counting.items()) recorded[field] = std::move(value);
    const std::string id = s.ctx.NewId();
    ChangeSet set = s.ctx.NewChangeSet(at.manager);
    set.changes.push_back({kSessionKind, id, ChangeOp::kCreate, std::move(session), {}});
    set.changes.push_back({kAttendanceKind, id, ChangeOp::kCreate, std::move(recorded), {}});
    batch.push_back(std::move(set));
    if (batch.size() == kBatch) BATON_RETURN_IF_ERROR(flush());
    ++written;
    if (p.headcount) ++counts.headcount_sessions;
    if (next_report > 0 && written >= next_report && written < counts.sessions) {
      next_report += counts.sessions / 20;
      const double t = seconds();
      say("sessions " + Thousands(written) + " of " + Thousands(counts.sessions) + ", " + Thousands(entries) +
          " attendance entries, " + std::to_string(static_cast<int64_t>(t)) + " s");
    }
  }
  BATON_RETURN_IF_ERROR(flush());
  counts.seconds = seconds();
  char rate[160];
  std::snprintf(rate, sizeof rate, "attendance: %lld entries in %lld sessions written in %.1f s (%.0f entries/s)",
                static_cast<long long>(entries), static_cast<long long>(written), counts.seconds,
                counts.seconds > 0 ? static_cast<double>(entries) / counts.seconds : 0.0);
  say(rate);
  return counts;
}

}  // namespace baton
