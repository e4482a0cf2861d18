#include "domain/group_work.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace baton {
namespace {

const char* const kProgramme = "0190a1b2-0000-7000-8000-000000000001";
const char* const kSite = "0190a1b2-0000-7000-8000-000000000002";
const char* const kActivity = "0190a1b2-0000-7000-8000-000000000005";
const char* const kOtherActivity = "0190a1b2-0000-7000-8000-000000000006";
const char* const kOrganization = "0190a1b2-0000-7000-8000-000000000007";
const char* const kPerson[] = {"0190a1b2-0000-7000-8000-00000000000a", "0190a1b2-0000-7000-8000-00000000000b",
                               "0190a1b2-0000-7000-8000-00000000000c", "0190a1b2-0000-7000-8000-00000000000d"};
const char* const kMembership[] = {"0190a1b2-0000-7000-8000-0000000000a1", "0190a1b2-0000-7000-8000-0000000000a2",
                                   "0190a1b2-0000-7000-8000-0000000000a3"};

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field);
  return out;
}

const FieldError* ErrorOf(const Status& s, const std::string& field) {
  for (const auto& e : s.errors()) {
    if (e.field == field) return &e;
  }
  return nullptr;
}

// ---- training participants ----

Json Participant() {
  return Json{{"activity_id", kActivity}, {"name", "  Achol Deng "}, {"agency", "County Health Department"},
              {"agency_id", kOrganization}, {"role", "nurse"}, {"sex", "female"},
              {"pre_score", 45}, {"post_score", 72.5}, {"active", true}};
}

TEST(TrainingParticipantTest, ValidParticipantPassesSpecAndScores) {
  auto p = ValidateInput(TrainingParticipantSpec(), Participant(), InputMode::kCreate);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ((*p)["name"], "Achol Deng");  // trimmed
  EXPECT_TRUE(CheckScores(*p, 100).ok());
  EXPECT_EQ(TrainingParticipantSpec().kind, "participant");
  EXPECT_EQ(TrainingParticipantSealedFields(), std::vector<std::string>{"name"});
  // Staff of any organisation: agency_id and the rest are optional.
  Json minimal = {{"activity_id", kActivity}, {"name", "Ladu"}, {"agency", "Parish school"}, {"sex", "male"}};
  EXPECT_TRUE(ValidateInput(TrainingParticipantSpec(), minimal, InputMode::kCreate).ok());
}

TEST(TrainingParticipantTest, RequiredFieldsAreNamed) {
  auto r = ValidateInput(TrainingParticipantSpec(), Json::object(), InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields = Fields(r.status());
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"activity_id", "agency", "name", "sex"}));
  Json blank = Participant();
  blank["agency"] = "   ";
  r = ValidateInput(TrainingParticipantSpec(), blank, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"agency"});
}

TEST(TrainingParticipantTest, EachBadFieldIsNamed) {
  struct Case {
    const char* field;
    Json value;
  };
  for (const Case& c : std::vector<Case>{{"name", std::string(201, 'a')},
                                         {"agency", std::string(201, 'o')},
                                         {"role", std::string(101, 'r')},
                                         {"certificate_number", std::string(41, '1')},
                                         {"sex", "other"},
                                         {"agency_id", "County Health"},
                                         {"pre_score", "45"},
                                         {"post_score", -1},
                                         {"active", "yes"},
                                         {"person_id", kPerson[0]}}) {
    Json input = Participant();
    input[c.field] = c.value;
    auto r = ValidateInput(TrainingParticipantSpec(), input, InputMode::kCreate);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(Fields(r.status()), std::vector<std::string>{c.field}) << c.field;
  }
}

TEST(TrainingParticipantTest, TrainingCannotBeChangedByAPatch) {
  auto r = ValidateInput(TrainingParticipantSpec(), Json{{"activity_id", kOtherActivity}}, InputMode::kPatch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"activity_id"});
  EXPECT_TRUE(ValidateInput(TrainingParticipantSpec(), Json{{"post_score", 80}}, InputMode::kPatch).ok());
}

// ---- scores ----

TEST(ScoreTest, ScoresFromZeroToTheMaximumPass) {
  EXPECT_TRUE(CheckScores(Json{{"pre_score", 0}, {"post_score", 100}}, 100).ok());
  EXPECT_TRUE(CheckScores(Json{{"pre_score", 12.5}}, 20).ok());
  EXPECT_TRUE(CheckScores(Json{{"pre_score", nullptr}, {"post_score", nullptr}}, 100).ok());
  EXPECT_TRUE(CheckScores(Json::object(), 100).ok());
}

TEST(ScoreTest, ScoresOutsideTheTrainingsRangeNameTheirField) {
  Status s = CheckScores(Json{{"pre_score", 10}, {"post_score", 100.5}}, 100);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"post_score"});
  s = CheckScores(Json{{"pre_score", -1}, {"post_score", 50}}, 100);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"pre_score"});
  s = CheckScores(Json{{"pre_score", 21}, {"post_score", 25}}, 20);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{"pre_score", "post_score"}));
  ASSERT_NE(ErrorOf(s, "post_score"), nullptr);
  EXPECT_NE(ErrorOf(s, "post_score")->message.find("between 0 and 20"), std::string::npos)
      << ErrorOf(s, "post_score")->message;
  s = CheckScores(Json{{"post_score", "high"}}, 100);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"post_score"});
  EXPECT_EQ(s.code(), Code::kInvalid);
}

TEST(ScoreTest, MaxScoreDefaultsTo100) {
  EXPECT_EQ(TestMaxScoreOf(Json::object()), 100);
  EXPECT_EQ(TestMaxScoreOf(Json{{"test_max_score", 20}}), 20);
  EXPECT_EQ(TestMaxScoreOf(Json{{"test_max_score", 12.5}}), 12.5);
  EXPECT_EQ(TestMaxScoreOf(Json{{"test_max_score", 0}}), 100);
  EXPECT_EQ(TestMaxScoreOf(Json{{"test_max_score", -5}}), 100);
  EXPECT_EQ(TestMaxScoreOf(Json{{"test_max_score", "20"}}), 100);
  EXPECT_EQ(TestMaxScoreOf(Json{{"test_max_score", nullptr}}), 100);
  // A maximum that is not positive is taken as 100: 101 is then out of range.
  EXPECT_FALSE(CheckScores(Json{{"post_score", 101}}, 0).ok());
  EXPECT_TRUE(CheckScores(Json{{"post_score", 100}}, 0).ok());
}

TEST(ScoreTest, ChangeIsPostMinusPreInPointsOfTheMaximum) {
  ScoreChange s = ScoreChangeOf(Json{{"pre_score", 40}, {"post_score", 70}}, 100);
  ASSERT_TRUE(s.change && s.change_points_percent);
  EXPECT_EQ(*s.pre, 40);
  EXPECT_EQ(*s.post, 70);
  EXPECT_EQ(*s.change, 30);
  EXPECT_EQ(*s.change_points_percent, 30);
  // 8 of 30 points: 26.666… → 26.7.
  s = ScoreChangeOf(Json{{"pre_score", 12}, {"post_score", 20}}, 30);
  EXPECT_EQ(*s.change, 8);
  EXPECT_DOUBLE_EQ(*s.change_points_percent, 26.7);
  // A fall is negative.
  s = ScoreChangeOf(Json{{"pre_score", 15}, {"post_score", 12.5}}, 20);
  EXPECT_EQ(*s.change, -2.5);
  EXPECT_DOUBLE_EQ(*s.change_points_percent, -12.5);
}

TEST(ScoreTest, PercentPointsRoundToOneDecimalHalvesAwayFromZero) {
  // 1 of 16 points is 6.25 percentage points.
  ScoreChange up = ScoreChangeOf(Json{{"pre_score", 5}, {"post_score", 6}}, 16);
  EXPECT_DOUBLE_EQ(*up.change_points_percent, 6.3);
  ScoreChange down = ScoreChangeOf(Json{{"pre_score", 6}, {"post_score", 5}}, 16);
  EXPECT_DOUBLE_EQ(*down.change_points_percent, -6.3);
  ScoreChange third = ScoreChangeOf(Json{{"pre_score", 1}, {"post_score", 2}}, 3);
  EXPECT_DOUBLE_EQ(*third.change_points_percent, 33.3);
  ScoreChange none = ScoreChangeOf(Json{{"pre_score", 7}, {"post_score", 7}}, 10);
  EXPECT_EQ(*none.change, 0);
  EXPECT_EQ(*none.change_points_percent, 0);
}

TEST(ScoreTest, ChangeNeedsBothScores) {
  ScoreChange s = ScoreChangeOf(Json{{"pre_score", 40}}, 100);
  EXPECT_EQ(s.pre, 40);
  EXPECT_FALSE(s.post);
  EXPECT_FALSE(s.change);
  EXPECT_FALSE(s.change_points_percent);
  s = ScoreChangeOf(Json{{"pre_score", nullptr}, {"post_score", 60}}, 100);
  EXPECT_FALSE(s.pre);
  EXPECT_EQ(s.post, 60);
  EXPECT_FALSE(s.change);
  s = ScoreChangeOf(Json::object(), 100);
  EXPECT_FALSE(s.pre || s.post || s.change || s.change_points_percent);
}

// ---- completion ----

TEST(CompletionTest, ExactlyAtTheRuleCompletes) {
  // 80% of 5 sessions is 4.
  for (bool finished : {false, true}) {
    CompletionResult r = CompletionOf(4, 5, 80, finished);
    EXPECT_EQ(r.status, Completion::kCompleted) << finished;
    EXPECT_EQ(r.attended, 4);
    EXPECT_EQ(r.sessions, 5);
    EXPECT_EQ(r.percent, 80);
  }
  EXPECT_EQ(CompletionOf(5, 5, 100, false).status, Completion::kCompleted);
  EXPECT_EQ(CompletionOf(3, 10, 30, false).status, Completion::kCompleted);
}

TEST(CompletionTest, BelowTheRuleIsNotMetOnceFinishedElseInProgress) {
  CompletionResult finished = CompletionOf(3, 5, 80, true);
  EXPECT_EQ(finished.status, Completion::kNotMet);
  EXPECT_EQ(finished.percent, 60);
  CompletionResult running = CompletionOf(3, 5, 80, false);
  EXPECT_EQ(running.status, Completion::kInProgress);
  EXPECT_EQ(running.percent, 60);
  EXPECT_EQ(CompletionOf(9, 10, 100, true).status, Completion::kNotMet);
}

TEST(CompletionTest, ZeroSessionsIsZeroPercent) {
  CompletionResult r = CompletionOf(0, 0, 80, false);
  EXPECT_EQ(r.status, Completion::kInProgress);
  EXPECT_EQ(r.percent, 0);
  EXPECT_EQ(r.sessions, 0);
  EXPECT_EQ(CompletionOf(0, 0, 80, true).status, Completion::kNotMet);
  // Even the lowest rule needs a session attended.
  EXPECT_EQ(CompletionOf(0, 0, 1, true).status, Completion::kNotMet);
}

TEST(CompletionTest, RuleIsComparedExactlyNotOnTheRoundedPercent) {
  CompletionResult r = CompletionOf(2, 3, 80, false);
  EXPECT_DOUBLE_EQ(r.percent, 66.7);
  // 66.99% shows as 67.0 but does not meet a 67% rule.
  r = CompletionOf(6699, 10000, 67, true);
  EXPECT_DOUBLE_EQ(r.percent, 67.0);
  EXPECT_EQ(r.status, Completion::kNotMet);
  EXPECT_EQ(CompletionOf(6700, 10000, 67, true).status, Completion::kCompleted);
}

TEST(CompletionTest, InputsOutsideTheirRangeAreClamped) {
  CompletionResult r = CompletionOf(7, 5, 80, false);
  EXPECT_EQ(r.attended, 5);
  EXPECT_EQ(r.percent, 100);
  r = CompletionOf(-2, 5, 80, true);
  EXPECT_EQ(r.attended, 0);
  EXPECT_EQ(r.status, Completion::kNotMet);
  // A rule of 0 is taken as 1%: one session of five still completes, none does not.
  EXPECT_EQ(CompletionOf(1, 5, 0, true).status, Completion::kCompleted);
  EXPECT_EQ(CompletionOf(0, 5, 0, true).status, Completion::kNotMet);
  // A rule above 100 is taken as 100.
  EXPECT_EQ(CompletionOf(5, 5, 150, true).status, Completion::kCompleted);
}

TEST(CompletionTest, RuleComesFromTheActivityWith80ByDefault) {
  EXPECT_EQ(kDefaultCompletionRulePercent, 80);
  EXPECT_EQ(CompletionRulePercentOf(Json::object()), 80);
  EXPECT_EQ(CompletionRulePercentOf(Json{{"completion_rule_percent", 60}}), 60);
  EXPECT_EQ(CompletionRulePercentOf(Json{{"completion_rule_percent", 100}}), 100);
  EXPECT_EQ(CompletionRulePercentOf(Json{{"completion_rule_percent", 0}}), 80);
  EXPECT_EQ(CompletionRulePercentOf(Json{{"completion_rule_percent", 101}}), 80);
  EXPECT_EQ(CompletionRulePercentOf(Json{{"completion_rule_percent", 75.5}}), 80);
  EXPECT_EQ(CompletionRulePercentOf(Json{{"completion_rule_percent", nullptr}}), 80);
}

TEST(CompletionTest, NamesAreStableCodes) {
  EXPECT_STREQ(CompletionName(Completion::kCompleted), "completed");
  EXPECT_STREQ(CompletionName(Completion::kNotMet), "not_met");
  EXPECT_STREQ(CompletionName(Completion::kInProgress), "in_progress");
}

TEST(CompletionTest, TrainingIsFinishedWhenCompletedCancelledOrPastItsEnd) {
  const std::string today = "2016-06-15";
  EXPECT_TRUE(TrainingFinished(Json{{"status", "completed"}, {"end_date", "2016-12-31"}}, today));
  EXPECT_TRUE(TrainingFinished(Json{{"status", "cancelled"}}, today));
  EXPECT_TRUE(TrainingFinished(Json{{"status", "ongoing"}, {"end_date", "2016-06-14"}}, today));
  // The last day still counts as running.
  EXPECT_FALSE(TrainingFinished(Json{{"status", "ongoing"}, {"end_date", "2016-06-15"}}, today));
  EXPECT_FALSE(TrainingFinished(Json{{"status", "ongoing"}}, today));
  EXPECT_FALSE(TrainingFinished(Json{{"status", "planned"}, {"end_date", nullptr}}, today));
}

// ---- certificates ----

TEST(CertificateTest, NumberIsPrefixYearAndPaddedSerial) {
  EXPECT_EQ(CertificateNumber("BOR", 2016, 7), "BOR-2016-0007");
  EXPECT_EQ(CertificateNumber("bor", 2016, 7), "BOR-2016-0007");
  EXPECT_EQ(CertificateNumber("BOR", 2017, 1234), "BOR-2017-1234");
  EXPECT_EQ(CertificateNumber("BOR", 2017, 12345), "BOR-2017-12345");
  EXPECT_EQ(CertificateNumber("BOR", 2017, 0), "BOR-2017-0000");
  EXPECT_EQ(CertificateNumber("BOR", 2017, -3), "BOR-2017-0000");
}

TEST(CertificateTest, PrefixKeepsOnlyLettersAndDigitsUpToTen) {
  EXPECT_EQ(CertificateNumber("b-o r!", 2016, 7), "BOR-2016-0007");
  EXPECT_EQ(CertificateNumber("iom-ssd-2016-psychosocial", 2016, 7), "IOMSSD2016-2016-0007");
  EXPECT_EQ(CertificateNumber("B\xc3\xb6r", 2016, 7), "BR-2016-0007");  // "Bör": non-ASCII dropped
  EXPECT_EQ(CertificateNumber("--", 2016, 7), "CERT-2016-0007");
  EXPECT_EQ(CertificateNumber("", 2016, 7), "CERT-2016-0007");
}

TEST(CertificateTest, OnlyCompletedParticipantsMayHaveOne) {
  EXPECT_TRUE(MayHaveCertificate(CompletionOf(4, 5, 80, false)));
  EXPECT_FALSE(MayHaveCertificate(CompletionOf(3, 5, 80, true)));
  EXPECT_FALSE(MayHaveCertificate(CompletionOf(3, 5, 80, false)));
  EXPECT_FALSE(MayHaveCertificate(CompletionOf(0, 0, 80, true)));
}

// ---- memberships ----

Json GroupActivity(const std::string& stream) {
  return Json{{"id", kActivity}, {"stream", stream}, {"start_date", "2016-03-01"}, {"end_date", "2016-08-31"}};
}

Json Membership(const std::string& joined, const std::string& left = "") {
  Json m = {{"activity_id", kActivity}, {"person_id", kPerson[0]}, {"joined_on", joined}};
  if (!left.empty()) m["left_on"] = left;
  return m;
}

// The membership as the service would store it: validated, defaults applied, checked.
Result<Json> CreateMembership(const Json& input, const std::string& stream) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(MembershipSpec(), input, InputMode::kCreate));
  ApplyMembershipDefaults(state, stream);
  BATON_RETURN_IF_ERROR(CheckMembershipState(state, stream, GroupActivity(stream)));
  return state;
}

TEST(MembershipTest, ValidMembershipsPassAndTakeTheStreamsStatus) {
  auto peer = CreateMembership(Membership("2016-03-01"), "peer_support");
  ASSERT_TRUE(peer.ok()) << peer.status().ToString();
  EXPECT_EQ((*peer)["status"], "member");
  auto cohort = CreateMembership(Membership("2016-08-31"), "vocational");
  ASSERT_TRUE(cohort.ok()) << cohort.status().ToString();
  EXPECT_EQ((*cohort)["status"], "enrolled");
  Json left = Membership("2016-03-10", "2016-05-01");
  left["status"] = "left";
  left["leave_reason"] = "moved to another site";
  auto r = CreateMembership(left, "peer_support");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["status"], "left");
  EXPECT_EQ(MembershipSpec().kind, "membership");
}

TEST(MembershipTest, RequiredFieldsAreNamed) {
  auto r = ValidateInput(MembershipSpec(), Json{{"left_on", "2016-04-01"}}, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields = Fields(r.status());
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"activity_id", "joined_on", "person_id"}));
  Json bad = Membership("2016-02-30");
  r = ValidateInput(MembershipSpec(), bad, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"joined_on"});
  r = ValidateInput(MembershipSpec(), Json{{"person_id", kPerson[1]}}, InputMode::kPatch);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"person_id"});
}

TEST(MembershipTest, StatusMustBeOneOfTheStreams) {
  Json m = Membership("2016-03-10");
  m["status"] = "enrolled";
  Status s = CheckMembershipState(m, "peer_support", GroupActivity("peer_support"));
  EXPECT_EQ(Fields(s), std::vector<std::string>{"status"});
  m = Membership("2016-03-10", "2016-04-01");
  m["status"] = "left";
  s = CheckMembershipState(m, "vocational", GroupActivity("vocational"));
  EXPECT_EQ(Fields(s), std::vector<std::string>{"status"});
  m["status"] = "dropped_out";
  EXPECT_TRUE(CheckMembershipState(m, "vocational", GroupActivity("vocational")).ok());
  m.erase("status");
  s = CheckMembershipState(m, "vocational", GroupActivity("vocational"));
  EXPECT_EQ(Fields(s), std::vector<std::string>{"status"});
  // The spec knows every stream's statuses, and nothing else.
  m = Membership("2016-03-10");
  m["status"] = "graduated";
  auto r = ValidateInput(MembershipSpec(), m, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"status"});
}

TEST(MembershipTest, OtherStreamsHaveNoMembers) {
  for (const char* stream : {"capacity_building", "recreational", "information", "needs_assessment", ""}) {
    Json m = Membership("2016-03-10");
    m["status"] = "member";
    Status s = CheckMembershipState(m, stream, GroupActivity(stream));
    EXPECT_EQ(Fields(s), std::vector<std::string>{"activity_id"}) << stream;
    Json unchanged = Membership("2016-03-10");
    ApplyMembershipDefaults(unchanged, stream);
    EXPECT_FALSE(unchanged.contains("status")) << stream;
  }
  Json m = Membership("2016-03-10");
  m["status"] = "member";
  Json other = GroupActivity("peer_support");
  other["id"] = kOtherActivity;
  EXPECT_EQ(Fields(CheckMembershipState(m, "peer_support", other)), std::vector<std::string>{"activity_id"});
}

TEST(MembershipTest, JoinedOnLiesWithinTheActivitysDates) {
  const Json activity = GroupActivity("peer_support");
  Json m = Membership("2016-02-29");
  m["status"] = "member";
  EXPECT_EQ(Fields(CheckMembershipState(m, "peer_support", activity)), std::vector<std::string>{"joined_on"});
  m["joined_on"] = "2016-09-01";
  EXPECT_EQ(Fields(CheckMembershipState(m, "peer_support", activity)), std::vector<std::string>{"joined_on"});
  m["joined_on"] = "2016-08-31";
  EXPECT_TRUE(CheckMembershipState(m, "peer_support", activity).ok());
  // An activity without an end date is open.
  Json open = activity;
  open.erase("end_date");
  m["joined_on"] = "2019-01-01";
  EXPECT_TRUE(CheckMembershipState(m, "peer_support", open).ok());
}

TEST(MembershipTest, LeftOnFollowsJoinedOnAndTheActivity) {
  const Json activity = GroupActivity("peer_support");
  Json m = Membership("2016-04-10", "2016-04-09");
  m["status"] = "left";
  EXPECT_EQ(Fields(CheckMembershipState(m, "peer_support", activity)), std::vector<std::string>{"left_on"});
  m["left_on"] = "2016-09-01";
  EXPECT_EQ(Fields(CheckMembershipState(m, "peer_support", activity)), std::vector<std::string>{"left_on"});
  m["left_on"] = "2016-04-10";  // left the day they joined
  EXPECT_TRUE(CheckMembershipState(m, "peer_support", activity).ok());
}

TEST(MembershipTest, LeavingStatusesNeedLeftOnAndStayingOnesForbidIt) {
  struct Case {
    const char* stream;
    const char* status;
    bool with_left_on;
    bool ok;
  };
  for (const Case& c : std::vector<Case>{{"peer_support", "member", false, true},
                                         {"peer_support", "member", true, false},
                                         {"peer_support", "left", true, true},
                                         {"peer_support", "left", false, false},
                                         {"vocational", "enrolled", false, true},
                                         {"vocational", "enrolled", true, false},
                                         {"vocational", "dropped_out", true, true},
                                         {"vocational", "dropped_out", false, false},
                                         {"vocational", "completed", true, true},
                                         {"vocational", "completed", false, true}}) {
    Json m = c.with_left_on ? Membership("2016-03-10", "2016-06-30") : Membership("2016-03-10");
    m["status"] = c.status;
    Status s = CheckMembershipState(m, c.stream, GroupActivity(c.stream));
    if (c.ok) {
      EXPECT_TRUE(s.ok()) << c.stream << " " << c.status << " " << s.ToString();
    } else {
      EXPECT_EQ(Fields(s), std::vector<std::string>{"left_on"}) << c.stream << " " << c.status;
    }
  }
  Json m = Membership("2016-03-10");
  m["status"] = "member";
  m["leave_reason"] = "found work";
  EXPECT_EQ(Fields(CheckMembershipState(m, "peer_support", GroupActivity("peer_support"))),
            std::vector<std::string>{"leave_reason"});
}

TEST(MembershipTest, MemberOnCountsTheLeftOnDayAsTheLast) {
  Json m = Membership("2016-03-10", "2016-05-01");
  EXPECT_FALSE(MemberOn(m, "2016-03-09"));
  EXPECT_TRUE(MemberOn(m, "2016-03-10"));
  EXPECT_TRUE(MemberOn(m, "2016-04-15"));
  EXPECT_TRUE(MemberOn(m, "2016-05-01"));
  EXPECT_FALSE(MemberOn(m, "2016-05-02"));
  Json open = Membership("2016-03-10");
  EXPECT_TRUE(MemberOn(open, "2030-01-01"));
  open["left_on"] = nullptr;
  EXPECT_TRUE(MemberOn(open, "2030-01-01"));
  EXPECT_FALSE(MemberOn(Json::object(), "2016-04-01"));
}

TEST(MembershipTest, RejoiningAfterLeavingIsAllowed) {
  Json first = Membership("2016-03-01", "2016-04-30");
  first["id"] = kMembership[0];
  Json second = Membership("2016-06-01", "2016-06-30");
  second["id"] = kMembership[1];
  EXPECT_TRUE(CheckNoOverlap({first, second}, Membership("2016-05-01", "2016-05-31")).ok());
  EXPECT_TRUE(CheckNoOverlap({first, second}, Membership("2016-07-01")).ok());
  EXPECT_TRUE(CheckNoOverlap({second}, Membership("2016-03-01", "2016-05-31")).ok());
  EXPECT_TRUE(CheckNoOverlap({}, Membership("2016-03-01")).ok());
}

TEST(MembershipTest, OverlappingMembershipsAreRefusedNamingTheDays) {
  Json first = Membership("2016-03-01", "2016-04-30");
  first["id"] = kMembership[0];
  Status s = CheckNoOverlap({first}, Membership("2016-04-20", "2016-05-31"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kConflict);
  ASSERT_EQ(Fields(s), std::vector<std::string>{"joined_on"});
  EXPECT_NE(s.errors()[0].message.find("from 2016-03-01 to 2016-04-30"), std::string::npos) << s.ToString();
  EXPECT_NE(s.errors()[0].message.find("2016-04-20 to 2016-04-30"), std::string::npos) << s.ToString();
  // A candidate that starts earlier and runs on, over an open membership.
  Json open = Membership("2016-06-01");
  open["id"] = kMembership[1];
  s = CheckNoOverlap({open}, Membership("2016-05-01", "2016-06-10"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.errors()[0].message.find("2016-06-01 to 2016-06-10"), std::string::npos) << s.ToString();
  // Two open memberships clash from the later start on.
  s = CheckNoOverlap({open}, Membership("2016-07-01"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.errors()[0].message.find("from 2016-07-01 on"), std::string::npos) << s.ToString();
}

TEST(MembershipTest, RejoiningOnTheDayOfLeavingOverlaps) {
  Json first = Membership("2016-03-01", "2016-04-30");
  first["id"] = kMembership[0];
  Status s = CheckNoOverlap({first}, Membership("2016-04-30"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(Fields(s), std::vector<std::string>{"joined_on"});
  EXPECT_NE(s.errors()[0].message.find("on 2016-04-30"), std::string::npos) << s.ToString();
  EXPECT_TRUE(CheckNoOverlap({first}, Membership("2016-05-01")).ok());
}

TEST(MembershipTest, OverlapSkipsTheRecordItselfInactiveOnesAndOtherGroups) {
  Json stored = Membership("2016-03-01");
  stored["id"] = kMembership[0];
  // A patch of the stored membership compares against itself: no clash.
  Json patched = stored;
  patched["left_on"] = "2016-04-30";
  EXPECT_TRUE(CheckNoOverlap({stored}, patched).ok());
  Json removed = Membership("2016-03-01");
  removed["id"] = kMembership[1];
  removed["active"] = false;
  EXPECT_TRUE(CheckNoOverlap({removed}, Membership("2016-03-15")).ok());
  Json elsewhere = Membership("2016-03-01");
  elsewhere["id"] = kMembership[2];
  elsewhere["activity_id"] = kOtherActivity;
  EXPECT_TRUE(CheckNoOverlap({elsewhere}, Membership("2016-03-15")).ok());
  // The same one, still active, does clash.
  removed["active"] = true;
  EXPECT_FALSE(CheckNoOverlap({removed}, Membership("2016-03-15")).ok());
  Status s = CheckNoOverlap({stored}, Json{{"person_id", kPerson[0]}});
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"joined_on"});
}

// ---- cooperatives ----

Json Umbrella() {
  return Json{{"programme_id", kProgramme},
              {"site_id", kSite},
              {"name", "Umbrella"},
              {"activity", "bakery"},
              {"formed_from", kActivity},
              {"start_date", "2016-09-15"},
              {"members", Json::array({
                              Json{{"person_id", kPerson[0]}, {"joined_on", "2016-09-15"}, {"role", " chair "}},
                              Json{{"person_id", kPerson[1]}, {"role", ""}},
                              Json{{"person_id", kPerson[2]}, {"joined_on", nullptr}},
                          })},
              {"notes", "Oven bought with the start-up grant."},
              {"active", true}};
}

Result<Json> CreateCooperative(const Json& input) {
  BATON_ASSIGN_OR_RETURN(Json state, ValidateInput(CooperativeSpec(), input, InputMode::kCreate));
  NormaliseCooperativeMembers(state);
  ApplyCooperativeDefaults(state);
  BATON_RETURN_IF_ERROR(CheckCooperativeState(state));
  return state;
}

TEST(CooperativeTest, ValidCooperativePassesWithDefaultsAndTidyMembers) {
  auto c = CreateCooperative(Umbrella());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)["kind"], "cooperative");
  EXPECT_EQ((*c)["status"], "active");
  ASSERT_EQ((*c)["members"].size(), 3u);
  EXPECT_EQ((*c)["members"][0], (Json{{"person_id", kPerson[0]}, {"joined_on", "2016-09-15"}, {"role", "chair"}}));
  EXPECT_EQ((*c)["members"][1], (Json{{"person_id", kPerson[1]}}));
  EXPECT_EQ((*c)["members"][2], (Json{{"person_id", kPerson[2]}}));
  EXPECT_EQ(CooperativeSpec().kind, "cooperative");
  EXPECT_EQ(CooperativeSealedFields(), std::vector<std::string>{"notes"});
  // A livelihood group, with no members yet, keeps its kind.
  Json group = {{"programme_id", kProgramme}, {"name", "Tailors of block 3"}, {"activity", "tailoring"},
                {"kind", "livelihood_group"}, {"start_date", "2016-10-01"}, {"members", Json::array()}};
  c = CreateCooperative(group);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ((*c)["kind"], "livelihood_group");
}

TEST(CooperativeTest, RequiredAndEnumFieldsAreNamed) {
  auto r = ValidateInput(CooperativeSpec(), Json{{"site_id", kSite}}, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields = Fields(r.status());
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"activity", "name", "programme_id", "start_date"}));
  for (const char* field : {"kind", "status"}) {
    Json input = Umbrella();
    input[field] = "company";
    r = ValidateInput(CooperativeSpec(), input, InputMode::kCreate);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(Fields(r.status()), std::vector<std::string>{field});
  }
  Json long_role = Umbrella();
  long_role["activity"] = std::string(201, 'b');
  r = ValidateInput(CooperativeSpec(), long_role, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"activity"});
}

TEST(CooperativeTest, MemberErrorsNameTheEntryAndField) {
  Json members = Json::array({Json{{"person_id", kPerson[0]}, {"role", std::string(61, 'c')}},
                              Json{{"person_id", "Mary"}},
                              Json{{"person_id", kPerson[2]}, {"share", 10}},
                              "Achan",
                              Json{{"joined_on", "2016-13-01"}, {"person_id", kPerson[3]}},
                              Json{{"role", "treasurer"}}});
  Status s = CheckCooperativeMembers(members);
  std::vector<std::string> fields = Fields(s);
  std::sort(fields.begin(), fields.end());
  EXPECT_EQ(fields, (std::vector<std::string>{"members[0].role", "members[1].person_id", "members[2].share",
                                              "members[3]", "members[4].joined_on", "members[5].person_id"}));
  // Through the spec, the same names reach the client.
  Json input = Umbrella();
  input["members"] = members;
  auto r = ValidateInput(CooperativeSpec(), input, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors().size(), 6u);
  EXPECT_NE(ErrorOf(r.status(), "members[1].person_id"), nullptr);
}

TEST(CooperativeTest, APersonIsAMemberOnlyOnce) {
  Json members = Json::array({Json{{"person_id", kPerson[0]}},
                              Json{{"person_id", kPerson[1]}},
                              Json{{"person_id", kPerson[0]}, {"role", "chair"}}});
  Status s = CheckCooperativeMembers(members);
  ASSERT_EQ(Fields(s), std::vector<std::string>{"members[2].person_id"});
  EXPECT_NE(s.errors()[0].message.find("members[0]"), std::string::npos) << s.ToString();
  Json input = Umbrella();
  input["members"] = members;
  auto r = ValidateInput(CooperativeSpec(), input, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"members[2].person_id"});
}

TEST(CooperativeTest, MembersAreAListOfAtMost500) {
  Json input = Umbrella();
  input["members"] = Json{{"person_id", kPerson[0]}};
  auto r = ValidateInput(CooperativeSpec(), input, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"members"});
  EXPECT_EQ(Fields(CheckCooperativeMembers(Json{{"person_id", kPerson[0]}})), std::vector<std::string>{"members"});
  // 501 members, even all distinct and well formed, are too many.
  Json many = Json::array();
  for (int i = 0; i < 501; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "0190a1b2-0000-7000-8000-%012d", i);
    many.push_back(Json{{"person_id", id}});
  }
  input["members"] = many;
  r = ValidateInput(CooperativeSpec(), input, InputMode::kCreate);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"members"});
  many.erase(many.size() - 1);
  input["members"] = many;
  EXPECT_TRUE(ValidateInput(CooperativeSpec(), input, InputMode::kCreate).ok());
  EXPECT_EQ(Fields(CheckCooperativeMembers(Json::array({nullptr}))), std::vector<std::string>{"members[0]"});
}

TEST(CooperativeTest, DissolvedOnGoesWithTheDissolvedStatusOnly) {
  Json c = Umbrella();
  c["status"] = "dissolved";
  auto r = CreateCooperative(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"dissolved_on"});
  c["dissolved_on"] = "2018-02-28";
  r = CreateCooperative(c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["dissolved_on"], "2018-02-28");
  for (const char* status : {"active", "inactive"}) {
    c["status"] = status;
    r = CreateCooperative(c);
    ASSERT_FALSE(r.ok()) << status;
    EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"dissolved_on"}) << status;
  }
  // Absent status defaults to active, which may not have a dissolution date.
  c.erase("status");
  r = CreateCooperative(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"dissolved_on"});
}

TEST(CooperativeTest, DissolvedOnIsNotBeforeTheStart) {
  Json c = Umbrella();
  c["status"] = "dissolved";
  c["dissolved_on"] = "2016-09-14";
  auto r = CreateCooperative(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"dissolved_on"});
  c["dissolved_on"] = "2016-09-15";  // dissolved the day it started
  EXPECT_TRUE(CreateCooperative(c).ok());
}

TEST(CooperativeTest, MembersJoinWithinTheCooperativesLife) {
  Json c = Umbrella();
  c["members"][1]["joined_on"] = "2016-09-14";
  auto r = CreateCooperative(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"members[1].joined_on"});
  c["members"][1]["joined_on"] = "2017-03-01";
  c["status"] = "dissolved";
  c["dissolved_on"] = "2017-02-28";
  r = CreateCooperative(c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(Fields(r.status()), std::vector<std::string>{"members[1].joined_on"});
  c["dissolved_on"] = "2017-03-01";
  EXPECT_TRUE(CreateCooperative(c).ok());
}

TEST(CooperativeTest, DefaultsKeepWhatIsGiven) {
  Json c = {{"kind", "livelihood_group"}, {"status", "inactive"}};
  ApplyCooperativeDefaults(c);
  EXPECT_EQ(c["kind"], "livelihood_group");
  EXPECT_EQ(c["status"], "inactive");
  Json nulls = {{"kind", nullptr}, {"status", nullptr}};
  ApplyCooperativeDefaults(nulls);
  EXPECT_EQ(nulls["kind"], "cooperative");
  EXPECT_EQ(nulls["status"], "active");
  EXPECT_EQ(CooperativeKinds(), (std::vector<std::string>{"cooperative", "livelihood_group"}));
  EXPECT_EQ(CooperativeStatuses(), (std::vector<std::string>{"active", "inactive", "dissolved"}));
}

}  // namespace
}  // namespace baton
