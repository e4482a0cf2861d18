#include "service/demo_activities.h"

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "domain/dates.h"
#include "service/demo_assessment.h"
#include "service/record_view.h"

namespace baton {
namespace {

// Who a named activity takes attendance of: people of the programme registered before it began.
struct Members {
  std::string sex;  // "female" or "male"
  int min_age = 0, max_age = 0;  // on the activity's start date
  int count = 0;
  double turnout = 0.8;  // the share present at a session
};

// A headcount's typical cells (sex -> age band -> people); each session varies around them.
using Crowd = std::map<std::string, std::map<std::string, int>>;

// One activity of the story and when its sessions were held.
struct Planned {
  Json plan;              // the activity as the manager entered it (programme and site added)
  int every_days = 7;     // sessions from start_date, this many days apart, up to end_date
  int max_sessions = 0;   // 0: as many as fit
  std::string start_time, end_time, place;  // of every session
  std::vector<std::string> notes;           // for the first sessions, one each (sealed)
  Members members;                          // named attendance (count 0: none recorded)
  Crowd crowd;                              // headcount attendance (empty: none recorded)
  int trainees = 0;                         // a training's participants (staff of the agencies)
};

std::vector<Planned> Story(const DemoActivityPlace& at) {
  const Json facilitated = {{"user_ids", {at.facilitator_id}}};
  auto with = [&](Json extra) {
    Json f = facilitated;
    f["external"] = std::move(extra);
    return f;
  };
  return {
      {{{"stream", "needs_assessment"},
        {"title", "MHPSS needs assessment, Bor PoC site"},
        {"description", "Focus groups and key informant interviews across the blocks of the site."},
        {"target_group", "residents of the PoC site, community leaders"},
        {"start_date", "2014-03-10"},
        {"end_date", "2014-04-30"},
        {"status", "completed"},
        {"attendance_mode", "headcount"},
        {"facilitators", facilitated}},
       7, 7, "09:00", "13:00", "Block leaders' shelter", {}, {},
       {{"female", {{"18_59", 9}, {"60_plus", 2}}}, {"male", {{"18_59", 8}, {"60_plus", 3}}}}},
      {{{"stream", "capacity_building"},
        {"title", "Psychological first aid for humanitarian staff"},
        {"target_group", "staff of the agencies working in the site"},
        {"topics", {"psychological_first_aid", "self_care", "referral"}},
        {"completion_rule_percent", 80},
        {"start_date", "2014-06-02"},
        {"end_date", "2014-06-06"},
        {"status", "completed"},
        {"facilitators", with({{{"name", "IOM MHPSS officer, Juba"}, {"organization", "IOM"}}})}},
       1, 5, "08:30", "16:30", "IOM training tent", {}, {}, {}, 18},
      {{{"stream", "capacity_building"},
        {"title", "Basic counselling skills for lay counsellors"},
        {"target_group", "lay counsellors and community workers"},
        {"topics", {"basic_counselling", "referral"}},
        {"completion_rule_percent", 80},
        {"start_date", "2015-02-02"},
        {"end_date", "2015-03-27"},
        {"status", "completed"},
        {"facilitators", facilitated}},
       7, 8, "09:00", "15:00", "IOM training tent", {}, {}, {}, 12},
      {{{"stream", "recreational"},
        {"title", "Youth football league"},
        {"target_group", "young men and women, 15 to 24"},
        {"start_date", "2014-07-05"},
        {"end_date", "2017-08-12"},
        {"status", "completed"},
        {"attendance_mode", "headcount"},
        {"schedule", {{"frequency", "weekly"}, {"weekdays", {"sat"}}, {"start_time", "16:00"}, {"end_time", "18:00"}}},
        {"facilitators", facilitated}},
       14, 0, "16:00", "18:00", "Football ground by the UNMISS fence", {}, {},
       {{"female", {{"12_17", 8}, {"18_59", 6}}}, {"male", {{"12_17", 22}, {"18_59", 18}}}, {"not_recorded", {{"12_17", 2}}}}},
      {{{"stream", "recreational"},
        {"title", "Dinka and Nuer cultural dance evenings"},
        {"target_group", "all ages"},
        {"start_date", "2015-01-17"},
        {"end_date", "2017-07-15"},
        {"status", "completed"},
        {"attendance_mode", "headcount"},
        {"facilitators", with({{{"name", "Elders' committee"}}})}},
       28, 0, "17:00", "19:30", "Community centre", {}, {},
       {{"female", {{"0_5", 6}, {"6_11", 14}, {"12_17", 12}, {"18_59", 25}, {"60_plus", 5}}},
        {"male", {{"0_5", 5}, {"6_11", 12}, {"12_17", 10}, {"18_59", 20}, {"60_plus", 6}}}}},
      {{{"stream", "vocational"},
        {"title", "Women's bakery training, 2016 cohort"},
        {"trade", "bakery"},
        {"enrolment_criteria", "Women heading households, widows and survivors of violence living in the site."},
        {"target_group", "women with specific needs"},
        {"completion_rule_percent", 80},
        {"start_date", "2016-02-01"},
        {"end_date", "2016-07-29"},
        {"status", "completed"},
        {"facilitators", with({{{"name", "Master baker, Bor town"}}})}},
       7, 0, "08:00", "12:00", "Bakery shelter, block 2", {}, {"female", 18, 59, 20, 0.9}},
      {{{"stream", "peer_support"},
        {"title", "Women's peer-support group, block 3"},
        {"target_group", "women who lost family members in the conflict"},
        {"start_date", "2015-04-07"},
        {"end_date", "2017-08-08"},
        {"status", "completed"},
        {"schedule", {{"frequency", "fortnightly"}, {"weekdays", {"tue"}}, {"start_time", "10:00"}, {"end_time", "12:00"}}},
        {"facilitators", facilitated}},
       14, 0, "10:00", "12:00", "Women's centre",
       {"First meeting: members agreed the group's rules and to keep what is said in the group.",
        "Two members spoke about their sons; the group decided to meet weekly during the rains.",
        "One member asked to see a counsellor: referred to the lay counselling team."},
       {"female", 18, 59, 14, 0.8}},
      {{{"stream", "peer_support"},
        {"title", "Youth peer-support group"},
        {"target_group", "young men, 18 to 30"},
        {"start_date", "2016-01-06"},
        {"end_date", "2017-08-09"},
        {"status", "completed"},
        {"facilitators", facilitated}},
       14, 0, "15:00", "17:00", "Youth centre", {}, {"male", 18, 30, 12, 0.7}},
      {{{"stream", "information"},
        {"title", "Information sessions: services in the site and how to reach them"},
        {"topics", {"services", "mental_health_awareness"}},
        {"target_group", "new arrivals and block representatives"},
        {"start_date", "2014-05-06"},
        {"end_date", "2017-08-01"},
        {"status", "completed"},
        {"facilitators", facilitated}},
       56, 0, "10:00", "11:00", "Distribution point", {}, {},
       {{"female", {{"18_59", 18}, {"60_plus", 3}}}, {"male", {{"18_59", 14}, {"60_plus", 4}}}, {"not_recorded", {{"18_59", 2}}}}},
  };
}

// The first `m.count` people of the programme (in registration order) who fit `m` on `start`.
Result<std::vector<std::string>> PeopleFor(Store& store, const std::string& programme_id, const Members& m,
                                           const std::string& start, const std::set<std::string>& taken) {
  std::vector<std::string> out;
  ListQuery q{.kind = "person", .equals = {{"programme_id", programme_id}, {"sex", m.sex}}, .limit = 1000};
  while (static_cast<int>(out.size()) < m.count) {
    BATON_ASSIGN_OR_RETURN(RecordPage page, store.List(q));
    for (const Record& p : page.items) {
      const std::string born = Str(p.data, "birth_date_est"), registered = Str(p.data, "registered_on");
      if (born.empty() || registered.empty() || registered > start || Str(p.data, "status") != "active") continue;
      const int age = YearsBetween(born, start);
      if (age >= m.min_age && age <= m.max_age && !taken.contains(p.id)) out.push_back(p.id);
      if (static_cast<int>(out.size()) == m.count) break;
    }
    if (!page.has_more) break;
    q.after_id = page.items.back().id;
  }
  return out;
}

// Staff of the agencies in the site, for the trainings: name, agency, role, sex.
Json Trainee(int i, std::mt19937& draw) {
  static const char* const kWomen[] = {"Achol", "Nyandeng", "Abuk", "Ayen", "Nyibol", "Adut", "Akuol", "Nyanut"};
  static const char* const kMen[] = {"Deng", "Garang", "Majok", "Ladu", "Kuol", "Malual", "Chol", "Wani"};
  static const char* const kFamilies[] = {"Aguer", "Bol", "Manyang", "Atem", "Makuei", "Riak", "Gai", "Kiir", "Thon"};
  static const char* const kAgencies[][2] = {{"IOM", "psychosocial assistant"},
                                             {"County Health Department", "nurse"},
                                             {"Bor Parish school", "teacher"},
                                             {"Health cluster partner clinic", "clinical officer"},
                                             {"UNMISS protection team", "protection officer"},
                                             {"Community-based women's group", "community mobiliser"}};
  const bool woman = i % 2 == 0;
  const auto& agency = kAgencies[static_cast<size_t>(i) % std::size(kAgencies)];
  const int pre = 25 + static_cast<int>(draw() % 30);
  return {{"name", std::string(woman ? kWomen[(i / 2) % 8] : kMen[(i / 2) % 8]) + " " + kFamilies[(i * 7) % 9]},
          {"agency", agency[0]},
          {"role", agency[1]},
          {"sex", woman ? "female" : "male"},
          {"pre_score", pre},
          {"post_score", std::min(100, pre + 10 + static_cast<int>(draw() % 35))}};
}

// One session's attendance: each member present with the activity's turnout.
Json Attendance(const std::vector<std::string>& members, double turnout, std::mt19937& draw) {
  Json out = Json::array();
  for (const std::string& id : members) {
    out.push_back({{"person_id", id}, {"present", draw() % 1000 < static_cast<uint32_t>(turnout * 1000)}});
  }
  return out;
}

// One session's headcount: each typical cell from half to one and a half times itself.
Json Headcount(const Crowd& crowd, std::mt19937& draw) {
  Json out = Json::object();
  for (const auto& [sex, bands] : crowd) {
    for (const auto& [band, typical] : bands) out[sex][band] = typical / 2 + static_cast<int>(draw() % (typical + 1));
  }
  return out;
}

}  // namespace

Result<int> SeedDemoActivities(Services& s, const DemoActivityPlace& at) {
  int sessions = 0;
  std::string first_training;
  std::mt19937 draw(2014);  // the same demo every time
  std::set<std::string> taken;  // one group per person, as the story's groups were
  for (Planned& p : Story(at)) {
    p.plan["programme_id"] = at.programme_id;
    p.plan["site_id"] = at.site_id;
    BATON_ASSIGN_OR_RETURN(Versioned activity, s.activities.Create(at.manager, p.plan));
    const std::string id = activity.view["id"];
    if (p.plan["stream"] == "capacity_building" && first_training.empty()) first_training = id;
    if (p.plan["stream"] == "needs_assessment") BATON_RETURN_IF_ERROR(SeedDemoAssessment(s, at, id).status());
    const std::string end = p.plan["end_date"];
    std::vector<std::string> members;
    std::vector<std::string> memberships;  // the membership of each member, in the same order
    if (p.members.count > 0) {
      BATON_ASSIGN_OR_RETURN(members, PeopleFor(s.ctx.store(), at.programme_id, p.members, p.plan["start_date"], taken));
      taken.insert(members.begin(), members.end());
      for (const std::string& person : members) {
        BATON_ASSIGN_OR_RETURN(Json m, s.memberships.Add(at.manager, id, {{"person_id", person}, {"joined_on", p.plan["start_date"]}}));
        memberships.push_back(m["id"]);
      }
    }
    std::vector<std::string> trainees;
    for (int i = 0; i < p.trainees; ++i) {
      BATON_ASSIGN_OR_RETURN(Json t, s.trainings.Add(at.manager, id, Trainee(i + static_cast<int>(sessions), draw)));
      trainees.push_back(t["id"]);
    }
    const bool cohort = p.plan["stream"] == "vocational";
    // Sessions the activity holds, so that the last member leaves halfway.
    size_t held = 0;
    for (std::string d = p.plan["start_date"]; d <= end && (p.max_sessions == 0 || held < static_cast<size_t>(p.max_sessions));
         d = AddDays(d, p.every_days)) {
      ++held;
    }
    size_t n = 0;
    for (std::string date = p.plan["start_date"]; date <= end; date = AddDays(date, p.every_days)) {
      if (p.max_sessions > 0 && n == static_cast<size_t>(p.max_sessions)) break;
      if (members.size() > 1 && n == held / 2) {
        // One member leaves (in a cohort: drops out) before this session.
        BATON_RETURN_IF_ERROR(s.memberships
                                  .Update(at.manager, memberships.back(),
                                          {{"left_on", AddDays(date, -1)}, {"status", cohort ? "dropped_out" : "left"},
                                           {"leave_reason", cohort ? "found work in Bor town" : "moved to another block"}},
                                          std::nullopt)
                                  .status());
        members.pop_back();
        memberships.pop_back();
      }
      Json session = {{"date", date}, {"start_time", p.start_time}, {"end_time", p.end_time}, {"place", p.place},
                      {"facilitator_id", at.facilitator_id}};
      if (n < p.notes.size()) session["notes"] = p.notes[n];
      if (!members.empty()) session["attendance"] = Attendance(members, p.members.turnout, draw);
      if (!trainees.empty()) {
        Json list = Json::array();
        for (const std::string& t : trainees) list.push_back({{"participant_id", t}, {"present", draw() % 100 < 88}});
        session["attendance"] = std::move(list);
      }
      if (!p.crowd.empty()) session["headcount"] = Headcount(p.crowd, draw);
      BATON_RETURN_IF_ERROR(s.activities.CreateSession(at.manager, id, session).status());
      ++n;
    }
    if (cohort) {
      for (const std::string& m : memberships) {
        BATON_RETURN_IF_ERROR(
            s.memberships.Update(at.manager, m, {{"left_on", end}, {"status", "completed"}}, std::nullopt).status());
      }
      // Twelve of the graduates form the Umbrella cooperative and open a bakery in the site.
      Json founders = Json::array();
      for (size_t i = 0; i < members.size() && i < 12; ++i) {
        Json member = {{"person_id", members[i]}, {"joined_on", "2016-09-01"}};
        if (i == 0) member["role"] = "chair";
        if (i == 1) member["role"] = "treasurer";
        founders.push_back(std::move(member));
      }
      BATON_RETURN_IF_ERROR(s.cooperatives
                                .Create(at.manager, {{"programme_id", at.programme_id},
                                                     {"site_id", at.site_id},
                                                     {"name", "Umbrella women's bakery cooperative"},
                                                     {"activity", "bakery: bread and mandazi for the site's market"},
                                                     {"kind", "cooperative"},
                                                     {"formed_from", id},
                                                     {"start_date", "2016-09-01"},
                                                     {"members", founders},
                                                     {"notes", "Started with the oven from the training; sells to "
                                                               "two shops and the school feeding programme."}})
                                .status());
    }
    sessions += static_cast<int>(n);
  }
  // The refresher the programme gave after the handover period began.
  Json refresher = {{"programme_id", at.programme_id},
                    {"site_id", at.site_id},
                    {"stream", "capacity_building"},
                    {"title", "Psychological first aid, refresher"},
                    {"topics", {"psychological_first_aid"}},
                    {"refresher_of", first_training},
                    {"start_date", "2017-08-21"},
                    {"end_date", "2017-08-22"},
                    {"status", "planned"},
                    {"facilitators", {{"user_ids", {at.facilitator_id}}}}};
  BATON_RETURN_IF_ERROR(s.activities.Create(at.manager, refresher).status());
  return sessions;
}

}  // namespace baton
