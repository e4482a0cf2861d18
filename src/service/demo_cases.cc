#include "service/demo_cases.h"

#include <algorithm>
#include <random>
#include <vector>

#include "domain/dates.h"
#include "service/record_view.h"

namespace baton {
namespace {

constexpr int kMaxCases = 300;
constexpr const char* kFirstOpening = "2014-09-01";
constexpr const char* kLastOpening = "2017-07-15";
constexpr const char* kHandover = "2017-08-15";  // cases open on that day stay open

const char* const kSummaries[] = {
    "Cannot sleep since the fighting in December; wakes at night afraid.",
    "Lost her husband in 2014; cries often and has stopped going to the women's group.",
    "Headaches and worry about children still in Bor town; not eating well.",
    "Angry outbursts at home since arriving in the site; the family asked for help.",
    "Feels hopeless about the future; stays in the shelter most of the day.",
    "Nightmares about the attack on the hospital; avoids the market.",
    "Brought by the block leader after a quarrel with neighbours over water.",
    "Grieving two children; says the body feels heavy.",
};
const char* const kGoals[] = {
    "Sleep through most nights",  "Return to the women's group",    "Eat two meals a day",
    "Talk with the family about the loss", "Walk to the market without fear", "Find one thing to do each day",
    "Use the breathing exercise when angry", "Visit the health clinic about the headaches",
};
const char* const kSessionNotes[] = {
    "Listened to the story of the displacement; normalised the reactions.",
    "Practised slow breathing together; agreed to try it before sleep.",
    "Talked about what helped before the crisis: church, singing, cooking with neighbours.",
    "Mapped who is there to help in the block; named two people to visit.",
    "Reviewed the week: slept better on four nights.",
    "Problem solving about the ration card; referred questions to the protection desk.",
    "Grief: spoke about the funeral that could not be held.",
    "Planned a small daily activity; will join the bakery group visit.",
};
const char* const kSupervisionNotes[] = {
    "Good rapport. Keep sessions to one problem at a time.",
    "Check sleep and appetite at every session; consider a PHQ-9 at the next.",
    "The counsellor is tired: discussed self-care and caseload.",
    "Ready to plan the ending: review the goals together.",
};

std::string RandomDate(std::mt19937& draw, const std::string& from, const std::string& to) {
  const int span = DaysBetween(from, to);
  return AddDays(from, static_cast<int>(draw() % static_cast<unsigned>(span + 1)));
}

template <size_t N>
const char* Pick(std::mt19937& draw, const char* const (&list)[N]) {
  return list[draw() % N];
}

// PHQ-9 answers adding up to `total` (0..27): spread over items 1-8 (0..3 each), item 9 (thoughts
// of self-harm) as given.
Json Phq9Answers(std::mt19937& draw, int total, int item9) {
  std::vector<int> items(9, 0);
  items[8] = item9;
  int left = std::clamp(total - item9, 0, 24);
  while (left > 0) {
    int& item = items[draw() % 8];
    if (item < 3) {
      ++item;
      --left;
    }
  }
  return Json(items);
}

}  // namespace

int DemoCaseCount(int people) { return std::min(kMaxCases, people / 8); }

Result<int> SeedDemoCases(Services& s, const DemoCasePlace& at, int cases) {
  std::mt19937 draw(20140901);
  // Adults of the programme, in registration order.
  ListQuery q{.kind = "person", .equals = {{"programme_id", at.programme_id}}, .limit = 1000};
  BATON_ASSIGN_OR_RETURN(std::vector<Record> people, ListAll(s.ctx.store(), q));
  std::vector<std::string> candidates;
  for (const Record& p : people) {
    if (Str(p.data, "status") == "active") candidates.push_back(p.id);
  }
  std::shuffle(candidates.begin(), candidates.end(), draw);
  if (static_cast<int>(candidates.size()) < cases) cases = static_cast<int>(candidates.size());
  int risk_seen = 0;
  for (int i = 0; i < cases; ++i) {
    const std::string opened = RandomDate(draw, kFirstOpening, kLastOpening);
    Json plan_goals = Json::array();
    for (int g = 0; g < 2 + static_cast<int>(draw() % 2); ++g) plan_goals.push_back({{"text", Pick(draw, kGoals)}, {"status", "open"}});
    Json opened_case = {{"person_id", candidates[i]},
                        {"programme_id", at.programme_id},
                        {"counsellor_id", at.counsellor.user_id},
                        {"supervisor_id", at.supervisor.user_id},
                        {"opened_on", opened},
                        {"referral_source", std::vector<const char*>{"self", "family", "community_leader", "staff",
                                                                     "group_facilitator", "other_organisation"}[draw() % 6]},
                        {"summary", Pick(draw, kSummaries)}};
    BATON_ASSIGN_OR_RETURN(Json c, s.cases.Create(at.counsellor, opened_case));
    const std::string id = Str(c, "id");
    BATON_RETURN_IF_ERROR(s.cases.Update(at.counsellor, id, {{"status", "assessment"}}, std::nullopt).status());
    BATON_RETURN_IF_ERROR(
        s.cases.Update(at.counsellor, id, {{"status", "active"}, {"plan", {{"goals", plan_goals}}}}, std::nullopt).status());
    // Weekly sessions, a few missed; the last one sets the next appointment unless the case ends.
    const int sessions = 3 + static_cast<int>(draw() % 6);
    std::string date = AddDays(opened, 3 + static_cast<int>(draw() % 5));
    std::string last = opened;
    const std::string first_session = date;
    const bool stays_open = DaysBetween(opened, kHandover) < 60;
    for (int n = 0; n < sessions && date < kHandover; ++n) {
      const bool missed = draw() % 10 == 0;
      Json session = {{"date", date}, {"type", n == 0 || draw() % 4 ? "individual" : (draw() % 2 ? "home_visit" : "family")}};
      if (missed) {
        session["attended"] = false;
      } else {
        session["duration_minutes"] = 40 + static_cast<int>(draw() % 5) * 5;
        session["notes"] = Pick(draw, kSessionNotes);
      }
      const std::string next = AddDays(date, 7);
      if (n + 1 < sessions || stays_open) session["next_appointment"] = next;
      BATON_RETURN_IF_ERROR(s.cases.AddSession(at.counsellor, id, session).status());
      last = date;
      date = next;
    }
    if (draw() % 3 == 0) {
      BATON_RETURN_IF_ERROR(s.cases
                                .AddSupervision(at.supervisor, id,
                                                {{"date", AddDays(opened, 14)}, {"note", Pick(draw, kSupervisionNotes)}})
                                .status());
    }
    // About one case in seven has a risk assessment; one in four of those a high self-harm risk.
    if (draw() % 7 == 0) {
      const bool high = ++risk_seen % 4 == 0;
      Json risk = {{"person_id", candidates[i]},
                   {"case_id", id},
                   {"date", AddDays(opened, 7)},
                   {"self_harm", high ? "high" : (draw() % 2 ? "low" : "medium")},
                   {"protection", draw() % 3 ? "none" : "low"},
                   {"details", high ? "Spoke of not wanting to live; a safety plan was made with her sister."
                                    : "No plan or intent; knows whom to call."}};
      BATON_ASSIGN_OR_RETURN(Json assessed, s.risk.AddAssessment(at.counsellor, risk));
      // The supervisor acknowledged every flag but those of the last open cases.
      if (!stays_open) {
        for (const Json& flag : assessed.value("flags_raised", Json::array())) {
          BATON_RETURN_IF_ERROR(s.risk.Acknowledge(at.supervisor, Str(flag, "id"),
                                                   {{"note", "Called the counsellor; home visit the next day."}},
                                                   std::nullopt)
                                    .status());
        }
      }
    }
    static const char* const kOutcomes[] = {"improved", "improved", "improved", "partly_improved", "partly_improved",
                                            "unchanged", "unknown"};
    const std::string outcome = kOutcomes[draw() % std::size(kOutcomes)];
    // PHQ-9 at the first session and, unless the person was lost, at the last: the change follows
    // the outcome the counsellor records.
    const int before = 10 + static_cast<int>(draw() % 13);
    const bool thoughts = draw() % 15 == 0;
    BATON_ASSIGN_OR_RETURN(Json baseline,
                           s.outcomes.Add(at.counsellor, {{"instrument", "phq9"}, {"person_id", candidates[i]}, {"case_id", id},
                                                          {"date", first_session}, {"timepoint", "baseline"},
                                                          {"answers", Phq9Answers(draw, before, thoughts ? 1 : 0)}}));
    if (!stays_open) {
      for (const Json& flag : baseline.value("flags_raised", Json::array())) {
        BATON_RETURN_IF_ERROR(s.risk.Acknowledge(at.supervisor, Str(flag, "id"),
                                                 {{"note", "Discussed with the counsellor; safety plan checked."}},
                                                 std::nullopt)
                                  .status());
      }
    }
    if (stays_open) continue;
    if (outcome != "unknown" && last != first_session) {
      const int drop = outcome == "improved" ? 6 + static_cast<int>(draw() % 7)
                       : outcome == "partly_improved" ? 2 + static_cast<int>(draw() % 4)
                                                      : static_cast<int>(draw() % 3) - 1;
      BATON_RETURN_IF_ERROR(s.outcomes
                                .Add(at.counsellor, {{"instrument", "phq9"}, {"person_id", candidates[i]}, {"case_id", id},
                                                     {"date", last}, {"timepoint", "endline"},
                                                     {"answers", Phq9Answers(draw, std::max(0, before - drop), 0)}})
                                .status());
    }
    const char* reason = outcome == "unknown" ? "lost_contact" : (draw() % 6 == 0 ? "referred" : "goals_met");
    BATON_RETURN_IF_ERROR(
        s.cases.Update(at.counsellor, id, {{"status", "closing"}, {"closure_reason", reason}, {"outcome", outcome}},
                       std::nullopt)
            .status());
    BATON_RETURN_IF_ERROR(
        s.cases.Update(at.supervisor, id, {{"status", "closed"}, {"closed_on", AddDays(last, 2)}}, std::nullopt).status());
  }
  return cases;
}

}  // namespace baton
