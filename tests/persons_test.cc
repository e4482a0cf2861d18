// The people registry end to end over HTTP against a real `baton serve` on a copy of the demo data
// (400 people of the Bor story): registration, reads with a reason, ETags, merge redirects,
// consent, subject access export, erasure, idempotent retries, listing and search, what each role
// sees, and bad input answered with a 4xx problem naming the field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/e2e.h"
#include "support/shared_demo_server.h"

namespace baton::test {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One demo server for the whole suite (each test registers its own people under names no other
// test and no demo person uses).
class PersonsTest : public SharedDemoServerTest {
 protected:
  static void SetUpTestSuite() {
    if (!StartSharedServer()) return;
    MakeAlarmPlace("ALARM Bor office", "alb");
  }

  static void TearDownTestSuite() { StopSharedServer(); }

  // A family name of letters only whose phonetic key no other test and no demo person shares:
  // consonants kept apart by vowels, so none collapse.
  static std::string Unique() {
    // Letters whose sounds all differ (PhoneticKey merges f with p): two names never sound alike.
    static const std::string kConsonants = "bdklmnprstvxz";
    int n = ++shared_->counter + 1000 * (::getpid() % 1000);
    std::string out = "Zuvex";
    do {
      out += kConsonants[n % kConsonants.size()];
      out += 'o';
      n /= static_cast<int>(kConsonants.size());
    } while (n > 0);
    return out + "rix";
  }

  static Json Body(const std::string& given, const std::string& family, const Json& changes = Json::object()) {
    return WithChanges({{"given_name", given},
                        {"family_name", family},
                        {"sex", "female"},
                        {"birth_date", "1990-05-01"},
                        {"population_group", "idp_camp"},
                        {"programme_id", shared_->programme},
                        {"site_id", shared_->site}},
                       changes);
  }

  static Json Register(const Json& body, const std::string& as = "iom.manager") {
    HttpResponse r = client().Post("/api/v1/persons", body, Token(as));
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json();
  }

  // Every item of a listing, following next_cursor; checks that no person comes twice.
  static std::vector<Json> ListAll(const std::string& query, const std::string& as, int limit = 200) {
    std::vector<Json> all;
    std::set<std::string> ids;
    std::string cursor;
    for (int pages = 0; pages < 200; ++pages) {
      std::string path = "/api/v1/persons?limit=" + std::to_string(limit) + (query.empty() ? "" : "&" + query) +
                         (cursor.empty() ? "" : "&cursor=" + UrlEncode(cursor));
      HttpResponse r = Get(path, as);
      EXPECT_EQ(r.status, 200) << path << ": " << r.Describe();
      Json j = r.json();
      if (r.status != 200 || !j.is_object() || !j["items"].is_array()) return all;
      for (const Json& p : j["items"]) {
        EXPECT_TRUE(ids.insert(p["id"].get<std::string>()).second) << "listed twice: " << p["id"];
        all.push_back(p);
      }
      if (j["next_cursor"].is_null()) return all;
      EXPECT_EQ(j["items"].size(), static_cast<size_t>(limit)) << "a page before the last is not full";
      cursor = j["next_cursor"];
    }
    ADD_FAILURE() << "paging did not end";
    return all;
  }

  static std::vector<std::string> Ids(const std::vector<Json>& items) {
    std::vector<std::string> ids;
    for (const Json& p : items) ids.push_back(p["id"]);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static Json Given(const std::string& purpose) {
    return {{"purpose", purpose}, {"status", "given"}, {"method", "verbal"}, {"text_version", "2017-01"}};
  }

};

TEST_F(PersonsTest, CreateAnswers201WithLocationETagAndCode) {
  const std::string family = Unique();
  HttpResponse r =
      client().Post("/api/v1/persons", Body("Achol", family, {{"phone", "+211 912 345 678"}}), Token("iom.counsellor"));
  ASSERT_EQ(r.status, 201) << r.Describe();
  Json p = r.json();
  ASSERT_TRUE(p["id"].is_string()) << r.body;
  EXPECT_EQ(r.header("Location").value_or(""), "/api/v1/persons/" + p["id"].get<std::string>());
  EXPECT_EQ(r.header("ETag").value_or(""), "\"1\"");
  EXPECT_EQ(p["given_name"], "Achol");
  EXPECT_EQ(p["family_name"], family);
  EXPECT_EQ(p["phone"], "+211 912 345 678");
  EXPECT_EQ(p["status"], "active");
  EXPECT_EQ(p["version"], 1);
  EXPECT_EQ(p["organization_id"], shared_->iom_org);
  EXPECT_FALSE(p.contains("sealed")) << r.body;
  const std::string code = p.value("code", "");
  EXPECT_TRUE(std::regex_match(code, std::regex("BOR-[2-9A-HJKMNP-TV-Z]{2}[0-9]{4}-[0-9A-Z]"))) << code;

  HttpResponse got = Get(*r.header("Location"), "iom.counsellor");
  ASSERT_EQ(got.status, 200) << got.Describe();
  EXPECT_EQ(got.json(), p);
  EXPECT_EQ(got.header("ETag").value_or(""), "\"1\"");

  // Codes are never reused: the next registration gets another one.
  Json next = Register(Body("Achol", family));
  EXPECT_NE(next["code"], p["code"]);
}

TEST_F(PersonsTest, ReadWithAReasonIsLoggedAndTheExportShowsIt) {
  const std::string id = Register(Body("Abuk", Unique()))["id"];
  HttpResponse read = Get("/api/v1/persons/" + id + "?reason=" + UrlEncode("home visit, block 4"), "iom.counsellor");
  ASSERT_EQ(read.status, 200) << read.Describe();
  ASSERT_EQ(Get("/api/v1/persons/" + id, "iom.facilitator").status, 200);
  HttpResponse too_long = Get("/api/v1/persons/" + id + "?reason=" + std::string(501, 'r'), "iom.counsellor");
  EXPECT_TRUE(IsProblem(too_long, 422));
  EXPECT_TRUE(NamesField(too_long, "reason"));

  HttpResponse out = Get("/api/v1/persons/" + id + "/export", "iom.manager");
  ASSERT_EQ(out.status, 200) << out.Describe();
  EXPECT_EQ(out.header("Cache-Control").value_or(""), "no-store");
  Json views = out.json()["views"];
  ASSERT_EQ(views.size(), 2u) << views.dump(1);
  EXPECT_EQ(views[0]["user"], shared_->sessions["iom.counsellor"].user_id);
  EXPECT_EQ(views[0]["user_name"], "IOM counsellor");
  EXPECT_EQ(views[0]["action"], "view");
  EXPECT_EQ(views[0]["reason"], "home visit, block 4");
  EXPECT_EQ(views[1]["user"], shared_->sessions["iom.facilitator"].user_id);
  EXPECT_FALSE(views[1].contains("reason"));
}

TEST_F(PersonsTest, StaleIfMatchIs412AndChangesNothing) {
  const std::string path = "/api/v1/persons/" + Register(Body("Ayen", Unique()))["id"].get<std::string>();
  HttpResponse first =
      client().Patch(path, {{"phone", "+211 900 000 001"}}, Token("iom.counsellor"), {{"If-Match", "\"1\""}});
  ASSERT_EQ(first.status, 200) << first.Describe();
  EXPECT_EQ(first.header("ETag").value_or(""), "\"2\"");
  EXPECT_EQ(first.json()["phone"], "+211 900 000 001");
  HttpResponse stale =
      client().Patch(path, {{"phone", "+211 900 000 002"}}, Token("iom.manager"), {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(stale, 412));
  Json now = Get(path, "iom.manager").json();
  EXPECT_EQ(now["phone"], "+211 900 000 001");
  EXPECT_EQ(now["version"], 2);
  // Without If-Match the change applies to the current version.
  HttpResponse blind = client().Patch(path, {{"address", "Block 2"}}, Token("iom.manager"));
  ASSERT_EQ(blind.status, 200) << blind.Describe();
  EXPECT_EQ(blind.json()["version"], 3);
}

TEST_F(PersonsTest, MergedRecordAnswers308ToTheSurvivor) {
  const std::string family = Unique();
  const std::string keep = Register(Body("Deng", family, {{"sex", "male"}}))["id"];
  const std::string dup = Register(Body("Deeng", family, {{"sex", "male"}}), "iom.counsellor")["id"];
  HttpResponse merged =
      client().Post("/api/v1/persons/" + keep + "/merge", {{"duplicate_id", dup}}, Token("iom.manager"));
  ASSERT_EQ(merged.status, 200) << merged.Describe();
  EXPECT_EQ(merged.json()["merged_from"], Json::array({dup}));
  EXPECT_EQ(merged.header("ETag").value_or(""), "\"2\"");

  for (const char* as : {"iom.manager", "iom.counsellor", "iom.me_officer"}) {
    SCOPED_TRACE(as);
    HttpResponse r = Get("/api/v1/persons/" + dup, as);
    EXPECT_TRUE(IsProblem(r, 308));
    EXPECT_EQ(r.header("Location").value_or(""), "/api/v1/persons/" + keep);
    EXPECT_EQ(r.json()["merged_into"], keep);
    EXPECT_EQ(r.body.find("Deeng"), std::string::npos) << "a redirect shows nothing of the folded record";
  }
  // Following it lands on the survivor.
  HttpResponse followed = Get("/api/v1/persons/" + keep, "iom.counsellor");
  ASSERT_EQ(followed.status, 200);
  EXPECT_EQ(followed.json()["given_name"], "Deng");
  // Another organisation is not told where the record went.
  EXPECT_TRUE(IsProblem(Get("/api/v1/persons/" + dup, "alarm.manager"), 403));
  // Searching finds only the survivor.
  EXPECT_EQ(Ids(ListAll("q=" + family, "iom.manager")), std::vector<std::string>{keep});
}

TEST_F(PersonsTest, ConsentsAreRecordedAndListedWithTheirCurrentState) {
  const std::string id = Register(Body("Nyanut", Unique(), {{"birth_date", nullptr}, {"age_years", 8}}))["id"];
  const std::string path = "/api/v1/persons/" + id + "/consents";
  HttpResponse own = client().Post(path, Given("services"), Token("iom.counsellor"));
  EXPECT_TRUE(IsProblem(own, 422)) << "a child's own consent is refused";
  EXPECT_TRUE(NamesField(own, "method"));

  Json body = Given("services");
  body["method"] = "guardian";
  body["guardian_name"] = "Mary Achol Ajak";
  HttpResponse given = client().Post(path, body, Token("iom.counsellor"));
  ASSERT_EQ(given.status, 201) << given.Describe();
  Json c = given.json();
  EXPECT_EQ(c["purpose"], "services");
  EXPECT_EQ(c["status"], "given");
  EXPECT_EQ(c["method"], "guardian");
  EXPECT_EQ(c["guardian_name"], "Mary Achol Ajak");
  EXPECT_EQ(c["text_version"], "2017-01");
  EXPECT_TRUE(c["date"].is_string());
  EXPECT_EQ(c["person_id"], id);

  Json share = Given("share_partner");
  share["method"] = "guardian";
  share["guardian_name"] = "Mary Achol Ajak";
  share["partner_org_id"] = shared_->alarm_org;
  ASSERT_EQ(client().Post(path, share, Token("iom.supervisor")).status, 201);

  HttpResponse listed = Get(path, "iom.counsellor");
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  Json all = listed.json();
  ASSERT_EQ(all["items"].size(), 2u) << all;
  EXPECT_EQ(all["items"][0]["id"], c["id"]);
  ASSERT_EQ(all["current"].size(), 2u) << all;
  for (const Json& now : all["current"]) {
    EXPECT_EQ(now["in_force"], true) << now;
    EXPECT_EQ(now["status"], "given");
    if (now["purpose"] == "share_partner") {
      EXPECT_EQ(now["partner_org_id"], shared_->alarm_org);
    }
  }
  // Facilitators see the consents but not the guardian's name; they record none.
  HttpResponse seen = Get(path, "iom.facilitator");
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(seen.body.find("Mary Achol"), std::string::npos) << seen.body;
  EXPECT_TRUE(IsProblem(client().Post(path, Given("photo"), Token("iom.facilitator")), 403));
  EXPECT_TRUE(IsProblem(Get(path, "alarm.manager"), 403));
  EXPECT_TRUE(IsProblem(Get(path, "iom.viewer"), 403));
}

TEST_F(PersonsTest, ExportHoldsProfileConsentsHistoryAndViews) {
  const std::string family = Unique();
  const std::string id = Register(Body("Akuol", family, {{"phone", "+211 911 000 001"}}))["id"];
  ASSERT_EQ(client().Patch("/api/v1/persons/" + id, {{"phone", "+211 911 000 002"}}, Token("iom.counsellor")).status,
            200);
  ASSERT_EQ(client().Post("/api/v1/persons/" + id + "/consents", Given("follow_up"), Token("iom.counsellor")).status,
            201);
  ASSERT_EQ(Get("/api/v1/persons/" + id, "iom.me_officer").status, 200);

  HttpResponse r = Get("/api/v1/persons/" + id + "/export", "iom.manager");
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json e = r.json();
  EXPECT_EQ(e["format"], "baton-subject-access/1");
  EXPECT_EQ(e["generated_by"], "iom.manager");
  EXPECT_EQ(e["person"]["id"], id);
  EXPECT_EQ(e["person"]["family_name"], family);
  EXPECT_EQ(e["person"]["phone"], "+211 911 000 002");
  ASSERT_EQ(e["consents"].size(), 1u);
  EXPECT_EQ(e["consents"][0]["purpose"], "follow_up");
  ASSERT_EQ(e["consent_now"].size(), 1u);
  ASSERT_EQ(e["history"].size(), 3u) << e["history"].dump(1);
  EXPECT_EQ(e["history"][0]["op"], "create");
  EXPECT_EQ(e["history"][0]["changes"]["family_name"], family);
  EXPECT_EQ(e["history"][0]["changes"]["phone"], "+211 911 000 001");
  EXPECT_EQ(e["history"][0]["actor_name"], "IOM manager");
  EXPECT_EQ(e["history"][1]["changes"]["phone"], "+211 911 000 002");
  EXPECT_EQ(e["history"][1]["actor_name"], "IOM counsellor");
  EXPECT_EQ(e["history"][2]["kind"], "consent");
  EXPECT_EQ(r.body.find("\"sealed\""), std::string::npos) << "no ciphertext in a subject access export";
  ASSERT_EQ(e["views"].size(), 1u);
  EXPECT_EQ(e["views"][0]["user_name"], "IOM me_officer");

  for (const char* as : {"iom.counsellor", "iom.supervisor", "iom.me_officer", "iom.admin", "alarm.manager"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/persons/" + id + "/export", as), 403)) << as;
  }
}

TEST_F(PersonsTest, EraseTakesTheNamesOutOfEveryAnswer) {
  const std::string family = Unique();
  const Json p = Register(Body("Nyagoa", family,
                               {{"other_names", "Mama " + family},
                                {"phone", "+211 977 111 222"},
                                {"address", "Block 9, sector C"},
                                {"notes", "Cries at night"}}));
  const std::string id = p["id"];
  Json guardian = Given("services");
  guardian["method"] = "guardian";
  guardian["guardian_name"] = "Rebecca " + family;
  ASSERT_EQ(client().Post("/api/v1/persons/" + id + "/consents", guardian, Token("iom.counsellor")).status, 201);
  ASSERT_EQ(Get("/api/v1/persons/" + id + "?reason=" + UrlEncode("visit " + family), "iom.counsellor").status, 200);

  EXPECT_TRUE(IsProblem(
      client().Post("/api/v1/persons/" + id + "/erase", {{"reason", "asked"}}, Token("iom.counsellor")), 403));
  HttpResponse erased =
      client().Post("/api/v1/persons/" + id + "/erase", {{"reason", "asked to be forgotten"}}, Token("iom.manager"));
  ASSERT_EQ(erased.status, 200) << erased.Describe();
  EXPECT_EQ(erased.json()["status"], "erased");
  EXPECT_EQ(erased.json()["erase_reason"], "asked to be forgotten");
  EXPECT_EQ(erased.json()["code"], p["code"]);

  const std::vector<std::string> secrets = {Lower(family), "nyagoa",         "977 111 222",
                                            "block 9",     "cries at night", "rebecca"};
  auto clean = [&](const HttpResponse& r) {
    const std::string body = Lower(r.body);
    for (const std::string& s : secrets) {
      if (body.find(s) != std::string::npos) return ::testing::AssertionFailure() << s << " is in " << r.Describe();
    }
    return ::testing::AssertionSuccess();
  };
  EXPECT_TRUE(clean(erased));
  HttpResponse read = Get("/api/v1/persons/" + id, "iom.manager");
  EXPECT_EQ(read.status, 200);
  EXPECT_TRUE(clean(read));
  HttpResponse consents = Get("/api/v1/persons/" + id + "/consents", "iom.manager");
  EXPECT_EQ(consents.status, 200);
  EXPECT_TRUE(clean(consents));
  HttpResponse exported = Get("/api/v1/persons/" + id + "/export", "iom.manager");
  EXPECT_EQ(exported.status, 200);
  EXPECT_TRUE(clean(exported));
  HttpResponse search = Get("/api/v1/persons?q=" + family, "iom.manager");
  ASSERT_EQ(search.status, 200);
  EXPECT_EQ(search.json()["items"].size(), 0u) << search.body;
  HttpResponse by_code = Get("/api/v1/persons?q=" + p["code"].get<std::string>(), "iom.manager");
  ASSERT_EQ(by_code.status, 200);
  ASSERT_EQ(by_code.json()["items"].size(), 1u) << "the fact of the registration remains";
  EXPECT_TRUE(clean(by_code));

  HttpResponse again = client().Post("/api/v1/persons/" + id + "/erase", {{"reason", "again"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(again, 409));
  EXPECT_TRUE(NamesField(again, "status"));
  HttpResponse patch = client().Patch("/api/v1/persons/" + id, {{"given_name", "Back"}}, Token("iom.manager"));
  EXPECT_TRUE(IsProblem(patch, 409));
}

TEST_F(PersonsTest, IdempotencyKeyReplaysTheSamePerson) {
  const std::string family = Unique();
  const Json body = Body("Adut", family);
  const Headers key = {{"Idempotency-Key", "register-" + family}};
  HttpResponse first = client().Post("/api/v1/persons", body, Token("iom.counsellor"), key);
  ASSERT_EQ(first.status, 201) << first.Describe();
  HttpResponse retry = client().Post("/api/v1/persons", body, Token("iom.counsellor"), key);
  ASSERT_EQ(retry.status, 201) << retry.Describe();
  EXPECT_EQ(retry.header("Idempotent-Replayed").value_or(""), "true");
  EXPECT_EQ(retry.json()["id"], first.json()["id"]);
  EXPECT_EQ(retry.json()["code"], first.json()["code"]);
  EXPECT_EQ(retry.header("Location"), first.header("Location"));
  EXPECT_EQ(Ids(ListAll("q=" + family, "iom.manager")), std::vector<std::string>{first.json()["id"].get<std::string>()})
      << "the retry registered a second person";
  // The same key with another body is a conflict, and registers nothing.
  HttpResponse other =
      client().Post("/api/v1/persons", Body("Adut", family, {{"sex", "male"}}), Token("iom.counsellor"), key);
  EXPECT_TRUE(IsProblem(other, 409));
  EXPECT_EQ(ListAll("q=" + family, "iom.manager").size(), 1u);
}

// A remembered answer to a registration holds the person's names; once the person is erased, a
// retry with the same key must not bring them back (answers are kept for 24 hours).
TEST_F(PersonsTest, IdempotentReplayAfterErasureDisclosesNothing) {
  const std::string family = Unique();
  const Json body = Body("Achan", family, {{"phone", "+211 966 000 123"}});
  const Headers key = {{"Idempotency-Key", "erase-" + family}};
  HttpResponse first = client().Post("/api/v1/persons", body, Token("iom.manager"), key);
  ASSERT_EQ(first.status, 201) << first.Describe();
  const std::string id = first.json()["id"];
  ASSERT_EQ(client()
                .Post("/api/v1/persons/" + id + "/erase", {{"reason", "asked to be forgotten"}}, Token("iom.manager"))
                .status,
            200);
  HttpResponse retry = client().Post("/api/v1/persons", body, Token("iom.manager"), key);
  EXPECT_EQ(Lower(retry.body).find(Lower(family)), std::string::npos)
      << "the erased person's name comes back in a replayed answer: " << retry.Describe();
  EXPECT_EQ(retry.body.find("966 000 123"), std::string::npos) << retry.Describe();
}

TEST_F(PersonsTest, SearchFindsSpellingVariantsAndCodes) {
  // Two spellings of one family name that share a phonetic key but not their letters.
  const std::string stem = Unique();
  const std::string kuol = "Kuol" + Lower(stem);
  const std::string kwol = "Kwol" + Lower(stem);
  const Json a = Register(Body("Deng", kuol, {{"sex", "male"}, {"birth_date", nullptr}, {"age_years", 30}}));
  const Json b = Register(Body("Garang", kwol, {{"sex", "male"}, {"birth_date", nullptr}, {"age_years", 10}}));
  const Json c = Register(Body("Nyandeng", kuol, {{"birth_date", nullptr}, {"age_years", 70}}));
  auto find = [&](const std::string& query, const std::string& as = "iom.manager") { return Ids(ListAll(query, as)); };
  auto ids = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  const std::vector<std::string> everyone = ids({a["id"], b["id"], c["id"]});
  EXPECT_EQ(find("q=" + kuol), everyone);
  EXPECT_EQ(find("q=" + kwol), everyone);
  EXPECT_EQ(find("q=" + UrlEncode("Deeng " + kwol)), ids({a["id"]}));
  EXPECT_EQ(find("q=" + UrlEncode("deng " + kuol)), ids({a["id"]}));
  EXPECT_EQ(find("q=" + kuol + "&sex=male"), ids({a["id"], b["id"]}));
  EXPECT_EQ(find("q=" + kuol + "&age_max=17"), ids({b["id"]}));
  EXPECT_EQ(find("q=" + kuol + "&age_min=60"), ids({c["id"]}));
  EXPECT_EQ(find("q=" + kuol + "&age_min=18&age_max=59"), ids({a["id"]}));
  EXPECT_EQ(find("q=" + kuol, "iom.facilitator"), everyone);
  // Codes: as printed, without dashes, in lower case; M&E officers search by code only.
  std::string code = a["code"];
  std::string bare = code;
  bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
  for (const std::string& typed : {code, bare, Lower(code), Lower(bare)}) {
    EXPECT_EQ(find("q=" + typed), ids({a["id"]})) << typed;
    EXPECT_EQ(find("q=" + typed, "iom.me_officer"), ids({a["id"]})) << typed;
  }
  HttpResponse by_name = Get("/api/v1/persons?q=" + kuol, "iom.me_officer");
  EXPECT_TRUE(IsProblem(by_name, 403));
  // Another organisation finds none of them, by name or by code.
  EXPECT_TRUE(find("q=" + kuol, "alarm.manager").empty());
  EXPECT_TRUE(find("q=" + code, "alarm.manager").empty());
}

TEST_F(PersonsTest, ListFiltersHoldOnTheDemoData) {
  struct Case {
    std::string query;
    std::function<bool(const Json&)> holds;
  };
  const std::vector<Case> cases = {
      {"sex=male", [](const Json& p) { return p["sex"] == "male"; }},
      {"population_group=returnee", [](const Json& p) { return p["population_group"] == "returnee"; }},
      {"age_min=60", [](const Json& p) { return p["age_years"].get<int>() >= 60; }},
      {"age_max=17&sex=female", [](const Json& p) { return p["age_years"].get<int>() <= 17 && p["sex"] == "female"; }},
      {"disability=true", [](const Json& p) { return p["disability"] == true; }},
      {"site_id=" + shared_->site, [](const Json& p) { return p["site_id"] == shared_->site; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.query);
    HttpResponse page = Get("/api/v1/persons?limit=200&" + c.query, "iom.me_officer");
    ASSERT_EQ(page.status, 200) << page.Describe();
    Json items = page.json()["items"];
    EXPECT_GE(items.size(), 3u) << "the demo data should have people of every kind";
    for (const Json& p : items) {
      EXPECT_TRUE(c.holds(p)) << p;
      EXPECT_FALSE(p.contains("given_name") || p.contains("family_name") || p.contains("phone")) << p;
    }
  }
  // The age bands partition the listing.
  const size_t everyone = ListAll("", "iom.me_officer").size();
  EXPECT_GE(everyone, 400u);  // the suites' demo registers 400 people
  EXPECT_EQ(ListAll("age_max=17", "iom.me_officer").size() + ListAll("age_min=18", "iom.me_officer").size(), everyone);
  // Small pages give the same people as big ones.
  EXPECT_EQ(Ids(ListAll("population_group=migrant", "iom.me_officer", 7)),
            Ids(ListAll("population_group=migrant", "iom.me_officer", 200)));
}

TEST_F(PersonsTest, EachRoleSeesItsShareOfAPerson) {
  const std::string head = Register(Body("Abuk", Unique()))["id"];
  const Json full = Register(Body("Nyandeng", Unique(),
                                  {{"phone", "+211 955 123 456"},
                                   {"address", "Block 4"},
                                   {"notes", "Lost two children"},
                                   {"language", "din"},
                                   {"wg_ss", {{"seeing", 1}, {"hearing", 3}}},
                                   {"specific_needs", {"survivor"}},
                                   {"household_id", head}}));
  const std::string path = "/api/v1/persons/" + full["id"].get<std::string>();
  for (const char* as : {"iom.manager", "iom.supervisor", "iom.counsellor"}) {
    HttpResponse r = Get(path, as);
    ASSERT_EQ(r.status, 200) << as << ": " << r.Describe();
    EXPECT_EQ(r.json(), full) << as;
  }
  Json fac = Get(path, "iom.facilitator").json();
  EXPECT_EQ(fac["given_name"], "Nyandeng");
  EXPECT_EQ(fac["family_name"], full["family_name"]);
  EXPECT_EQ(fac["language"], "din");
  EXPECT_EQ(fac["disability"], true);
  for (const char* f : {"phone", "address", "notes", "wg_ss", "specific_needs", "household_id"}) {
    EXPECT_FALSE(fac.contains(f)) << f << " shown to a facilitator: " << fac;
  }
  Json me = Get(path, "iom.me_officer").json();
  EXPECT_EQ(me["code"], full["code"]);
  EXPECT_EQ(me["specific_needs"], Json::array({"survivor"}));
  for (const char* f : {"given_name", "family_name", "phone", "address", "notes", "birth_date", "household_id"}) {
    EXPECT_FALSE(me.contains(f)) << f << " shown to M&E: " << me;
  }
  for (const char* as : {"iom.admin", "iom.viewer", "iom.advisor", "alarm.manager", "alarm.admin", "dca.viewer"}) {
    EXPECT_TRUE(IsProblem(Get(path, as), 403)) << as;
  }
  for (const char* as : {"iom.admin", "iom.viewer", "iom.advisor", "dca.viewer"}) {
    EXPECT_TRUE(IsProblem(Get("/api/v1/persons", as), 403)) << as;
  }
  // ALARM lists its own people only.
  const std::string theirs =
      Register(Body("Achol", Unique(), {{"programme_id", shared_->alarm_programme}, {"site_id", shared_->alarm_site}}),
               "alarm.manager")["id"];
  std::vector<Json> alarm = ListAll("", "alarm.manager");
  std::vector<std::string> alarm_ids = Ids(alarm);
  EXPECT_TRUE(std::find(alarm_ids.begin(), alarm_ids.end(), theirs) != alarm_ids.end());
  for (const Json& p : alarm) EXPECT_EQ(p["organization_id"], shared_->alarm_org) << p;
}

TEST_F(PersonsTest, DuplicateCheckFindsASpellingVariantBeforeSaving) {
  const std::string stem = Lower(Unique());
  const std::string existing =
      Register(Body("Deng", "Kuol" + stem, {{"sex", "male"}, {"birth_date", "1990-01-01"}}))["id"];
  Json candidate = {{"given_name", "Deeng"},
                    {"family_name", "Kwol" + stem},
                    {"sex", "male"},
                    {"birth_date", "1991-06-01"},
                    {"site_id", shared_->site}};
  HttpResponse r = client().Post("/api/v1/persons/duplicates", candidate, Token("iom.counsellor"));
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json items = r.json()["items"];
  bool found = false;
  for (const Json& m : items) {
    if (m["person"]["id"] == existing) {
      found = true;
      EXPECT_EQ(m["person"]["given_name"], "Deng");
      EXPECT_TRUE(std::find(m["reasons"].begin(), m["reasons"].end(), Json("similar_name")) != m["reasons"].end()) << m;
    }
  }
  EXPECT_TRUE(found) << r.body;
  candidate["sex"] = "female";
  HttpResponse other_sex = client().Post("/api/v1/persons/duplicates", candidate, Token("iom.counsellor"));
  ASSERT_EQ(other_sex.status, 200);
  EXPECT_EQ(other_sex.body.find(existing), std::string::npos) << other_sex.body;
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/persons/duplicates", candidate, Token("iom.facilitator")), 403));
  HttpResponse elsewhere = client().Post("/api/v1/persons/duplicates", candidate, Token("alarm.manager"));
  ASSERT_EQ(elsewhere.status, 200);
  EXPECT_EQ(elsewhere.body.find(existing), std::string::npos);
}

TEST_F(PersonsTest, BadInputIsA4xxProblemNamingTheField) {
  const std::string target = Register(Body("Bad", Unique()))["id"];
  const std::string other = Register(Body("Bad", Unique()))["id"];
  const std::string theirs =
      Register(Body("Bad", Unique(), {{"programme_id", shared_->alarm_programme}, {"site_id", shared_->alarm_site}}),
               "alarm.manager")["id"];
  const std::string unknown_id = "01900000-0000-7000-8000-000000000000";
  const std::string family = Unique();
  std::string fifty;
  for (int i = 0; i < 50; ++i)
    fifty += std::string(fifty.empty() ? "" : "+") + "w" + std::string(1, 'a' + i % 26) + std::string(1, 'a' + i / 26) +
             "ord";
  const std::string erase = "/api/v1/persons/" + target + "/erase";
  const std::string merge = "/api/v1/persons/" + target + "/merge";
  const std::string consents = "/api/v1/persons/" + target + "/consents";
  struct Case {
    std::string method, path;
    Json body;  // null: none
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/persons", Body("A", family, {{"nickname", "Bo"}}), 422, "nickname"},
      {"POST", "/api/v1/persons", Body("A", family, {{"given_name", 5}}), 422, "given_name"},
      {"POST", "/api/v1/persons", Body("A", family, {{"given_name", nullptr}}), 422, "given_name"},
      {"POST", "/api/v1/persons", Body("A", family, {{"sex", "unknown"}}), 422, "sex"},
      {"POST", "/api/v1/persons", Body("A", family, {{"sex", true}}), 422, "sex"},
      {"POST", "/api/v1/persons", Body("A", family, {{"age_years", 30}}), 422, "age_years"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", nullptr}, {"age_years", 1e300}}), 422, "age_years"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", nullptr}, {"age_years", -1}}), 422, "age_years"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", nullptr}, {"age_years", 2.5}}), 422, "age_years"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", nullptr}, {"age_years", "30"}}), 422, "age_years"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", nullptr}}), 422, "birth_date"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", "2100-01-01"}}), 422, "birth_date"},
      {"POST", "/api/v1/persons", Body("A", family, {{"birth_date", "1990-02-30"}}), 422, "birth_date"},
      {"POST", "/api/v1/persons", Body("A", family, {{"population_group", "nomad"}}), 422, "population_group"},
      {"POST", "/api/v1/persons", Body("A", family, {{"wg_ss", {{"seeing", 5}}}}), 422, "wg_ss.seeing"},
      {"POST", "/api/v1/persons", Body("A", family, {{"wg_ss", {{"seeing", "x"}}}}), 422, "wg_ss.seeing"},
      {"POST", "/api/v1/persons", Body("A", family, {{"wg_ss", {{"smelling", 1}}}}), 422, "wg_ss.smelling"},
      {"POST", "/api/v1/persons", Body("A", family, {{"wg_ss", "x"}}), 422, "wg_ss"},
      {"POST", "/api/v1/persons", Body("A", family, {{"specific_needs", "survivor"}}), 422, "specific_needs"},
      {"POST", "/api/v1/persons", Body("A", family, {{"specific_needs", {"royalty"}}}), 422, "specific_needs"},
      {"POST", "/api/v1/persons", Body("A", family, {{"site_id", 7}}), 422, "site_id"},
      {"POST", "/api/v1/persons", Body("A", family, {{"programme_id", shared_->alarm_programme}}), 422, "programme_id"},
      {"POST", "/api/v1/persons", Body("A", family, {{"household_id", theirs}}), 422, "household_id"},
      {"POST", "/api/v1/persons", Body("A", family, {{"code", "BOR-220001-X"}}), 422, "code"},
      {"POST", "/api/v1/persons", Body("A", family, {{"status", "erased"}}), 422, "status"},
      {"POST", "/api/v1/persons", Body("A", std::string(101, 'b')), 422, "family_name"},
      {"PATCH", "/api/v1/persons/" + target, {{"birth_date", "1990-01-01"}, {"age_years", 3}}, 422, "age_years"},
      {"PATCH", "/api/v1/persons/" + target, {{"programme_id", shared_->alarm_programme}}, 422, "programme_id"},
      {"PATCH", "/api/v1/persons/" + target, {{"household_id", target}}, 422, "household_id"},
      {"GET", "/api/v1/persons?cursor=!!!", nullptr, 422, "cursor"},
      {"GET", "/api/v1/persons?limit=0", nullptr, 422, "limit"},
      {"GET", "/api/v1/persons?limit=201", nullptr, 422, "limit"},
      {"GET", "/api/v1/persons?limit=ten", nullptr, 422, "limit"},
      {"GET", "/api/v1/persons?age_min=30&age_max=20", nullptr, 422, "age_min"},
      {"GET", "/api/v1/persons?age_min=-1", nullptr, 422, "age_min"},
      {"GET", "/api/v1/persons?age_max=1e3", nullptr, 422, "age_max"},
      {"GET", "/api/v1/persons?q=" + fifty, nullptr, 422, "q"},
      {"GET", "/api/v1/persons?given_name=Deng", nullptr, 422, "given_name"},
      {"GET", "/api/v1/persons?disability=maybe", nullptr, 422, "disability"},
      {"POST", erase, Json::object(), 422, "reason"},
      {"POST", erase, {{"reason", "   "}}, 422, "reason"},
      {"POST", erase, {{"reason", 5}}, 422, "reason"},
      {"POST", erase, {{"reason", std::string(1001, 'r')}}, 422, "reason"},
      {"POST", erase, {{"reason", "asked"}, {"confirm", true}}, 422, "confirm"},
      {"POST", merge, {{"duplicate_id", target}}, 422, "duplicate_id"},
      {"POST", merge, {{"duplicate_id", unknown_id}}, 422, "duplicate_id"},
      {"POST", merge, {{"duplicate_id", theirs}}, 422, "duplicate_id"},
      {"POST", merge, {{"duplicate_id", 42}}, 422, "duplicate_id"},
      {"POST", merge, Json::object(), 422, "duplicate_id"},
      {"POST",
       consents,
       {{"purpose", "services"},
        {"partner_org_id", shared_->alarm_org},
        {"status", "given"},
        {"method", "verbal"},
        {"text_version", "v1"}},
       422,
       "partner_org_id"},
      {"POST",
       consents,
       {{"purpose", "share_partner"},
        {"partner_org_id", shared_->iom_org},
        {"status", "given"},
        {"method", "verbal"},
        {"text_version", "v1"}},
       422,
       "partner_org_id"},
      {"POST",
       consents,
       {{"purpose", "share_partner"}, {"status", "given"}, {"method", "verbal"}, {"text_version", "v1"}},
       422,
       "partner_org_id"},
      {"POST",
       consents,
       {{"purpose", "services"}, {"status", "withdrawn"}, {"method", "verbal"}, {"text_version", "v1"}},
       409,
       "status"},
      {"POST",
       consents,
       {{"purpose", "dancing"}, {"status", "given"}, {"method", "verbal"}, {"text_version", "v1"}},
       422,
       "purpose"},
      {"POST",
       consents,
       {{"purpose", "services"},
        {"status", "given"},
        {"method", "verbal"},
        {"text_version", "v1"},
        {"date", "2100-01-01"}},
       422,
       "date"},
      {"POST",
       consents,
       {{"purpose", "services"}, {"status", "given"}, {"method", "guardian"}, {"text_version", "v1"}},
       422,
       "guardian_name"},
      {"POST", "/api/v1/persons/duplicates", {{"given_name", "Deng"}, {"age_years", 1e300}}, 422, "age_years"},
  };
  const Json before = Get("/api/v1/persons/" + target, "iom.manager").json();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path.substr(0, 120) + " " + c.body.dump().substr(0, 160));
    HttpResponse r;
    if (c.body.is_null()) {
      r = client().Request(c.method, c.path, {{"Authorization", "Bearer " + Token("iom.manager")}});
    } else {
      r = client().Request(c.method, c.path,
                           {{"Authorization", "Bearer " + Token("iom.manager")}, {"Content-Type", "application/json"}},
                           c.body.dump());
    }
    EXPECT_TRUE(IsProblem(r, c.status));
    EXPECT_TRUE(NamesField(r, c.field));
  }
  // Nothing was written: no registration under the refused bodies' name, no consent, no change.
  EXPECT_TRUE(ListAll("q=" + family, "iom.manager").empty()) << "a refused registration was saved";
  EXPECT_EQ(Get(consents, "iom.manager").json()["items"].size(), 0u);
  EXPECT_EQ(Get("/api/v1/persons/" + target, "iom.manager").json(), before);
  EXPECT_EQ(Get("/api/v1/persons/" + other, "iom.manager").json()["status"], "active");
  EXPECT_EQ(Get("/api/v1/persons/" + theirs, "alarm.manager").json()["status"], "active");
  // The other organisation's manager cannot fold IOM's person into theirs either.
  HttpResponse stolen =
      client().Post("/api/v1/persons/" + theirs + "/merge", {{"duplicate_id", target}}, Token("alarm.manager"));
  EXPECT_TRUE(IsProblem(stolen, 422));
  EXPECT_TRUE(NamesField(stolen, "duplicate_id"));
  EXPECT_TRUE(IsProblem(client().Post(merge, {{"duplicate_id", other}}, Token("alarm.manager")), 403));
}

// A cursor is the base64url of a person id. Text that decodes but is no id is not a cursor from a
// previous page: the answer must say so about `cursor`, not fail in the store or page from an
// arbitrary point.
TEST_F(PersonsTest, ACursorThatIsNoIdIsRefusedNamingTheCursor) {
  for (const std::string cursor : {"AAAA", "Zm9v", "eA"}) {
    SCOPED_TRACE(cursor);
    HttpResponse r = Get("/api/v1/persons?cursor=" + cursor, "iom.manager");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_TRUE(NamesField(r, "cursor"));
  }
}

}  // namespace
}  // namespace baton::test
