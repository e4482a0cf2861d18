#include "domain/duplicates.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baton {
namespace {

using Reasons = std::vector<std::string>;

const std::string kToday = "2024-06-01";

PersonFacts Person(std::vector<std::string> names, std::string sex = "female", std::string birth = "1990-03-15",
                   std::string site = "site-bor") {
  return PersonFacts{std::move(names), std::move(sex), std::move(birth), std::move(site)};
}

TEST(DuplicatesTest, TheSamePersonTypedTwiceMatchesWithEveryReason) {
  PersonFacts a = Person({"Nyandeng", "Garang"});
  auto m = MatchDuplicate(a, a, kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->score, 2 + 2 + 1);  // two equal names, equal birth dates
  EXPECT_EQ(m->reasons, (Reasons{"same_name", "same_sex", "age_close", "same_site"}));
}

TEST(DuplicatesTest, AnotherSiteIsNeverADuplicate) {
  PersonFacts a = Person({"Nyandeng", "Garang"});
  PersonFacts b = a;
  b.site_id = "site-wau";
  EXPECT_FALSE(MatchDuplicate(a, b, kToday));
}

TEST(DuplicatesTest, SexMustAgreeUnlessEitherIsNotRecorded) {
  PersonFacts female = Person({"Deng"}, "female");
  EXPECT_FALSE(MatchDuplicate(female, Person({"Deng"}, "male"), kToday));

  auto m = MatchDuplicate(female, Person({"Deng"}, "not_recorded"), kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reasons, (Reasons{"same_name", "age_close", "same_site"}));  // no same_sex
  EXPECT_TRUE(MatchDuplicate(Person({"Deng"}, "not_recorded"), Person({"Deng"}, "male"), kToday));
  EXPECT_TRUE(MatchDuplicate(Person({"Deng"}, "not_recorded"), Person({"Deng"}, "not_recorded"), kToday));
  // An empty sex counts as not recorded.
  EXPECT_TRUE(MatchDuplicate(Person({"Deng"}, ""), Person({"Deng"}, "male"), kToday));
}

TEST(DuplicatesTest, AgesThreeYearsApartMatchFourDoNot) {
  PersonFacts a = Person({"Achol"}, "female", "2000-06-01");  // 24 on kToday
  auto three = MatchDuplicate(a, Person({"Achol"}, "female", "2003-06-01"), kToday);  // 21
  ASSERT_TRUE(three);
  EXPECT_EQ(three->score, 2);  // the name only: the birth dates differ
  EXPECT_EQ(three->reasons, (Reasons{"same_name", "same_sex", "age_close", "same_site"}));
  EXPECT_FALSE(MatchDuplicate(a, Person({"Achol"}, "female", "2004-06-01"), kToday));  // 20
  EXPECT_FALSE(MatchDuplicate(a, Person({"Achol"}, "female", "1996-05-31"), kToday));  // 28
  EXPECT_TRUE(MatchDuplicate(a, Person({"Achol"}, "female", "1997-06-01"), kToday));   // 27
}

TEST(DuplicatesTest, AgesAreTakenOnToday) {
  // 23 and 20 on 2024-06-01, although born almost four years apart; a day later 24 and 20.
  PersonFacts a = Person({"Achol"}, "female", "2000-06-02");
  PersonFacts b = Person({"Achol"}, "female", "2004-06-01");
  EXPECT_TRUE(MatchDuplicate(a, b, "2024-06-01"));
  EXPECT_FALSE(MatchDuplicate(a, b, "2024-06-02"));
}

TEST(DuplicatesTest, AnUnknownBirthDateDoesNotRuleOut) {
  PersonFacts a = Person({"Achol"}, "female", "");
  auto m = MatchDuplicate(a, Person({"Achol"}, "female", "1950-01-01"), kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reasons, (Reasons{"same_name", "same_sex", "same_site"}));  // no age_close
  EXPECT_EQ(m->score, 2);
  EXPECT_TRUE(MatchDuplicate(Person({"Achol"}, "female", "1950-01-01"), a, kToday));
  EXPECT_TRUE(MatchDuplicate(a, a, kToday));
  EXPECT_EQ(MatchDuplicate(a, a, kToday)->score, 2);  // two unknown dates are not equal dates
}

TEST(DuplicatesTest, PhoneticOnlyMatchIsASimilarName) {
  auto m = MatchDuplicate(Person({"Nyandeeng", "Garaang"}), Person({"Nyandeng", "Garang"}), kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->score, 1 + 1 + 1);  // two similar names, equal birth dates
  EXPECT_EQ(m->reasons, (Reasons{"similar_name", "same_sex", "age_close", "same_site"}));
}

TEST(DuplicatesTest, EqualAndSimilarNamesAddUp) {
  auto m = MatchDuplicate(Person({"Deng", "Kuol"}, "male", ""), Person({"Kwol Deng"}, "male", ""), kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->score, 2 + 1);
  EXPECT_EQ(m->reasons, (Reasons{"same_name", "similar_name", "same_sex", "same_site"}));
}

TEST(DuplicatesTest, NoNameInCommonIsNoDuplicate) {
  EXPECT_FALSE(MatchDuplicate(Person({"Achol", "Deng"}), Person({"Ajak", "Dut"}), kToday));
  EXPECT_FALSE(MatchDuplicate(Person({"Mary"}), Person({"Martha"}), kToday));
  EXPECT_FALSE(MatchDuplicate(Person({}), Person({}), kToday));
  EXPECT_FALSE(MatchDuplicate(Person({"123"}), Person({"123"}), kToday));  // digits are no name
}

TEST(DuplicatesTest, OneNameInCommonIsEnough) {
  auto m = MatchDuplicate(Person({"Achol", "Deng"}), Person({"Mary", "Deng"}), kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->score, 2 + 1);
  EXPECT_EQ(m->reasons[0], "same_name");
}

TEST(DuplicatesTest, NamesAreComparedAfterFolding) {
  auto m = MatchDuplicate(Person({"D\xC3\xABng", "Nya'deng"}), Person({"DENG", "Nyadeng"}), kToday);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->reasons[0], "same_name");
  EXPECT_EQ(m->score, 2 + 2 + 1);
}

TEST(DuplicatesTest, EachNameIsCountedOnceAndTheScoreIsSymmetric) {
  PersonFacts twice = Person({"Deng", "Deeng"}, "male", "");
  PersonFacts once = Person({"Deng"}, "male", "");
  EXPECT_EQ(MatchDuplicate(twice, once, kToday)->score, 2);
  EXPECT_EQ(MatchDuplicate(once, twice, kToday)->score, 2);

  const std::vector<PersonFacts> people = {
      Person({"Nyandeng", "Garang"}), Person({"Nyandeeng", "Garang", "Deng"}), Person({"Achol", "Deng"}),
      Person({"Acol", "Deeng"}),      Person({"Deng"}, "female", ""),          Person({"Garaang"}, "not_recorded")};
  for (const PersonFacts& a : people) {
    for (const PersonFacts& b : people) {
      auto ab = MatchDuplicate(a, b, kToday), ba = MatchDuplicate(b, a, kToday);
      ASSERT_EQ(ab.has_value(), ba.has_value());
      if (ab) {
        EXPECT_EQ(ab->score, ba->score);
        EXPECT_EQ(ab->reasons, ba->reasons);
      }
    }
  }
}

}  // namespace
}  // namespace baton
