#include "domain/mediation.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

constexpr const char* kPerson1 = "0190a3c4-1111-7000-8000-000000000001";
constexpr const char* kPerson2 = "0190a3c4-1111-7000-8000-000000000002";
constexpr const char* kProgramme = "0190a3c4-1111-7000-8000-000000000003";
constexpr const char* kUser = "0190a3c4-1111-7000-8000-000000000004";

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const FieldError& e : s.errors()) out.push_back(e.field);
  return out;
}

Json NewMediation() {
  return {{"programme_id", kProgramme},
          {"dispute_type", "resource"},
          {"parties", {{{"person_id", kPerson1}}, {{"description", "youth of block 3"}}}},
          {"mediators", {{{"user_id", kUser}}, {{"name", "Chief Makuei"}, {"role", "block chief"}}}},
          {"opened_on", "2016-02-01"},
          {"status", "open"}};
}

const DisputeType& Type(const char* code) { return *FindDisputeType(DefaultDisputeTypes(), code); }

TEST(DisputeTypesTest, TheDefaultsAndGenderBasedViolenceIsNotMediated) {
  std::vector<std::string> codes;
  for (const DisputeType& t : DefaultDisputeTypes()) codes.push_back(t.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"family", "land_shelter", "resource", "inter_community", "youth",
                                             "gender_based", "other"}));
  EXPECT_FALSE(Type("gender_based").mediate);
  EXPECT_NE(Type("gender_based").guidance.find("GBV case management"), std::string::npos);
  EXPECT_TRUE(Type("resource").mediate);
  EXPECT_NE(Type("resource").label.find("water"), std::string::npos);
}

TEST(DisputeTypesTest, AProgrammeExtendsOrReplacesTheList) {
  Json programme = {{"dispute_types",
                     {{"types",
                       {{{"code", "cattle"}, {"label", "Cattle and grazing"}},
                        {{"code", "youth"}, {"label", "Youth groups"}, {"mediate", true}}}}}}};
  ASSERT_TRUE(CheckDisputeTypes(programme["dispute_types"]).ok());
  std::vector<DisputeType> types = DisputeTypesOfProgramme(programme);
  EXPECT_EQ(types.size(), DefaultDisputeTypes().size() + 1);
  ASSERT_NE(FindDisputeType(types, "cattle"), nullptr);
  EXPECT_TRUE(FindDisputeType(types, "cattle")->mediate);
  EXPECT_EQ(FindDisputeType(types, "youth")->label, "Youth groups");
  programme["dispute_types"]["replace"] = true;
  types = DisputeTypesOfProgramme(programme);
  EXPECT_EQ(types.size(), 2u);
  EXPECT_EQ(FindDisputeType(types, "family"), nullptr);
}

TEST(DisputeTypesTest, BadListsNameTheRow) {
  Json bad = {{"types",
               {{{"code", "Cattle"}, {"label", "x"}},
                {{"code", "ok"}},
                {{"code", "ok2"}, {"label", "y"}},
                {{"code", "ok2"}, {"label", "z"}}}},
              {"colour", "red"}};
  EXPECT_EQ(Fields(CheckDisputeTypes(bad)),
            (std::vector<std::string>{"dispute_types.colour", "dispute_types.types[0].code",
                                      "dispute_types.types[1].label", "dispute_types.types[3].code"}));
  EXPECT_EQ(Fields(CheckDisputeTypes({{"replace", true}, {"types", Json::array()}})),
            std::vector<std::string>{"dispute_types.types"});
  // A broken stored list falls back to the defaults.
  EXPECT_EQ(DisputeTypesOfProgramme({{"dispute_types", "nonsense"}}).size(), DefaultDisputeTypes().size());
}

TEST(MediationSpecTest, PartiesArePersonsOrGroupsAtLeastTwo) {
  Json m = NewMediation();
  EXPECT_TRUE(ValidateInput(MediationSpec(), m, InputMode::kCreate).ok());
  m["parties"] = {{{"person_id", kPerson1}}};
  EXPECT_EQ(Fields(ValidateInput(MediationSpec(), m, InputMode::kCreate).status()),
            std::vector<std::string>{"parties"});
  Json many = Json::array();
  for (int i = 0; i < 21; ++i) many.push_back({{"description", "family " + std::to_string(i)}});
  m["parties"] = many;
  EXPECT_EQ(Fields(ValidateInput(MediationSpec(), m, InputMode::kCreate).status()),
            std::vector<std::string>{"parties"});
  m["parties"] = {
      {{"person_id", kPerson1}},   {{"person_id", kPerson1}}, {{"person_id", kPerson2}, {"description", "both"}},
      {{"description", " "}},      {{"name", "Deng"}},        "Deng",
      {{"person_id", "not-an-id"}}};
  EXPECT_EQ(Fields(ValidateInput(MediationSpec(), m, InputMode::kCreate).status()),
            (std::vector<std::string>{"parties[1].person_id", "parties[2]", "parties[3]", "parties[4].name",
                                      "parties[5]", "parties[6].person_id"}));
}

TEST(MediationSpecTest, MediatorsAreStaffOrNamedLeaders) {
  Json m = NewMediation();
  m["mediators"] = Json::array();
  EXPECT_EQ(Fields(ValidateInput(MediationSpec(), m, InputMode::kCreate).status()),
            std::vector<std::string>{"mediators"});
  m["mediators"] = {
      {{"user_id", kUser}}, {{"user_id", kUser}}, {{"role", "elder"}}, {{"user_id", kPerson2}, {"role", "x"}}};
  EXPECT_EQ(Fields(ValidateInput(MediationSpec(), m, InputMode::kCreate).status()),
            (std::vector<std::string>{"mediators[1].user_id", "mediators[2]", "mediators[3].role"}));
}

TEST(MediationSpecTest, ListsAreStoredTrimmed) {
  Json m = NewMediation();
  m["parties"][1]["description"] = "  youth of block 3 ";
  m["mediators"][1]["role"] = "";
  NormaliseParties(m);
  NormaliseMediators(m);
  EXPECT_EQ(m["parties"][1], (Json{{"description", "youth of block 3"}}));
  EXPECT_EQ(m["mediators"][1], (Json{{"name", "Chief Makuei"}}));
  EXPECT_EQ(PartyPersonIds(m), std::vector<std::string>{kPerson1});
  EXPECT_EQ(MediatorUserIds(m), std::vector<std::string>{kUser});
}

TEST(MediationStateTest, ANewMediationIsOpenAndNotInTheFuture) {
  Json m = NewMediation();
  EXPECT_TRUE(CheckMediationState(Json::object(), m, Type("resource"), "2016-02-01").ok());
  EXPECT_EQ(Fields(CheckMediationState(Json::object(), m, Type("resource"), "2016-01-31")),
            std::vector<std::string>{"opened_on"});
  m["status"] = "closed";
  m["outcome"] = "resolved";
  m["closed_on"] = "2016-02-01";
  EXPECT_EQ(Fields(CheckMediationState(Json::object(), m, Type("resource"), "2016-03-01")),
            std::vector<std::string>{"status"});
}

TEST(MediationStateTest, ClosingNeedsAnOutcomeAndADate) {
  const Json open = NewMediation();
  Json m = open;
  m["status"] = "closed";
  EXPECT_EQ(Fields(CheckMediationState(open, m, Type("resource"), "2016-06-01")),
            (std::vector<std::string>{"outcome", "closed_on"}));
  m["outcome"] = "partially_resolved";
  m["closed_on"] = "2016-01-31";
  EXPECT_EQ(Fields(CheckMediationState(open, m, Type("resource"), "2016-06-01")),
            std::vector<std::string>{"closed_on"});
  m["closed_on"] = "2016-06-02";
  EXPECT_EQ(Fields(CheckMediationState(open, m, Type("resource"), "2016-06-01")),
            std::vector<std::string>{"closed_on"});
  m["closed_on"] = "2016-02-01";  // the day it was opened
  EXPECT_TRUE(CheckMediationState(open, m, Type("resource"), "2016-06-01").ok());
  for (const std::string& outcome : MediationOutcomes()) {
    m["outcome"] = outcome;
    m["referral_note"] = "To the protection desk";
    EXPECT_TRUE(CheckMediationState(open, m, Type("resource"), "2016-06-01").ok()) << outcome;
  }
}

TEST(MediationStateTest, AReferralSaysToWhom) {
  const Json open = NewMediation();
  Json m = open;
  m["status"] = "closed";
  m["closed_on"] = "2016-03-01";
  m["outcome"] = "referred";
  EXPECT_EQ(Fields(CheckMediationState(open, m, Type("resource"), "2016-06-01")),
            std::vector<std::string>{"referral_note"});
  m["referral_note"] = "Referred to the camp management's land committee";
  EXPECT_TRUE(CheckMediationState(open, m, Type("resource"), "2016-06-01").ok());
}

TEST(MediationStateTest, GenderBasedViolenceClosesOnlyAsReferred) {
  Json open = NewMediation();
  open["dispute_type"] = "gender_based";
  Json m = open;
  m["status"] = "closed";
  m["closed_on"] = "2016-02-02";
  m["outcome"] = "resolved";
  Status s = CheckMediationState(open, m, Type("gender_based"), "2016-06-01");
  EXPECT_EQ(Fields(s), std::vector<std::string>{"outcome"});
  EXPECT_NE(s.errors()[0].message.find("referred"), std::string::npos);
  m["outcome"] = "referred";
  m["referral_note"] = "Survivor referred to GBV case management with consent";
  EXPECT_TRUE(CheckMediationState(open, m, Type("gender_based"), "2016-06-01").ok());
  // And no sessions or agreements: the refusal says what to do instead.
  Status refused = CheckMediated(Type("gender_based"));
  EXPECT_EQ(refused.code(), Code::kConflict);
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"dispute_type"});
  EXPECT_NE(refused.message().find("refer"), std::string::npos);
  EXPECT_TRUE(CheckMediated(Type("family")).ok());
}

TEST(MediationStateTest, AnOpenMediationCarriesNoOutcome) {
  Json m = NewMediation();
  m["outcome"] = "resolved";
  m["closed_on"] = "2016-03-01";
  m["referral_note"] = "x";
  EXPECT_EQ(Fields(CheckMediationState(NewMediation(), m, Type("resource"), "2016-06-01")),
            (std::vector<std::string>{"outcome", "closed_on", "referral_note"}));
}

TEST(MediationStateTest, ReopeningNeedsAReasonAndClearsTheOutcome) {
  Json closed = NewMediation();
  closed["status"] = "closed";
  closed["outcome"] = "resolved";
  closed["closed_on"] = "2016-03-01";
  closed["closed_by"] = kUser;
  Json m = closed;
  m["status"] = "open";
  ApplyMediationMove(closed, m);
  EXPECT_FALSE(m.contains("outcome"));
  EXPECT_FALSE(m.contains("closed_on"));
  EXPECT_FALSE(m.contains("closed_by"));
  EXPECT_EQ(m["reopened"], 1);
  EXPECT_EQ(Fields(CheckMediationState(closed, m, Type("resource"), "2016-06-01")),
            std::vector<std::string>{"reopen_reason"});
  m["reopen_reason"] = "The water point quarrel started again";
  EXPECT_TRUE(CheckMediationState(closed, m, Type("resource"), "2016-06-01").ok());
  // Closing again keeps the count; a second reopening adds one.
  Json again = m;
  again["status"] = "closed";
  ApplyMediationMove(m, again);
  EXPECT_EQ(again["reopened"], 1);
  Json twice = closed;
  twice["reopened"] = 1;
  Json reopened = twice;
  reopened["status"] = "open";
  ApplyMediationMove(twice, reopened);
  EXPECT_EQ(reopened["reopened"], 2);
}

TEST(MediationStateTest, FollowUpNotBeforeOpening) {
  Json m = NewMediation();
  m["follow_up_on"] = "2016-01-31";
  EXPECT_EQ(Fields(CheckMediationState(Json::object(), m, Type("family"), "2016-06-01")),
            std::vector<std::string>{"follow_up_on"});
  m["follow_up_on"] = "2016-08-01";  // a follow-up is planned ahead
  EXPECT_TRUE(CheckMediationState(Json::object(), m, Type("family"), "2016-06-01").ok());
}

TEST(MediationSessionTest, DatesFollowTheMediation) {
  Json m = NewMediation();
  Json s = {{"mediation_id", kUser}, {"date", "2016-01-31"}, {"kind", "joint"}};
  EXPECT_EQ(Fields(CheckMediationSessionState(s, m, "2016-06-01")), std::vector<std::string>{"date"});
  s["date"] = "2016-06-02";
  EXPECT_EQ(Fields(CheckMediationSessionState(s, m, "2016-06-01")), std::vector<std::string>{"date"});
  s["date"] = "2016-02-01";
  EXPECT_TRUE(CheckMediationSessionState(s, m, "2016-06-01").ok());
  // After the mediation closed, only a follow-up.
  m["status"] = "closed";
  m["closed_on"] = "2016-03-01";
  s["date"] = "2016-04-01";
  EXPECT_EQ(Fields(CheckMediationSessionState(s, m, "2016-06-01")), std::vector<std::string>{"kind"});
  s["kind"] = "follow_up";
  EXPECT_TRUE(CheckMediationSessionState(s, m, "2016-06-01").ok());
  s["kind"] = "separate";
  s["date"] = "2016-03-01";
  EXPECT_TRUE(CheckMediationSessionState(s, m, "2016-06-01").ok());
  EXPECT_FALSE(ValidateInput(MediationSessionSpec(),
                             {{"mediation_id", kUser}, {"date", "2016-03-01"}, {"kind", "group"}}, InputMode::kCreate)
                   .ok());
}

TEST(AgreementTest, TextIsRequiredAndHeldComesWithItsFollowUp) {
  Json input = {{"mediation_id", kUser}, {"date", "2016-02-10"}};
  EXPECT_EQ(Fields(ValidateInput(AgreementSpec(), input, InputMode::kCreate).status()),
            std::vector<std::string>{"text"});
  input["text"] = "Each family draws water on alternate mornings.";
  ASSERT_TRUE(ValidateInput(AgreementSpec(), input, InputMode::kCreate).ok());
  const Json m = NewMediation();
  EXPECT_TRUE(CheckAgreementState(input, m, "2016-06-01").ok());
  Json a = input;
  a["held"] = "partly_held";
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"followed_up_on"});
  a.erase("held");
  a["followed_up_on"] = "2016-03-10";
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"held"});
  a["held"] = "held";
  EXPECT_TRUE(CheckAgreementState(a, m, "2016-06-01").ok());
  a["followed_up_on"] = "2016-02-09";
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"followed_up_on"});
  a["followed_up_on"] = "2016-06-02";
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"followed_up_on"});
}

TEST(AgreementTest, DatesFollowTheMediation) {
  Json m = NewMediation();
  Json a = {{"date", "2016-01-31"}, {"text", "x"}};
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"date"});
  a["date"] = "2016-06-02";
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"date"});
  m["status"] = "closed";
  m["closed_on"] = "2016-03-01";
  a["date"] = "2016-03-02";
  EXPECT_EQ(Fields(CheckAgreementState(a, m, "2016-06-01")), std::vector<std::string>{"date"});
  a["date"] = "2016-03-01";
  EXPECT_TRUE(CheckAgreementState(a, m, "2016-06-01").ok());
}

}  // namespace
}  // namespace baton
