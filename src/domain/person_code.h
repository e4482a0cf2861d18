// Short human codes for paper forms: "<SITE>-<NODE><NUMBER>-<CHECK>", e.g. "BOR-K70042-X".
//   SITE   the site's code upper-cased (letters and digits, 1..8), see SitePrefix;
//   NODE   two characters naming the node that issued the code (NodeTag), so that two laptops
//          registering people in the same site without a connection never issue the same code;
//   NUMBER the node's running number for that site, at least four digits;
//   CHECK  one ISO 7064 MOD 37,36 check character over SITE+NODE+NUMBER, which catches every
//          single wrong character and most swaps of two neighbouring characters on a paper form:
//          a swap of two consecutive symbols (such as 6 and 7) is missed when the running check
//          value sits at one of its 36 states, a known limit of the ISO 7064 hybrid systems.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton {

// The check character (0-9 or A-Z) for upper-case letters and digits. Other characters are
// ignored.
char PersonCodeCheck(std::string_view alnum);

// Two characters from "23456789ABCDEFGHJKMNPQRSTVWXYZ" (no 0/O, 1/I/L, U), derived from the node id.
std::string NodeTag(std::string_view node_id);

// The site's code upper-cased, keeping letters and digits (at most 8); without a code, the first
// three letters of the name; "S" when neither gives anything.
std::string SitePrefix(std::string_view site_code, std::string_view site_name);

// "BOR", "K7", 42 -> "BOR-K70042-X" (number zero-padded to at least 4 digits).
std::string MakePersonCode(std::string_view site_prefix, std::string_view node_tag, int64_t number);

// What a user typed ("bor k70042x", "BOR-K70042-X") in canonical form, or nullopt when it is not a
// code or the check character is wrong.
std::optional<std::string> NormalisePersonCode(std::string_view typed);

}  // namespace baton
