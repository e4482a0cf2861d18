// The synthetic Bor caseload: reproducible, well-formed, and shaped like a PoC-site caseload.
#include "service/demo_people.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace baton {
namespace {

constexpr int kCount = 2500;

DemoPeopleContext BorContext() {
  return {.site_id = "site-bor-poc",
          .programme_id = "programme-mhpss-bor",
          .partner_org_id = "org-alarm",
          .first_date = "2014-03-01",
          .last_date = "2017-08-15"};
}

const std::vector<DemoPerson>& Caseload() {
  static const std::vector<DemoPerson> people = [] {
    SeededRandom random(2017);
    return DemoPeople(random, kCount, BorContext());
  }();
  return people;
}

// ---- Shapes of text.

// `text` has the shape of `pattern`: '9' stands for any digit, 'A' for an upper-case letter, 'a' for
// one or more lower-case letters; anything else stands for itself.
bool Shaped(const Json& text, std::string_view pattern) {
  if (!text.is_string()) return false;
  const std::string& s = text.get_ref<const std::string&>();
  size_t i = 0;
  for (char p : pattern) {
    if (p == 'a') {
      size_t start = i;
      while (i < s.size() && std::islower(static_cast<unsigned char>(s[i]))) ++i;
      if (i == start) return false;
      continue;
    }
    if (i >= s.size()) return false;
    char c = s[i++];
    bool ok = p == '9'   ? std::isdigit(static_cast<unsigned char>(c)) != 0
              : p == 'A' ? std::isupper(static_cast<unsigned char>(c)) != 0
                         : c == p;
    if (!ok) return false;
  }
  return i == s.size();
}

bool IsName(const Json& text) { return Shaped(text, "Aa"); }

// ---- Dates, read independently of the code under test.

bool IsDate(const Json& v) {
  if (!Shaped(v, "9999-99-99")) return false;
  const std::string s = v;
  std::chrono::year_month_day ymd{std::chrono::year{std::stoi(s.substr(0, 4))},
                                  std::chrono::month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                                  std::chrono::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  return ymd.ok();
}

// Whole years between two "YYYY-MM-DD" dates (string comparison of month-day is calendar order).
int Years(const std::string& from, const std::string& to) {
  int years = std::stoi(to.substr(0, 4)) - std::stoi(from.substr(0, 4));
  if (to.substr(5) < from.substr(5)) --years;
  return years;
}

// Age on the registration date, from the birth date or the stated age.
int AgeAtRegistration(const DemoPerson& p) {
  if (p.input.contains("birth_date")) return Years(p.input["birth_date"], p.registered_on);
  return p.input["age_years"];
}

// Age on `date` as the record reads: exact from a birth date, otherwise the stated age plus the
// whole years since registration.
int AgeOn(const DemoPerson& p, const std::string& date) {
  if (p.input.contains("birth_date")) return Years(p.input["birth_date"], date);
  return p.input["age_years"].get<int>() + Years(p.registered_on, date);
}

bool Has(const Json& list, const std::string& value) {
  return std::find(list.begin(), list.end(), Json(value)) != list.end();
}

Json Needs(const DemoPerson& p) { return p.input.value("specific_needs", Json::array()); }

bool SevereDifficulty(const Json& wgss) {
  for (const auto& [domain, answer] : wgss.items()) {
    if (answer.get<int>() >= 3) return true;
  }
  return false;
}

// The record in force on the last date for a purpose: the last one listed (consents are listed in
// recording order).
std::string LatestStatus(const DemoPerson& p, const std::string& purpose) {
  std::string status;
  for (const Json& c : p.consents) {
    if (c["purpose"] == purpose) status = c["status"];
  }
  return status;
}

double Share(int part, int whole) { return whole == 0 ? 0 : static_cast<double>(part) / whole; }

// A sound-alike key in the spirit of domain/name_match.h: th/t, dh/d, ch/c/k/q, dj/j merge, w and y
// after a consonant drop, vowels after the first letter drop, doubled letters collapse.
std::string SoundKey(std::string name) {
  std::string s;
  for (char c : name) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
      s.replace(pos, from.size(), to);
    }
  };
  replace("dj", "j");
  replace("ch", "k");
  replace("th", "t");
  replace("dh", "d");
  replace("c", "k");
  replace("q", "k");
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i > 0 && vowel(c)) continue;
    if (i > 0 && (c == 'w' || c == 'y') && !vowel(s[i - 1])) continue;
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  return out;
}

std::string FullName(const DemoPerson& p) {
  return p.input["given_name"].get<std::string>() + " " + p.input["family_name"].get<std::string>();
}

// ---- Reproducibility and size.

bool SamePeople(const std::vector<DemoPerson>& a, const std::vector<DemoPerson>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].input != b[i].input || a[i].consents != b[i].consents || a[i].registered_on != b[i].registered_on) {
      return false;
    }
  }
  return true;
}

TEST(DemoPeopleTest, SameSeedGivesTheSamePeople) {
  SeededRandom a(42), b(42);
  EXPECT_TRUE(SamePeople(DemoPeople(a, 300, BorContext()), DemoPeople(b, 300, BorContext())));
}

TEST(DemoPeopleTest, AnotherSeedGivesOtherPeople) {
  SeededRandom a(42), b(43);
  auto first = DemoPeople(a, 300, BorContext());
  auto second = DemoPeople(b, 300, BorContext());
  EXPECT_FALSE(SamePeople(first, second));
  int same_names = 0;
  for (size_t i = 0; i < first.size(); ++i) same_names += FullName(first[i]) == FullName(second[i]);
  EXPECT_LT(same_names, 30);
}

TEST(DemoPeopleTest, MakesExactlyTheNumberAskedFor) {
  SeededRandom random(1);
  EXPECT_TRUE(DemoPeople(random, 0, BorContext()).empty());
  EXPECT_TRUE(DemoPeople(random, -5, BorContext()).empty());
  EXPECT_EQ(DemoPeople(random, 1, BorContext()).size(), 1u);
  EXPECT_EQ(DemoPeople(random, 137, BorContext()).size(), 137u);
  EXPECT_EQ(Caseload().size(), static_cast<size_t>(kCount));
}

// ---- Every field within its allowed values.

TEST(DemoPeopleTest, EveryPersonFieldIsWithinItsAllowedValues) {
  static const std::set<std::string> kKeys = {"given_name",     "family_name",  "other_names",   "sex",
                                              "birth_date",     "age_years",    "age_estimated", "population_group",
                                              "address",        "phone",        "language",      "wg_ss",
                                              "specific_needs", "programme_id", "site_id"};
  static const std::set<std::string> kSexes = {"female", "male", "not_recorded"};
  static const std::set<std::string> kGroups = {"idp_camp",       "idp_host", "returnee",
                                                "host_community", "migrant",  "refugee"};
  static const std::set<std::string> kLanguages = {"din", "nus", "ar", "en"};
  static const std::set<std::string> kDomains = {"seeing",      "hearing",   "walking",
                                                 "remembering", "self_care", "communicating"};
  static const std::set<std::string> kNeeds = {
      "unaccompanied_child", "separated_child",        "older_person_at_risk", "survivor",
      "single_parent",       "person_with_disability", "chronic_illness",      "pregnant_or_lactating"};
  const DemoPeopleContext context = BorContext();

  for (const DemoPerson& p : Caseload()) {
    const Json& in = p.input;
    SCOPED_TRACE(in.dump());
    ASSERT_TRUE(in.is_object());
    for (const auto& [key, value] : in.items()) EXPECT_TRUE(kKeys.contains(key)) << key;
    ASSERT_TRUE(in["given_name"].is_string());
    EXPECT_TRUE(IsName(in["given_name"]));
    EXPECT_TRUE(IsName(in["family_name"]));
    if (in.contains("other_names")) {
      EXPECT_TRUE(IsName(in["other_names"]));
      EXPECT_NE(in["other_names"], in["given_name"]);
    }
    EXPECT_TRUE(kSexes.contains(in["sex"].get<std::string>()));

    // Exactly one of a birth date or a stated age, 0..85 either way.
    EXPECT_NE(in.contains("birth_date"), in.contains("age_years"));
    EXPECT_EQ(in.contains("age_years"), in.contains("age_estimated"));
    if (in.contains("birth_date")) {
      EXPECT_TRUE(IsDate(in["birth_date"]));
      EXPECT_LE(in["birth_date"].get<std::string>(), p.registered_on);
    } else {
      EXPECT_TRUE(in["age_years"].is_number_integer());
      EXPECT_TRUE(in["age_estimated"].is_boolean());
    }
    int age = AgeAtRegistration(p);
    EXPECT_GE(age, 0);
    EXPECT_LE(age, 85);

    std::string group = in["population_group"];
    EXPECT_TRUE(kGroups.contains(group));
    ASSERT_TRUE(in["address"].is_string());
    EXPECT_FALSE(in["address"].get<std::string>().empty());
    if (group == "idp_camp") {
      EXPECT_TRUE(Shaped(in["address"], "Block 9, Sector A") || Shaped(in["address"], "Block 99, Sector A"));
    }
    if (in.contains("phone")) {
      EXPECT_TRUE(Shaped(in["phone"], "+211 999 999 999") && in["phone"].get<std::string>()[5] == '9');
    }
    EXPECT_TRUE(kLanguages.contains(in["language"].get<std::string>()));

    // WG-SS: not asked under 5; otherwise all six domains, each 1..4.
    EXPECT_EQ(in.contains("wg_ss"), age >= 5) << "age " << age;
    if (in.contains("wg_ss")) {
      std::set<std::string> domains;
      for (const auto& [domain, answer] : in["wg_ss"].items()) {
        domains.insert(domain);
        ASSERT_TRUE(answer.is_number_integer());
        EXPECT_GE(answer.get<int>(), 1);
        EXPECT_LE(answer.get<int>(), 4);
      }
      EXPECT_EQ(domains, kDomains);
    }
    if (in.contains("specific_needs")) {
      const Json& needs = in["specific_needs"];
      ASSERT_TRUE(needs.is_array());
      EXPECT_FALSE(needs.empty());
      std::set<std::string> distinct;
      for (const Json& n : needs) {
        EXPECT_TRUE(kNeeds.contains(n.get<std::string>()));
        distinct.insert(n);
      }
      EXPECT_EQ(distinct.size(), needs.size());
    }
    EXPECT_EQ(in["programme_id"], context.programme_id);
    EXPECT_EQ(in["site_id"], context.site_id);
  }
}

TEST(DemoPeopleTest, RegistrationDatesAreOrderedWithinRangeAndHeavierEarly) {
  const DemoPeopleContext context = BorContext();
  const auto& people = Caseload();
  int first_half = 0;
  for (size_t i = 0; i < people.size(); ++i) {
    const std::string& d = people[i].registered_on;
    ASSERT_TRUE(IsDate(d)) << d;
    EXPECT_GE(d, context.first_date);
    EXPECT_LE(d, context.last_date);
    if (i > 0) {
      EXPECT_LE(people[i - 1].registered_on, d);
    }
    first_half += d < "2015-11-23";  // the middle of 2014-03-01 .. 2017-08-15
  }
  EXPECT_GT(Share(first_half, kCount), 0.55);
  EXPECT_LT(Share(first_half, kCount), 0.85);  // still registering until the handover
  EXPECT_GE(people.back().registered_on, "2017-01-01");
}

// ---- Consents.

TEST(DemoPeopleTest, ConsentsAreWellFormedAndNeverPredateRegistration) {
  static const std::set<std::string> kPurposes = {"services",      "follow_up",         "referral",
                                                  "share_partner", "share_any_partner", "photo"};
  static const std::set<std::string> kStatuses = {"given", "refused", "withdrawn"};
  static const std::set<std::string> kMethods = {"verbal", "written", "guardian"};
  const DemoPeopleContext context = BorContext();
  for (const DemoPerson& p : Caseload()) {
    SCOPED_TRACE(p.input.dump());
    ASSERT_FALSE(p.consents.empty());
    EXPECT_EQ(p.consents.front()["purpose"], "services");
    std::string previous = p.registered_on;
    std::map<std::string, std::string> last_status;
    for (const Json& c : p.consents) {
      SCOPED_TRACE(c.dump());
      std::string purpose = c["purpose"], status = c["status"], method = c["method"], date = c["date"];
      EXPECT_TRUE(kPurposes.contains(purpose));
      EXPECT_TRUE(kStatuses.contains(status));
      EXPECT_TRUE(kMethods.contains(method));
      ASSERT_TRUE(IsDate(c["date"]));
      EXPECT_GE(date, p.registered_on);
      EXPECT_LE(date, context.last_date);
      EXPECT_GE(date, previous);  // recording order
      previous = date;
      EXPECT_EQ(c["text_version"], date < "2016-01-01" ? "2014-1" : "2016-1");
      EXPECT_EQ(c.contains("partner_org_id"), purpose == "share_partner");
      if (purpose == "share_partner") {
        EXPECT_EQ(c["partner_org_id"], context.partner_org_id);
      }
      EXPECT_EQ(c.contains("guardian_name"), method == "guardian");
      // Only what was given can be withdrawn.
      if (status == "withdrawn") {
        EXPECT_EQ(last_status[purpose], "given");
      }
      last_status[purpose] = status;
    }
  }
}

TEST(DemoPeopleTest, ChildrenConsentOnlyThroughAGuardian) {
  int child_consents = 0;
  for (const DemoPerson& p : Caseload()) {
    for (const Json& c : p.consents) {
      int age = AgeOn(p, c["date"]);
      SCOPED_TRACE(p.input.dump() + " " + c.dump());
      if (age < 18) {
        ++child_consents;
        EXPECT_EQ(c["method"], "guardian");
        ASSERT_TRUE(c.contains("guardian_name"));
        EXPECT_TRUE(Shaped(c["guardian_name"], "Aa Aa"));
        EXPECT_NE(c["guardian_name"], FullName(p));
      } else if (c["method"] == "guardian") {
        // A guardian only for someone who may still have been a child that day.
        EXPECT_LE(age, 19);
      }
    }
  }
  EXPECT_GT(child_consents, kCount / 3);
}

TEST(DemoPeopleTest, AboutSeventyPercentMayBeSharedWithThePartner) {
  int share = 0, services = 0, follow_up = 0, referral = 0, photo_refused = 0, withdrawals = 0, never_asked = 0;
  for (const DemoPerson& p : Caseload()) {
    share += LatestStatus(p, "share_partner") == "given";
    never_asked += LatestStatus(p, "share_partner").empty();
    services += LatestStatus(p, "services") == "given";
    follow_up += LatestStatus(p, "follow_up") == "given";
    referral += LatestStatus(p, "referral") == "given";
    photo_refused += LatestStatus(p, "photo") == "refused";
    for (const Json& c : p.consents) withdrawals += c["status"] == "withdrawn";
  }
  EXPECT_GE(Share(share, kCount), 0.55);
  EXPECT_LE(Share(share, kCount), 0.85);
  EXPECT_GT(never_asked, 0);
  EXPECT_GT(Share(services, kCount), 0.95);
  EXPECT_GT(Share(follow_up, kCount), 0.70);
  EXPECT_LT(Share(follow_up, kCount), 0.98);
  EXPECT_GT(Share(referral, kCount), 0.70);
  EXPECT_LT(Share(referral, kCount), 0.98);
  EXPECT_GT(photo_refused, 0);
  EXPECT_LT(Share(photo_refused, kCount), 0.15);
  EXPECT_GT(withdrawals, 0);
  EXPECT_LT(Share(withdrawals, kCount), 0.10);
}

// ---- The caseload mix.

TEST(DemoPeopleTest, AgeAndSexMixLooksLikeAPocSiteCaseload) {
  int children = 0, older = 0, under_five = 0, women = 0, men = 0, not_recorded = 0, birth_dates = 0;
  int stated_adults = 0, estimated_adults = 0;
  for (const DemoPerson& p : Caseload()) {
    int age = AgeAtRegistration(p);
    children += age < 18;
    under_five += age < 5;
    older += age >= 60;
    std::string sex = p.input["sex"];
    not_recorded += sex == "not_recorded";
    if (age >= 18) {
      women += sex == "female";
      men += sex == "male";
    }
    birth_dates += p.input.contains("birth_date");
    if (age >= 18 && p.input.contains("age_years")) {
      ++stated_adults;
      estimated_adults += p.input["age_estimated"].get<bool>();
    }
  }
  EXPECT_GE(Share(children, kCount), 0.38);
  EXPECT_LE(Share(children, kCount), 0.52);
  EXPECT_GE(Share(under_five, kCount), 0.08);
  EXPECT_GE(Share(older, kCount), 0.01);
  EXPECT_LE(Share(older, kCount), 0.08);
  EXPECT_GT(women, men * 11 / 10);
  EXPECT_GT(not_recorded, 0);
  EXPECT_LT(Share(not_recorded, kCount), 0.06);
  EXPECT_GE(Share(birth_dates, kCount), 0.30);
  EXPECT_LE(Share(birth_dates, kCount), 0.50);
  EXPECT_GT(Share(estimated_adults, stated_adults), 0.75);
}

TEST(DemoPeopleTest, MostAreDisplacedInTheSiteAndSpeakDinka) {
  std::map<std::string, int> groups, languages;
  int phones = 0;
  for (const DemoPerson& p : Caseload()) {
    ++groups[p.input["population_group"]];
    ++languages[p.input["language"]];
    phones += p.input.contains("phone");
  }
  EXPECT_GT(Share(groups["idp_camp"], kCount), 0.75);
  EXPECT_LT(Share(groups["idp_camp"], kCount), 0.95);
  for (const char* g : {"idp_host", "returnee", "host_community", "migrant", "refugee"}) {
    EXPECT_GT(groups[g], 0) << g;
    EXPECT_LT(Share(groups[g], kCount), 0.10) << g;
  }
  EXPECT_GT(Share(languages["din"], kCount), 0.60);
  EXPECT_GT(Share(languages["nus"], kCount), 0.05);
  EXPECT_GT(languages["ar"], 0);
  EXPECT_GT(languages["en"], 0);
  EXPECT_LT(Share(languages["en"], kCount), 0.08);
  EXPECT_GT(Share(phones, kCount), 0.22);
  EXPECT_LT(Share(phones, kCount), 0.45);
}

TEST(DemoPeopleTest, WashingtonGroupAnswersAreMostlyNoDifficultyMoreSoInTheYoung) {
  int answered = 0, all_none = 0, some = 0, severe = 0, older = 0, older_severe = 0;
  for (const DemoPerson& p : Caseload()) {
    if (!p.input.contains("wg_ss")) continue;
    const Json& wgss = p.input["wg_ss"];
    ++answered;
    int worst = 1;
    for (const auto& [domain, answer] : wgss.items()) worst = std::max(worst, answer.get<int>());
    all_none += worst == 1;
    some += worst == 2;
    severe += worst >= 3;
    if (AgeAtRegistration(p) >= 60) {
      ++older;
      older_severe += worst >= 3;
    }
  }
  EXPECT_GT(Share(all_none, answered), 0.60);
  EXPECT_GT(Share(some, answered), 0.05);
  EXPECT_GT(Share(severe, answered), 0.01);
  EXPECT_LT(Share(severe, answered), 0.10);
  EXPECT_GT(Share(older_severe, older), 2 * Share(severe, answered));
}

TEST(DemoPeopleTest, SpecificNeedsFitAgeAndSex) {
  std::map<std::string, int> seen;
  for (const DemoPerson& p : Caseload()) {
    int age = AgeAtRegistration(p);
    Json needs = Needs(p);
    SCOPED_TRACE(p.input.dump());
    for (const Json& n : needs) ++seen[n];
    if (Has(needs, "unaccompanied_child") || Has(needs, "separated_child")) {
      EXPECT_LT(age, 18);
    }
    EXPECT_FALSE(Has(needs, "unaccompanied_child") && Has(needs, "separated_child"));
    if (Has(needs, "older_person_at_risk")) {
      EXPECT_GE(age, 60);
    }
    if (Has(needs, "pregnant_or_lactating")) {
      EXPECT_EQ(p.input["sex"], "female");
      EXPECT_GE(age, 15);
      EXPECT_LE(age, 49);
    }
    if (Has(needs, "single_parent")) {
      EXPECT_GE(age, 15);
    }
    if (Has(needs, "person_with_disability")) {
      ASSERT_TRUE(p.input.contains("wg_ss"));
      EXPECT_TRUE(SevereDifficulty(p.input["wg_ss"]));
    }
  }
  for (const char* need : {"unaccompanied_child", "separated_child", "older_person_at_risk", "survivor",
                           "single_parent", "person_with_disability", "chronic_illness", "pregnant_or_lactating"}) {
    EXPECT_GT(seen[need], 0) << need;
  }
}

// ---- Names and duplicates.

TEST(DemoPeopleTest, NamesAreVaried) {
  std::set<std::string> female_given, male_given, family;
  std::map<std::string, int> full_names;
  for (const DemoPerson& p : Caseload()) {
    if (p.input["sex"] == "female") female_given.insert(p.input["given_name"].get<std::string>());
    if (p.input["sex"] == "male") male_given.insert(p.input["given_name"].get<std::string>());
    family.insert(p.input["family_name"].get<std::string>());
    ++full_names[FullName(p)];
  }
  EXPECT_GE(female_given.size(), 80u);
  EXPECT_GE(male_given.size(), 80u);
  EXPECT_GE(family.size(), 80u);
  int most = 0;
  for (const auto& [name, n] : full_names) most = std::max(most, n);
  EXPECT_LT(Share(most, kCount), 0.01);
}

TEST(DemoPeopleTest, SomePeopleAreRegisteredAgainUnderAnotherSpelling) {
  const auto& people = Caseload();
  std::unordered_map<std::string, std::vector<size_t>> by_sound;
  int pairs = 0;
  for (size_t j = 0; j < people.size(); ++j) {
    const DemoPerson& b = people[j];
    std::string key = SoundKey(b.input["given_name"]) + " " + SoundKey(b.input["family_name"]) + " " +
                      b.input["sex"].get<std::string>() + " " + b.input["site_id"].get<std::string>();
    for (size_t i : by_sound[key]) {
      const DemoPerson& a = people[i];
      if (FullName(a) == FullName(b)) continue;  // namesakes are not spelling variants
      if (std::abs(AgeOn(a, b.registered_on) - AgeAtRegistration(b)) <= 2) ++pairs;
    }
    by_sound[key].push_back(j);
  }
  EXPECT_GE(pairs, kCount / 200);
  EXPECT_LE(pairs, kCount / 20);
}

}  // namespace
}  // namespace baton
