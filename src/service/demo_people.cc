#include "service/demo_people.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

namespace baton {
namespace {

using Day = std::chrono::sys_days;
using Names = std::span<const std::string_view>;

// ---- Calendar dates ("YYYY-MM-DD"); the context's dates are trusted to be valid.

Day ParseDay(std::string_view text) {
  auto number = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len && i < text.size(); ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  using namespace std::chrono;
  return sys_days{year{number(0, 4)} / month{static_cast<unsigned>(number(5, 2))} /
                  day{static_cast<unsigned>(number(8, 2))}};
}

std::string FormatDay(Day d) {
  std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

// 29 February moves to 28 February in a common year.
Day AddYears(Day d, int years) {
  using namespace std::chrono;
  year_month_day ymd = year_month_day{d} + std::chrono::years{years};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;
  return sys_days{ymd};
}

// Whole years from `from` to `to`: the age on `to` of someone born on `from`.
int YearsBetween(Day from, Day to) {
  std::chrono::year_month_day a{from}, b{to};
  int years = static_cast<int>(b.year()) - static_cast<int>(a.year());
  if (std::pair{static_cast<unsigned>(b.month()), static_cast<unsigned>(b.day())} <
      std::pair{static_cast<unsigned>(a.month()), static_cast<unsigned>(a.day())}) {
    --years;
  }
  return years;
}

int DaysOf(Day d) { return d.time_since_epoch().count(); }
Day DayOf(int n) { return Day{std::chrono::days{n}}; }

// ---- Draws from the injected Random, buffered so a large demo costs few Fill calls.

class Draw {
 public:
  explicit Draw(Random& random) : random_(random) {}

  uint64_t U64() {
    if (pos_ + 8 > buf_.size()) {
      random_.Fill(buf_);
      pos_ = 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | buf_[pos_++];
    return v;
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(U64() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Uniform in [lo, hi], without modulo bias.
  int Int(int lo, int hi) {
    if (hi <= lo) return lo;
    uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
    uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    uint64_t v;
    do v = U64();
    while (v >= limit);
    return lo + static_cast<int>(v % range);
  }
  // Any element, earlier ones more often (names are listed commonest first).
  std::string_view Name(Names names) {
    double u = Unit();
    auto i = static_cast<size_t>(static_cast<double>(names.size()) * std::pow(u, 1.5));
    return names[std::min(i, names.size() - 1)];
  }

 private:
  Random& random_;
  std::array<uint8_t, 512> buf_{};
  size_t pos_ = 512;
};

// ---- Names, commonest first in each list. The Bor PoC site is mostly Dinka Bor, with Nuer and a
// few people from other communities (Equatorians, traders from Sudan, Uganda, Kenya, Ethiopia).

constexpr std::string_view kDinkaFemale[] = {
    "Achol",    "Nyandeng", "Ayen",   "Aluel",   "Akuol",   "Abuk",   "Adut",    "Ajok",     "Akech",   "Achan",
    "Ador",     "Agok",     "Akon",   "Alek",    "Aliet",   "Amer",   "Anyieth", "Apiu",     "Arek",    "Ayak",
    "Adhieu",   "Abiei",    "Achai",  "Achok",   "Adau",    "Adeng",  "Adhel",   "Agau",     "Agum",    "Amuor",
    "Anok",     "Apajok",   "Atong",  "Awut",    "Aweng",   "Nyibol", "Nyanut",  "Nyankiir", "Nyalual", "Nyakuol",
    "Nyanchol", "Nyakor",   "Nyawel", "Nyathon", "Nyanbol", "Abang",  "Achiek",  "Adual",    "Agot",    "Ajuot",
    "Akuot",    "Amou",     "Apuk",   "Athiei",  "Awien",   "Ayual",  "Yar",     "Yom",      "Ajith",   "Aguet",
    "Angeth",   "Arual",    "Alual",  "Awel",    "Aket",    "Amel"};
constexpr std::string_view kNuerFemale[] = {
    "Nyakuoth", "Nyabol",  "Nyareath", "Nyaluak", "Nyamal",   "Nyachuol", "Nyabuot", "Nyagoa",  "Nyaruot",
    "Nyadeng",  "Nyaduop", "Nyakang",  "Nyamuch", "Nyanhial", "Nyayien",  "Nyawal",  "Nyatut",  "Nyagai",
    "Nyaboth",  "Nyajal",  "Nyakueth", "Nyalam",  "Nyapuok",  "Nyaruach", "Nyawech", "Nyachan", "Nyagach",
    "Nyakhor",  "Nyathak", "Nyakoang", "Nyadak",  "Nyariek",  "Nyamach"};
constexpr std::string_view kOtherFemale[] = {"Kiden",  "Poni",   "Keji",  "Jore",   "Halima",  "Fatima",
                                             "Zainab", "Amira",  "Gune",  "Nakato", "Achieng", "Akinyi",
                                             "Atieno", "Tigist", "Almaz", "Hiwot"};
constexpr std::string_view kChristianFemale[] = {"Mary",  "Rebecca",   "Elizabeth", "Martha",   "Sarah",  "Rachel",
                                                 "Grace", "Esther",    "Agnes",     "Veronica", "Teresa", "Monica",
                                                 "Suzan", "Christina", "Josephine", "Angelina", "Regina", "Helena"};

constexpr std::string_view kDinkaMale[] = {
    "Deng",   "Garang", "Majok",   "Kuol",   "Chol",  "Mabior", "Manyang", "Makuei",   "Malual", "Bol",   "Thon",
    "Ajak",   "Aguer",  "Atem",    "Ayuel",  "Dau",   "Kuir",   "Lual",    "Mading",   "Makur",  "Maker", "Malek",
    "Malith", "Mamer",  "Manyok",  "Marial", "Mayen", "Mayom",  "Majak",   "Mathiang", "Alier",  "Arok",  "Diing",
    "Duot",   "Jok",    "Kon",     "Kur",    "Lueth", "Mabil",  "Madut",   "Magok",    "Mangar", "Manut", "Mawien",
    "Ngor",   "Nhial",  "Panchol", "Riak",   "Thuch", "Wol",    "Yak",     "Akol",     "Athian", "Awan",  "Biar",
    "Dhieu",  "Dut",    "Gak",     "Kiir",   "Kuany", "Kuch",   "Kuei",    "Leek",     "Madol",  "Maluk", "Mangok",
    "Mapuor", "Marol",  "Ngong",   "Reech",  "Ring",  "Thiik",  "Ajang",   "Aleu",     "Anyuon", "Ater",  "Ayom",
    "Chuei",  "Majur",  "Makoi",   "Maguen"};
constexpr std::string_view kNuerMale[] = {
    "Gatluak", "Ruot",     "Gatdet", "Gatwech", "Riek",  "Kuoth", "Tut",   "Koang",   "Chuol", "Gai",   "Lam",
    "Puok",    "Nyuon",    "Duop",   "Jal",     "Kueth", "Gach",  "Thok",  "Wal",     "Yien",  "Both",  "Chany",
    "Diew",    "Gatkuoth", "Kang",   "Lul",     "Mut",   "Pal",   "Reath", "Ruach",   "Tap",   "Wuor",  "Biel",
    "Dak",     "Gatjang",  "Gatkek", "Kong",    "Kor",   "Lony",  "Nyang", "Bichiok", "Tang",  "Tuach", "Machar"};
constexpr std::string_view kOtherMale[] = {"Lado",   "Wani",   "Pitia",   "Jada",     "Loku",    "Lemi", "Modi",
                                           "Tombe",  "Ladu",   "Mohamed", "Ibrahim",  "Yousif",  "Adam", "Musa",
                                           "Okello", "Otieno", "Ochieng", "Mulugeta", "Tesfaye", "Ojwok"};
constexpr std::string_view kChristianMale[] = {"John",   "James",    "Peter",   "Paul",    "Daniel",  "David",
                                               "Joseph", "Simon",    "Michael", "Gabriel", "Abraham", "Isaac",
                                               "Samuel", "Emmanuel", "Stephen", "Philip",  "Jacob",   "Moses",
                                               "Elijah", "Santino",  "Mathew",  "Andrew",  "Thomas"};

// A Dinka or Nuer "family name" is the father's (or grandfather's) own name.
constexpr std::string_view kDinkaFamily[] = {
    "Deng",   "Garang", "Majok",  "Kuol",    "Chol",   "Mabior", "Manyang", "Makuei", "Malual",   "Bol",
    "Thon",   "Ajak",   "Aguer",  "Atem",    "Ayuel",  "Dau",    "Kuir",    "Lual",   "Mading",   "Makur",
    "Maker",  "Malek",  "Malith", "Mamer",   "Manyok", "Marial", "Mayen",   "Mayom",  "Mathiang", "Alier",
    "Arok",   "Diing",  "Duot",   "Jok",     "Kon",    "Lueth",  "Mabil",   "Madut",  "Magok",    "Mangar",
    "Mawien", "Ngor",   "Nhial",  "Panchol", "Riak",   "Thuch",  "Wol",     "Yak",    "Akol",     "Biar",
    "Dhieu",  "Dut",    "Kuany",  "Kuch",    "Kuei",   "Leek",   "Madol",   "Maluk",  "Mapuor",   "Ngong",
    "Reech",  "Ring",   "Thiik",  "Ajang",   "Aleu",   "Anyuon", "Ater",    "Ayom",   "Chuei",    "Majur",
    "Makoi",  "Maguen", "Aguto",  "Akech",   "Alaak",  "Bior",   "Kelei",   "Kuai"};
constexpr std::string_view kNuerFamily[] = {"Gatluak", "Ruot",  "Riek",  "Kuoth", "Tut",  "Koang", "Chuol",  "Gai",
                                            "Lam",     "Puok",  "Nyuon", "Duop",  "Jal",  "Kueth", "Gatdet", "Gatwech",
                                            "Reath",   "Ruach", "Wuor",  "Biel",  "Kong", "Thok",  "Yien",   "Both",
                                            "Machar",  "Nyang", "Gach",  "Lul",   "Tap",  "Diew"};
constexpr std::string_view kOtherFamily[] = {"Lado",   "Wani",    "Pitia",   "Jada",    "Tombe",  "Ladu",
                                             "Lokule", "Yousif",  "Abdalla", "Ibrahim", "Okello", "Otieno",
                                             "Ouma",   "Mugisha", "Tesfaye", "Bekele",  "Ojwok",  "Okwer"};

// Another way the same name is written in Latin script (each pair is equal under the phonetic key of
// domain/name_match.h: doubled letters, w/y after a consonant, c/ch/k, th/t, j/dj).
constexpr std::pair<std::string_view, std::string_view> kSpellings[] = {
    {"Deng", "Deeng"},      {"Kuol", "Kwol"},         {"Achol", "Akol"},         {"Akuol", "Akwol"},
    {"Garang", "Garaang"},  {"Majok", "Majook"},      {"Ayen", "Ayeen"},         {"Chol", "Chool"},
    {"Aluel", "Alwel"},     {"Malual", "Malwal"},     {"Lual", "Lwal"},          {"Kuany", "Kwany"},
    {"Gatluak", "Gatlwak"}, {"Nyakuoth", "Nyakwoth"}, {"Ruot", "Ruoth"},         {"Nyabol", "Nyaboll"},
    {"Machar", "Machaar"},  {"Nyareath", "Nyareth"},  {"Jok", "Djok"},           {"Akech", "Akeech"},
    {"Thon", "Thoon"},      {"Chuol", "Chwol"},       {"Nyandeng", "Nyandeeng"}, {"Kueth", "Kweth"},
    {"Abuk", "Abuuk"},      {"Adut", "Aduut"},        {"Makuei", "Makwei"},      {"Mabior", "Mabiior"}};

constexpr std::string_view kBorTown[] = {"Marol", "Langbaar", "Malou"};

enum class Community { kDinka, kNuer, kOther };

Names GivenNames(Community c, bool female) {
  switch (c) {
    case Community::kDinka:
      return female ? Names(kDinkaFemale) : Names(kDinkaMale);
    case Community::kNuer:
      return female ? Names(kNuerFemale) : Names(kNuerMale);
    case Community::kOther:
      return female ? Names(kOtherFemale) : Names(kOtherMale);
  }
  return Names(kDinkaMale);
}

Names FamilyNames(Community c) {
  switch (c) {
    case Community::kDinka:
      return Names(kDinkaFamily);
    case Community::kNuer:
      return Names(kNuerFamily);
    case Community::kOther:
      return Names(kOtherFamily);
  }
  return Names(kDinkaFamily);
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The same name written by another hand: a known variant when there is one, else a doubled vowel
// ("Mayen" -> "Mayeen"), which sounds the same.
std::string Respell(std::string_view name) {
  for (const auto& [a, b] : kSpellings) {
    if (name == a) return std::string(b);
    if (name == b) return std::string(a);
  }
  std::string out(name);
  for (size_t i = out.size(); i-- > 1;) {
    if (IsVowel(out[i])) {
      out.insert(i, 1, out[i]);
      return out;
    }
  }
  return out + "h";
}

// ---- One person.

struct Person {
  DemoPerson out;
  Day registered;
  Day birth;            // the date of birth used to draw the person (recorded or not)
  Day latest_birth;     // the latest birth date the recorded age allows: a child until 18 years after it
  int age = 0;          // as recorded, on the registration date
  bool female = false;  // also for people whose sex is not recorded, to pick names
  Community community = Community::kDinka;
  std::string given, family;
};

constexpr std::string_view kPopulationGroups[] = {"idp_camp", "idp_host", "host_community",
                                                  "returnee", "migrant",  "refugee"};
constexpr double kPopulationShares[] = {0.86, 0.04, 0.04, 0.03, 0.015, 0.015};

std::string_view PickPopulationGroup(Draw& draw) {
  double u = draw.Unit();
  for (size_t i = 0; i < std::size(kPopulationGroups); ++i) {
    if (u < kPopulationShares[i]) return kPopulationGroups[i];
    u -= kPopulationShares[i];
  }
  return kPopulationGroups[0];
}

Community PickCommunity(Draw& draw, std::string_view group) {
  double other = (group == "migrant" || group == "refugee") ? 0.75 : 0.04;
  double u = draw.Unit();
  if (u < other) return Community::kOther;
  return draw.Chance(0.82) ? Community::kDinka : Community::kNuer;
}

// Age on the registration date: about 45% children (a young population), a few percent 60+.
int PickAge(Draw& draw) {
  double u = draw.Unit();
  if (u < 0.45) {
    int total = 0;  // weights 24 - age: more infants and young children than adolescents
    for (int a = 0; a < 18; ++a) total += 24 - a;
    int pick = draw.Int(0, total - 1);
    for (int a = 0; a < 18; ++a) {
      pick -= 24 - a;
      if (pick < 0) return a;
    }
    return 17;
  }
  if (u < 0.955) return std::min(59, 18 + static_cast<int>(42 * std::pow(draw.Unit(), 1.5)));
  return std::min(85, 60 + static_cast<int>(26 * std::pow(draw.Unit(), 2.0)));
}

std::string Address(Draw& draw, std::string_view group) {
  if (group == "idp_camp") {
    return "Block " + std::to_string(draw.Int(1, 12)) + ", Sector " + static_cast<char>('A' + draw.Int(0, 3));
  }
  return "Bor town, " + std::string(kBorTown[draw.Int(0, static_cast<int>(std::size(kBorTown)) - 1)]);
}

std::string Phone(Draw& draw) {
  static constexpr char kNetworks[] = {'1', '2', '5', '8'};
  char buf[32];
  std::snprintf(buf, sizeof buf, "+211 9%c%d %03d %03d", kNetworks[draw.Int(0, 3)], draw.Int(0, 9), draw.Int(0, 999),
                draw.Int(0, 999));
  return buf;
}

std::string Language(Draw& draw, Community c) {
  double u = draw.Unit();
  switch (c) {
    case Community::kDinka:
      return u < 0.90 ? "din" : u < 0.98 ? "ar" : "en";
    case Community::kNuer:
      return u < 0.88 ? "nus" : u < 0.98 ? "ar" : "en";
    case Community::kOther:
      return u < 0.70 ? "ar" : "en";
  }
  return "din";
}

// WG-SS answers for someone 5 or older: mostly "no difficulty"; "some difficulty" in a minority;
// "a lot" or "cannot" in a few percent, more with age.
Json Wgss(Draw& draw, int age) {
  static constexpr std::string_view kDomains[] = {"seeing",      "hearing",   "walking",
                                                  "remembering", "self_care", "communicating"};
  double some = age >= 60 ? 0.20 : age >= 18 ? 0.035 : 0.02;
  double severe = age >= 60 ? 0.20 : age >= 18 ? 0.035 : 0.025;
  Json answers = Json::object();
  for (std::string_view d : kDomains) answers[std::string(d)] = draw.Chance(some) ? 2 : 1;
  if (draw.Chance(severe)) {
    // Older people mostly lose sight, hearing, mobility or memory.
    int domains = draw.Chance(0.3) ? 2 : 1;
    for (int i = 0; i < domains; ++i) {
      int d = age >= 60 ? draw.Int(0, 3) : draw.Int(0, 5);
      answers[std::string(kDomains[d])] = draw.Chance(0.8) ? 3 : 4;
    }
  }
  return answers;
}

bool HasSevereDifficulty(const Json& wgss) {
  for (const auto& [k, v] : wgss.items()) {
    if (v.get<int>() >= 3) return true;
  }
  return false;
}

Json SpecificNeeds(Draw& draw, const Person& p, const Json& wgss, bool sex_recorded) {
  Json needs = Json::array();
  bool child = p.age < 18;
  if (child) {
    double u = draw.Unit();
    if (p.age >= 3 && u < 0.015) {
      needs.push_back("unaccompanied_child");
    } else if (p.age >= 1 && u < 0.055) {
      needs.push_back("separated_child");
    }
  }
  if (p.age >= 60 && draw.Chance(0.35)) needs.push_back("older_person_at_risk");
  if (p.age >= 12 && draw.Chance(p.female ? 0.06 : 0.02)) needs.push_back("survivor");
  if (p.age >= 16 && p.age < 60 && draw.Chance(p.female ? 0.15 : 0.03)) needs.push_back("single_parent");
  if (!wgss.is_null() && HasSevereDifficulty(wgss) && draw.Chance(0.7)) needs.push_back("person_with_disability");
  if (draw.Chance(p.age >= 60 ? 0.10 : p.age >= 18 ? 0.03 : 0.01)) needs.push_back("chronic_illness");
  if (sex_recorded && p.female && p.age >= 15 && p.age <= 49 && draw.Chance(p.age >= 18 ? 0.20 : 0.06)) {
    needs.push_back("pregnant_or_lactating");
  }
  return needs;
}

// Age, date of birth or stated age (often estimated, heaped on multiples of five), and the latest
// birth date that record allows.
void SetAge(Draw& draw, Person& p, int age, std::optional<bool> with_birth_date) {
  Day hi = AddYears(p.registered, -age);
  Day lo = AddYears(p.registered, -(age + 1));
  p.birth = DayOf(draw.Int(DaysOf(lo) + 1, DaysOf(hi)));
  bool birth_date = with_birth_date ? *with_birth_date
                                    : draw.Chance(age < 5    ? 0.85
                                                  : age < 18 ? 0.65
                                                  : age < 60 ? 0.10
                                                             : 0.03);
  Json& in = p.out.input;
  if (birth_date) {
    p.age = YearsBetween(p.birth, p.registered);
    p.latest_birth = p.birth;
    in["birth_date"] = FormatDay(p.birth);
    return;
  }
  bool estimated = draw.Chance(age >= 18 ? 0.9 : 0.5);
  if (estimated && age >= 20 && draw.Chance(0.35)) age = std::min(85, (age + 2) / 5 * 5);
  p.age = age;
  // Whatever birth date a reader estimates from a stated age, it is no later than 31 December of
  // the year it points to; counting childhood from there keeps every child's consent a guardian's.
  std::chrono::year_month_day reg{p.registered};
  using namespace std::chrono;
  p.latest_birth = sys_days{year{static_cast<int>(reg.year()) - age} / December / 31};
  in["age_years"] = age;
  in["age_estimated"] = estimated;
}

// Everything after the name and age: where they live, contact, language, functioning, needs.
void SetDetails(Draw& draw, Person& p, std::string_view group, const DemoPeopleContext& context) {
  Json& in = p.out.input;
  in["population_group"] = std::string(group);
  in["address"] = Address(draw, group);
  if (draw.Chance(p.age >= 18 ? 0.50 : 0.12)) in["phone"] = Phone(draw);
  in["language"] = Language(draw, p.community);
  Json wgss;
  if (p.age >= 5) {
    wgss = Wgss(draw, p.age);
    in["wg_ss"] = wgss;
  }
  bool sex_recorded = in["sex"] != "not_recorded";
  Json needs = SpecificNeeds(draw, p, wgss, sex_recorded);
  if (!needs.empty()) in["specific_needs"] = std::move(needs);
  in["programme_id"] = context.programme_id;
  in["site_id"] = context.site_id;
}

Person NewPerson(Draw& draw, Day registered, const DemoPeopleContext& context) {
  Person p;
  p.registered = registered;
  std::string_view group = PickPopulationGroup(draw);
  p.community = PickCommunity(draw, group);
  int age = PickAge(draw);
  p.female = draw.Chance(age < 18 ? 0.50 : age < 60 ? 0.60 : 0.56);

  Names traditional = GivenNames(p.community, p.female);
  bool christian = p.community != Community::kOther && draw.Chance(0.15);
  p.given = christian ? std::string(draw.Name(p.female ? Names(kChristianFemale) : Names(kChristianMale)))
                      : std::string(draw.Name(traditional));
  p.family = std::string(draw.Name(FamilyNames(p.community)));
  if (draw.Chance(0.03)) p.given = Respell(p.given);  // the registering clerk's own spelling
  Json& in = p.out.input;
  in["given_name"] = p.given;
  in["family_name"] = p.family;
  if (draw.Chance(christian ? 0.6 : 0.12)) {
    std::string other(draw.Name(traditional));
    if (other != p.given) in["other_names"] = other;
  }
  in["sex"] = draw.Chance(0.03) ? "not_recorded" : p.female ? "female" : "male";
  SetAge(draw, p, age, std::nullopt);
  SetDetails(draw, p, group, context);
  return p;
}

// The same person registered again: another spelling of one or both names, the same sex and site,
// an age within a year of the first record.
Person Reregistered(Draw& draw, const Person& first, Day registered, const DemoPeopleContext& context) {
  Person p;
  p.registered = registered;
  p.community = first.community;
  p.female = first.female;
  double u = draw.Unit();
  p.given = u < 0.85 ? Respell(first.given) : first.given;
  p.family = u >= 0.6 ? Respell(first.family) : first.family;
  Json& in = p.out.input;
  in["given_name"] = p.given;
  in["family_name"] = p.family;
  if (first.out.input.contains("other_names") && draw.Chance(0.5)) in["other_names"] = first.out.input["other_names"];
  in["sex"] = first.out.input["sex"];
  Day birth = DayOf(DaysOf(first.birth) + draw.Int(-150, 150));
  birth = std::min(birth, registered);
  int age = std::clamp(YearsBetween(birth, registered), 0, 85);
  SetAge(draw, p, age, first.out.input.contains("birth_date") && draw.Chance(0.7));
  std::string group = first.out.input["population_group"];
  SetDetails(draw, p, group, context);
  if (draw.Chance(0.6)) in["address"] = first.out.input["address"];
  if (first.out.input.contains("phone") && draw.Chance(0.5)) in["phone"] = first.out.input["phone"];
  return p;
}

// ---- Consents.

std::string TextVersion(Day date) {
  using namespace std::chrono;
  return date < sys_days{year{2016} / January / 1} ? "2014-1" : "2016-1";
}

struct Consent {
  Day date;
  Json body;
};

class ConsentWriter {
 public:
  ConsentWriter(Draw& draw, const Person& p, const DemoPeopleContext& context)
      : p_(p), context_(context), written_(draw.Chance(0.4)) {
    // A parent or other caregiver. A Dinka or Nuer father's given name is the child's family name.
    bool alone = false;
    if (const auto it = p.out.input.find("specific_needs"); it != p.out.input.end()) {
      for (const auto& n : *it) alone = alone || n == "unaccompanied_child";
    }
    Names families = FamilyNames(p.community);
    const std::string own_name = p.given + " " + p.family;
    for (int tries = 0; tries < 10 && (guardian_.empty() || guardian_ == own_name); ++tries) {
      if (!alone && p.community != Community::kOther && draw.Chance(0.35)) {
        guardian_ = p.family + " " + std::string(draw.Name(families));
      } else {
        bool mother = draw.Chance(0.7);
        guardian_ = std::string(draw.Name(GivenNames(p.community, mother))) + " " +
                    (alone || mother ? std::string(draw.Name(families)) : p.family);
      }
    }
    for (std::string_view name : GivenNames(p.community, /*female=*/true)) {
      if (guardian_ != own_name) break;
      guardian_ = std::string(name) + " " + p.family;
    }
  }

  bool ChildOn(Day date) const { return YearsBetween(p_.latest_birth, date) < 18; }

  void Add(std::string_view purpose, std::string_view status, Day date, bool verbal_only = false) {
    Json c = {{"purpose", purpose}, {"status", status}, {"date", FormatDay(date)}, {"text_version", TextVersion(date)}};
    if (purpose == "share_partner") c["partner_org_id"] = context_.partner_org_id;
    if (ChildOn(date)) {
      c["method"] = "guardian";
      c["guardian_name"] = guardian_;
    } else {
      c["method"] = written_ && !verbal_only ? "written" : "verbal";
    }
    records_.push_back({date, std::move(c)});
  }

  std::vector<Consent>& records() { return records_; }

 private:
  const Person& p_;
  const DemoPeopleContext& context_;
  bool written_;
  std::string guardian_;
  std::vector<Consent> records_;
};

std::vector<Json> Consents(Draw& draw, const Person& p, const DemoPeopleContext& context, Day last) {
  ConsentWriter w(draw, p, context);
  Day reg = p.registered;
  auto later = [&](Day from, int min_days, int max_days) {
    return DayOf(std::min(DaysOf(last), DaysOf(from) + draw.Int(min_days, max_days)));
  };
  if (!draw.Chance(0.99)) {
    w.Add("services", "refused", reg);
  } else {
    w.Add("services", "given", reg);
    w.Add("follow_up", draw.Chance(0.88) ? "given" : "refused", reg);
    w.Add("referral", draw.Chance(0.85) ? "given" : "refused", reg);
    // Sharing with the partner decides the handover: a realistic minority refuse or are never asked.
    double u = draw.Unit();
    if (!context.partner_org_id.empty() && u < 0.88) {
      Day date = draw.Chance(0.8) ? reg : later(reg, 1, 365);
      bool given = u < 0.72;
      w.Add("share_partner", given ? "given" : "refused", date);
      if (given && draw.Chance(0.12)) w.Add("share_any_partner", "given", date);
    }
    if (draw.Chance(0.85)) w.Add("photo", draw.Chance(0.92) ? "given" : "refused", reg);
  }

  // A few withdraw one consent later.
  if (draw.Chance(0.03)) {
    std::vector<size_t> given;
    for (size_t i = 0; i < w.records().size(); ++i) {
      const Json& c = w.records()[i].body;
      if (c["status"] == "given" && c["purpose"] != "services") given.push_back(i);
    }
    if (!given.empty()) {
      const Consent& from = w.records()[given[static_cast<size_t>(draw.Int(0, static_cast<int>(given.size()) - 1))]];
      Day date = DayOf(DaysOf(from.date) + draw.Int(14, 540));
      if (date <= last) {
        std::string purpose = from.body["purpose"];
        w.Add(purpose, "withdrawn", date, /*verbal_only=*/true);
      }
    }
  }

  std::stable_sort(w.records().begin(), w.records().end(),
                   [](const Consent& a, const Consent& b) { return a.date < b.date; });
  std::vector<Json> out;
  out.reserve(w.records().size());
  for (Consent& c : w.records()) out.push_back(std::move(c.body));
  return out;
}

// Registration dates, heavier in the early months (pilot and scale-up): a mix of a density falling
// linearly over the period and a flat one.
std::vector<Day> RegistrationDays(Draw& draw, int count, Day first, Day last) {
  int span = std::max(0, DaysOf(last) - DaysOf(first));
  std::vector<Day> days;
  days.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    double u = draw.Unit();
    double t = draw.Chance(0.6) ? 1.0 - std::sqrt(1.0 - u) : u;
    int offset = std::min(span, static_cast<int>(t * (span + 1)));
    days.push_back(DayOf(DaysOf(first) + offset));
  }
  std::sort(days.begin(), days.end());
  return days;
}

}  // namespace

std::vector<DemoPerson> DemoPeople(Random& random, int count, const DemoPeopleContext& context) {
  if (count <= 0) return {};
  Draw draw(random);
  Day first = ParseDay(context.first_date);
  Day last = std::max(first, ParseDay(context.last_date));
  std::vector<Day> days = RegistrationDays(draw, count, first, last);

  std::vector<Person> people;
  people.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    Day reg = days[static_cast<size_t>(i)];
    if (i >= 20 && draw.Chance(0.012)) {
      const Person& original = people[static_cast<size_t>(draw.Int(0, i - 1))];
      people.push_back(Reregistered(draw, original, reg, context));
    } else {
      people.push_back(NewPerson(draw, reg, context));
    }
    Person& p = people.back();
    p.out.registered_on = FormatDay(reg);
    p.out.consents = Consents(draw, p, context, last);
  }

  std::vector<DemoPerson> out;
  out.reserve(people.size());
  for (Person& p : people) out.push_back(std::move(p.out));
  return out;
}

}  // namespace baton
