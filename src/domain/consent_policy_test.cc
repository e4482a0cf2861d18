#include "domain/consent_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baton {
namespace {

using Purpose = ConsentPurpose;
using State = ConsentStatus;
using Method = ConsentMethod;

ConsentRecord Rec(std::string id, Purpose purpose, State status, std::string date, int64_t order = 0,
                  Method method = Method::kVerbal) {
  ConsentRecord r;
  r.id = std::move(id);
  r.purpose = purpose;
  r.status = status;
  r.method = method;
  r.date = std::move(date);
  r.order = order;
  return r;
}

ConsentRecord Expiring(ConsentRecord r, std::string expires_on) {
  r.expires_on = std::move(expires_on);
  return r;
}

ConsentRecord ForPartner(ConsentRecord r, std::string partner) {
  r.partner_org_id = std::move(partner);
  return r;
}

ConsentQuestion Ask(Purpose purpose, std::string date, std::string birth_date = "", std::string partner = "") {
  ConsentQuestion q;
  q.purpose = purpose;
  q.date = std::move(date);
  q.birth_date = std::move(birth_date);
  q.partner_org_id = std::move(partner);
  return q;
}

TEST(ConsentPolicyTest, NamesRoundTrip) {
  for (Purpose p : {Purpose::kServices, Purpose::kFollowUp, Purpose::kReferral, Purpose::kSharePartner,
                    Purpose::kShareAnyPartner, Purpose::kPhoto, Purpose::kShareProgrammes}) {
    EXPECT_EQ(ParseConsentPurpose(ConsentPurposeName(p)), p);
  }
  for (State s : {State::kGiven, State::kRefused, State::kWithdrawn}) {
    EXPECT_EQ(ParseConsentStatus(ConsentStatusName(s)), s);
  }
  for (Method m : {Method::kVerbal, Method::kWritten, Method::kGuardian}) {
    EXPECT_EQ(ParseConsentMethod(ConsentMethodName(m)), m);
  }
  EXPECT_STREQ(ConsentPurposeName(Purpose::kFollowUp), "follow_up");
  EXPECT_STREQ(ConsentPurposeName(Purpose::kShareAnyPartner), "share_any_partner");
  EXPECT_STREQ(ConsentPurposeName(Purpose::kShareProgrammes), "share_programmes");
  EXPECT_STREQ(ConsentStatusName(State::kWithdrawn), "withdrawn");
  EXPECT_STREQ(ConsentMethodName(Method::kGuardian), "guardian");
  for (const char* bad : {"", "Services", "follow-up", "share partner", "photo "}) {
    EXPECT_FALSE(ParseConsentPurpose(bad)) << bad;
  }
  EXPECT_FALSE(ParseConsentStatus("Given"));
  EXPECT_FALSE(ParseConsentMethod("oral"));
}

TEST(ConsentPolicyTest, NoRecordIsARefusal) {
  ConsentDecision d = ConsentPolicy::Decide({}, Ask(Purpose::kReferral, "2024-05-01"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "no consent for referral is recorded");
  EXPECT_EQ(d.basis_id, "");
}

TEST(ConsentPolicyTest, GivenConsentOfAnAdultAllows) {
  std::vector<ConsentRecord> records = {Rec("c1", Purpose::kReferral, State::kGiven, "2016-01-10")};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2016-02-01", "1990-01-01"));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.reason, "consent for referral was given on 2016-01-10");
  EXPECT_EQ(d.basis_id, "c1");
  records[0].method = Method::kWritten;
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2016-02-01", "1990-01-01")).allowed);
}

TEST(ConsentPolicyTest, PurposesAreSeparate) {
  std::vector<ConsentRecord> records = {Rec("c1", Purpose::kServices, State::kGiven, "2016-01-10")};
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kServices, "2016-02-01")).allowed);
  for (Purpose other : {Purpose::kFollowUp, Purpose::kReferral, Purpose::kShareAnyPartner, Purpose::kPhoto}) {
    EXPECT_FALSE(ConsentPolicy::Decide(records, Ask(other, "2016-02-01")).allowed);
  }
}

TEST(ConsentPolicyTest, WithdrawalCountsFromItsDate) {
  std::vector<ConsentRecord> records = {Rec("c1", Purpose::kReferral, State::kGiven, "2016-01-10", 1),
                                        Rec("c2", Purpose::kReferral, State::kWithdrawn, "2016-03-02", 2)};
  ConsentDecision before = ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2016-03-01"));
  EXPECT_TRUE(before.allowed);
  EXPECT_EQ(before.basis_id, "c1");
  for (const char* date : {"2016-03-02", "2020-01-01"}) {
    ConsentDecision after = ConsentPolicy::Decide(records, Ask(Purpose::kReferral, date));
    EXPECT_FALSE(after.allowed) << date;
    EXPECT_EQ(after.reason, "consent for referral was withdrawn on 2016-03-02");
    EXPECT_EQ(after.basis_id, "c2");
  }
}

TEST(ConsentPolicyTest, RefusalNamesItsDateAndALaterConsentReplacesIt) {
  std::vector<ConsentRecord> records = {Rec("r1", Purpose::kPhoto, State::kRefused, "2023-04-05", 1)};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kPhoto, "2023-05-01"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "consent for photos was refused on 2023-04-05");
  EXPECT_EQ(d.basis_id, "r1");
  records.push_back(Rec("g2", Purpose::kPhoto, State::kGiven, "2023-06-01", 2));
  EXPECT_FALSE(ConsentPolicy::Decide(records, Ask(Purpose::kPhoto, "2023-05-31")).allowed);
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kPhoto, "2023-06-01")).allowed);
}

TEST(ConsentPolicyTest, ExpiresAfterItsLastDay) {
  std::vector<ConsentRecord> records = {
      Expiring(Rec("c1", Purpose::kFollowUp, State::kGiven, "2024-01-15"), "2024-06-30")};
  // expires_on is the same day as the question: still holds.
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kFollowUp, "2024-06-30")).allowed);
  // expires_on is the day before the question: over.
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kFollowUp, "2024-07-01"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "consent for follow-up expired on 2024-06-30");
  EXPECT_EQ(d.basis_id, "c1");
}

TEST(ConsentPolicyTest, ARefusalIsReportedBeforeAnExpiry) {
  std::vector<ConsentRecord> records = {
      Expiring(Rec("w1", Purpose::kReferral, State::kWithdrawn, "2024-01-15"), "2024-02-01")};
  EXPECT_EQ(ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2024-03-01")).reason,
            "consent for referral was withdrawn on 2024-01-15");
}

TEST(ConsentPolicyTest, AChildNeedsAGuardian) {
  const std::string birth = "2010-05-01";
  std::vector<ConsentRecord> verbal = {Rec("c1", Purpose::kServices, State::kGiven, "2024-01-10")};
  ConsentDecision d = ConsentPolicy::Decide(verbal, Ask(Purpose::kServices, "2024-02-01", birth));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "consent for a child must be given by a guardian");
  EXPECT_EQ(d.basis_id, "c1");
  verbal[0].method = Method::kWritten;
  EXPECT_FALSE(ConsentPolicy::Decide(verbal, Ask(Purpose::kServices, "2024-02-01", birth)).allowed);
  verbal[0].method = Method::kGuardian;
  EXPECT_TRUE(ConsentPolicy::Decide(verbal, Ask(Purpose::kServices, "2024-02-01", birth)).allowed);
}

TEST(ConsentPolicyTest, TheRecordsDateDecidesChildhood) {
  // Seventeen when consenting alone, eighteen when asked: still a child's consent.
  std::vector<ConsentRecord> own = {Rec("c1", Purpose::kReferral, State::kGiven, "2024-01-10")};
  EXPECT_FALSE(ConsentPolicy::Decide(own, Ask(Purpose::kReferral, "2025-01-10", "2006-05-01")).allowed);
  // A guardian's consent given at seventeen still holds at nineteen.
  std::vector<ConsentRecord> guardian = {
      Rec("c1", Purpose::kReferral, State::kGiven, "2024-01-10", 0, Method::kGuardian)};
  EXPECT_TRUE(ConsentPolicy::Decide(guardian, Ask(Purpose::kReferral, "2026-01-10", "2006-05-01")).allowed);
}

TEST(ConsentPolicyTest, AdulthoodStartsOnTheEighteenthBirthday) {
  auto decide = [](const std::string& record_date, const std::string& birth) {
    std::vector<ConsentRecord> records = {Rec("c1", Purpose::kServices, State::kGiven, record_date)};
    return ConsentPolicy::Decide(records, Ask(Purpose::kServices, "2030-01-01", birth)).allowed;
  };
  EXPECT_FALSE(decide("2024-04-30", "2006-05-01"));
  EXPECT_TRUE(decide("2024-05-01", "2006-05-01"));
  // Born on 29 February: eighteen on 1 March in a common year.
  EXPECT_FALSE(decide("2022-02-28", "2004-02-29"));
  EXPECT_TRUE(decide("2022-03-01", "2004-02-29"));
}

TEST(ConsentPolicyTest, UnknownBirthDateIsTreatedAsAnAdult) {
  std::vector<ConsentRecord> records = {Rec("c1", Purpose::kServices, State::kGiven, "2024-01-10")};
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kServices, "2024-02-01", "")).allowed);
}

TEST(ConsentPolicyTest, RecordsAfterTheQuestionDateDoNotCountYet) {
  std::vector<ConsentRecord> records = {Rec("c1", Purpose::kReferral, State::kGiven, "2024-03-10")};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2024-03-09"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "no consent for referral is recorded");
  EXPECT_FALSE(ConsentPolicy::InForce(records, Purpose::kReferral, "", "2024-03-09"));
  EXPECT_EQ(ConsentPolicy::InForce(records, Purpose::kReferral, "", "2024-03-10")->id, "c1");
}

TEST(ConsentPolicyTest, RecordsOfOneDateAreOrderedByOrderNotByListPosition) {
  std::vector<ConsentRecord> records = {Rec("withdrawn", Purpose::kReferral, State::kWithdrawn, "2024-03-10", 7),
                                        Rec("given", Purpose::kReferral, State::kGiven, "2024-03-10", 5)};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2024-03-10"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.basis_id, "withdrawn");
  records.push_back(Rec("given_again", Purpose::kReferral, State::kGiven, "2024-03-10", 9));
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kReferral, "2024-03-10")).allowed);
  // A later date wins over a higher order.
  records.push_back(Rec("next_day", Purpose::kReferral, State::kRefused, "2024-03-11", 1));
  EXPECT_EQ(ConsentPolicy::InForce(records, Purpose::kReferral, "", "2024-03-11")->id, "next_day");
  EXPECT_EQ(ConsentPolicy::InForce(records, Purpose::kReferral, "", "2024-03-10")->id, "given_again");
}

TEST(ConsentPolicyTest, ASpecificRefusalOverridesSharingWithAnyPartner) {
  std::vector<ConsentRecord> records = {
      Rec("any", Purpose::kShareAnyPartner, State::kGiven, "2024-01-01", 2),
      ForPartner(Rec("not_x", Purpose::kSharePartner, State::kRefused, "2023-06-01", 1), "org-x")};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-x"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.basis_id, "not_x");
  EXPECT_EQ(d.reason, "consent for sharing with this partner was refused on 2023-06-01");
}

TEST(ConsentPolicyTest, SharingWithAnyPartnerCoversAPartnerWithoutItsOwnRecord) {
  std::vector<ConsentRecord> records = {Rec("any", Purpose::kShareAnyPartner, State::kGiven, "2024-01-01")};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-y"));
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.basis_id, "any");
  records[0].status = State::kWithdrawn;
  EXPECT_FALSE(ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-y")).allowed);
}

TEST(ConsentPolicyTest, ConsentForOnePartnerDoesNotCoverAnother) {
  std::vector<ConsentRecord> records = {
      ForPartner(Rec("x", Purpose::kSharePartner, State::kGiven, "2024-01-01"), "org-x")};
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-x")).allowed);
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-y"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "no consent for sharing with this partner is recorded");
  EXPECT_EQ(d.basis_id, "");
  EXPECT_FALSE(ConsentPolicy::InForce(records, Purpose::kSharePartner, "org-y", "2024-02-01"));
  // Nor does it count as consent to share with any partner.
  EXPECT_FALSE(ConsentPolicy::Decide(records, Ask(Purpose::kShareAnyPartner, "2024-02-01")).allowed);
}

TEST(ConsentPolicyTest, ASpecificConsentHoldsWhenSharingWithAnyPartnerIsRefused) {
  std::vector<ConsentRecord> records = {
      Rec("no_any", Purpose::kShareAnyPartner, State::kRefused, "2024-01-01"),
      ForPartner(Rec("x", Purpose::kSharePartner, State::kGiven, "2023-01-01"), "org-x")};
  EXPECT_TRUE(ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-x")).allowed);
  EXPECT_FALSE(ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-y")).allowed);
}

TEST(ConsentPolicyTest, AnExpiredSpecificConsentIsNotRescuedByAGeneralOne) {
  std::vector<ConsentRecord> records = {
      Rec("any", Purpose::kShareAnyPartner, State::kGiven, "2024-01-01"),
      Expiring(ForPartner(Rec("x", Purpose::kSharePartner, State::kGiven, "2023-01-01"), "org-x"), "2023-12-31")};
  ConsentDecision d = ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "", "org-x"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.basis_id, "x");
}

TEST(ConsentPolicyTest, AChildsGeneralSharingConsentNeedsAGuardianToo) {
  std::vector<ConsentRecord> records = {Rec("any", Purpose::kShareAnyPartner, State::kGiven, "2024-01-01")};
  ConsentDecision d =
      ConsentPolicy::Decide(records, Ask(Purpose::kSharePartner, "2024-02-01", "2012-01-01", "org-x"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "consent for a child must be given by a guardian");
}

TEST(ConsentPolicyTest, InForceIgnoresThePartnerForOtherPurposes) {
  std::vector<ConsentRecord> records = {Rec("c1", Purpose::kReferral, State::kGiven, "2024-01-01")};
  EXPECT_EQ(ConsentPolicy::InForce(records, Purpose::kReferral, "org-x", "2024-01-01")->id, "c1");
  EXPECT_FALSE(ConsentPolicy::InForce(records, Purpose::kFollowUp, "", "2024-01-01"));
}

}  // namespace
}  // namespace baton
