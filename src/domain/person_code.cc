#include "domain/person_code.h"

#include <string>
#include <vector>

#include "domain/name_match.h"

namespace baton {
namespace {

constexpr std::string_view kSymbols = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kNodeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kMaxSiteLength = 8;
constexpr size_t kNodeLength = 2;
constexpr size_t kMinNumberDigits = 4;
constexpr size_t kMaxTypedLength = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
char ToUpper(char c) { return IsLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }

std::string UpperAlnum(std::string_view s) {
  std::string out;
  for (char c : s) {
    c = ToUpper(c);
    if (IsDigit(c) || IsUpper(c)) out += c;
  }
  return out;
}

bool IsSeparator(char c) { return c == '-' || c == ' ' || c == '\t'; }

// Where a typed code splits: SITE | NODE | NUMBER | CHECK over the characters without separators.
struct Split {
  size_t site_end;
  size_t number_end;  // the check character follows
};

bool IsPlausible(std::string_view alnum, Split split) {
  size_t node_end = split.site_end + kNodeLength;
  if (split.site_end < 1 || split.site_end > kMaxSiteLength) return false;
  for (size_t i = split.site_end; i < node_end; ++i) {
    if (kNodeAlphabet.find(alnum[i]) == std::string_view::npos) return false;
  }
  std::string_view number = alnum.substr(node_end, split.number_end - node_end);
  if (number.size() < kMinNumberDigits) return false;
  for (char c : number) {
    if (!IsDigit(c)) return false;
  }
  // Numbers are padded to four digits only, so a longer number never starts with 0.
  return number.size() == kMinNumberDigits || number[0] != '0';
}

}  // namespace

// ISO 7064 MOD 37,36 (the hybrid system for 36 symbols): p starts at 36; for each symbol of value
// a (0-9 -> 0..9, A-Z -> 10..35), s = (p + a) mod 36 with 0 read as 36, then p = 2s mod 37. The
// check symbol c makes (p + c) mod 36 = 1, i.e. c = (37 - p) mod 36. Because 37 is prime, every
// step is a bijection of the state, so any single changed symbol changes the final state.
char PersonCodeCheck(std::string_view alnum) {
  int p = 36;
  for (char c : alnum) {
    size_t value = kSymbols.find(c);
    if (value == std::string_view::npos) continue;
    int s = (p + static_cast<int>(value)) % 36;
    if (s == 0) s = 36;
    p = (2 * s) % 37;
  }
  return kSymbols[(37 - p) % 36];
}

// FNV-1a (64 bit) of the node id, read as two base-30 digits: stable across platforms and
// releases, which matters more here than spread, since a node's tag is printed on paper forms.
std::string NodeTag(std::string_view node_id) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : node_id) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  const uint64_t n = kNodeAlphabet.size();
  std::string tag;
  tag += kNodeAlphabet[h % n];
  tag += kNodeAlphabet[(h / n) % n];
  return tag;
}

std::string SitePrefix(std::string_view site_code, std::string_view site_name) {
  std::string prefix = UpperAlnum(site_code);
  if (prefix.size() > kMaxSiteLength) prefix.resize(kMaxSiteLength);
  if (!prefix.empty()) return prefix;
  // Letters only, diacritics folded ("Ëbor" -> "EBO"); words are folded one at a time so that a
  // repeated word still counts.
  std::string letters;
  size_t start = 0;
  while (start <= site_name.size() && letters.size() < 3) {
    size_t space = site_name.find(' ', start);
    if (space == std::string_view::npos) space = site_name.size();
    for (const std::string& token : NameTokens(site_name.substr(start, space - start))) letters += token;
    start = space + 1;
  }
  letters = UpperAlnum(letters);
  if (letters.size() > 3) letters.resize(3);
  return letters.empty() ? "S" : letters;
}

std::string MakePersonCode(std::string_view site_prefix, std::string_view node_tag, int64_t number) {
  // A running number is never negative; should one arrive, 0 keeps the code well-formed.
  std::string digits = std::to_string(number < 0 ? 0 : number);
  if (digits.size() < kMinNumberDigits) digits.insert(0, kMinNumberDigits - digits.size(), '0');
  std::string site = UpperAlnum(site_prefix);
  std::string node = UpperAlnum(node_tag);
  std::string body = site + node + digits;
  return site + "-" + node + digits + "-" + PersonCodeCheck(body);
}

// Case and separators are free, but where the user did type a separator it must fall between two
// parts. Without separators the parts are found from their shapes; when two splits are both
// possible (a node tag ending in a digit before a number of five or more digits: "BORK712345"
// reads as BOR K7 12345 or BORK 71 2345), the shorter number wins, as running numbers rarely
// pass 9999. The check character covers the parts run together, so it cannot tell them apart.
std::optional<std::string> NormalisePersonCode(std::string_view typed) {
  if (typed.size() > kMaxTypedLength) return std::nullopt;
  std::string alnum;
  std::vector<size_t> breaks;  // positions in alnum where the user typed a separator
  for (char c : typed) {
    c = ToUpper(c);
    if (IsSeparator(c)) {
      if (!alnum.empty() && (breaks.empty() || breaks.back() != alnum.size())) breaks.push_back(alnum.size());
    } else if (IsDigit(c) || IsUpper(c)) {
      alnum += c;
    } else {
      return std::nullopt;
    }
  }
  if (!breaks.empty() && breaks.back() == alnum.size()) breaks.pop_back();  // trailing separators
  if (alnum.size() < 1 + kNodeLength + kMinNumberDigits + 1) return std::nullopt;
  size_t number_end = alnum.size() - 1;
  std::string_view body = std::string_view(alnum).substr(0, number_end);
  if (PersonCodeCheck(body) != alnum.back()) return std::nullopt;

  for (size_t digits = kMinNumberDigits; digits + kNodeLength < number_end; ++digits) {
    Split split{number_end - digits - kNodeLength, number_end};
    if (!IsPlausible(alnum, split)) continue;
    size_t node_end = split.site_end + kNodeLength;
    bool fits_breaks = true;
    for (size_t b : breaks) {
      if (b != split.site_end && b != node_end && b != number_end) fits_breaks = false;
    }
    if (!fits_breaks) continue;
    return alnum.substr(0, split.site_end) + "-" + alnum.substr(split.site_end, number_end - split.site_end) + "-" +
           alnum.back();
  }
  return std::nullopt;
}

}  // namespace baton
