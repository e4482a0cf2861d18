#include "service/demo_mediation.h"

#include <algorithm>
#include <random>
#include <vector>

#include "domain/dates.h"
#include "service/record_view.h"

namespace baton {
namespace {

constexpr int kMaxMediations = 80;
constexpr const char* kFirstOpening = "2014-06-01";
constexpr const char* kLastOpening = "2017-07-31";
constexpr const char* kHandover = "2017-08-15";  // mediations opened in its last weeks stay open

// One kind of dispute of the story: how often it comes, who the parties are, what was said and
// agreed.
struct Dispute {
  const char* type;
  int weight;   // out of 100
  int persons;  // registered parties; the rest are groups from `groups`
  int groups;
  std::vector<const char*> groups_named;  // without names: where and who
  std::vector<const char*> summaries;
  std::vector<const char*> agreements;
};

const std::vector<Dispute>& Disputes() {
  static const std::vector<Dispute> d = {
      {.type = "family",
       .weight = 24,
       .persons = 2,
       .groups = 0,
       .groups_named = {},
       .summaries = {"A quarrel between a husband and wife over the ration card since they were separated in the "
                     "fighting.",
                     "Two brothers disagree over who keeps their late father's cattle money.",
                     "A mother-in-law and her son's widow quarrel over the care of the children."},
       .agreements = {"The ration card is collected by both on alternate months; the children stay with their mother.",
                      "The money is divided in three; the eldest keeps the share of the younger sister until she "
                      "marries.",
                      "The grandmother cares for the children on market days; both attend the women's group "
                      "together."}},
      {.type = "resource",
       .weight = 24,
       .persons = 1,
       .groups = 1,
       .groups_named = {"households around water point 4", "women collecting firewood south of the site",
                        "the food distribution queue leaders of block 5"},
       .summaries = {"Fights at water point 4 in the morning queue; a woman was pushed and hurt.",
                     "Firewood taken from women's bundles on the way back to the site.",
                     "Accusations that rations were collected twice with a borrowed card."},
       .agreements = {"Households draw water by block on alternate mornings; the water committee keeps the order.",
                      "Women go for firewood in groups of five, with the block's youth escorting them.",
                      "The card is returned; the block leader checks cards at the next distribution."}},
      {.type = "land_shelter",
       .weight = 14,
       .persons = 2,
       .groups = 0,
       .groups_named = {},
       .summaries = {"A new arrival built a shelter on a plot a family says is theirs.",
                     "Neighbours quarrel over a drainage ditch that floods one shelter in the rains."},
       .agreements = {"The new family moves to the plot the camp management assigned; the first family helps carry "
                      "the poles.",
                      "The ditch is dug along the path; both families clear it after each storm."}},
      {.type = "inter_community",
       .weight = 12,
       .persons = 0,
       .groups = 2,
       .groups_named = {"Dinka Bor residents of block 2", "Nuer residents of block 5", "young men of the market area",
                        "traders from Bor town"},
       .summaries = {"Rumours after a killing outside the site; youth from both blocks gathered with sticks.",
                     "Disputes at the market over prices and stolen goods between groups of different communities."},
       .agreements = {"Elders of both blocks meet weekly at the community centre; rumours are brought to them before "
                      "anyone acts.",
                      "A market committee with members of both communities settles complaints on the day."}},
      {.type = "youth",
       .weight = 12,
       .persons = 0,
       .groups = 2,
       .groups_named = {"youth of block 3", "youth of block 6", "the football team of block 1",
                        "young women of the tailoring group"},
       .summaries = {"Fighting after a football match; two young men were injured.",
                     "Young men block the path to the youth centre and insult the young women."},
       .agreements = {"The teams play mixed sides at the next league day; the captains report any fight to the coach.",
                      "The youth centre path is walked in groups; the youth committee apologised at the women's "
                      "meeting."}},
      {.type = "gender_based",
       .weight = 4,
       .persons = 1,
       .groups = 1,
       .groups_named = {"her husband's family"},
       .summaries = {"A woman was beaten by her husband; his family asked the mediators to settle it."},
       .agreements = {}},
      {.type = "other",
       .weight = 10,
       .persons = 1,
       .groups = 1,
       .groups_named = {"the church choir committee", "the bakery cooperative's neighbours"},
       .summaries = {"A dispute over noise and smoke from an oven next to shelters.",
                     "Money collected for a funeral went missing."},
       .agreements = {"The oven is moved to the far side of the bakery; the cooperative sells bread to neighbours "
                      "at cost on Fridays.",
                      "The treasurer repays the money in three instalments; two members count the funds each "
                      "month."}},
  };
  return d;
}

const char* const kSessionNotes[] = {
    "Met each party apart first; both agreed to a meeting with the block leader present.",
    "Both sides spoke without interruption; the mediator summarised what each needs.",
    "Tension at the start; the elder reminded everyone of the rules agreed at the first meeting.",
    "Options were listed on the board; each side chose two they could accept.",
    "One party did not come; the mediators visited the shelter and rescheduled.",
};
const char* const kFollowUpNotes[] = {
    "Visited both parties: the agreement is kept and the families greet each other again.",
    "Mostly kept; one quarrel last week was settled by the block leader.",
    "The agreement broke down after a new incident; both sides were offered another meeting.",
};
const char* const kReferrals[] = {
    "Referred to the camp management's shelter committee, which allocates plots.",
    "Referred to the UNMISS community protection team after threats of violence.",
    "Referred to the protection desk for the missing documents; both parties agreed.",
};
const char* const kGbvReferral =
    "Not mediated. With her consent the woman was referred to GBV case management at the women's centre; the "
    "family was told the case is not for mediation.";
const char* const kLeaders[][2] = {{"Chief Makuei Deng", "block chief, block 2"},
                                   {"Mama Nyandeng Garang", "women's leader"},
                                   {"Pastor John Kuol", "church elder"},
                                   {"Gatluak Riek", "Nuer community leader, block 5"}};

std::string RandomDate(std::mt19937& draw, const std::string& from, const std::string& to) {
  const int span = DaysBetween(from, to);
  return AddDays(from, static_cast<int>(draw() % static_cast<unsigned>(span + 1)));
}

template <typename T>
const T& Pick(std::mt19937& draw, const std::vector<T>& list) {
  return list[draw() % list.size()];
}

template <size_t N>
const char* Pick(std::mt19937& draw, const char* const (&list)[N]) {
  return list[draw() % N];
}

const Dispute& DrawDispute(std::mt19937& draw) {
  int roll = static_cast<int>(draw() % 100);
  for (const Dispute& d : Disputes()) {
    if (roll < d.weight) return d;
    roll -= d.weight;
  }
  return Disputes().back();
}

// Two community dialogue series of the story, with headcount attendance every month.
struct Dialogue {
  Json plan;
  std::string id;
};

Result<std::vector<Dialogue>> PlanDialogues(Services& s, const DemoMediationPlace& at, std::mt19937& draw) {
  std::vector<Dialogue> out = {
      {{{"title", "Inter-community dialogue: Dinka and Nuer block leaders"},
        {"description", "Monthly dialogue of elders, women's and youth leaders of both communities in the site."},
        {"target_group", "block leaders, elders, women's and youth leaders"},
        {"start_date", "2015-03-14"},
        {"end_date", "2017-07-08"}},
       ""},
      {{{"title", "Youth peace forum"},
        {"description", "Young people of all blocks meet to talk through tensions, with sport and drama."},
        {"target_group", "young men and women, 15 to 24"},
        {"start_date", "2016-02-20"},
        {"end_date", "2017-07-22"}},
       ""},
  };
  for (Dialogue& d : out) {
    d.plan["programme_id"] = at.programme_id;
    d.plan["site_id"] = at.site_id;
    d.plan["stream"] = "recreational";
    d.plan["activity_code"] = "peacebuilding";
    d.plan["attendance_mode"] = "headcount";
    d.plan["status"] = "completed";
    d.plan["schedule"] = {{"frequency", "monthly"}, {"start_time", "10:00"}, {"end_time", "12:30"}};
    d.plan["facilitators"] = {{"user_ids", {at.facilitator.user_id}}, {"external", {{{"name", kLeaders[0][0]}}}}};
    BATON_ASSIGN_OR_RETURN(Versioned activity, s.activities.Create(at.manager, d.plan));
    d.id = Str(activity.view, "id");
    const bool youth = d.plan["title"] == "Youth peace forum";
    for (std::string date = d.plan["start_date"]; date <= d.plan["end_date"].get<std::string>();
         date = AddDays(date, 28)) {
      auto around = [&](int typical) {
        return typical / 2 + static_cast<int>(draw() % static_cast<unsigned>(typical + 1));
      };
      Json headcount = youth ? Json{{"female", {{"12_17", around(8)}, {"18_59", around(6)}}},
                                    {"male", {{"12_17", around(14)}, {"18_59", around(12)}}}}
                             : Json{{"female", {{"18_59", around(10)}, {"60_plus", around(3)}}},
                                    {"male", {{"18_59", around(12)}, {"60_plus", around(6)}}}};
      Json session = {{"date", date},
                      {"start_time", "10:00"},
                      {"end_time", "12:30"},
                      {"place", "Community centre"},
                      {"facilitator_id", at.facilitator.user_id},
                      {"headcount", std::move(headcount)}};
      BATON_RETURN_IF_ERROR(s.activities.CreateSession(at.manager, d.id, session).status());
    }
  }
  return out;
}

// Adults of the programme registered by `date`, drawn without repeating anyone.
class PartyPool {
 public:
  explicit PartyPool(std::vector<Record> people) : people_(std::move(people)) {}
  std::string Next(const std::string& date) {
    for (size_t i = next_; i < people_.size(); ++i) {
      const Json& p = people_[i].data;
      const std::string born = Str(p, "birth_date_est"), registered = Str(p, "registered_on");
      if (Str(p, "status") != "active" || registered.empty() || registered > date || born.empty() ||
          YearsBetween(born, date) < 18) {
        continue;
      }
      std::swap(people_[i], people_[next_]);
      return people_[next_++].id;
    }
    return "";
  }

 private:
  std::vector<Record> people_;
  size_t next_ = 0;
};

}  // namespace

int DemoMediationCount(int people) { return std::min(kMaxMediations, people / 30); }

Result<int> SeedDemoMediation(Services& s, const DemoMediationPlace& at, int mediations) {
  if (mediations <= 0) return 0;
  std::mt19937 draw(20150314);
  BATON_ASSIGN_OR_RETURN(std::vector<Dialogue> dialogues, PlanDialogues(s, at, draw));
  ListQuery q{.kind = "person", .equals = {{"programme_id", at.programme_id}}, .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> people, ListAll(s.ctx.store(), q));
  std::shuffle(people.begin(), people.end(), draw);
  PartyPool pool(std::move(people));
  // Opening dates in order, so that the register reads as the years went.
  std::vector<std::string> openings;
  for (int i = 0; i < mediations; ++i) openings.push_back(RandomDate(draw, kFirstOpening, kLastOpening));
  std::sort(openings.begin(), openings.end());
  int opened = 0;
  for (const std::string& date : openings) {
    const Dispute& dispute = DrawDispute(draw);
    Json parties = Json::array();
    for (int p = 0; p < dispute.persons; ++p) {
      const std::string person = pool.Next(date);
      if (!person.empty()) parties.push_back({{"person_id", person}});
    }
    std::vector<const char*> groups = dispute.groups_named;
    std::shuffle(groups.begin(), groups.end(), draw);
    for (int g = 0; g < dispute.groups && g < static_cast<int>(groups.size()); ++g) {
      parties.push_back({{"description", groups[static_cast<size_t>(g)]}});
    }
    if (parties.size() < kMinParties) continue;  // too few people registered yet
    // The facilitator mediates every case, the counsellor some, and a community leader most.
    const bool with_counsellor = draw() % 5 < 2;
    const Principal& recorder = with_counsellor ? at.counsellor : at.facilitator;
    Json mediators = {{{"user_id", at.facilitator.user_id}}};
    if (with_counsellor) mediators.push_back({{"user_id", at.counsellor.user_id}});
    if (draw() % 4 != 0) {
      const auto& leader = kLeaders[draw() % std::size(kLeaders)];
      mediators.push_back({{"name", leader[0]}, {"role", leader[1]}});
    }
    Json input = {{"programme_id", at.programme_id},
                  {"dispute_type", dispute.type},
                  {"parties", parties},
                  {"mediators", mediators},
                  {"opened_on", date},
                  {"summary", Pick(draw, dispute.summaries)}};
    // Inter-community and youth cases are linked to the dialogue series that ran at the time.
    const std::string type = dispute.type;
    if (type == "inter_community" || type == "youth") {
      const Dialogue& d = dialogues[type == "youth" ? 1 : 0];
      if (date >= Str(d.plan, "start_date") && date <= Str(d.plan, "end_date")) input["activity_ids"] = {d.id};
    }
    BATON_ASSIGN_OR_RETURN(Json m, s.mediations.Create(recorder, input));
    const std::string id = Str(m, "id");
    ++opened;
    const bool stays_open = DaysBetween(date, kHandover) < 45;
    if (type == "gender_based") {
      // Not mediated: referred the next day.
      BATON_RETURN_IF_ERROR(s.mediations
                                .Update(recorder, id,
                                        {{"status", "closed"},
                                         {"outcome", "referred"},
                                         {"closed_on", AddDays(date, 1)},
                                         {"referral_note", kGbvReferral}},
                                        std::nullopt)
                                .status());
      continue;
    }
    // Sessions a week apart: apart first, then together (or shuttling between them).
    const int sessions = 1 + static_cast<int>(draw() % 4);
    std::string day = AddDays(date, 1 + static_cast<int>(draw() % 4));
    std::string last_session_id, last = date;
    for (int n = 0; n < sessions && day < kHandover; ++n) {
      const char* kind = n == 0 && sessions > 1 ? "separate" : (draw() % 4 == 0 ? "shuttle" : "joint");
      Json session = {{"date", day},
                      {"kind", kind},
                      {"duration_minutes", 45 + 15 * static_cast<int>(draw() % 5)},
                      {"place", type == "inter_community" ? "Community centre" : "Block leader's shelter"},
                      {"notes", Pick(draw, kSessionNotes)}};
      BATON_ASSIGN_OR_RETURN(Json recorded, s.mediations.AddSession(recorder, id, session));
      last_session_id = Str(recorded, "id");
      last = day;
      day = AddDays(day, 7);
    }
    // The outcome: mostly resolved or partly, a few unresolved or referred.
    const int roll = static_cast<int>(draw() % 100);
    const char* outcome = roll < 55   ? "resolved"
                          : roll < 80 ? "partially_resolved"
                          : roll < 91 ? "unresolved"
                                      : "referred";
    std::vector<std::string> agreements;
    if (std::string(outcome) == "resolved" || std::string(outcome) == "partially_resolved") {
      Json agreement = {{"date", last}, {"text", Pick(draw, dispute.agreements)}};
      if (!last_session_id.empty()) agreement["session_id"] = last_session_id;
      BATON_ASSIGN_OR_RETURN(Json a, s.mediations.AddAgreement(recorder, id, agreement));
      agreements.push_back(Str(a, "id"));
    }
    if (stays_open) {
      // Still being mediated at the handover: the next meeting is the follow-up date.
      BATON_RETURN_IF_ERROR(
          s.mediations.Update(recorder, id, {{"follow_up_on", AddDays(last, 14)}}, std::nullopt).status());
      continue;
    }
    const std::string closed = AddDays(last, 2);
    const std::string follow_up = AddDays(closed, 30);
    Json closing = {{"status", "closed"}, {"outcome", outcome}, {"closed_on", closed}};
    if (std::string(outcome) == "referred") closing["referral_note"] = Pick(draw, kReferrals);
    if (!agreements.empty()) closing["follow_up_on"] = follow_up;
    BATON_RETURN_IF_ERROR(s.mediations.Update(recorder, id, closing, std::nullopt).status());
    // A month on, the mediators checked whether the agreements held (unless the handover came first).
    if (agreements.empty() || follow_up >= kHandover) continue;
    const int held_roll = static_cast<int>(draw() % 10);
    const char* held = held_roll < 7 ? "held" : held_roll < 9 ? "partly_held" : "not_held";
    BATON_RETURN_IF_ERROR(s.mediations
                              .AddSession(recorder, id,
                                          {{"date", follow_up},
                                           {"kind", "follow_up"},
                                           {"duration_minutes", 30},
                                           {"notes", kFollowUpNotes[held_roll < 7   ? 0
                                                                    : held_roll < 9 ? 1
                                                                                    : 2]}})
                              .status());
    for (const std::string& a : agreements) {
      BATON_RETURN_IF_ERROR(
          s.mediations.UpdateAgreement(recorder, a, {{"held", held}, {"followed_up_on", follow_up}}, std::nullopt)
              .status());
    }
    BATON_RETURN_IF_ERROR(s.mediations.Update(recorder, id, {{"follow_up_on", nullptr}}, std::nullopt).status());
  }
  return opened;
}

}  // namespace baton
