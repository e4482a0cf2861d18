#include "domain/name_match.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace baton {
namespace {

using Tokens = std::vector<std::string>;

bool IsLowerAscii(const std::string& s) {
  for (char c : s) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

TEST(NameTokensTest, LowerCasesAndSplitsOnSpaces) {
  EXPECT_EQ(NameTokens("Nyandeng Garang"), (Tokens{"nyandeng", "garang"}));
  EXPECT_EQ(NameTokens("  JOHN   Deng\tAchol\n"), (Tokens{"john", "deng", "achol"}));
  EXPECT_EQ(NameTokens(""), Tokens{});
}

TEST(NameTokensTest, FoldsDiacriticsOfTheSouthSudaneseAlphabets) {
  // ä ë ï ö é è ɛ ɔ ɣ ŋ
  EXPECT_EQ(NameTokens("\xC3\xA4\xC3\xAB\xC3\xAF\xC3\xB6\xC3\xA9\xC3\xA8\xC9\x9B\xC9\x94\xC9\xA3\xC5\x8B"),
            Tokens{"aeioeeeogng"});
  // Ä Ë Ï Ö É È Ɛ Ɔ Ɣ Ŋ
  EXPECT_EQ(NameTokens("\xC3\x84\xC3\x8B\xC3\x8F\xC3\x96\xC3\x89\xC3\x88\xC6\x90\xC6\x86\xC6\x94\xC5\x8A"),
            Tokens{"aeioeeeogng"});
  EXPECT_EQ(NameTokens("D\xC3\xAB" "ng Gara\xC5\x8B"), (Tokens{"deng", "garang"}));         // Dëng Garaŋ
  EXPECT_EQ(NameTokens("\xC6\x94\xC9\x94k"), Tokens{"gok"});                              // Ɣɔk
  EXPECT_EQ(NameTokens("Ny\xC9\x9B\xC9\x9B" "r"), Tokens{"nyeer"});                       // Nyɛɛr
  EXPECT_EQ(NameTokens("\xC3\x84" "CH\xC3\x96L"), Tokens{"achol"});                        // ÄCHÖL
  EXPECT_EQ(NameTokens("D\xC7\x8Eng \xC7\x9D"), (Tokens{"dang", "e"}));                   // ǎ, ǝ
  EXPECT_EQ(NameTokens("A\xC6\x80" "c"), Tokens{"ac"});  // a Latin letter without a plain form
}

TEST(NameTokensTest, DropsCombiningMarks) {
  // ɛ̈ exists only as ɛ + U+0308; é may arrive decomposed as e + U+0301; Nuer ɛ̱ is ɛ + U+0331.
  EXPECT_EQ(NameTokens("D\xC9\x9B\xCC\x88ng"), Tokens{"deng"});
  EXPECT_EQ(NameTokens("Jose\xCC\x81"), Tokens{"jose"});
  EXPECT_EQ(NameTokens("G\xC9\x9B\xCC\xB1" "t"), Tokens{"get"});
  EXPECT_EQ(NameTokens("\xCC\x88" "Deng"), Tokens{"deng"});  // a stray mark at the start
}

TEST(NameTokensTest, DropsApostrophesAndHyphensInsideAWord) {
  EXPECT_EQ(NameTokens("Nya'deng"), Tokens{"nyadeng"});
  EXPECT_EQ(NameTokens("Nya\xE2\x80\x99" "deng"), Tokens{"nyadeng"});  // ’
  EXPECT_EQ(NameTokens("Nya\xCA\xBC" "deng"), Tokens{"nyadeng"});      // ʼ
  EXPECT_EQ(NameTokens("Nya`deng"), Tokens{"nyadeng"});
  EXPECT_EQ(NameTokens("Mary-Ann Deng"), (Tokens{"maryann", "deng"}));
  EXPECT_EQ(NameTokens("Abdel\xE2\x80\x90Rahman"), Tokens{"abdelrahman"});  // U+2010 hyphen
  EXPECT_EQ(NameTokens("'Deng' - Garang-"), (Tokens{"deng", "garang"}));
}

TEST(NameTokensTest, DropsDigitsAndPunctuation) {
  EXPECT_EQ(NameTokens("Deng2 (Garang)!! 3rd, Achol."), (Tokens{"deng", "garang", "rd", "achol"}));
  EXPECT_EQ(NameTokens("123 !! ?? 45"), Tokens{});
  EXPECT_EQ(NameTokens("Deng/Garang_Achol"), (Tokens{"deng", "garang", "achol"}));
  EXPECT_EQ(NameTokens("Deng\xC3\x97Garang"), (Tokens{"deng", "garang"}));  // × is not a letter
}

TEST(NameTokensTest, RemovesDuplicatesKeepingOrder) {
  EXPECT_EQ(NameTokens("Garang Deng GARANG deng D\xC3\xABng"), (Tokens{"garang", "deng"}));
}

TEST(NameTokensTest, OtherScriptsGiveNoTokens) {
  EXPECT_EQ(NameTokens("\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"), Tokens{});                 // محمد
  EXPECT_EQ(NameTokens("\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF Deng"), Tokens{"deng"});
}

TEST(NameTokensTest, InvalidUtf8IsASeparatorNeverACrash) {
  EXPECT_EQ(NameTokens("\xFF\xFE" "Deng\xC3"), Tokens{"deng"});            // truncated sequence at the end
  EXPECT_EQ(NameTokens("De\x80ng"), (Tokens{"de", "ng"}));                  // stray continuation byte
  EXPECT_EQ(NameTokens("\xC0\xAF" "Deng"), Tokens{"deng"});                 // overlong '/'
  EXPECT_EQ(NameTokens("\xC1\x81" "bc"), Tokens{"bc"});                     // overlong 'A'
  EXPECT_EQ(NameTokens("\xED\xA0\x80" "Deng"), Tokens{"deng"});             // a surrogate
  EXPECT_EQ(NameTokens("\xF4\x90\x80\x80" "Deng"), Tokens{"deng"});         // above U+10FFFF
  EXPECT_EQ(NameTokens("\xC3\xABX"), Tokens{"ex"});                         // ë then X
  EXPECT_EQ(NameTokens("\xC3X"), Tokens{"x"});                              // lead byte, no continuation
  EXPECT_EQ(NameTokens(std::string("Deng\0Garang", 11)), (Tokens{"deng", "garang"}));
  // A sequence cut off by the end of the view is not completed from the bytes beyond it.
  const std::string whole = "Deng\xC3\xAB";
  EXPECT_EQ(NameTokens(std::string_view(whole).substr(0, 5)), Tokens{"deng"});
  EXPECT_EQ(NameTokens(std::string_view(whole)), Tokens{"denge"});
}

TEST(NameTokensTest, RandomBytesGiveCleanTokens) {
  std::mt19937 random(20240601);
  for (int i = 0; i < 20000; ++i) {
    std::string junk(random() % 24, '\0');
    for (char& c : junk) c = static_cast<char>(random() & 0xFF);
    Tokens tokens;
    ASSERT_NO_THROW(tokens = NameTokens(junk));
    std::set<std::string> unique(tokens.begin(), tokens.end());
    EXPECT_EQ(unique.size(), tokens.size());
    for (const std::string& t : tokens) {
      ASSERT_FALSE(t.empty());
      ASSERT_TRUE(IsLowerAscii(t)) << t;
      std::string key;
      ASSERT_NO_THROW(key = PhoneticKey(t));
      ASSERT_FALSE(key.empty());
    }
    ASSERT_NO_THROW(PhoneticKey(junk));
  }
}

TEST(NameTokensTest, TokensOfAllPartsTogether) {
  EXPECT_EQ(NameTokensOf({"Nyandeng", "Garang Deng", "deng", ""}), (Tokens{"nyandeng", "garang", "deng"}));
  EXPECT_EQ(NameTokensOf({}), Tokens{});
  EXPECT_EQ(NameTokensOf({"Mary-Ann", "Achol'"}), (Tokens{"maryann", "achol"}));
}

// Spellings of the same name met in registration lists.
TEST(PhoneticKeyTest, SouthSudaneseSpellingVariantsMeet) {
  const std::vector<std::vector<std::string>> same = {
      {"deng", "deeng"},         {"kuol", "kwol"},        {"achol", "acol", "akol"},
      {"nyandeng", "nyandeeng"}, {"gatluak", "gatluac"},  {"ruot", "ruoth"},
      {"jok", "djok"},           {"majok", "majock"},     {"nyakuoth", "nyakuot"},
      {"garang", "garaang"},     {"chol", "col", "kol"},  {"ajak", "ajaak"},
      {"thon", "ton"},           {"dhieu", "dieu"},       {"akuol", "akwol"},
      {"nhial", "nyal"},         {"philip", "filip"},     {"george", "jorge"},
      {"mohamed", "mohammed"},
  };
  for (const auto& group : same) {
    for (const std::string& spelling : group) {
      EXPECT_EQ(PhoneticKey(spelling), PhoneticKey(group[0])) << spelling << " vs " << group[0];
    }
  }
}

TEST(PhoneticKeyTest, DifferentNamesStayApart) {
  const std::vector<std::pair<std::string, std::string>> apart = {
      {"deng", "dut"},   {"garang", "gatluak"}, {"achol", "ajak"},   {"mary", "martha"},
      {"john", "jonglei"}, {"nyandeng", "nandeng"}, {"achol", "ochol"}, {"mamer", "mar"},
      {"kuol", "kur"},   {"deng", "dengdit"},    {"thon", "dhon"},  {"majok", "makuei"},
  };
  for (const auto& [a, b] : apart) EXPECT_NE(PhoneticKey(a), PhoneticKey(b)) << a << " vs " << b;
}

TEST(PhoneticKeyTest, KeysAreShortSkeletons) {
  EXPECT_EQ(PhoneticKey("deng"), "dng");
  EXPECT_EQ(PhoneticKey("achol"), "akl");
  EXPECT_EQ(PhoneticKey("nyakuoth"), "nykt");
  EXPECT_EQ(PhoneticKey("majock"), "mjk");
  EXPECT_EQ(PhoneticKey("wol"), "wl");   // w at the start is a consonant
  EXPECT_EQ(PhoneticKey("mayen"), "myn");  // y after a vowel stays
  EXPECT_EQ(PhoneticKey("a"), "a");
}

TEST(PhoneticKeyTest, FoldsItsInputLikeNameTokens) {
  EXPECT_EQ(PhoneticKey("D\xC3\xAB\xC3\xABng"), PhoneticKey("deng"));  // Dëëng
  EXPECT_EQ(PhoneticKey("DENG"), PhoneticKey("deng"));
  EXPECT_EQ(PhoneticKey("Nya'deng"), PhoneticKey("nyadeng"));
}

TEST(PhoneticKeyTest, NeverEmptyForANonEmptyToken) {
  for (const char* token : {"a", "e", "y", "w", "h", "aa", "ee", "yw", "ny", "dh", "ng", "q"}) {
    EXPECT_FALSE(PhoneticKey(token).empty()) << token;
  }
  // Without any letter the token is its own key, so two junk tokens do not meet.
  EXPECT_EQ(PhoneticKey("123"), "123");
  EXPECT_NE(PhoneticKey("123"), PhoneticKey("45"));
  EXPECT_EQ(PhoneticKey(""), "");
}

// -- index and search words --

bool Holds(const Tokens& index, const Tokens& search) {
  return std::all_of(search.begin(), search.end(),
                     [&](const std::string& w) { return std::find(index.begin(), index.end(), w) != index.end(); });
}

TEST(NameIndexWordsTest, OneWordPerSoundAndOnePerPairOfSounds) {
  const std::string d = PhoneticKey("deng"), a = PhoneticKey("achol"), g = PhoneticKey("garang");
  const Tokens words = NameIndexWords({"achol", "deng", "garang"});
  EXPECT_EQ(words.size(), 6u);  // three sounds, three pairs
  for (const std::string& s : {d, a, g}) EXPECT_NE(std::find(words.begin(), words.end(), "p:" + s), words.end()) << s;
  // A pair is written the same whichever word comes first.
  EXPECT_EQ(NameIndexWords({"deng", "achol"}), NameIndexWords({"deng", "achol"}));
  EXPECT_EQ(NameIndexWords({"deng", "achol"})[2], NameIndexWords({"achol", "deng"})[2]);
  // Spellings of one sound make one word and no pair with themselves.
  EXPECT_EQ(NameIndexWords({"deng", "deeng"}), (Tokens{"p:" + d}));
  EXPECT_EQ(NameIndexWords({}), Tokens{});
}

TEST(NameIndexWordsTest, PairsOnlyTheFirstTwelveSounds) {
  Tokens many;
  for (const char* w : {"achol", "bol", "deng", "garang", "jok", "kuol", "lual", "mading", "nyibol", "ruot", "sebit",
                        "tor", "wek", "yar"}) {
    many.push_back(w);
  }
  ASSERT_EQ(NameTokensOf(many).size(), 14u);
  std::set<std::string> sounds;
  for (const std::string& w : many) sounds.insert(PhoneticKey(w));
  ASSERT_EQ(sounds.size(), 14u);
  const Tokens words = NameIndexWords(many);
  EXPECT_EQ(words.size(), 14u + 12u * 11u / 2u);
  EXPECT_TRUE(Holds(words, NameSearchWords({"achol", "tor"})));  // 1st and 12th
  EXPECT_FALSE(Holds(words, NameSearchWords({"achol", "wek"})));  // the 13th is found alone only
  EXPECT_TRUE(Holds(words, NameSearchWords({"wek"})));
}

TEST(NameSearchWordsTest, EveryMatchOfTheWordsHoldsTheSearchWords) {
  const Tokens person = NameIndexWords(NameTokensOf({"Nyandeng", "Garang Deng", "Achol"}));
  for (const Tokens& q : std::vector<Tokens>{{"nyandeng"},
                                             {"garang", "nyandeng"},
                                             {"nyaandeng", "garaang"},  // other spellings
                                             {"deng", "achol", "garang"},
                                             {"achol", "deng", "garang", "nyandeng"}}) {
    EXPECT_TRUE(Holds(person, NameSearchWords(q))) << q[0];
  }
  for (const Tokens& q : std::vector<Tokens>{{"bol"}, {"garang", "bol"}, {"deng", "achol", "bol"}}) {
    EXPECT_FALSE(Holds(person, NameSearchWords(q))) << q.back();
  }
}

TEST(NameSearchWordsTest, PairsTheSoundsTwoByTwo) {
  const std::string d = PhoneticKey("deng"), a = PhoneticKey("achol"), g = PhoneticKey("garang");
  const auto pair = [](const std::string& x, const std::string& y) { return "pp:" + std::min(x, y) + " " + std::max(x, y); };
  EXPECT_EQ(NameSearchWords({"deng"}), (Tokens{"p:" + d}));
  EXPECT_EQ(NameSearchWords({"deng", "deeng"}), (Tokens{"p:" + d}));  // one sound
  EXPECT_EQ(NameSearchWords({"deng", "achol"}), (Tokens{pair(d, a)}));
  EXPECT_EQ(NameSearchWords({"deng", "achol", "garang"}), (Tokens{pair(d, a), pair(a, g)}));
  EXPECT_EQ(NameSearchWords({}), Tokens{});
}

}  // namespace
}  // namespace baton
