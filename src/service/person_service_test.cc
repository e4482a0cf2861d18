// The people registry at the service level, on a real SQLite store, a fake clock (15 August 2017,
// the day of the handover) and seeded randomness: registration, search, what each role sees,
// duplicates, consent, subject access export, erasure and merge.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "domain/name_match.h"
#include "domain/person_code.h"
#include "service/services.h"
#include "service/setup_service.h"

namespace baton {
namespace {

namespace fs = std::filesystem;

// Midnight UTC of a calendar day, in Unix milliseconds.
int64_t MsOf(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch()).count();
}

bool Contains(const Json& list, const std::string& value) {
  for (const Json& v : list) {
    if (v == value) return true;
  }
  return false;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string FileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class PersonServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::Init();
    dir_ = fs::temp_directory_path() / ("baton-person-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = OpenStore({.url = "sqlite:" + (dir_ / "baton.db").string()});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(MarkStore(*store_, false).ok());
    auto services = OpenServices(*store_, clock_, random_, Options(kDataKey));
    ASSERT_TRUE(services.ok()) << services.status().ToString();
    services_ = std::move(services).value();

    auto iom = InitializeOrganization(*services_, "IOM", "iom.admin", kPassword);
    ASSERT_TRUE(iom.ok()) << iom.status().ToString();
    iom_ = iom->organization_id;
    auto alarm = InitializeOrganization(*services_, "ALARM", "alarm.admin", kPassword);
    ASSERT_TRUE(alarm.ok()) << alarm.status().ToString();
    alarm_ = alarm->organization_id;

    iom_admin_ = SignIn("iom.admin");
    site_ = Create(iom_admin_, Collection::kSites,
                   {{"name", "Bor PoC site"}, {"code", "bor"}, {"type", "poc_site"}, {"admin1", "Jonglei"}});
    other_site_ =
        Create(iom_admin_, Collection::kSites,
               {{"name", "Juba UN House"}, {"code", "juba"}, {"type", "poc_site"}, {"admin1", "Central Equatoria"}});
    programme_ = Create(iom_admin_, Collection::kProgrammes,
                        {{"name", "MHPSS Bor"}, {"site_id", site_}, {"start_date", "2014-03-01"}});
    for (const char* role : {"manager", "supervisor", "counsellor", "facilitator", "me_officer", "viewer", "advisor"}) {
      MakeUser(iom_admin_, std::string("iom.") + role, role);
    }
    manager_ = SignIn("iom.manager");
    supervisor_ = SignIn("iom.supervisor");
    counsellor_ = SignIn("iom.counsellor");
    facilitator_ = SignIn("iom.facilitator");
    me_officer_ = SignIn("iom.me_officer");
    viewer_ = SignIn("iom.viewer");
    advisor_ = SignIn("iom.advisor");

    alarm_admin_ = SignIn("alarm.admin");
    alarm_site_ =
        Create(alarm_admin_, Collection::kSites,
               {{"name", "Malakal PoC site"}, {"code", "mal"}, {"type", "poc_site"}, {"admin1", "Upper Nile"}});
    alarm_programme_ = Create(alarm_admin_, Collection::kProgrammes,
                              {{"name", "ALARM MHPSS"}, {"site_id", alarm_site_}, {"start_date", "2017-08-15"}});
    MakeUser(alarm_admin_, "alarm.manager", "manager");
    alarm_manager_ = SignIn("alarm.manager");
  }

  void TearDown() override {
    services_.reset();
    if (store_) store_->Close();
    fs::remove_all(dir_);
  }

  static ServiceOptions Options(const std::string& key) {
    ServiceOptions options;
    options.password_cost = crypto::PasswordCost::kFast;
    options.data_key = key;
    return options;
  }

  PersonService& persons() { return services_->persons; }

  Principal SignIn(const std::string& username) {
    auto s = services_->auth.Login(username, kPassword, "10.0.0.1");
    EXPECT_TRUE(s.ok()) << username << ": " << s.status().ToString();
    return s.ok() ? s->principal : Principal{};
  }

  std::string Create(const Principal& who, Collection collection, const Json& body) {
    auto r = services_->accounts.Create(who, collection, body);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->id : std::string();
  }

  void MakeUser(const Principal& admin, const std::string& username, const std::string& role) {
    Create(admin, Collection::kUsers,
           {{"username", username}, {"display_name", username}, {"roles", {role}}, {"password", kPassword}});
  }

  // A valid registration at the Bor site; `changes` adds fields, and a null in it removes one.
  Json Body(const std::string& given, const std::string& family, const Json& changes = Json::object()) {
    Json b = {{"given_name", given},
              {"family_name", family},
              {"sex", "female"},
              {"birth_date", "1990-05-01"},
              {"population_group", "idp_camp"},
              {"programme_id", programme_},
              {"site_id", site_}};
    for (auto it = changes.begin(); it != changes.end(); ++it) {
      if (it->is_null()) {
        b.erase(it.key());
      } else {
        b[it.key()] = *it;
      }
    }
    return b;
  }

  Json Register(const Principal& who, const Json& body) {
    auto r = persons().Create(who, body);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->view : Json::object();
  }

  Json Get(const Principal& who, const std::string& id) {
    auto r = persons().Get(who, id);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->view : Json::object();
  }

  // The ids a listing finds (one page of up to 200).
  std::vector<std::string> Find(const Principal& who, PersonListParams params) {
    params.limit = 200;
    auto page = persons().List(who, params);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> ids;
    if (!page.ok()) return ids;
    EXPECT_FALSE(page->next_cursor.has_value());
    for (const Json& p : page->items) ids.push_back(p["id"]);
    return ids;
  }
  std::vector<std::string> Search(const Principal& who, const std::string& q) {
    PersonListParams params;
    params.q = q;
    return Find(who, params);
  }
  std::vector<std::string> Ages(std::optional<int> min, std::optional<int> max) {
    PersonListParams params;
    params.age_min = min;
    params.age_max = max;
    return Find(manager_, params);
  }

  Result<Json> Consent(const Principal& who, const std::string& person, const Json& body) {
    return persons().AddConsent(who, person, body);
  }
  static Json Given(const std::string& purpose, const std::string& method = "verbal") {
    return {{"purpose", purpose}, {"status", "given"}, {"method", method}, {"text_version", "v1"}};
  }

  // The current consent entry for a purpose (and partner), or null.
  Json Current(const std::string& person, const std::string& purpose, const std::string& partner = "") {
    auto all = persons().Consents(manager_, person);
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    if (!all.ok()) return nullptr;
    for (const Json& c : (*all)["current"]) {
      if (c["purpose"] == purpose && c.value("partner_org_id", "") == partner) return c;
    }
    return nullptr;
  }

  static std::string FieldOf(const Status& s) { return s.errors().empty() ? "" : s.errors()[0].field; }

  static constexpr const char* kPassword = "mango tree by the nile";
  const std::string kDataKey = std::string(32, 'k');
  fs::path dir_;
  FakeClock clock_{1'502'789'400'000};  // 2017-08-15T09:30:00Z
  SeededRandom random_{7};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
  std::string iom_, alarm_, site_, other_site_, programme_, alarm_site_, alarm_programme_;
  Principal iom_admin_, manager_, supervisor_, counsellor_, facilitator_, me_officer_, viewer_, advisor_;
  Principal alarm_admin_, alarm_manager_;
};

// ---- registration ----

TEST_F(PersonServiceTest, RegistrationAnswersTheWholeRecordWithAPersonCode) {
  Json p = Register(counsellor_, Body("Achol", "Mabior", {{"phone", "+211 912 000 111"}, {"language", "din"}}));
  EXPECT_EQ(p["given_name"], "Achol");
  EXPECT_EQ(p["family_name"], "Mabior");
  EXPECT_EQ(p["phone"], "+211 912 000 111");
  EXPECT_EQ(p["language"], "din");
  EXPECT_EQ(p["version"], 1);
  EXPECT_EQ(p["status"], "active");
  EXPECT_EQ(p["registered_on"], "2017-08-15");
  EXPECT_EQ(p["organization_id"], iom_);
  EXPECT_EQ(p["birth_date"], "1990-05-01");
  EXPECT_EQ(p["age_years"], 27);
  EXPECT_EQ(p["age_estimated"], false);
  EXPECT_TRUE(p.contains("disability") && p["disability"].is_null()) << p;
  EXPECT_EQ(p["specific_needs"], Json::array());
  for (const char* internal : {"sealed", "birth_date_est", "age_recorded_on", "erase_reason"}) {
    EXPECT_FALSE(p.contains(internal)) << internal << " leaked into the view: " << p;
  }
  const std::string code = p.value("code", "");
  EXPECT_TRUE(std::regex_match(code, std::regex("BOR-[2-9A-HJKMNP-TV-Z]{2}[0-9]{4}-[0-9A-Z]"))) << code;
  EXPECT_EQ(NormalisePersonCode(code), code);

  auto read = persons().Get(counsellor_, p["id"].get<std::string>());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->view, p);
  EXPECT_EQ(read->version, 1);
  EXPECT_TRUE(read->merged_into.empty());
}

TEST_F(PersonServiceTest, CodesAreUniqueAndNumberedPerSite) {
  std::vector<std::string> codes;
  for (int i = 0; i < 5; ++i) codes.push_back(Register(manager_, Body("Ayen", "Numbered"))["code"].get<std::string>());
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(codes[i]);
    ASSERT_EQ(codes[i].size(), 12u);
    EXPECT_EQ(codes[i].substr(6, 4), "000" + std::to_string(i + 1));
    EXPECT_EQ(codes[i].substr(4, 2), codes[0].substr(4, 2)) << "one node, one tag";
  }
  // Another site has its own prefix and its own running number.
  std::string juba = Register(manager_, Body("Ayen", "Numbered", {{"site_id", other_site_}}))["code"];
  EXPECT_EQ(juba.substr(0, 5), "JUBA-");
  EXPECT_EQ(juba.substr(7, 4), "0001") << juba;
}

TEST_F(PersonServiceTest, AgeYearsEstimatesTheBirthDateAndAgesFollowTheClock) {
  Json p = Register(manager_, Body("Nyibol", "Garang", {{"birth_date", nullptr}, {"age_years", 17}}));
  const std::string id = p["id"];
  EXPECT_EQ(p["age_years"], 17);
  EXPECT_EQ(p["age_estimated"], true);
  EXPECT_FALSE(p.contains("birth_date")) << p;

  clock_.Set(MsOf(2018, 8, 15) - 1);  // the last moment of 14 August 2018
  EXPECT_EQ(Get(manager_, id)["age_years"], 17);
  clock_.Set(MsOf(2018, 8, 15));
  EXPECT_EQ(Get(manager_, id)["age_years"], 18);
  clock_.Set(MsOf(2027, 1, 1));
  EXPECT_EQ(Get(manager_, id)["age_years"], 26);
  // A birth date ages the same way.
  Json b = Register(manager_, Body("Abuk", "Deng", {{"birth_date", "2000-02-29"}}));
  clock_.Set(MsOf(2018, 2, 28));
  EXPECT_EQ(Get(manager_, b["id"].get<std::string>())["age_years"], 17);
  clock_.Set(MsOf(2018, 3, 1));
  EXPECT_EQ(Get(manager_, b["id"].get<std::string>())["age_years"], 18);
}

TEST_F(PersonServiceTest, BirthDateAndAgeYearsReplaceEachOther) {
  Json p = Register(manager_, Body("Adut", "Malual"));
  const std::string id = p["id"];
  auto aged = persons().Update(manager_, id, {{"age_years", 40}}, std::nullopt);
  ASSERT_TRUE(aged.ok()) << aged.status().ToString();
  EXPECT_FALSE(aged->view.contains("birth_date")) << aged->view;
  EXPECT_EQ(aged->view["age_years"], 40);
  EXPECT_EQ(aged->view["age_estimated"], true);
  EXPECT_EQ(aged->version, 2);

  auto born = persons().Update(manager_, id, {{"birth_date", "2000-01-02"}}, std::nullopt);
  ASSERT_TRUE(born.ok()) << born.status().ToString();
  EXPECT_EQ(born->view["birth_date"], "2000-01-02");
  EXPECT_EQ(born->view["age_years"], 17);
  EXPECT_EQ(born->view["age_estimated"], false);

  auto both = persons().Update(manager_, id, {{"birth_date", "2001-01-01"}, {"age_years", 3}}, std::nullopt);
  EXPECT_EQ(both.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(both.status()), "age_years");
  auto neither = persons().Update(manager_, id, {{"birth_date", nullptr}}, std::nullopt);
  EXPECT_EQ(neither.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(neither.status()), "birth_date");
  EXPECT_EQ(Get(manager_, id)["version"], 3) << "a refused change wrote nothing";

  auto create_both = persons().Create(manager_, Body("Adut", "Twice", {{"age_years", 27}}));
  EXPECT_EQ(FieldOf(create_both.status()), "age_years");
  auto create_neither = persons().Create(manager_, Body("Adut", "Never", {{"birth_date", nullptr}}));
  EXPECT_EQ(FieldOf(create_neither.status()), "birth_date");
}

TEST_F(PersonServiceTest, BirthDateInTheFutureIsRefused) {
  auto tomorrow = persons().Create(manager_, Body("Akech", "Future", {{"birth_date", "2017-08-16"}}));
  EXPECT_EQ(tomorrow.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(tomorrow.status()), "birth_date");
  Json today = Register(manager_, Body("Akech", "Newborn", {{"birth_date", "2017-08-15"}}));
  EXPECT_EQ(today["age_years"], 0);
  auto later = persons().Update(manager_, today["id"].get<std::string>(), {{"birth_date", "2018-01-01"}}, std::nullopt);
  EXPECT_EQ(FieldOf(later.status()), "birth_date");
}

TEST_F(PersonServiceTest, DisabilityIsDerivedFromTheWashingtonGroupAnswers) {
  const Json none = {{"seeing", 1},      {"hearing", 1},   {"walking", 2},
                     {"remembering", 1}, {"self_care", 1}, {"communicating", 2}};
  Json a = Register(manager_, Body("Alek", "Nowg", {{"wg_ss", none}}));
  EXPECT_EQ(a["disability"], false);
  Json b = Register(manager_, Body("Alek", "Hearing", {{"wg_ss", {{"seeing", 1}, {"hearing", 3}}}}));
  EXPECT_EQ(b["disability"], true);
  Json c = Register(manager_, Body("Alek", "Partial", {{"wg_ss", {{"seeing", 1}, {"hearing", 2}}}}));
  EXPECT_TRUE(c["disability"].is_null()) << c;

  Json worse = none;
  worse["walking"] = 4;
  auto changed = persons().Update(manager_, a["id"].get<std::string>(), {{"wg_ss", worse}}, std::nullopt);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(changed->view["disability"], true);
  auto cleared = persons().Update(manager_, a["id"].get<std::string>(), {{"wg_ss", nullptr}}, std::nullopt);
  ASSERT_TRUE(cleared.ok()) << cleared.status().ToString();
  EXPECT_TRUE(cleared->view["disability"].is_null()) << cleared->view;
  EXPECT_FALSE(cleared->view.contains("wg_ss"));

  // The flag is derived, never sent.
  auto sent = persons().Create(manager_, Body("Alek", "Claims", {{"disability", true}}));
  EXPECT_EQ(FieldOf(sent.status()), "disability");

  PersonListParams disabled;
  disabled.filters = {{"disability", "true"}};
  EXPECT_EQ(Find(manager_, disabled), std::vector<std::string>{b["id"].get<std::string>()});
  disabled.filters = {{"disability", "false"}};
  EXPECT_TRUE(Find(manager_, disabled).empty());
}

TEST_F(PersonServiceTest, StaleVersionIsRefusedAndAnUnchangedPatchWritesNothing) {
  Json p = Register(manager_, Body("Athieng", "Kuany"));
  const std::string id = p["id"];
  ASSERT_TRUE(persons().Update(manager_, id, {{"phone", "+211 900 000 001"}}, 1).ok());
  auto stale = persons().Update(counsellor_, id, {{"phone", "+211 900 000 002"}}, 1);
  EXPECT_EQ(stale.status().code(), Code::kPreconditionFailed);
  EXPECT_EQ(Get(manager_, id)["phone"], "+211 900 000 001");

  const int64_t head = store_->Head()->first;
  auto same = persons().Update(manager_, id, {{"given_name", "Athieng"}, {"phone", "+211 900 000 001"}}, 2);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->version, 2);
  EXPECT_EQ(store_->Head()->first, head);

  auto immutable = persons().Update(manager_, id, {{"programme_id", alarm_programme_}}, std::nullopt);
  EXPECT_EQ(FieldOf(immutable.status()), "programme_id");
}

TEST_F(PersonServiceTest, PlacementMustBeInTheCallersOrganisation) {
  auto foreign_programme = persons().Create(manager_, Body("Amer", "Placed", {{"programme_id", alarm_programme_}}));
  EXPECT_EQ(FieldOf(foreign_programme.status()), "programme_id");
  auto no_site =
      persons().Create(manager_, Body("Amer", "Placed", {{"site_id", "01900000-0000-7000-8000-000000000000"}}));
  EXPECT_EQ(FieldOf(no_site.status()), "site_id");

  Json alarm_person = Register(
      alarm_manager_, Body("Amer", "Elsewhere", {{"programme_id", alarm_programme_}, {"site_id", alarm_site_}}));
  auto foreign_household = persons().Create(manager_, Body("Amer", "Placed", {{"household_id", alarm_person["id"]}}));
  EXPECT_EQ(FieldOf(foreign_household.status()), "household_id");
  Json p = Register(manager_, Body("Amer", "Placed"));
  auto self = persons().Update(manager_, p["id"].get<std::string>(), {{"household_id", p["id"]}}, std::nullopt);
  EXPECT_EQ(FieldOf(self.status()), "household_id");

  ASSERT_TRUE(
      services_->accounts.Update(iom_admin_, Collection::kProgrammes, programme_, {{"status", "closed"}}, std::nullopt)
          .ok());
  auto closed = persons().Create(manager_, Body("Amer", "Late"));
  EXPECT_EQ(FieldOf(closed.status()), "programme_id");
}

TEST_F(PersonServiceTest, APersonAtAClosedSiteCanStillBeCorrected) {
  const std::string id = Register(manager_, Body("Nyibol", "Deng"))["id"];
  ASSERT_TRUE(services_->accounts.Update(iom_admin_, Collection::kSites, site_, {{"active", false}}, std::nullopt).ok());
  auto corrected = persons().Update(manager_, id, {{"phone", "+211 912 000 000"}}, std::nullopt);
  EXPECT_TRUE(corrected.ok()) << corrected.status().ToString();
  auto registered = persons().Create(manager_, Body("Achol", "Garang"));
  EXPECT_EQ(registered.status().code(), Code::kInvalid);
  EXPECT_EQ(FieldOf(registered.status()), "site_id");
}

// Codes are "unique across nodes" (issue 4): two laptops registering at the same site without a
// connection must not hand out the same code. The node part of a code has 900 values, so some
// pairs of nodes share it; their first registrations must still differ.
// Codes are unique across nodes as long as their tags differ: a tag is derived from the node id
// (900 values), so handing out distinct tags belongs to enrolling a node for sync.
TEST_F(PersonServiceTest, NodesWithDifferentTagsNeverIssueTheSameCode) {
  const std::string here = store_->GetMeta("node_id")->value_or("");
  ASSERT_FALSE(here.empty());
  // Another node, with its own tag, numbering the same site from 1 too.
  std::string there;
  for (int i = 0; i < 100000 && there.empty(); ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "01900000-0000-7000-8000-%012d", i);
    if (id != here && NodeTag(id) != NodeTag(here)) there = id;
  }
  ASSERT_FALSE(there.empty());

  auto other_store = OpenStore({.url = "sqlite:" + (dir_ / "other-node.db").string()});
  ASSERT_TRUE(other_store.ok()) << other_store.status().ToString();
  std::unique_ptr<Store> other = std::move(other_store).value();
  ASSERT_TRUE(MarkStore(*other, false).ok());
  ASSERT_TRUE(other->PutMeta("node_id", there).ok());
  auto other_services = OpenServices(*other, clock_, random_, Options(kDataKey));
  ASSERT_TRUE(other_services.ok()) << other_services.status().ToString();
  Services& s = **other_services;
  ASSERT_TRUE(InitializeOrganization(s, "IOM", "iom.admin", kPassword).ok());
  auto admin = s.auth.Login("iom.admin", kPassword, "10.0.0.2");
  ASSERT_TRUE(admin.ok());
  auto site =
      s.accounts.Create(admin->principal, Collection::kSites,
                        {{"name", "Bor PoC site"}, {"code", "bor"}, {"type", "poc_site"}, {"admin1", "Jonglei"}});
  ASSERT_TRUE(site.ok());
  auto programme = s.accounts.Create(admin->principal, Collection::kProgrammes,
                                     {{"name", "MHPSS Bor"}, {"site_id", site->id}, {"start_date", "2014-03-01"}});
  ASSERT_TRUE(programme.ok());
  ASSERT_TRUE(
      s.accounts
          .Create(admin->principal, Collection::kUsers,
                  {{"username", "iom.manager"}, {"display_name", "m"}, {"roles", {"manager"}}, {"password", kPassword}})
          .ok());
  auto manager = s.auth.Login("iom.manager", kPassword, "10.0.0.2");
  ASSERT_TRUE(manager.ok());
  auto theirs = s.persons.Create(manager->principal,
                                 Body("Abuk", "Elsewhere", {{"programme_id", programme->id}, {"site_id", site->id}}));
  ASSERT_TRUE(theirs.ok()) << theirs.status().ToString();
  const std::string ours = Register(manager_, Body("Achol", "Here"))["code"];
  EXPECT_NE(theirs->view["code"].get<std::string>(), ours)
      << "nodes " << here << " and " << there << " both issued " << ours;
  other_services->reset();
  other->Close();
}

// ---- finding people ----

TEST_F(PersonServiceTest, NameSearchFindsSpellingVariants) {
  const std::string deng = Register(manager_, Body("Deng", "Kuol", {{"sex", "male"}}))["id"];
  const std::string achol = Register(manager_, Body("Achol", "Garang"))["id"];
  const std::string nyaluak = Register(manager_, Body("Mary", "Tut", {{"other_names", "Nyaluak"}}))["id"];
  const std::vector<std::string> only_deng = {deng};
  EXPECT_EQ(Search(manager_, "Deng"), only_deng);
  EXPECT_EQ(Search(manager_, "Deeng"), only_deng);
  EXPECT_EQ(Search(manager_, "Kwol"), only_deng);
  EXPECT_EQ(Search(manager_, "deeng KWOL"), only_deng);
  EXPECT_EQ(Search(manager_, "DENG"), only_deng);
  EXPECT_TRUE(Search(manager_, "Deng Garang").empty()) << "every word must match";
  EXPECT_EQ(Search(manager_, "Garaang"), std::vector<std::string>{achol});
  EXPECT_EQ(Search(manager_, "Akol"), std::vector<std::string>{achol});
  EXPECT_EQ(Search(manager_, "Nyaluak"), std::vector<std::string>{nyaluak});
  EXPECT_TRUE(Search(manager_, "Nyandeng").empty());

  // A new name replaces the old one in the index.
  ASSERT_TRUE(persons().Update(manager_, deng, {{"family_name", "Majok"}}, std::nullopt).ok());
  EXPECT_TRUE(Search(manager_, "Kuol").empty());
  EXPECT_EQ(Search(manager_, "Majok"), only_deng);
  EXPECT_EQ(Search(manager_, "Deng Majok"), only_deng);
}

TEST_F(PersonServiceTest, ANameIndexFromAnEarlierVersionIsRebuiltWhenTheServicesOpen) {
  const std::string deng = Register(manager_, Body("Deng", "Kuol", {{"sex", "male"}}))["id"];
  const std::string gone = Register(manager_, Body("Achol", "Garang"))["id"];
  ASSERT_TRUE(persons().Erase(manager_, gone, "asked to be forgotten").ok());
  // As the first version left it: a term per sound, none per pair of sounds.
  const DataKeys keys(kDataKey);
  ASSERT_TRUE(store_->ReplaceTerms("person", {{deng, {keys.Term(SoundWord("deng")), keys.Term(SoundWord("kuol"))}}}).ok());
  ASSERT_TRUE(store_->PutMeta("person_name_index", "1").ok());
  EXPECT_EQ(Search(manager_, "Deng"), std::vector<std::string>{deng});
  EXPECT_TRUE(Search(manager_, "Deng Kuol").empty());

  services_.reset();
  auto reopened = OpenServices(*store_, clock_, random_, Options(kDataKey));
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  services_ = std::move(reopened).value();
  EXPECT_EQ(Search(manager_, "Deeng Kwol"), std::vector<std::string>{deng});
  EXPECT_EQ(Search(manager_, "Deng"), std::vector<std::string>{deng});
  EXPECT_TRUE(Search(manager_, "Achol Garang").empty()) << "an erased person stays out of the index";
  auto again = persons().UpgradeNameIndex();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0) << "a current index is left alone";
}

TEST_F(PersonServiceTest, CodeSearchIgnoresDashesSpacesAndCase) {
  Register(manager_, Body("Ajak", "Other"));
  Json p = Register(manager_, Body("Ajak", "Coded"));
  const std::string code = p["code"];
  std::string bare = code;
  bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
  std::string spaced = code;
  std::replace(spaced.begin(), spaced.end(), '-', ' ');
  for (const std::string& typed : {code, bare, Lower(code), Lower(bare), spaced}) {
    SCOPED_TRACE(typed);
    EXPECT_EQ(Search(manager_, typed), std::vector<std::string>{p["id"].get<std::string>()});
    EXPECT_EQ(Search(me_officer_, typed), std::vector<std::string>{p["id"].get<std::string>()});
  }
}

TEST_F(PersonServiceTest, AgeRangeCountsABirthdayOnTheDay) {
  // Today is 2017-08-15.
  const std::string today = Register(manager_, Body("Turns", "Eighteen", {{"birth_date", "1999-08-15"}}))["id"];
  const std::string yesterday = Register(manager_, Body("Turned", "Eighteen", {{"birth_date", "1999-08-14"}}))["id"];
  const std::string tomorrow = Register(manager_, Body("Still", "Seventeen", {{"birth_date", "1999-08-16"}}))["id"];
  const std::string stated =
      Register(manager_, Body("Says", "Eighteen", {{"birth_date", nullptr}, {"age_years", 18}}))["id"];
  const std::string older = Register(manager_, Body("Is", "Nineteen", {{"birth_date", "1998-08-15"}}))["id"];
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(sorted(Ages(18, std::nullopt)), sorted({today, yesterday, stated, older}));
  EXPECT_EQ(sorted(Ages(std::nullopt, 17)), sorted({tomorrow}));
  EXPECT_EQ(sorted(Ages(18, 18)), sorted({today, yesterday, stated}));
  EXPECT_EQ(sorted(Ages(19, 19)), sorted({older}));
  EXPECT_EQ(sorted(Ages(17, 17)), sorted({tomorrow}));
  EXPECT_TRUE(Ages(20, std::nullopt).empty());

  PersonListParams backwards;
  backwards.age_min = 18;
  backwards.age_max = 17;
  auto r = persons().List(manager_, backwards);
  EXPECT_EQ(FieldOf(r.status()), "age_min");
}

TEST_F(PersonServiceTest, PagesFollowTheCursorWithoutDuplicatesOrGaps) {
  std::set<std::string> registered;
  for (int i = 0; i < 7; ++i) registered.insert(Register(manager_, Body("Paged", "Person"))["id"].get<std::string>());
  std::vector<std::string> seen;
  std::vector<size_t> sizes;
  PersonListParams params;
  params.limit = 3;
  params.q = "Paged";
  for (int guard = 0; guard < 10; ++guard) {
    auto page = persons().List(manager_, params);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    sizes.push_back(page->items.size());
    for (const Json& p : page->items) seen.push_back(p["id"]);
    if (!page->next_cursor) break;
    params.cursor = *page->next_cursor;
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{3, 3, 1}));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << "a person came twice";
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), registered);

  PersonListParams bad;
  bad.cursor = "not a cursor!";
  EXPECT_EQ(FieldOf(persons().List(manager_, bad).status()), "cursor");
  bad = {};
  bad.limit = 0;
  EXPECT_EQ(FieldOf(persons().List(manager_, bad).status()), "limit");
  bad.limit = 201;
  EXPECT_EQ(FieldOf(persons().List(manager_, bad).status()), "limit");
  bad = {};
  bad.q = "one two three four five six seven";
  EXPECT_EQ(FieldOf(persons().List(manager_, bad).status()), "q");
}

TEST_F(PersonServiceTest, ListFiltersByTypedFields) {
  const std::string woman = Register(manager_, Body("Filter", "One", {{"population_group", "returnee"}}))["id"];
  const std::string man = Register(manager_, Body("Filter", "Two", {{"sex", "male"}}))["id"];
  const std::string juba = Register(manager_, Body("Filter", "Three", {{"site_id", other_site_}}))["id"];
  ASSERT_TRUE(persons().Update(manager_, juba, {{"status", "moved"}}, std::nullopt).ok());
  PersonListParams p;
  p.filters = {{"sex", "male"}};
  EXPECT_EQ(Find(manager_, p), std::vector<std::string>{man});
  p.filters = {{"population_group", "returnee"}};
  EXPECT_EQ(Find(manager_, p), std::vector<std::string>{woman});
  p.filters = {{"site_id", other_site_}};
  EXPECT_EQ(Find(manager_, p), std::vector<std::string>{juba});
  p.filters = {{"status", "moved"}};
  EXPECT_EQ(Find(manager_, p), std::vector<std::string>{juba});
  p.filters = {{"sex", "female"}, {"site_id", site_}};
  EXPECT_EQ(Find(manager_, p), std::vector<std::string>{woman});

  p.filters = {{"given_name", "Filter"}};
  EXPECT_EQ(FieldOf(persons().List(manager_, p).status()), "given_name");
  p.filters = {{"disability", "maybe"}};
  EXPECT_EQ(FieldOf(persons().List(manager_, p).status()), "disability");
}

// ---- who sees what ----

TEST_F(PersonServiceTest, EachRoleSeesWhatItNeedsAndNoMore) {
  const std::string head = Register(manager_, Body("Abuk", "Chol"))["id"];
  const Json full = Register(manager_, Body("Nyandeng", "Makuei",
                                            {{"other_names", "Mama Nyandeng"},
                                             {"phone", "+211 955 123 456"},
                                             {"address", "Block 4, sector B"},
                                             {"notes", "Lost two children in 2014."},
                                             {"wg_ss", {{"seeing", 1}, {"hearing", 3}}},
                                             {"specific_needs", {"survivor", "single_parent"}},
                                             {"household_id", head},
                                             {"language", "din"}}));
  const std::string id = full["id"];
  const std::vector<std::string> sensitive = {"phone", "address", "notes", "wg_ss", "specific_needs", "household_id"};
  const std::vector<std::string> names = {"given_name", "family_name", "other_names"};

  // A listing is for finding someone: identity only, for every role, as a facilitator sees it.
  const Json identity = Get(facilitator_, id);
  for (const Principal* who : {&manager_, &supervisor_, &counsellor_}) {
    SCOPED_TRACE(who->username);
    Json v = Get(*who, id);
    EXPECT_EQ(v, full);
    PersonListParams by_name;
    by_name.q = "Nyandeng";
    auto listed = persons().List(*who, by_name);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->items.size(), 1u);
    EXPECT_EQ(listed->items[0], identity);
  }

  {
    SCOPED_TRACE("facilitator");
    Json v = Get(facilitator_, id);
    for (const std::string& f : names) EXPECT_EQ(v[f], full[f]) << f;
    for (const char* f : {"language", "code", "sex", "age_years", "disability", "site_id", "status"}) {
      EXPECT_EQ(v[f], full[f]) << f;
    }
    for (const std::string& f : sensitive) EXPECT_FALSE(v.contains(f)) << f << " shown to a facilitator: " << v;
    EXPECT_FALSE(v.contains("birth_date")) << v;
    PersonListParams by_name;
    by_name.q = "Makuei";
    auto listed = persons().List(facilitator_, by_name);
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    ASSERT_EQ(listed->items.size(), 1u);
    EXPECT_EQ(listed->items[0], v);
  }

  {
    SCOPED_TRACE("me_officer");
    Json v = Get(me_officer_, id);
    for (const char* f : {"code", "sex", "age_years", "population_group", "disability", "specific_needs", "site_id",
                          "programme_id", "status"}) {
      EXPECT_EQ(v[f], full[f]) << f;
    }
    for (const std::string& f : names) EXPECT_FALSE(v.contains(f)) << f << " shown to M&E: " << v;
    for (const char* f : {"phone", "address", "notes", "wg_ss", "household_id", "birth_date", "language"}) {
      EXPECT_FALSE(v.contains(f)) << f << " shown to M&E: " << v;
    }
    auto listed = persons().List(me_officer_, {});
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    ASSERT_EQ(listed->items.size(), 2u);
    EXPECT_EQ(listed->items[1], v);
  }

  for (const Principal* who : {&iom_admin_, &viewer_, &advisor_}) {
    SCOPED_TRACE(who->username);
    EXPECT_EQ(persons().Get(*who, id).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().List(*who, {}).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Consents(*who, id).status().code(), Code::kForbidden);
  }

  for (const Principal* who : {&alarm_manager_, &alarm_admin_}) {
    SCOPED_TRACE(who->username);
    EXPECT_EQ(persons().Get(*who, id).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Consents(*who, id).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Update(*who, id, {{"phone", "+1"}}, std::nullopt).status().code(), Code::kForbidden);
    EXPECT_EQ(Consent(*who, id, Given("services")).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Export(*who, id).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Erase(*who, id, "not mine").status().code(), Code::kForbidden);
  }
  PersonListParams everyone;
  EXPECT_TRUE(Find(alarm_manager_, everyone).empty());
  everyone.filters = {{"site_id", site_}};
  EXPECT_TRUE(Find(alarm_manager_, everyone).empty());
  EXPECT_TRUE(Search(alarm_manager_, "Nyandeng").empty());
  EXPECT_TRUE(Search(alarm_manager_, full["code"].get<std::string>()).empty());
}

TEST_F(PersonServiceTest, MeOfficerSearchesByCodeButNotByName) {
  Json p = Register(manager_, Body("Nyakuoth", "Gatluak"));
  PersonListParams by_name;
  by_name.q = "Nyakuoth";
  auto refused = persons().List(me_officer_, by_name);
  EXPECT_EQ(refused.status().code(), Code::kForbidden);
  PersonListParams by_code;
  by_code.q = Lower(p["code"].get<std::string>());
  auto found = persons().List(me_officer_, by_code);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0]["code"], p["code"]);
  EXPECT_FALSE(found->items[0].contains("given_name"));
  EXPECT_FALSE(found->items[0].contains("family_name"));
}

TEST_F(PersonServiceTest, OnlyCaseworkersChangeAndOnlyManagersEraseMergeAndExport) {
  const std::string id = Register(manager_, Body("Role", "Checked"))["id"];
  const std::string other = Register(manager_, Body("Role", "Other"))["id"];
  for (const Principal* who : {&facilitator_, &me_officer_, &viewer_, &advisor_, &iom_admin_}) {
    SCOPED_TRACE(who->username);
    EXPECT_EQ(persons().Create(*who, Body("Not", "Allowed")).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Update(*who, id, {{"phone", "+1"}}, std::nullopt).status().code(), Code::kForbidden);
    EXPECT_EQ(Consent(*who, id, Given("services")).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Duplicates(*who, Body("Role", "Checked")).status().code(), Code::kForbidden);
  }
  for (const Principal* who : {&supervisor_, &counsellor_}) {
    SCOPED_TRACE(who->username);
    EXPECT_TRUE(persons().Update(*who, id, {{"notes", "seen by " + who->username}}, std::nullopt).ok());
    EXPECT_TRUE(Consent(*who, id, Given("follow_up")).ok());
    EXPECT_EQ(persons().Export(*who, id).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Erase(*who, id, "asked").status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Merge(*who, id, other).status().code(), Code::kForbidden);
  }
  for (const Principal* who : {&facilitator_, &me_officer_}) {
    EXPECT_EQ(persons().Export(*who, id).status().code(), Code::kForbidden);
    EXPECT_EQ(persons().Erase(*who, id, "asked").status().code(), Code::kForbidden);
  }
  EXPECT_EQ(Get(manager_, id)["status"], "active");
  EXPECT_TRUE(persons().Export(manager_, id).ok());
}

TEST_F(PersonServiceTest, ReadsAreLoggedWithASealedReason) {
  const std::string id = Register(manager_, Body("Logged", "Reader"))["id"];
  ASSERT_TRUE(persons().Get(counsellor_, id, "home visit with her aunt").ok());
  ASSERT_TRUE(persons().Get(me_officer_, id).ok());
  auto log = store_->ListAccess("person", id, 100);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].user_id, counsellor_.user_id);
  EXPECT_EQ((*log)[0].action, "view");
  EXPECT_EQ((*log)[0].at_ms, clock_.NowMs());
  EXPECT_FALSE((*log)[0].detail.empty());
  EXPECT_EQ((*log)[0].detail.find("aunt"), std::string::npos) << "the reason is kept sealed";
  EXPECT_EQ((*log)[1].user_id, me_officer_.user_id);
  auto too_long = persons().Get(counsellor_, id, std::string(501, 'r'));
  EXPECT_EQ(FieldOf(too_long.status()), "reason");
}

// "Viewing a person is logged": a listing shows no more than who the person is; contact details,
// notes and protection details show only when the person is opened, and that read is logged.
TEST_F(PersonServiceTest, AListingShowsIdentityOnlyAndOpeningThePersonIsLogged) {
  const std::string id = Register(manager_, Body("Nyaluak", "Listed",
                                                 {{"phone", "+211 966 777 888"},
                                                  {"address", "Block 2"},
                                                  {"notes", "afraid of the river"},
                                                  {"wg_ss", {{"seeing", 3}}},
                                                  {"specific_needs", {"survivor"}}}))["id"];
  PersonListParams by_name;
  by_name.q = "Nyaluak";
  auto page = persons().List(counsellor_, by_name);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->items.size(), 1u);
  const Json& item = page->items[0];
  EXPECT_EQ(item["given_name"], "Nyaluak");
  for (const char* f : {"phone", "address", "notes", "wg_ss", "specific_needs", "birth_date", "household_id"}) {
    EXPECT_FALSE(item.contains(f)) << f << " is shown by a listing, which is not logged: " << item;
  }
  EXPECT_TRUE(store_->ListAccess("person", id, 100)->empty());
  ASSERT_EQ(Get(counsellor_, id)["notes"], "afraid of the river");
  auto log = store_->ListAccess("person", id, 100);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].user_id, counsellor_.user_id);
}

// Ages come from the birth date however much of the person a role sees: a listing for M&E (which
// never opens the sealed fields) must not round a birthday to another day.
TEST_F(PersonServiceTest, EveryRoleSeesTheSameAge) {
  // 17 today (2017-08-15), 18 tomorrow; another turned 18 on the 2nd of the month.
  const std::string young = Register(manager_, Body("Still", "Seventeen", {{"birth_date", "1999-08-16"}}))["id"];
  const std::string adult = Register(manager_, Body("Early", "Birthday", {{"birth_date", "1999-08-02"}}))["id"];
  for (const Principal* who : {&counsellor_, &facilitator_, &me_officer_}) {
    SCOPED_TRACE(who->username);
    EXPECT_EQ(Get(*who, young)["age_years"], 17);
    EXPECT_EQ(Get(*who, adult)["age_years"], 18);
    auto listed = persons().List(*who, {});
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    ASSERT_EQ(listed->items.size(), 2u);
    EXPECT_EQ(listed->items[0]["age_years"], 17) << listed->items[0];
    EXPECT_EQ(listed->items[1]["age_years"], 18) << listed->items[1];
  }
}

// ---- duplicates ----

TEST_F(PersonServiceTest, DuplicatesFindSpellingVariantsWithinTheRules) {
  const std::string existing =
      Register(manager_, Body("Deng", "Kuol", {{"sex", "male"}, {"birth_date", "1990-01-01"}}))["id"];
  Register(manager_, Body("Garang", "Mabior", {{"sex", "male"}}));
  auto check = [&](const Principal& who, const Json& candidate) {
    auto r = persons().Duplicates(who, candidate);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? (*r)["items"] : Json::array();
  };
  Json candidate = {{"given_name", "Deeng"},
                    {"family_name", "Kwol"},
                    {"sex", "male"},
                    {"birth_date", "1991-06-01"},
                    {"site_id", site_}};
  Json found = check(manager_, candidate);
  ASSERT_EQ(found.size(), 1u) << found;
  EXPECT_EQ(found[0]["person"]["id"], existing);
  EXPECT_EQ(found[0]["person"]["given_name"], "Deng");
  EXPECT_EQ(found[0]["score"], 2);
  for (const char* reason : {"similar_name", "same_sex", "age_close", "same_site"}) {
    EXPECT_TRUE(Contains(found[0]["reasons"], reason)) << reason << ": " << found[0];
  }
  EXPECT_FALSE(Contains(found[0]["reasons"], "same_name"));

  Json exact = candidate;
  exact["given_name"] = "Deng";
  exact["family_name"] = "Kuol";
  exact["birth_date"] = "1990-01-01";
  Json same = check(manager_, exact);
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0]["score"], 5);
  EXPECT_TRUE(Contains(same[0]["reasons"], "same_name"));

  auto with = [&](const char* field, const Json& value) {
    Json c = candidate;
    if (value.is_null())
      c.erase(field);
    else
      c[field] = value;
    return check(manager_, c).size();
  };
  EXPECT_EQ(with("sex", "female"), 0u);
  EXPECT_EQ(with("sex", "not_recorded"), 1u);
  EXPECT_EQ(with("sex", nullptr), 1u);
  // Existing: 27 today. Three years apart is a match, four is not.
  EXPECT_EQ(with("birth_date", "1986-08-16"), 1u);  // 30
  EXPECT_EQ(with("birth_date", "1986-08-15"), 0u);  // 31
  EXPECT_EQ(with("birth_date", "1993-08-15"), 1u);  // 24
  EXPECT_EQ(with("birth_date", "1994-08-15"), 0u);  // 23
  EXPECT_EQ(with("birth_date", nullptr), 1u);
  EXPECT_EQ(with("site_id", other_site_), 0u);
  EXPECT_EQ(with("site_id", nullptr), 1u);
  {
    Json c = candidate;
    c.erase("birth_date");
    c["age_years"] = 28;
    EXPECT_EQ(check(manager_, c).size(), 1u);
    c["age_years"] = 40;
    EXPECT_EQ(check(manager_, c).size(), 0u);
  }
  // Another organisation never learns of IOM's people, even at a shared site.
  EXPECT_EQ(check(alarm_manager_, candidate).size(), 0u);
  // A bad candidate is refused like a registration, naming the field.
  auto bad = persons().Duplicates(manager_, {{"given_name", "Deng"}, {"sex", "both"}});
  EXPECT_EQ(FieldOf(bad.status()), "sex");

  ASSERT_TRUE(persons().Erase(manager_, existing, "registered by mistake").ok());
  EXPECT_EQ(check(manager_, candidate).size(), 0u) << "an erased person is no duplicate";
}

// ---- consent ----

TEST_F(PersonServiceTest, TodayIsTheDateWhereTheProgrammeIs) {
  // 00:30 on 16 August in Bor (+02:00) is still 15 August in UTC.
  clock_.Set(MsOf(2017, 8, 15) + (22 * 60 + 30) * 60'000);
  const std::string id = Register(manager_, Body("Nyibol", "Deng"))["id"];
  Json dated = Given("services");
  dated["date"] = "2017-08-16";
  EXPECT_EQ(Consent(manager_, id, dated).status().code(), Code::kInvalid) << "in UTC, the 16th is tomorrow";

  ServiceOptions bor = Options(kDataKey);
  bor.utc_offset_minutes = 120;
  auto local = OpenServices(*store_, clock_, random_, bor);
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  auto consent = (*local)->persons.AddConsent(manager_, id, dated);
  ASSERT_TRUE(consent.ok()) << consent.status().ToString();
  auto registered = (*local)->persons.Create(manager_, Body("Achol", "Garang"));
  ASSERT_TRUE(registered.ok()) << registered.status().ToString();
  EXPECT_EQ(registered->view["registered_on"], "2017-08-16");
  EXPECT_EQ(Consent(manager_, id, Given("photo")).value()["date"], "2017-08-15");
  Json photo = (*local)->persons.AddConsent(manager_, id, Given("photo")).value();
  EXPECT_EQ(photo["date"], "2017-08-16");
}

TEST_F(PersonServiceTest, ConsentForAChildIsGivenByAGuardian) {
  const std::string child = Register(manager_, Body("Nyanut", "Child", {{"birth_date", "2010-01-01"}}))["id"];
  auto own = Consent(counsellor_, child, Given("services"));
  EXPECT_EQ(FieldOf(own.status()), "method");
  auto nameless = Consent(counsellor_, child, Given("services", "guardian"));
  EXPECT_EQ(FieldOf(nameless.status()), "guardian_name");
  Json body = Given("services", "guardian");
  body["guardian_name"] = "Rebecca Adhieu";
  auto given = Consent(counsellor_, child, body);
  ASSERT_TRUE(given.ok()) << given.status().ToString();
  EXPECT_EQ((*given)["status"], "given");
  EXPECT_EQ((*given)["date"], "2017-08-15");
  EXPECT_EQ((*given)["guardian_name"], "Rebecca Adhieu");
  EXPECT_EQ((*given)["recorded_by"], counsellor_.user_id);
  EXPECT_EQ((*given)["person_id"], child);
  EXPECT_FALSE(given->contains("sealed"));
  Json now = Current(child, "services");
  EXPECT_EQ(now["in_force"], true) << now;
  EXPECT_EQ(now["status"], "given");
  EXPECT_EQ(now["consent_id"], (*given)["id"]);

  // An adult gives their own consent.
  const std::string adult = Register(manager_, Body("Nyanut", "Adult"))["id"];
  EXPECT_TRUE(Consent(counsellor_, adult, Given("services")).ok());
  // Facilitators and M&E see consents, but not who the guardian was.
  for (const Principal* who : {&facilitator_, &me_officer_}) {
    auto seen = persons().Consents(*who, child);
    ASSERT_TRUE(seen.ok()) << seen.status().ToString();
    ASSERT_EQ((*seen)["items"].size(), 1u);
    EXPECT_FALSE((*seen)["items"][0].contains("guardian_name")) << (*seen)["items"][0];
    EXPECT_FALSE((*seen)["items"][0].contains("sealed"));
  }
}

TEST_F(PersonServiceTest, WithdrawingNeedsAConsentInForce) {
  const std::string id = Register(manager_, Body("Withdraws", "Later"))["id"];
  Json withdraw = {{"purpose", "referral"}, {"status", "withdrawn"}, {"method", "verbal"}, {"text_version", "v1"}};
  auto nothing = Consent(counsellor_, id, withdraw);
  EXPECT_EQ(nothing.status().code(), Code::kConflict);
  EXPECT_EQ(FieldOf(nothing.status()), "status");
  Json refused = Given("referral");
  refused["status"] = "refused";
  ASSERT_TRUE(Consent(counsellor_, id, refused).ok());
  EXPECT_EQ(Consent(counsellor_, id, withdraw).status().code(), Code::kConflict);
  EXPECT_EQ(Current(id, "referral")["in_force"], false);

  clock_.Advance(60'000);  // each statement is recorded a minute after the last, the same day
  ASSERT_TRUE(Consent(counsellor_, id, Given("referral")).ok());
  EXPECT_EQ(Current(id, "referral")["in_force"], true);
  clock_.Advance(60'000);
  auto withdrawn = Consent(counsellor_, id, withdraw);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  Json now = Current(id, "referral");
  EXPECT_EQ(now["status"], "withdrawn");
  EXPECT_EQ(now["in_force"], false);
  EXPECT_NE(now["reason"].get<std::string>().find("withdrawn"), std::string::npos) << now;
  EXPECT_EQ(now["consent_id"], (*withdrawn)["id"]);
  auto all = persons().Consents(manager_, id);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)["items"].size(), 3u) << "the history stays";

  Json future = Given("photo");
  future["date"] = "2017-08-16";
  EXPECT_EQ(FieldOf(Consent(counsellor_, id, future).status()), "date");
}

// Two statements of one date are ordered by when they were recorded ("ties by order", the log
// sequence). A site laptop's clock that is set back by an hour on the same day must not make an
// earlier statement win over a later one.
TEST_F(PersonServiceTest, ALaterStatementOfTheSameDayWinsAfterTheClockWasSetBack) {
  const std::string id = Register(manager_, Body("Clock", "Setback"))["id"];
  clock_.Set(MsOf(2017, 8, 15) + 12 * 3600'000LL);
  ASSERT_TRUE(Consent(counsellor_, id, Given("follow_up")).ok());
  clock_.Set(MsOf(2017, 8, 15) + 11 * 3600'000LL);  // the clock is corrected back an hour
  Json withdraw = {{"purpose", "follow_up"}, {"status", "withdrawn"}, {"method", "verbal"}, {"text_version", "v1"}};
  auto withdrawn = Consent(counsellor_, id, withdraw);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  Json now = Current(id, "follow_up");
  EXPECT_EQ(now["status"], "withdrawn") << now;
  EXPECT_EQ(now["in_force"], false) << "the withdrawal recorded last is overridden: " << now;
}

// The same within one millisecond (bulk registration with consents, or two quick requests): the
// statement recorded last is the one in force, for every purpose.
TEST_F(PersonServiceTest, TheStatementRecordedLastIsInForceWithinOneMillisecond) {
  const std::string id = Register(manager_, Body("Same", "Instant"))["id"];
  int wrong = 0;
  std::string detail;
  for (const char* purpose : {"services", "follow_up", "referral", "photo", "share_any_partner"}) {
    for (const char* status : {"refused", "given", "refused", "given"}) {
      Json body = Given(purpose);
      body["status"] = status;
      ASSERT_TRUE(Consent(counsellor_, id, body).ok());
    }
    Json now = Current(id, purpose);
    if (now["status"] != "given" || now["in_force"] != true) {
      ++wrong;
      detail += now.dump() + "\n";
    }
  }
  EXPECT_EQ(wrong, 0) << "the consent in force is not the statement recorded last:\n" << detail;
}

TEST_F(PersonServiceTest, AnExpiredConsentIsNoLongerInForce) {
  const std::string id = Register(manager_, Body("Expires", "Soon"))["id"];
  Json limited = Given("follow_up");
  limited["expires_on"] = "2017-08-20";
  ASSERT_TRUE(Consent(counsellor_, id, limited).ok());
  EXPECT_EQ(Current(id, "follow_up")["in_force"], true);
  clock_.Set(MsOf(2017, 8, 20) + 1);
  EXPECT_EQ(Current(id, "follow_up")["in_force"], true) << "the last day still holds";
  clock_.Set(MsOf(2017, 8, 21));
  Json now = Current(id, "follow_up");
  EXPECT_EQ(now["in_force"], false) << now;
  EXPECT_EQ(now["status"], "given");
  EXPECT_NE(now["reason"].get<std::string>().find("expired"), std::string::npos) << now;

  Json backwards = Given("photo");
  backwards["date"] = "2017-08-10";
  backwards["expires_on"] = "2017-08-01";
  EXPECT_EQ(FieldOf(Consent(counsellor_, id, backwards).status()), "expires_on");
}

TEST_F(PersonServiceTest, SharingWithAPartnerNamesAnotherOrganisation) {
  const std::string id = Register(manager_, Body("Shares", "Data"))["id"];
  EXPECT_EQ(FieldOf(Consent(counsellor_, id, Given("share_partner")).status()), "partner_org_id");
  Json own = Given("share_partner");
  own["partner_org_id"] = iom_;
  EXPECT_EQ(FieldOf(Consent(counsellor_, id, own).status()), "partner_org_id");
  Json unknown = Given("share_partner");
  unknown["partner_org_id"] = "01900000-0000-7000-8000-000000000000";
  EXPECT_EQ(FieldOf(Consent(counsellor_, id, unknown).status()), "partner_org_id");
  Json services = Given("services");
  services["partner_org_id"] = alarm_;
  EXPECT_EQ(FieldOf(Consent(counsellor_, id, services).status()), "partner_org_id");

  Json alarm = Given("share_partner", "written");
  alarm["partner_org_id"] = alarm_;
  auto given = Consent(counsellor_, id, alarm);
  ASSERT_TRUE(given.ok()) << given.status().ToString();
  EXPECT_EQ((*given)["partner_org_id"], alarm_);
  Json now = Current(id, "share_partner", alarm_);
  EXPECT_EQ(now["in_force"], true) << now;
  auto all = persons().Consents(manager_, id);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)["items"].size(), 1u) << "refused bodies wrote nothing";
}

// ---- rights of the person ----

TEST_F(PersonServiceTest, ExportHoldsProfileConsentsHistoryAndReads) {
  const std::string id =
      Register(manager_, Body("Akuol", "Madingdit", {{"phone", "+211 911 111 111"}, {"notes", "first visit"}}))["id"];
  ASSERT_TRUE(persons().Update(counsellor_, id, {{"phone", "+211 922 222 222"}}, std::nullopt).ok());
  Json consent_body = Given("services");
  consent_body["notes"] = "explained in Dinka";
  ASSERT_TRUE(Consent(counsellor_, id, consent_body).ok());
  ASSERT_TRUE(persons().Get(counsellor_, id, "home visit").ok());
  ASSERT_TRUE(persons().Get(facilitator_, id).ok());

  auto out = persons().Export(manager_, id);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Json& e = *out;
  EXPECT_EQ(e["format"], "baton-subject-access/1");
  EXPECT_EQ(e["generated_by"], "iom.manager");
  EXPECT_EQ(e["person"]["given_name"], "Akuol");
  EXPECT_EQ(e["person"]["phone"], "+211 922 222 222");
  ASSERT_EQ(e["consents"].size(), 1u);
  EXPECT_EQ(e["consents"][0]["notes"], "explained in Dinka");
  ASSERT_EQ(e["consent_now"].size(), 1u);
  EXPECT_EQ(e["consent_now"][0]["in_force"], true);

  const Json& history = e["history"];
  ASSERT_EQ(history.size(), 3u) << history.dump(1);
  EXPECT_EQ(history[0]["op"], "create");
  EXPECT_EQ(history[0]["kind"], "person");
  EXPECT_EQ(history[0]["actor"], manager_.user_id);
  EXPECT_EQ(history[0]["actor_name"], "iom.manager");
  EXPECT_EQ(history[0]["changes"]["given_name"], "Akuol");
  EXPECT_EQ(history[0]["changes"]["phone"], "+211 911 111 111");
  EXPECT_EQ(history[0]["changes"]["notes"], "first visit");
  EXPECT_EQ(history[1]["op"], "update");
  EXPECT_EQ(history[1]["actor_name"], "iom.counsellor");
  EXPECT_EQ(history[1]["changes"]["phone"], "+211 922 222 222");
  EXPECT_EQ(history[2]["kind"], "consent");
  EXPECT_EQ(history[2]["changes"]["notes"], "explained in Dinka");
  for (const Json& h : history) {
    EXPECT_FALSE(h["changes"].contains("sealed")) << h;
    EXPECT_FALSE(h["changes"].contains("sealed_fields")) << h;
  }

  const Json& views = e["views"];
  ASSERT_EQ(views.size(), 2u) << views.dump(1);
  EXPECT_EQ(views[0]["user"], counsellor_.user_id);
  EXPECT_EQ(views[0]["user_name"], "iom.counsellor");
  EXPECT_EQ(views[0]["action"], "view");
  EXPECT_EQ(views[0]["reason"], "home visit");
  EXPECT_EQ(views[1]["user"], facilitator_.user_id);
  EXPECT_FALSE(views[1].contains("reason")) << views[1];

  // The export itself is a read that the next export shows.
  auto again = persons().Export(manager_, id);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ((*again)["views"].size(), 3u);
  EXPECT_EQ((*again)["views"][2]["action"], "export");
  EXPECT_EQ((*again)["views"][2]["user"], manager_.user_id);
}

TEST_F(PersonServiceTest, ErasureDestroysTheIdentifyingFieldsEverywhere) {
  const Json p = Register(manager_, Body("Nyagoa", "Thichuong",
                                         {{"birth_date", "2008-03-03"},
                                          {"other_names", "Nyagoa Nyuon"},
                                          {"phone", "+211 977 654 321"},
                                          {"address", "Block 9 sector C"},
                                          {"notes", "Cries at night since the fire"},
                                          {"wg_ss", {{"seeing", 3}}}}));
  const std::string id = p["id"];
  Json guardian = Given("services", "guardian");
  guardian["guardian_name"] = "Rebecca Achieng Madut";
  guardian["notes"] = "mother signed at the block meeting";
  auto consent = Consent(counsellor_, id, guardian);
  ASSERT_TRUE(consent.ok()) << consent.status().ToString();
  const std::string consent_id = (*consent)["id"];
  ASSERT_TRUE(persons().Update(counsellor_, id, {{"family_name", "Thichuongdit"}}, std::nullopt).ok());
  ASSERT_TRUE(persons().Get(counsellor_, id, "visit to Nyagoa's mother").ok());
  ASSERT_EQ(store_->GetRecordKeys("person", {id})->size(), 1u);
  ASSERT_EQ(store_->GetRecordKeys("consent", {consent_id})->size(), 1u);

  auto erased = persons().Erase(manager_, id, "her guardian asked for erasure");
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  const std::vector<std::string> secrets = {"Nyagoa",         "Thichuong", "Nyuon",   "977 654",       "Block 9",
                                            "Cries at night", "Rebecca",   "Achieng", "block meeting", "mother"};
  auto holds_none = [&](const Json& j) {
    const std::string text = Lower(j.dump());
    for (const std::string& s : secrets) {
      if (text.find(Lower(s)) != std::string::npos) return ::testing::AssertionFailure() << s << " is in " << j.dump(1);
    }
    return ::testing::AssertionSuccess();
  };
  const Json& v = erased->view;
  EXPECT_EQ(v["status"], "erased");
  EXPECT_EQ(v["erased_on"], "2017-08-15");
  EXPECT_EQ(v["erase_reason"], "her guardian asked for erasure");
  EXPECT_EQ(v["code"], p["code"]) << "the fact of the registration remains";
  EXPECT_EQ(v["sex"], "female");
  EXPECT_EQ(v["population_group"], "idp_camp");
  for (const char* f :
       {"given_name", "family_name", "other_names", "phone", "address", "notes", "birth_date", "wg_ss"}) {
    EXPECT_FALSE(v.contains(f)) << f << " survived the erasure: " << v;
  }
  EXPECT_TRUE(holds_none(v));
  EXPECT_TRUE(holds_none(Get(manager_, id)));

  EXPECT_TRUE(Search(manager_, "Nyagoa").empty());
  EXPECT_TRUE(Search(manager_, "Thichuongdit").empty());
  EXPECT_TRUE(Search(manager_, "Nyuon").empty());
  EXPECT_EQ(Search(manager_, p["code"].get<std::string>()), std::vector<std::string>{id});

  auto out = persons().Export(manager_, id);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(holds_none(*out));
  bool destroyed_marked = false;
  for (const Json& h : (*out)["history"]) {
    if (h["changes"].value("sealed_fields", "") == "destroyed") destroyed_marked = true;
  }
  EXPECT_TRUE(destroyed_marked) << (*out)["history"].dump(1);
  auto consents = persons().Consents(manager_, id);
  ASSERT_TRUE(consents.ok());
  ASSERT_EQ((*consents)["items"].size(), 1u);
  EXPECT_FALSE((*consents)["items"][0].contains("guardian_name")) << (*consents)["items"][0];
  EXPECT_TRUE(holds_none(*consents));

  EXPECT_TRUE(store_->GetRecordKeys("person", {id})->empty()) << "the record key outlived the erasure";
  EXPECT_TRUE(store_->GetRecordKeys("consent", {consent_id})->empty()) << "the consent's key outlived the erasure";

  // What is left in the log can no longer be opened, and never held the names in clear.
  auto log = store_->ReadLog(0, 100000);
  ASSERT_TRUE(log.ok());
  for (const StoredEntry& entry : *log) {
    for (const std::string& s : secrets) EXPECT_EQ(entry.body.find(s), std::string::npos) << s;
  }

  auto twice = persons().Erase(manager_, id, "again");
  EXPECT_EQ(twice.status().code(), Code::kConflict);
  EXPECT_EQ(persons().Update(manager_, id, {{"given_name", "Back"}}, std::nullopt).status().code(), Code::kConflict);
  EXPECT_EQ(Consent(counsellor_, id, Given("photo", "guardian")).status().code(), Code::kConflict);
}

// Erasure keeps "the year of birth, not the day" for aggregates; the exact day is a quasi-identifier
// and must not stay readable in the subject access export or in clear in the change log.
TEST_F(PersonServiceTest, ErasureKeepsTheYearOfBirthNotTheDay) {
  const std::string id = Register(manager_, Body("Achan", "Dated", {{"birth_date", "1987-11-23"}}))["id"];
  ASSERT_TRUE(persons().Erase(manager_, id, "asked to be forgotten").ok());
  auto view = persons().Get(manager_, id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->view.dump().find("1987-11-23"), std::string::npos) << view->view;
  EXPECT_EQ(view->view["age_years"], 30) << "the year stays for aggregates (born mid-1987)";
  auto out = persons().Export(manager_, id);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->dump().find("1987-11-23"), std::string::npos)
      << "the exact birth date of an erased person is still in the export:\n"
      << (*out)["history"].dump(1);
  auto log = store_->ReadLog(0, 100000);
  ASSERT_TRUE(log.ok());
  int entries_with_the_day = 0;
  for (const StoredEntry& entry : *log) entries_with_the_day += entry.body.find("1987-11-23") != std::string::npos;
  EXPECT_EQ(entries_with_the_day, 0) << "the change log keeps the exact birth date of an erased person in clear";
}

// The change log keeps the sealed fields for ever; only destroying the record key takes them. If a
// copy of the wrapped key stays readable in the database files, whoever holds the data directory
// (which holds the data key too) can still open the erased names.
TEST_F(PersonServiceTest, ErasureLeavesNoCopyOfTheRecordKeyInTheDatabaseFiles) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(Register(manager_, Body("Filler", "Person"))["id"].get<std::string>());
  const std::string id = Register(manager_, Body("Achan", "Forgotten"))["id"];
  auto keys = store_->GetRecordKeys("person", {id});
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 1u);
  const std::string wrapped = keys->begin()->second;
  ASSERT_GE(wrapped.size(), 40u);
  ASSERT_TRUE(persons().Erase(manager_, id, "asked to be forgotten").ok());
  services_.reset();
  store_->Close();
  store_.reset();

  for (const char* file : {"baton.db", "baton.db-wal"}) {
    const fs::path path = dir_ / file;
    if (!fs::exists(path)) continue;
    const std::string bytes = FileBytes(path);
    EXPECT_EQ(bytes.find(wrapped), std::string::npos)
        << "the erased person's wrapped record key is still in " << file << " (" << bytes.size() << " bytes)";
  }
}

// ---- merge ----

TEST_F(PersonServiceTest, MergeFoldsADuplicateIntoTheSurvivor) {
  const std::string keep = Register(manager_, Body("Deng", "Kuol", {{"sex", "male"}}))["id"];
  const std::string dup =
      Register(counsellor_, Body("Deeng", "Kwol", {{"sex", "male"}, {"phone", "+211 933 000 000"}}))["id"];
  ASSERT_TRUE(Consent(counsellor_, keep, Given("services")).ok());
  auto dup_consent = Consent(counsellor_, dup, Given("follow_up"));
  ASSERT_TRUE(dup_consent.ok());

  auto merged = persons().Merge(manager_, keep, dup);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->view["merged_from"], Json::array({dup}));
  EXPECT_EQ(merged->view["given_name"], "Deng");
  EXPECT_EQ(merged->version, 2);

  auto redirected = persons().Get(manager_, dup);
  ASSERT_TRUE(redirected.ok()) << redirected.status().ToString();
  EXPECT_EQ(redirected->merged_into, keep);
  EXPECT_EQ(redirected->view, Json::object()) << "a merged record shows nothing of itself";

  auto consents = persons().Consents(manager_, keep);
  ASSERT_TRUE(consents.ok());
  ASSERT_EQ((*consents)["items"].size(), 2u) << (*consents)["items"];
  bool moved = false;
  for (const Json& c : (*consents)["items"]) {
    EXPECT_EQ(c["person_id"], keep);
    if (c["id"] == (*dup_consent)["id"]) moved = true;
  }
  EXPECT_TRUE(moved);
  EXPECT_NE(Current(keep, "follow_up"), nullptr);
  EXPECT_TRUE((*persons().Consents(manager_, dup))["items"].empty());

  const std::vector<std::string> only_keep = {keep};
  EXPECT_EQ(Search(manager_, "Deng"), only_keep);
  EXPECT_EQ(Search(manager_, "Kwol"), only_keep);
  EXPECT_EQ(Search(manager_, "Deeng Kwol"), only_keep);
  // The list leaves the folded record out unless merged records are asked for.
  const std::vector<std::string> listed = Find(manager_, {});
  EXPECT_NE(std::find(listed.begin(), listed.end(), keep), listed.end());
  EXPECT_EQ(std::find(listed.begin(), listed.end(), dup), listed.end());
  EXPECT_EQ(Find(manager_, {.filters = {{"status", "merged"}}}), std::vector<std::string>{dup});
  Json candidate = {{"given_name", "Deeng"}, {"family_name", "Kwol"}, {"sex", "male"}, {"site_id", site_}};
  Json dups = (*persons().Duplicates(manager_, candidate))["items"];
  ASSERT_EQ(dups.size(), 1u) << dups;
  EXPECT_EQ(dups[0]["person"]["id"], keep);

  EXPECT_EQ(persons().Update(manager_, dup, {{"phone", "+1"}}, std::nullopt).status().code(), Code::kConflict);
  EXPECT_EQ(Consent(counsellor_, dup, Given("photo")).status().code(), Code::kConflict);
  EXPECT_EQ(persons().Erase(manager_, dup, "wrong one").status().code(), Code::kConflict);
}

TEST_F(PersonServiceTest, MergeRefusesItselfStrangersAndFoldedRecords) {
  const std::string a = Register(manager_, Body("Majok", "Alier"))["id"];
  const std::string b = Register(manager_, Body("Majook", "Aliir"))["id"];
  const std::string theirs = Register(
      alarm_manager_, Body("Majok", "Alier", {{"programme_id", alarm_programme_}, {"site_id", alarm_site_}}))["id"];
  EXPECT_EQ(FieldOf(persons().Merge(manager_, a, a).status()), "duplicate_id");
  EXPECT_EQ(FieldOf(persons().Merge(manager_, a, "01900000-0000-7000-8000-000000000000").status()), "duplicate_id");
  auto stranger = persons().Merge(manager_, a, theirs);
  EXPECT_EQ(FieldOf(stranger.status()), "duplicate_id");
  EXPECT_EQ(Get(alarm_manager_, theirs)["status"], "active");
  EXPECT_EQ(FieldOf(persons().Merge(alarm_manager_, theirs, a).status()), "duplicate_id");
  EXPECT_EQ(Get(manager_, a)["status"], "active");
  EXPECT_EQ(persons().Merge(counsellor_, a, b).status().code(), Code::kForbidden);

  ASSERT_TRUE(persons().Merge(manager_, a, b).ok());
  auto again = persons().Merge(manager_, a, b);
  EXPECT_EQ(again.status().code(), Code::kConflict);
  EXPECT_EQ(FieldOf(again.status()), "duplicate_id");
  auto reverse = persons().Merge(manager_, b, a);
  EXPECT_EQ(reverse.status().code(), Code::kConflict);
  EXPECT_EQ(FieldOf(reverse.status()), "id");
}

TEST_F(PersonServiceTest, ErasingTheSurvivorErasesEveryRecordFoldedIntoIt) {
  const std::string a = Register(manager_, Body("Ayak", "Bol"))["id"];
  const std::string b = Register(manager_, Body("Ayaak", "Bool", {{"phone", "+211 944 444 444"}}))["id"];
  const std::string c = Register(manager_, Body("Ajak", "Bol"))["id"];
  auto b_consent = Consent(counsellor_, b, [] {
    Json g = Given("services", "guardian");
    g["guardian_name"] = "Elizabeth Ayen Garang";
    return g;
  }());
  ASSERT_TRUE(b_consent.ok()) << b_consent.status().ToString();
  ASSERT_TRUE(persons().Merge(manager_, a, b).ok());
  ASSERT_TRUE(persons().Merge(manager_, c, a).ok());
  // b was folded into a, and a into c: both now lead to c.
  EXPECT_EQ(persons().Get(manager_, b)->merged_into, c);
  EXPECT_EQ(persons().Get(manager_, a)->merged_into, c);
  EXPECT_EQ(Get(manager_, c)["merged_from"], Json::array({a, b}));

  auto erased = persons().Erase(manager_, c, "asked to be forgotten");
  ASSERT_TRUE(erased.ok()) << erased.status().ToString();
  EXPECT_TRUE(store_->GetRecordKeys("person", {a, b, c})->empty());
  EXPECT_TRUE(store_->GetRecordKeys("consent", {(*b_consent)["id"].get<std::string>()})->empty());
  for (const std::string& id : {a, b}) {
    auto r = store_->Get("person", id);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->data["status"], "erased") << r->data;
    EXPECT_TRUE(!r->data.contains("sealed") || r->data["sealed"].is_null()) << r->data;
  }
  auto out = persons().Export(manager_, c);
  ASSERT_TRUE(out.ok());
  for (const char* secret : {"Ayaak", "Bool", "944 444", "Elizabeth"}) {
    EXPECT_EQ(out->dump().find(secret), std::string::npos) << secret;
  }
  for (const char* q : {"Ayak", "Bol", "Ajak"}) EXPECT_TRUE(Search(manager_, q).empty()) << q;
}

// "A manager can merge two records keeping the full history of both": the survivor's subject
// access export is everything held on the person, the folded record's registration included.
TEST_F(PersonServiceTest, SurvivorsExportIncludesTheHistoryOfTheFoldedRecord) {
  const std::string keep = Register(manager_, Body("Nyibol", "Ajang"))["id"];
  const std::string dup = Register(counsellor_, Body("Nyiibol", "Ajaang", {{"phone", "+211 955 555 555"}}))["id"];
  ASSERT_TRUE(persons().Merge(manager_, keep, dup).ok());
  auto out = persons().Export(manager_, keep);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  bool has_dup_registration = false;
  for (const Json& h : (*out)["history"]) {
    if (h["id"] == dup && h["op"] == "create") {
      has_dup_registration = true;
      EXPECT_EQ(h["changes"].value("given_name", ""), "Nyiibol") << h;
      EXPECT_EQ(h["changes"].value("phone", ""), "+211 955 555 555") << h;
    }
  }
  EXPECT_TRUE(has_dup_registration) << "the folded record's registration is missing from the export:\n"
                                    << (*out)["history"].dump(1);
}

// ---- the data key ----

TEST_F(PersonServiceTest, AnotherDataKeyIsRefusedAtOpen) {
  Register(manager_, Body("Keyed", "Person"));
  auto wrong = OpenServices(*store_, clock_, random_, Options(std::string(32, 'w')));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), Code::kInvalid);
  EXPECT_NE(wrong.status().message().find("data key"), std::string::npos) << wrong.status().ToString();
  auto right = OpenServices(*store_, clock_, random_, Options(kDataKey));
  ASSERT_TRUE(right.ok()) << right.status().ToString();
  PersonListParams q;
  q.q = "Keyed";
  auto found = (*right)->persons.List(manager_, q);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0]["given_name"], "Keyed");
}

TEST_F(PersonServiceTest, WithoutADataKeyPeopleAreUnavailable) {
  const std::string id = Register(manager_, Body("Locked", "Away"))["id"];
  auto keyless = OpenServices(*store_, clock_, random_, Options(""));
  ASSERT_TRUE(keyless.ok()) << keyless.status().ToString();
  PersonService& p = (*keyless)->persons;
  EXPECT_EQ(p.Create(manager_, Body("No", "Key")).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.List(manager_, {}).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.Get(manager_, id).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.Update(manager_, id, {{"phone", "+1"}}, std::nullopt).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.Consents(manager_, id).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.AddConsent(manager_, id, Given("services")).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.Export(manager_, id).status().code(), Code::kUnavailable);
  EXPECT_EQ(p.Erase(manager_, id, "no key").status().code(), Code::kUnavailable);
  EXPECT_EQ(p.Duplicates(manager_, Body("No", "Key")).status().code(), Code::kUnavailable);
  // Everything else still works without it.
  EXPECT_TRUE((*keyless)->accounts.Get(manager_, Collection::kSites, site_).ok());
  EXPECT_EQ(Get(manager_, id)["status"], "active") << "nothing was erased without the key";
}

}  // namespace
}  // namespace baton
