#include "domain/person_code.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <utility>

namespace baton {
namespace {

constexpr std::string_view kSymbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kNodeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

// The code's letters and digits without separators: SITE NODE NUMBER CHECK.
std::string Alnum(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c != '-') out += c;
  }
  return out;
}

// Whether the characters (SITE NODE NUMBER CHECK, run together) pass the check.
bool Passes(std::string_view alnum) {
  return PersonCodeCheck(alnum.substr(0, alnum.size() - 1)) == alnum.back();
}

// Worked example, ISO 7064 MOD 37,36, for "BORK70042". Values: 0-9 -> 0..9, A=10 ... Z=35.
// Start p = 36; each step s = (p + a) mod 36 (0 read as 36), then p = 2s mod 37.
//   B a=11  p=36  s=47 mod 36=11  p=22 mod 37=22
//   O a=24  p=22  s=46 mod 36=10  p=20
//   R a=27  p=20  s=47 mod 36=11  p=22
//   K a=20  p=22  s=42 mod 36= 6  p=12
//   7 a= 7  p=12  s=19            p=38 mod 37= 1
//   0 a= 0  p= 1  s= 1            p= 2
//   0 a= 0  p= 2  s= 2            p= 4
//   4 a= 4  p= 4  s= 8            p=16
//   2 a= 2  p=16  s=18            p=36
// Check c = (37 - p) mod 36 = 1 mod 36 = 1 -> '1'. Verification: (p + c) mod 36 = 37 mod 36 = 1.
// Two one-symbol examples: "A": s=(36+10) mod 36=10, p=20, c=17 -> 'H'; "0": s=36, p=72 mod 37=35,
// c=2 -> '2'.
TEST(PersonCodeTest, CheckMatchesTheWorkedExample) {
  EXPECT_EQ(PersonCodeCheck("BORK70042"), '1');
  EXPECT_EQ(PersonCodeCheck("A"), 'H');
  EXPECT_EQ(PersonCodeCheck("0"), '2');
  EXPECT_EQ(MakePersonCode("BOR", "K7", 42), "BOR-K70042-1");
}

TEST(PersonCodeTest, CheckIgnoresCharactersOutsideUpperCaseLettersAndDigits) {
  EXPECT_EQ(PersonCodeCheck("BOR-K7 0042"), PersonCodeCheck("BORK70042"));
  EXPECT_EQ(PersonCodeCheck("bORK70042"), PersonCodeCheck("ORK70042"));
  EXPECT_EQ(PersonCodeCheck("\xC3\x84" "BORK70042"), PersonCodeCheck("BORK70042"));
}

TEST(PersonCodeTest, EverySingleSubstitutionOfTheSampleIsDetected) {
  const std::string code = MakePersonCode("BOR", "K7", 42);
  const std::string alnum = Alnum(code);
  ASSERT_TRUE(Passes(alnum));
  int tried = 0;
  for (size_t i = 0; i < alnum.size(); ++i) {
    for (char symbol : kSymbols) {
      if (symbol == alnum[i]) continue;
      std::string wrong = alnum;
      wrong[i] = symbol;
      EXPECT_FALSE(Passes(wrong)) << wrong;
      std::string typed = code;
      typed[i < 3 ? i : (i < 9 ? i + 1 : i + 2)] = symbol;  // the same character in the dashed form
      EXPECT_FALSE(NormalisePersonCode(typed)) << typed;
      ++tried;
    }
  }
  EXPECT_EQ(tried, 10 * 35);
}

TEST(PersonCodeTest, EveryAdjacentTranspositionOfTheSampleIsDetected) {
  const std::string alnum = Alnum(MakePersonCode("BOR", "K7", 42));  // BORK700421
  int tried = 0;
  for (size_t i = 0; i + 1 < alnum.size(); ++i) {
    if (alnum[i] == alnum[i + 1]) continue;  // swapping equal characters changes nothing
    std::string swapped = alnum;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_FALSE(Passes(swapped)) << swapped;
    EXPECT_FALSE(NormalisePersonCode(swapped)) << swapped;
    ++tried;
  }
  EXPECT_EQ(tried, 8);  // all 9 neighbouring pairs except "00"
}

// The algorithm, not just one code: across many codes, every substitution anywhere is caught.
TEST(PersonCodeTest, SingleSubstitutionsAreDetectedAcrossManyCodes) {
  for (int64_t number = 0; number < 10000; number += 37) {
    const std::string alnum = Alnum(MakePersonCode("WAU", "M3", number));
    for (size_t i = 0; i < alnum.size(); ++i) {
      for (char symbol : kSymbols) {
        if (symbol == alnum[i]) continue;
        std::string wrong = alnum;
        wrong[i] = symbol;
        ASSERT_FALSE(Passes(wrong)) << wrong;
      }
    }
  }
}

// A known limit of the ISO 7064 hybrid systems: swapping two symbols whose values are consecutive
// (v, v+1 mod 36) goes unnoticed exactly when the smaller one meets s = 18, since 2*18 = 36 and
// 2*19 = 38 = 1 (mod 37) bring the two orders back to the same state. In BOR-K70389-J, p is 10
// before the '8', so s = 18 and "89" -> "98" passes (p = 18 after either order). Every swap of two
// symbols that are not consecutive is caught.
TEST(PersonCodeTest, OnlySwapsOfConsecutiveSymbolsCanGoUnnoticed) {
  EXPECT_EQ(MakePersonCode("BOR", "K7", 389), "BOR-K70389-J");
  EXPECT_EQ(MakePersonCode("BOR", "K7", 398), "BOR-K70398-J");

  int swaps = 0, unnoticed = 0;
  for (int64_t number = 0; number < 10000; ++number) {
    const std::string alnum = Alnum(MakePersonCode("BOR", "K7", number));
    for (size_t i = 0; i + 1 < alnum.size(); ++i) {
      if (alnum[i] == alnum[i + 1]) continue;
      std::string swapped = alnum;
      std::swap(swapped[i], swapped[i + 1]);
      ++swaps;
      if (!Passes(swapped)) continue;
      ++unnoticed;
      int a = static_cast<int>(kSymbols.find(alnum[i])), b = static_cast<int>(kSymbols.find(alnum[i + 1]));
      EXPECT_TRUE((a + 1) % 36 == b || (b + 1) % 36 == a) << alnum << " at " << i;
    }
  }
  EXPECT_GT(swaps, 80000);
  EXPECT_GT(unnoticed, 0);
  EXPECT_LT(unnoticed * 50, swaps);  // under 2% of all swaps
}

TEST(PersonCodeTest, NormaliseAcceptsCaseSpacesAndMissingDashes) {
  for (const char* typed : {"BOR-K70042-1", "bor-k70042-1", "bor k70042 1", "bor k700421", "BORK700421",
                            "  bor-k7-0042-1  ", "Bor K7 0042 1", "BOR--K70042--1", "bor\tk70042-1"}) {
    EXPECT_EQ(NormalisePersonCode(typed), "BOR-K70042-1") << typed;
  }
}

TEST(PersonCodeTest, NormaliseRejectsWrongCheckAndJunk) {
  for (char check : kSymbols) {
    if (check == '1') continue;
    EXPECT_FALSE(NormalisePersonCode(std::string("BOR-K70042-") + check)) << check;
  }
  for (const char* typed : {"", "   ", "-", "BOR-K70042", "BOR-K70042-", "BOR/K70042/1", "BOR.K70042.1",
                            "B\xC3\x96R-K70042-1", "BOR-K7OO42-1", "K70042-1", "BOR-K7042-?"}) {
    EXPECT_FALSE(NormalisePersonCode(typed)) << typed;
  }
  EXPECT_FALSE(NormalisePersonCode(std::string(100, '1')));
  EXPECT_FALSE(NormalisePersonCode(std::string("BOR-K70042-1\0", 13)));
}

TEST(PersonCodeTest, NormaliseNeedsANodeTagFromTheAlphabetAndFourDigits) {
  // The node tag alphabet has no 0, 1, I, L, O or U; a number has at least four digits.
  auto dashed = [](std::string_view site, std::string_view rest) {
    std::string body = std::string(site) + std::string(rest);
    return std::string(site) + "-" + std::string(rest) + "-" + PersonCodeCheck(body);
  };
  EXPECT_TRUE(NormalisePersonCode(dashed("BOR", "K70042")));
  EXPECT_FALSE(NormalisePersonCode(dashed("BOR", "K10042")));
  EXPECT_FALSE(NormalisePersonCode(dashed("BOR", "KL0042")));
  EXPECT_FALSE(NormalisePersonCode(dashed("BOR", "KU0042")));
  EXPECT_FALSE(NormalisePersonCode(dashed("BOR", "K7042")));
  // A number of five or more digits never starts with 0: the padding is to four digits only.
  EXPECT_FALSE(NormalisePersonCode(dashed("BOR", "K700042")));
  EXPECT_TRUE(NormalisePersonCode(dashed("BOR", "K710042")));
  // The site prefix has one to eight characters.
  EXPECT_TRUE(NormalisePersonCode(dashed("ABCDEFGH", "K70042")));
  EXPECT_FALSE(NormalisePersonCode(dashed("ABCDEFGHJ", "K70042")));
}

TEST(PersonCodeTest, TypedSeparatorsDecideBetweenReadings) {
  // "BORK70042" + check reads as BOR K7 0042 (shortest number) unless the dashes say BO RK 70042.
  EXPECT_EQ(NormalisePersonCode("BORK700421"), "BOR-K70042-1");
  EXPECT_EQ(NormalisePersonCode("BO-RK70042-1"), "BO-RK70042-1");
  EXPECT_EQ(NormalisePersonCode("bo rk70042 1"), "BO-RK70042-1");
  EXPECT_EQ(NormalisePersonCode("BORK7-0042-1"), "BOR-K70042-1");
  EXPECT_FALSE(NormalisePersonCode("B-ORK70042-1"));  // a separator inside the site prefix
}

TEST(PersonCodeTest, NumbersArePaddedToFourDigitsAndMayGrowBeyond) {
  EXPECT_EQ(MakePersonCode("BOR", "K7", 0).substr(0, 11), "BOR-K70000-");
  EXPECT_EQ(MakePersonCode("BOR", "K7", 7).substr(0, 11), "BOR-K70007-");
  EXPECT_EQ(MakePersonCode("BOR", "K7", 9999).substr(0, 11), "BOR-K79999-");
  EXPECT_EQ(MakePersonCode("BOR", "K7", 10000).substr(0, 12), "BOR-K710000-");
  EXPECT_EQ(MakePersonCode("BOR", "K7", 123456789).substr(0, 16), "BOR-K7123456789-");
  EXPECT_EQ(MakePersonCode("bor", "k7", 42), "BOR-K70042-1");
  EXPECT_EQ(MakePersonCode("BOR", "K7", -5), MakePersonCode("BOR", "K7", 0));
}

TEST(PersonCodeTest, LongNumbersNormaliseWhenTheirPartsCanBeTold) {
  const std::string code = MakePersonCode("BOR", "K7", 12345);
  EXPECT_EQ(NormalisePersonCode(code), code);
  const std::string alnum = Alnum(code);
  // Without separators, "71" is no node tag (no 1 in the alphabet), so only BOR K7 12345 fits.
  EXPECT_EQ(NormalisePersonCode(alnum), code);
  // Here BORK 72 3456 fits as well as BOR K7 23456; the shorter number wins unless a space says.
  const std::string ambiguous = MakePersonCode("BOR", "K7", 23456);
  EXPECT_EQ(NormalisePersonCode(Alnum(ambiguous)), "BORK-723456-" + std::string(1, ambiguous.back()));
  EXPECT_EQ(NormalisePersonCode("bor " + Alnum(ambiguous).substr(3)), ambiguous);
  EXPECT_EQ(NormalisePersonCode(MakePersonCode("ABCDEFGH", "ZZ", 9'223'372'036'854'775'807)),
            MakePersonCode("ABCDEFGH", "ZZ", 9'223'372'036'854'775'807));
}

TEST(PersonCodeTest, MadeCodesRoundTripThroughNormalise) {
  for (int node = 0; node < 50; ++node) {
    std::string tag = NodeTag("node-" + std::to_string(node));
    for (const char* site : {"S", "BOR", "MAL1", "JUBAPOC3", "2B"}) {
      for (int64_t number : {0, 1, 42, 999, 9999}) {
        std::string code = MakePersonCode(site, tag, number);
        EXPECT_EQ(NormalisePersonCode(code), code);
        std::string loose;
        for (char c : Alnum(code)) loose += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(NormalisePersonCode(loose), code) << loose;
      }
    }
  }
}

TEST(PersonCodeTest, NodeTagIsTwoCharactersFromTheAlphabetAndStable) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string node_id = "0190b7c4-1a2b-7c3d-8e4f-" + std::to_string(100000000000 + i);
    std::string tag = NodeTag(node_id);
    ASSERT_EQ(tag.size(), 2u);
    for (char c : tag) EXPECT_NE(kNodeAlphabet.find(c), std::string_view::npos) << tag;
    EXPECT_EQ(NodeTag(node_id), tag);
    seen.insert(tag);
  }
  EXPECT_GT(seen.size(), 500u);  // 1000 nodes spread over the 900 possible tags
  // Printed on paper forms, so pinned: FNV-1a 64 of the node id, as two base-30 digits. A change
  // here would relabel every node.
  EXPECT_EQ(NodeTag(""), "KG");
  EXPECT_EQ(NodeTag("node-1"), "5A");
  EXPECT_EQ(NodeTag("0190b7c4-1a2b-7c3d-8e4f-a1b2c3d4e5f6"), "5K");
}

TEST(PersonCodeTest, SitePrefixFromTheCodeOrTheName) {
  EXPECT_EQ(SitePrefix("bor", "Bor town"), "BOR");
  EXPECT_EQ(SitePrefix("Bor-PoC 1", ""), "BORPOC1");
  EXPECT_EQ(SitePrefix("abcdefghij", ""), "ABCDEFGH");  // at most 8
  EXPECT_EQ(SitePrefix("", "Malakal"), "MAL");
  EXPECT_EQ(SitePrefix(" -- ", "Wau"), "WAU");            // a code without letters or digits
  EXPECT_EQ(SitePrefix("", "\xC3\x8B" "bor camp"), "EBO");  // Ëbor
  EXPECT_EQ(SitePrefix("", "Al Mahdi"), "ALM");           // letters across words
  EXPECT_EQ(SitePrefix("", "Ma Ma"), "MAM");
  EXPECT_EQ(SitePrefix("", "Yi"), "YI");                  // fewer than three letters
  EXPECT_EQ(SitePrefix("", "Site 12"), "SIT");            // digits of a name are not letters
  EXPECT_EQ(SitePrefix("", "12 / 3"), "S");
  EXPECT_EQ(SitePrefix("", ""), "S");
  EXPECT_EQ(SitePrefix("!!", "\xFF\xFE"), "S");
}

}  // namespace
}  // namespace baton
