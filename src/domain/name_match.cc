#include "domain/name_match.h"

#include <algorithm>
#include <cstdint>

namespace baton {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// The next code point of `s` from `i` (advancing `i`), or kInvalid for a byte that does not start a
// well-formed UTF-8 sequence (stray continuation bytes, overlong forms, surrogates, > U+10FFFF), in
// which case only that one byte is consumed.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + len > s.size()) {
    ++i;
    return kInvalid;
  }
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

// Marks that belong to a word without being a letter of it: apostrophes and hyphens typed inside a
// name ("Nya'deng", "Mary-Ann") and combining diacritics (a name typed in decomposed form, or
// Dinka ɛ̈ / ɔ̈, which exist only as a base letter plus U+0308). They are dropped without ending
// the word.
bool IsJoiner(char32_t c) {
  switch (c) {
    case U'\'': case U'`': case U'\u00B4': case U'\u2018': case U'\u2019': case U'\u201B':
    case U'\u2032': case U'\u02BB': case U'\u02BC':                  // apostrophes
    case U'-': case U'\u00AD': case U'\u2010': case U'\u2011':       // hyphens
      return true;
    default:
      break;
  }
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

struct Fold {
  char32_t first;
  char32_t last;
  const char* ascii;  // "" = a letter dropped without ending the word
};

// Latin letters with diacritics, and the letters of the South Sudanese orthographies (ɛ ɔ ɣ ŋ and
// their capitals), folded to how the same name is written on a keyboard without them.
constexpr Fold kFolds[] = {
    {0x00C0, 0x00C5, "a"}, {0x00C6, 0x00C6, "ae"}, {0x00C7, 0x00C7, "c"}, {0x00C8, 0x00CB, "e"},
    {0x00CC, 0x00CF, "i"}, {0x00D0, 0x00D0, "d"},  {0x00D1, 0x00D1, "n"}, {0x00D2, 0x00D6, "o"},
    {0x00D8, 0x00D8, "o"}, {0x00D9, 0x00DC, "u"},  {0x00DD, 0x00DD, "y"}, {0x00DE, 0x00DE, "th"},
    {0x00DF, 0x00DF, "ss"}, {0x00E0, 0x00E5, "a"}, {0x00E6, 0x00E6, "ae"}, {0x00E7, 0x00E7, "c"},
    {0x00E8, 0x00EB, "e"}, {0x00EC, 0x00EF, "i"},  {0x00F0, 0x00F0, "d"}, {0x00F1, 0x00F1, "n"},
    {0x00F2, 0x00F6, "o"}, {0x00F8, 0x00F8, "o"},  {0x00F9, 0x00FC, "u"}, {0x00FD, 0x00FD, "y"},
    {0x00FE, 0x00FE, "th"}, {0x00FF, 0x00FF, "y"},
    // Latin Extended-A
    {0x0100, 0x0105, "a"}, {0x0106, 0x010D, "c"}, {0x010E, 0x0111, "d"}, {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"}, {0x0124, 0x0127, "h"}, {0x0128, 0x0131, "i"}, {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"}, {0x0136, 0x0138, "k"}, {0x0139, 0x0142, "l"}, {0x0143, 0x0149, "n"},
    {0x014A, 0x014B, "ng"}, {0x014C, 0x0151, "o"}, {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"},
    {0x015A, 0x0161, "s"}, {0x0162, 0x0167, "t"}, {0x0168, 0x0173, "u"}, {0x0174, 0x0175, "w"},
    {0x0176, 0x0178, "y"}, {0x0179, 0x017E, "z"}, {0x017F, 0x017F, "s"},
    // Latin Extended-B and IPA letters used in African orthographies
    {0x0181, 0x0181, "b"}, {0x0186, 0x0186, "o"}, {0x0189, 0x018A, "d"}, {0x018F, 0x018F, "e"},
    {0x0190, 0x0190, "e"}, {0x0191, 0x0192, "f"}, {0x0193, 0x0193, "g"}, {0x0194, 0x0194, "g"},
    {0x0197, 0x0197, "i"}, {0x0198, 0x0199, "k"}, {0x019D, 0x019D, "ny"}, {0x01B2, 0x01B2, "v"},
    {0x01B3, 0x01B4, "y"}, {0x018E, 0x018E, "e"}, {0x01CD, 0x01CE, "a"}, {0x01CF, 0x01D0, "i"},
    {0x01D1, 0x01D2, "o"}, {0x01D3, 0x01DC, "u"}, {0x01DD, 0x01DD, "e"}, {0x01E6, 0x01E7, "g"},
    {0x01E8, 0x01E9, "k"}, {0x01EA, 0x01ED, "o"}, {0x01F8, 0x01F9, "n"}, {0x01FA, 0x01FB, "a"},
    {0x01FC, 0x01FD, "ae"}, {0x01FE, 0x01FF, "o"}, {0x0200, 0x0203, "a"}, {0x0204, 0x0207, "e"},
    {0x0208, 0x020B, "i"}, {0x020C, 0x020F, "o"}, {0x0210, 0x0213, "r"}, {0x0214, 0x0217, "u"},
    {0x0218, 0x0219, "s"}, {0x021A, 0x021B, "t"}, {0x0180, 0x024F, ""},
    {0x0253, 0x0253, "b"}, {0x0254, 0x0254, "o"}, {0x0256, 0x0257, "d"}, {0x0259, 0x0259, "e"},
    {0x025B, 0x025B, "e"}, {0x0260, 0x0260, "g"}, {0x0263, 0x0263, "g"}, {0x0268, 0x0268, "i"},
    {0x026A, 0x026A, "i"}, {0x0272, 0x0272, "ny"}, {0x0283, 0x0283, "sh"}, {0x028A, 0x028A, "u"},
    {0x028B, 0x028B, "v"}, {0x0292, 0x0292, "z"}, {0x0250, 0x02AF, ""},
    // Latin Extended Additional (dots and marks below or above, Vietnamese vowels)
    {0x1E00, 0x1E01, "a"}, {0x1E02, 0x1E07, "b"}, {0x1E08, 0x1E09, "c"}, {0x1E0A, 0x1E13, "d"},
    {0x1E14, 0x1E1D, "e"}, {0x1E1E, 0x1E1F, "f"}, {0x1E20, 0x1E21, "g"}, {0x1E22, 0x1E2B, "h"},
    {0x1E2C, 0x1E2F, "i"}, {0x1E30, 0x1E35, "k"}, {0x1E36, 0x1E3D, "l"}, {0x1E3E, 0x1E43, "m"},
    {0x1E44, 0x1E4B, "n"}, {0x1E4C, 0x1E53, "o"}, {0x1E54, 0x1E57, "p"}, {0x1E58, 0x1E5F, "r"},
    {0x1E60, 0x1E69, "s"}, {0x1E6A, 0x1E71, "t"}, {0x1E72, 0x1E7B, "u"}, {0x1E7C, 0x1E7F, "v"},
    {0x1E80, 0x1E89, "w"}, {0x1E8A, 0x1E8D, "x"}, {0x1E8E, 0x1E8F, "y"}, {0x1E90, 0x1E95, "z"},
    {0x1EA0, 0x1EB7, "a"}, {0x1EB8, 0x1EC7, "e"}, {0x1EC8, 0x1ECB, "i"}, {0x1ECC, 0x1EE3, "o"},
    {0x1EE4, 0x1EF1, "u"}, {0x1EF2, 0x1EF9, "y"}, {0x1E96, 0x1EFF, ""},
};

// The ASCII letters a code point stands for, or nullptr when it is not a Latin letter (a digit,
// punctuation, a space, a letter of another script, an invalid byte): such a character ends the
// word. Letters of other scripts are not transliterated, so they give no tokens.
const char* FoldLetter(char32_t c) {
  static const char* const kAscii[26] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
                                         "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
  if (c >= U'a' && c <= U'z') return kAscii[c - U'a'];
  if (c >= U'A' && c <= U'Z') return kAscii[c - U'A'];
  if (c < 0xC0) return nullptr;
  for (const Fold& f : kFolds) {  // the first matching range wins, so a block's catch-all comes last
    if (c >= f.first && c <= f.last) return f.ascii;
  }
  return nullptr;
}

// Splits into folded words, keeping repeats.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = NextCodePoint(text, i);
    if (c != kInvalid && IsJoiner(c)) continue;
    const char* ascii = c == kInvalid ? nullptr : FoldLetter(c);
    if (ascii != nullptr) {
      word += ascii;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

void AddUnique(std::vector<std::string>& out, std::string token) {
  if (std::find(out.begin(), out.end(), token) == out.end()) out.push_back(std::move(token));
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// One symbol of the phonetic key stands for "ny" (written out at the end).
constexpr char kNy = 'N';

}  // namespace

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> tokens;
  for (std::string& w : Words(name)) AddUnique(tokens, std::move(w));
  return tokens;
}

std::vector<std::string> NameTokensOf(const std::vector<std::string>& parts) {
  std::vector<std::string> tokens;
  for (const std::string& part : parts) {
    for (std::string& w : Words(part)) AddUnique(tokens, std::move(w));
  }
  return tokens;
}

namespace {

constexpr std::string_view kSound = "p:", kPair = "pp:";

// The distinct sounds of the tokens, in order of first appearance.
std::vector<std::string> Sounds(const std::vector<std::string>& tokens) {
  std::vector<std::string> sounds;
  for (const std::string& t : tokens) AddUnique(sounds, PhoneticKey(t));
  return sounds;
}

std::string PairWord(const std::string& a, const std::string& b) {
  return std::string(kPair) + (a < b ? a + " " + b : b + " " + a);
}

}  // namespace

std::string SoundWord(std::string_view token) { return std::string(kSound) + PhoneticKey(token); }

std::vector<std::string> NameIndexWords(const std::vector<std::string>& tokens) {
  const std::vector<std::string> sounds = Sounds(tokens);
  std::vector<std::string> words;
  for (const std::string& s : sounds) words.push_back(std::string(kSound) + s);
  const size_t paired = std::min(sounds.size(), kMaxPairedSounds);
  for (size_t i = 0; i < paired; ++i) {
    for (size_t j = i + 1; j < paired; ++j) words.push_back(PairWord(sounds[i], sounds[j]));
  }
  return words;
}

std::vector<std::string> NameSearchWords(const std::vector<std::string>& tokens) {
  const std::vector<std::string> sounds = Sounds(tokens);
  std::vector<std::string> words;
  if (sounds.size() == 1) words.push_back(std::string(kSound) + sounds[0]);
  for (size_t i = 0; i + 1 < sounds.size(); i += 2) words.push_back(PairWord(sounds[i], sounds[i + 1]));
  if (sounds.size() > 1 && sounds.size() % 2 == 1) words.push_back(PairWord(sounds[sounds.size() - 2], sounds.back()));
  return words;
}

// The key is built in five steps over the folded letters. Names in these languages are written
// down by ear by many different people, so the key keeps what writers agree on (the consonant
// skeleton and the first sound) and drops what they do not (vowel length and quality, glides,
// which of several letters spells one sound):
//  1. Spellings of one sound become one symbol, two-letter spellings first:
//     ch, c, k, q -> k   (Achol / Acol / Akol; Majock's "ck")
//     dh -> d, th -> t   (Dhieu / Dieu, Ruoth / Ruot: the dental consonants are often written
//                         without the h)
//     ph, f, p -> p      (Philip / Filip)
//     dj, j, g before e or i -> j   (Djok / Jok; George / Jorge)
//     nh, ny, gn -> ny   (the palatal nasal: Nhial / Nyal; kept apart from plain n, since
//                         Nyandeng and Nandeng are different names)
//  2. Adjacent equal symbols collapse: long vowels and consonants are marked by doubling in some
//     orthographies and not in others (Deeng / Deng, Garaang / Garang, "ck" after step 1).
//  3. w and y after a consonant drop: they are the glide of a diphthong written either way
//     (Kwol / Kuol); at the start of a name or after a vowel they are consonants and stay (Wol).
//  4. Vowels after the first symbol drop: vowel quality and diphthongs (uo, ua, ie, ei) vary most
//     between writers (Gatluak / Gatluac, Nyakuoth / Nyakuot). The first symbol stays even when
//     it is a vowel, since it is the most stable part of a name (Achol and Ochol stay apart).
//  5. Consonants that meet only because vowels dropped do not collapse again, so Mamer keeps
//     both m's.
std::string PhoneticKey(std::string_view token) {
  std::string letters;
  for (const std::string& w : Words(token)) letters += w;
  if (letters.empty()) return std::string(token);  // a token without letters is its own key

  // Step 1.
  std::string symbols;
  for (size_t i = 0; i < letters.size(); ++i) {
    char c = letters[i];
    char next = i + 1 < letters.size() ? letters[i + 1] : '\0';
    auto pair = [&](char a, char b) { return c == a && next == b; };
    char symbol = c;
    bool two = true;
    if (pair('c', 'h')) symbol = 'k';
    else if (pair('d', 'h')) symbol = 'd';
    else if (pair('d', 'j')) symbol = 'j';
    else if (pair('t', 'h')) symbol = 't';
    else if (pair('p', 'h')) symbol = 'p';
    else if (pair('n', 'h') || pair('n', 'y') || pair('g', 'n')) symbol = kNy;
    else two = false;
    if (two) {
      ++i;
    } else if (c == 'c' || c == 'q') {
      symbol = 'k';
    } else if (c == 'f') {
      symbol = 'p';
    } else if (c == 'g' && (next == 'e' || next == 'i')) {
      symbol = 'j';
    }
    symbols += symbol;
  }

  // Step 2.
  symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());

  // Steps 3 and 4 (and 5, by not collapsing afterwards).
  std::string key;
  for (size_t i = 0; i < symbols.size(); ++i) {
    char c = symbols[i];
    if (i > 0) {
      char prev = symbols[i - 1];
      bool prev_consonant = !IsVowel(prev) && prev != 'w' && prev != 'y';
      if ((c == 'w' || c == 'y') && prev_consonant) continue;
      if (IsVowel(c)) continue;
    }
    if (c == kNy) key += "ny";
    else key += c;
  }
  return key;
}

}  // namespace baton
