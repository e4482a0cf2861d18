// Names written in Latin script by many hands: normalised tokens and a phonetic key suited to South
// Sudanese (Dinka, Nuer, Bari, Shilluk, ...) names, for the blind index and duplicate detection.
// Pure functions; the keyed hashing of these strings happens in service/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baton {

// Lower-case ASCII tokens of a name: diacritics folded (ä ë ï ö é è ... -> plain vowel, ɛ -> e,
// ɔ -> o, ɣ -> g, ŋ -> ng), apostrophes and hyphens inside a word dropped ("Nya'deng" ->
// "nyadeng"), split on anything else that is not a letter. Duplicates removed, order kept.
std::vector<std::string> NameTokens(std::string_view name);

// A phonetic key of one normalised token, equal for the common spellings of the same name:
// doubled letters collapse (Deeng/Deng), vowels after the first letter drop out, w and y after a
// consonant drop (Kwol/Kuol), and these sound groups merge: c/ch/k/q, dh/d, th/t, ph/f/p,
// j/dj/g-before-e/i (Jok/Djok), nh/ny/gn -> ny. Never empty for a non-empty token.
std::string PhoneticKey(std::string_view token);

// Tokens of all the given name parts together (given, family, other names), without duplicates.
std::vector<std::string> NameTokensOf(const std::vector<std::string>& parts);

// The blind index of a name, before keyed hashing. Each word is indexed by its sound ("p:" +
// PhoneticKey), and each pair of different sounds once more ("pp:" + the two keys in order), so a
// search for two words reads only the people who have both instead of every holder of the more
// common one. Pairs are formed among the first kMaxPairedSounds sounds only (a name rarely has
// more words; the number of pairs grows with the square).
inline constexpr size_t kMaxPairedSounds = 12;
std::vector<std::string> NameIndexWords(const std::vector<std::string>& tokens);
// The index word of one token's sound ("p:" + PhoneticKey), which every spelling of it shares.
std::string SoundWord(std::string_view token);

// What a search for `tokens` must find in the index: a match holds every one of these words. Different sounds are taken two by two as pair words (an odd one out pairs with the
// one before it); a single sound is its own word. Empty for no tokens.
std::vector<std::string> NameSearchWords(const std::vector<std::string>& tokens);

}  // namespace baton
