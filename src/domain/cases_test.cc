#include "domain/cases.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

using enum CaseStatus;

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const FieldError& e : s.errors()) out.push_back(e.field);
  return out;
}

TEST(CaseStatusTest, NamesRoundTrip) {
  for (const std::string& name : CaseStatusNames()) {
    ASSERT_TRUE(ParseCaseStatus(name).has_value()) << name;
    EXPECT_EQ(CaseStatusName(*ParseCaseStatus(name)), name);
  }
  EXPECT_FALSE(ParseCaseStatus("open").has_value());
}

TEST(CaseTransitionTest, TheWholeTableForASupervisor) {
  // Rows: from; columns: to, in the order intake, assessment, active, closing, closed.
  const CaseStatus all[] = {kIntake, kAssessment, kActive, kClosing, kClosed};
  const bool allowed[5][5] = {
      {true, true, true, true, true},     // intake
      {false, true, true, true, true},    // assessment
      {false, false, true, true, true},   // active
      {false, false, true, true, true},   // closing: back to active, or signed off
      {false, true, true, false, true},   // closed: reopened to assessment or active
  };
  for (int f = 0; f < 5; ++f) {
    for (int t = 0; t < 5; ++t) {
      Status s = CheckCaseTransition(all[f], all[t], CaseActor::kSupervisor);
      EXPECT_EQ(s.ok(), allowed[f][t]) << CaseStatusName(all[f]) << " -> " << CaseStatusName(all[t]);
      if (!s.ok()) {
        EXPECT_EQ(s.code(), Code::kConflict);
        EXPECT_EQ(Fields(s), std::vector<std::string>{"status"});
      }
    }
  }
}

TEST(CaseTransitionTest, ACounsellorAsksForClosureAndNeverSignsItOff) {
  EXPECT_TRUE(CheckCaseTransition(kActive, kClosing, CaseActor::kCounsellor).ok());
  EXPECT_TRUE(CheckCaseTransition(kClosing, kActive, CaseActor::kCounsellor).ok());  // withdraws the request
  EXPECT_TRUE(CheckCaseTransition(kClosed, kActive, CaseActor::kCounsellor).ok());   // reopens
  for (CaseStatus from : {kIntake, kAssessment, kActive, kClosing}) {
    Status s = CheckCaseTransition(from, kClosed, CaseActor::kCounsellor);
    EXPECT_EQ(s.code(), Code::kConflict) << CaseStatusName(from);
    EXPECT_NE(s.message().find("closing"), std::string::npos) << s.message();
  }
}

Json OpenCase() {
  return {{"person_id", "p"}, {"programme_id", "g"}, {"counsellor_id", "c"}, {"supervisor_id", "s"},
          {"opened_on", "2015-03-02"}, {"status", "active"}};
}

TEST(CaseStateTest, ClosingNeedsAReasonAndAnOutcome) {
  Json c = OpenCase();
  c["status"] = "closing";
  Status s = CheckCaseState(OpenCase(), c);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"closure_reason", "outcome"}));
  c["closure_reason"] = "goals_met";
  c["outcome"] = "improved";
  EXPECT_TRUE(CheckCaseState(OpenCase(), c).ok());
}

TEST(CaseStateTest, ClosedNeedsADateNotBeforeOpening) {
  Json c = OpenCase();
  c["status"] = "closed";
  c["closure_reason"] = "goals_met";
  c["outcome"] = "improved";
  EXPECT_EQ(Fields(CheckCaseState(OpenCase(), c)), std::vector<std::string>{"closed_on"});
  c["closed_on"] = "2015-03-01";
  EXPECT_EQ(Fields(CheckCaseState(OpenCase(), c)), std::vector<std::string>{"closed_on"});
  c["closed_on"] = "2015-03-02";  // the same day is allowed
  EXPECT_TRUE(CheckCaseState(OpenCase(), c).ok());
}

TEST(CaseStateTest, AnOpenCaseCarriesNoClosureFields) {
  Json c = OpenCase();
  c["outcome"] = "improved";
  c["closed_on"] = "2015-05-01";
  EXPECT_EQ(Fields(CheckCaseState(OpenCase(), c)), (std::vector<std::string>{"outcome", "closed_on"}));
}

TEST(CaseStateTest, ReopeningNeedsAReason) {
  Json closed = OpenCase();
  closed["status"] = "closed";
  closed["closure_reason"] = "lost_contact";
  closed["outcome"] = "unknown";
  closed["closed_on"] = "2015-06-01";
  Json reopened = closed;
  reopened["status"] = "active";
  ApplyCaseMove(closed, reopened);
  EXPECT_EQ(Fields(CheckCaseState(closed, reopened)), std::vector<std::string>{"reopen_reason"});
  reopened["reopen_reason"] = "came back after the floods";
  EXPECT_TRUE(CheckCaseState(closed, reopened).ok());
}

TEST(CaseStateTest, FollowUpNotBeforeOpening) {
  Json c = OpenCase();
  c["next_follow_up"] = "2015-03-01";
  EXPECT_EQ(Fields(CheckCaseState(Json::object(), c)), std::vector<std::string>{"next_follow_up"});
  c["next_follow_up"] = "2015-03-02";
  EXPECT_TRUE(CheckCaseState(Json::object(), c).ok());
}

TEST(CaseMoveTest, ReopeningClearsTheClosureAndCountsIt) {
  Json closed = OpenCase();
  closed["status"] = "closed";
  closed["closure_reason"] = "goals_met";
  closed["outcome"] = "improved";
  closed["closed_on"] = "2015-06-01";
  closed["closure_signed_by"] = "s";
  closed["closure_signed_on"] = "2015-06-01";
  closed["reopened"] = 1;
  Json state = closed;
  state["status"] = "assessment";
  ApplyCaseMove(closed, state);
  for (const char* f : {"closure_reason", "outcome", "closed_on", "closure_signed_by", "closure_signed_on"}) {
    EXPECT_FALSE(state.contains(f)) << f;
  }
  EXPECT_EQ(state["reopened"], 2);
}

TEST(CaseMoveTest, SendingAClosureBackClearsTheRequest) {
  Json closing = OpenCase();
  closing["status"] = "closing";
  closing["closure_reason"] = "goals_met";
  closing["outcome"] = "improved";
  closing["closure_requested_by"] = "c";
  Json state = closing;
  state["status"] = "active";
  ApplyCaseMove(closing, state);
  EXPECT_FALSE(state.contains("closure_reason"));
  EXPECT_FALSE(state.contains("outcome"));
  EXPECT_FALSE(state.contains("closure_requested_by"));
  EXPECT_TRUE(CheckCaseState(closing, state).ok());
  // A sign-off keeps what the counsellor asked for.
  Json signed_off = closing;
  signed_off["status"] = "closed";
  ApplyCaseMove(closing, signed_off);
  EXPECT_EQ(signed_off["closure_reason"], "goals_met");
  EXPECT_EQ(signed_off["closure_requested_by"], "c");
}

TEST(CasePlanTest, GoalsAreChecked) {
  Json input = {{"person_id", "0190a3c4-1111-7000-8000-000000000001"},
                {"programme_id", "0190a3c4-1111-7000-8000-000000000002"},
                {"counsellor_id", "0190a3c4-1111-7000-8000-000000000003"},
                {"supervisor_id", "0190a3c4-1111-7000-8000-000000000004"},
                {"plan", {{"goals", {{{"text", "sleep through the night"}, {"status", "open"}},
                                     {{"text", " "}},
                                     {{"text", "x"}, {"status", "done"}},
                                     "not an object"}},
                          {"notes", "x"}}}};
  Result<Json> r = ValidateInput(CaseSpec(), input, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), (std::vector<std::string>{"plan.notes", "plan.goals[1].text",
                                                          "plan.goals[2].status", "plan.goals[3]"}));
  input["plan"] = {{"goals", {{{"text", "sleep through the night"}, {"status", "achieved"}}}}};
  EXPECT_TRUE(ValidateInput(CaseSpec(), input, InputMode::kCreate).ok());
}

TEST(CaseSessionTest, DatesFollowTheCase) {
  const Json c = OpenCase();
  Json s = {{"date", "2015-03-01"}, {"type", "individual"}};
  EXPECT_EQ(Fields(CheckCaseSessionState(s, c, "2015-04-01")), std::vector<std::string>{"date"});
  s["date"] = "2015-03-02";
  EXPECT_TRUE(CheckCaseSessionState(s, c, "2015-04-01").ok());
  s["date"] = "2015-04-02";  // after today
  EXPECT_EQ(Fields(CheckCaseSessionState(s, c, "2015-04-01")), std::vector<std::string>{"date"});
  s["date"] = "2015-04-01";
  s["next_appointment"] = "2015-04-01";
  EXPECT_EQ(Fields(CheckCaseSessionState(s, c, "2015-04-01")), std::vector<std::string>{"next_appointment"});
  s["next_appointment"] = "2015-04-08";
  EXPECT_TRUE(CheckCaseSessionState(s, c, "2015-04-01").ok());
}

TEST(CaseSessionTest, NotAfterAClosedCaseClosed) {
  Json c = OpenCase();
  c["status"] = "closed";
  c["closed_on"] = "2015-06-01";
  Json s = {{"date", "2015-06-02"}, {"type", "phone"}};
  EXPECT_EQ(Fields(CheckCaseSessionState(s, c, "2016-01-01")), std::vector<std::string>{"date"});
  s["date"] = "2015-06-01";
  EXPECT_TRUE(CheckCaseSessionState(s, c, "2016-01-01").ok());
}

TEST(CaseSessionTest, AMissedAppointmentHasNoDuration) {
  Json s = {{"date", "2015-04-01"}, {"type", "home_visit"}, {"attended", false}, {"duration_minutes", 30}};
  EXPECT_EQ(Fields(CheckCaseSessionState(s, OpenCase(), "2015-04-01")), std::vector<std::string>{"duration_minutes"});
  s.erase("duration_minutes");
  EXPECT_TRUE(CheckCaseSessionState(s, OpenCase(), "2015-04-01").ok());
}

TEST(RiskTest, TheLevelIsTheHighestDomain) {
  EXPECT_EQ(RiskLevelOf(Json::object()), "none");
  EXPECT_EQ(RiskLevelOf({{"self_harm", "low"}}), "low");
  EXPECT_EQ(RiskLevelOf({{"self_harm", "low"}, {"protection", "medium"}, {"harm_to_others", "none"}}), "medium");
  EXPECT_EQ(RiskLevelOf({{"self_harm", "none"}, {"harm_to_others", "high"}}), "high");
}

TEST(RiskTest, EachHighDomainRaisesAFlag) {
  EXPECT_TRUE(HighRiskDomains({{"self_harm", "medium"}}).empty());
  EXPECT_EQ(HighRiskDomains({{"self_harm", "high"}, {"harm_to_others", "low"}, {"protection", "high"}}),
            (std::vector<std::string>{"self_harm", "protection"}));
}

TEST(RiskTest, AtLeastOneDomainIsAssessed) {
  EXPECT_EQ(Fields(CheckRiskAssessmentState({{"date", "2015-01-01"}})), std::vector<std::string>{"self_harm"});
  EXPECT_TRUE(CheckRiskAssessmentState({{"protection", "none"}}).ok());
}

TEST(RiskTest, AcknowledgeHoursComeFromTheProgrammeWithinLimits) {
  EXPECT_EQ(RiskAcknowledgeHoursOf(Json::object()), 24);
  EXPECT_EQ(RiskAcknowledgeHoursOf({{"risk_acknowledge_hours", 4}}), 4);
  EXPECT_EQ(RiskAcknowledgeHoursOf({{"risk_acknowledge_hours", 720}}), 720);
  EXPECT_EQ(RiskAcknowledgeHoursOf({{"risk_acknowledge_hours", 0}}), 24);
  EXPECT_EQ(RiskAcknowledgeHoursOf({{"risk_acknowledge_hours", 721}}), 24);
  EXPECT_EQ(RiskAcknowledgeHoursOf({{"risk_acknowledge_hours", 2.5}}), 24);
  EXPECT_EQ(RiskAcknowledgeHoursOf({{"risk_acknowledge_hours", "12"}}), 24);
}

}  // namespace
}  // namespace baton
