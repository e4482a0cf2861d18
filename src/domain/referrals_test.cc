#include "domain/referrals.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baton {
namespace {

const char* const kProgramme = "0190a1b2-0000-7000-8000-000000000001";
const char* const kPerson = "0190a1b2-0000-7000-8000-000000000002";
const char* const kService = "0190a1b2-0000-7000-8000-000000000003";
const char* const kToday = "2016-05-20";

std::vector<std::string> Fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& e : s.errors()) out.push_back(e.field);
  return out;
}

Json Outgoing() {
  return {{"direction", "outgoing"}, {"programme_id", kProgramme}, {"person_id", kPerson}, {"service_id", kService},
          {"reason", "Low mood for months"}};
}

// A new outgoing referral as the service would hold it after defaults.
Json Made() {
  Json r = Outgoing();
  r.erase("reason");
  ApplyReferralDefaults(r, "2016-05-02");
  return r;
}

// ---- categories and the directory ----

TEST(ReferralCategories, TheBuiltInListIsMhpssSectionSeven) {
  std::vector<std::string> codes;
  for (const ReferralCategory& c : DefaultReferralCategories()) {
    codes.push_back(c.code);
    EXPECT_FALSE(c.label.empty()) << c.code;
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"specialised_mental_health", "general_health", "gbv_case_management",
                                             "child_protection", "protection_legal", "livelihoods", "education",
                                             "basic_needs", "disability_rehabilitation", "other_psychosocial"}));
}

TEST(ReferralCategories, AnOrganisationExtendsTheListWithItsOwnCodes) {
  Json org = {{"referral_categories_extra", {"mine_action", "education", "legal_aid_clinic"}}};
  std::vector<std::string> codes = ReferralCategoriesOf(org);
  ASSERT_EQ(codes.size(), 12u);  // "education" is already there
  EXPECT_EQ(codes[10], "mine_action");
  EXPECT_EQ(codes[11], "legal_aid_clinic");
  EXPECT_EQ(ReferralCategoriesOf(Json::object()).size(), 10u);
  EXPECT_EQ(ReferralCategoriesOf(Json{{"referral_categories_extra", nullptr}}).size(), 10u);
}

TEST(ReferralServiceSpec, AServiceNeedsNameProviderAndAKnownCategory) {
  const RecordSpec spec = ReferralServiceSpec(ReferralCategoriesOf({{"referral_categories_extra", {"mine_action"}}}));
  Result<Json> ok = ValidateInput(spec,
                                  {{"name", " Mental health unit "}, {"provider", "State hospital"},
                                   {"category", "mine_action"}, {"contact", "Office by the gate\nMon-Fri"}},
                                  InputMode::kCreate);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)["name"], "Mental health unit");
  Result<Json> bad = ValidateInput(spec, {{"category", "astrology"}}, InputMode::kCreate);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Fields(bad.status()), (std::vector<std::string>{"category", "name", "provider"}));
}

// ---- defaults and the spec ----

TEST(ReferralSpec, ANewReferralIsMadeTodayAsRoutineUnderCodeSevenTwo) {
  Result<Json> valid = ValidateInput(ReferralSpec(), Outgoing(), InputMode::kCreate);
  ASSERT_TRUE(valid.ok()) << valid.status().ToString();
  Json r = *valid;
  ApplyReferralDefaults(r, kToday);
  EXPECT_EQ(r["status"], "made");
  EXPECT_EQ(r["urgency"], "routine");
  EXPECT_EQ(r["made_on"], kToday);
  EXPECT_EQ(r["activity_code"], "7.2");
  Json urgent = Outgoing();
  urgent["urgency"] = "emergency";
  urgent["made_on"] = "2016-05-01";
  ApplyReferralDefaults(urgent, kToday);
  EXPECT_EQ(urgent["urgency"], "emergency");
  EXPECT_EQ(urgent["made_on"], "2016-05-01");
}

TEST(ReferralSpec, WhoAndWhereAreFixedOnceMadeAndTheReasonIsSealed) {
  Result<Json> patch = ValidateInput(ReferralSpec(),
                                     {{"person_id", kPerson}, {"service_id", kService}, {"direction", "incoming"},
                                      {"programme_id", kProgramme}, {"from_organization", "x"}, {"urgency", "soon"}},
                                     InputMode::kPatch);
  ASSERT_FALSE(patch.ok());
  EXPECT_EQ(Fields(patch.status()), (std::vector<std::string>{"direction", "from_organization", "person_id",
                                                              "programme_id", "service_id", "urgency"}));
  EXPECT_EQ(ReferralSealedFields(), (std::vector<std::string>{"reason", "feedback"}));
  Result<Json> missing = ValidateInput(ReferralSpec(), {{"direction", "outgoing"}}, InputMode::kCreate);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Fields(missing.status()), (std::vector<std::string>{"programme_id", "person_id", "reason"}));
}

// ---- the status machine ----

TEST(ReferralStatus, TheMachineRunsMadeAcceptedCompletedOrDeclinedOrCancelled) {
  EXPECT_EQ(NextReferralStatuses("made"), (std::vector<std::string>{"accepted", "declined", "cancelled"}));
  EXPECT_EQ(NextReferralStatuses("accepted"), (std::vector<std::string>{"completed", "declined", "cancelled"}));
  for (const char* final : {"completed", "declined", "cancelled"}) {
    EXPECT_TRUE(NextReferralStatuses(final).empty()) << final;
    EXPECT_TRUE(IsFinalReferralStatus(final)) << final;
  }
  EXPECT_FALSE(IsFinalReferralStatus("made"));
  EXPECT_FALSE(IsFinalReferralStatus("accepted"));
  EXPECT_TRUE(NextReferralStatuses("lost").empty());
}

TEST(ReferralStatus, ANewReferralStartsAsMade) {
  Json r = Made();
  EXPECT_TRUE(ApplyReferralTransition(nullptr, r, kToday).ok());
  r["status"] = "accepted";
  Status s = ApplyReferralTransition(nullptr, r, kToday);
  EXPECT_EQ(s.code(), Code::kInvalid);
  EXPECT_EQ(Fields(s), std::vector<std::string>{"status"});
}

TEST(ReferralStatus, EachAllowedStepStampsItsDateWhenNoneIsGiven) {
  const Json made = Made();
  Json accepted = made;
  accepted["status"] = "accepted";
  ASSERT_TRUE(ApplyReferralTransition(made, accepted, kToday).ok());
  EXPECT_EQ(accepted["accepted_on"], kToday);
  EXPECT_FALSE(accepted.contains("closed_on"));
  EXPECT_TRUE(CheckReferralState(accepted, false, kToday).ok());

  Json completed = accepted;
  completed["status"] = "completed";
  completed["accepted_on"] = "2016-05-10";
  completed["closed_on"] = "2016-05-19";  // a date the client gives is kept
  ASSERT_TRUE(ApplyReferralTransition(accepted, completed, kToday).ok());
  EXPECT_EQ(completed["closed_on"], "2016-05-19");
  EXPECT_TRUE(CheckReferralState(completed, false, kToday).ok());

  for (const char* to : {"declined", "cancelled"}) {
    Json closed = made;
    closed["status"] = to;
    ASSERT_TRUE(ApplyReferralTransition(made, closed, kToday).ok()) << to;
    EXPECT_EQ(closed["closed_on"], kToday);
    EXPECT_FALSE(closed.contains("accepted_on"));
    EXPECT_TRUE(CheckReferralState(closed, false, kToday).ok()) << to;
  }
  Json declined_later = accepted;
  declined_later["status"] = "declined";
  EXPECT_TRUE(ApplyReferralTransition(accepted, declined_later, kToday).ok());
}

TEST(ReferralStatus, AStepNotAllowedIsAConflictNamingStatus) {
  const Json made = Made();
  Json completed = made;
  completed["status"] = "completed";
  Status skip = ApplyReferralTransition(made, completed, kToday);
  EXPECT_EQ(skip.code(), Code::kConflict);
  EXPECT_EQ(Fields(skip), std::vector<std::string>{"status"});
  EXPECT_NE(skip.errors()[0].message.find("may become accepted, declined or cancelled"), std::string::npos)
      << skip.errors()[0].message;

  Json closed = made;
  closed["status"] = "declined";
  ASSERT_TRUE(ApplyReferralTransition(made, closed, kToday).ok());
  for (const char* to : {"made", "accepted", "completed", "cancelled"}) {
    Json again = closed;
    again["status"] = to;
    Status s = ApplyReferralTransition(closed, again, kToday);
    EXPECT_EQ(s.code(), Code::kConflict) << to;
    EXPECT_NE(s.errors()[0].message.find("it is closed"), std::string::npos) << s.errors()[0].message;
  }
  Json back = made;
  back["status"] = "accepted";
  ASSERT_TRUE(ApplyReferralTransition(made, back, kToday).ok());
  Json undo = back;
  undo["status"] = "made";
  EXPECT_EQ(ApplyReferralTransition(back, undo, kToday).code(), Code::kConflict);
  // Staying in the same status is no step at all.
  Json same = back;
  EXPECT_TRUE(ApplyReferralTransition(back, same, kToday).ok());
}

// ---- rules across fields ----

TEST(ReferralState, AnOutgoingReferralNamesAServiceAndAnIncomingOneTheOrganisation) {
  Json out = Made();
  out.erase("service_id");
  out["from_organization"] = "Someone";
  EXPECT_EQ(Fields(CheckReferralState(out, false, kToday)), (std::vector<std::string>{"service_id", "from_organization"}));
  Json in = Made();
  in["direction"] = "incoming";
  EXPECT_EQ(Fields(CheckReferralState(in, false, kToday)), (std::vector<std::string>{"service_id", "from_organization"}));
  in.erase("service_id");
  in["from_organization"] = "County health department";
  EXPECT_TRUE(CheckReferralState(in, false, kToday).ok());
}

TEST(ReferralState, DatesFollowTheStatusAndOneAnother) {
  Json r = Made();
  r["accepted_on"] = "2016-05-03";
  r["closed_on"] = "2016-05-04";
  EXPECT_EQ(Fields(CheckReferralState(r, false, kToday)), (std::vector<std::string>{"accepted_on", "closed_on"}));
  r = Made();
  r["status"] = "completed";
  EXPECT_EQ(Fields(CheckReferralState(r, false, kToday)), (std::vector<std::string>{"accepted_on", "closed_on"}));
  r["accepted_on"] = "2016-05-01";  // before made_on
  r["closed_on"] = "2016-04-30";
  EXPECT_EQ(Fields(CheckReferralState(r, false, kToday)), (std::vector<std::string>{"accepted_on", "closed_on"}));
  r = Made();
  r["follow_up_on"] = "2016-04-01";
  r["feedback_on"] = "2016-05-10";
  EXPECT_EQ(Fields(CheckReferralState(r, false, kToday)), (std::vector<std::string>{"follow_up_on", "feedback_on"}));
  r["follow_up_on"] = "2016-06-30";  // a follow-up may lie ahead
  EXPECT_TRUE(CheckReferralState(r, true, kToday).ok());
}

TEST(ReferralState, WhatHappenedIsNotInTheFuture) {
  Json r = Made();
  r["made_on"] = "2016-05-21";
  EXPECT_EQ(Fields(CheckReferralState(r, false, kToday)), std::vector<std::string>{"made_on"});
  r = Made();
  r["status"] = "accepted";
  r["accepted_on"] = "2016-06-01";
  r["feedback_on"] = "2016-06-02";
  EXPECT_EQ(Fields(CheckReferralState(r, true, kToday)), (std::vector<std::string>{"accepted_on", "feedback_on"}));
}

// ---- the slip ----

SlipInput Slip(bool consent) {
  SlipInput in;
  in.referral = Made();
  in.referral["id"] = "0190a1b2-0000-7000-8000-0000000000ff";
  in.referral["urgency"] = "urgent";
  in.referral["feedback"] = "Seen twice, improving";  // never on a slip
  in.reason = "Low mood for months";
  in.service = {{"name", "Mental health unit"}, {"provider", "State hospital"}, {"category", "specialised_mental_health"},
                {"location", "Bor town"}, {"contact", "Ward 3"}, {"accepts", "adults"}, {"organization_id", "x"}};
  in.person = {{"id", kPerson}, {"code", "BOR-B90001-8"}, {"given_name", "Abuk"}, {"family_name", "Deng"},
               {"sex", "female"}, {"age_years", 31}, {"phone", "0912 000 000"}, {"address", "Block 4"},
               {"notes", "Lives with her aunt"}, {"consents", {{"purpose", "photo"}}}};
  in.referral_consent = consent;
  in.consent_reason = consent ? "consent for referral was given on 2015-01-01"
                              : "consent for referral was withdrawn on 2016-04-01";
  in.referrer_organization = "IOM";
  in.referrer_name = "IOM counsellor";
  return in;
}

TEST(ReferralSlip, WithReferralConsentItCarriesTheIdentityAndNothingMore) {
  Json slip = ReferralSlip(Slip(true));
  EXPECT_EQ(slip["person"], (Json{{"code", "BOR-B90001-8"}, {"given_name", "Abuk"}, {"family_name", "Deng"},
                                  {"sex", "female"}, {"age_years", 31}}));
  EXPECT_EQ(slip["identity_shown"], true);
  EXPECT_FALSE(slip.contains("identity_note"));
  EXPECT_EQ(slip["reason"], "Low mood for months");
  EXPECT_EQ(slip["urgency"], "urgent");
  EXPECT_EQ(slip["date"], "2016-05-02");
  EXPECT_EQ(slip["referral_id"], "0190a1b2-0000-7000-8000-0000000000ff");
  EXPECT_EQ(slip["service"], (Json{{"name", "Mental health unit"}, {"provider", "State hospital"},
                                   {"category", "specialised_mental_health"}, {"location", "Bor town"},
                                   {"contact", "Ward 3"}}));
  EXPECT_EQ(slip["referrer"], (Json{{"organization", "IOM"}, {"name", "IOM counsellor"}}));
  const std::string text = slip.dump();
  for (const char* never : {"0912", "Block 4", "aunt", "photo", "Seen twice", "adults", "consents", kPerson}) {
    EXPECT_EQ(text.find(never), std::string::npos) << never << " is on the slip: " << text;
  }
}

TEST(ReferralSlip, WithoutReferralConsentOnlyTheCodeAndWhy) {
  Json slip = ReferralSlip(Slip(false));
  EXPECT_EQ(slip["person"], (Json{{"code", "BOR-B90001-8"}}));
  EXPECT_EQ(slip["identity_shown"], false);
  EXPECT_EQ(slip["identity_note"], "only the person's code is shown: consent for referral was withdrawn on 2016-04-01");
  const std::string text = slip.dump();
  for (const char* never : {"Abuk", "Deng", "female", "0912", "aunt"}) {
    EXPECT_EQ(text.find(never), std::string::npos) << never << " is on the slip: " << text;
  }
}

}  // namespace
}  // namespace baton
