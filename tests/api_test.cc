// The HTTP API end to end: sessions, CRUD with ETags and paging, idempotency, cookie sessions with
// CSRF, password changes and the audit trail, against a real `baton serve` on demo data.
#include <algorithm>
#include <atomic>
#include <thread>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

class ApiTest : public SignedInAdminTest {
 protected:
  Json Site(const std::string& name, const std::string& type = "camp") {
    return {{"name", name}, {"type", type}, {"admin1", "Jonglei"}, {"admin2", "Bor South"}};
  }

  // Creates a site as iom.admin and returns it.
  Json CreateSite(const std::string& name, const std::string& type = "camp") {
    HttpResponse r = client().Post("/api/v1/sites", Site(name, type), admin_.token);
    EXPECT_EQ(r.status, 201) << r.Describe();
    return r.json();
  }

  // Pages through a listing with limit=2 and returns every item, checking the paging itself.
  std::vector<Json> ListAll(const std::string& collection, const std::string& query, const std::string& token) {
    std::vector<Json> all;
    std::string cursor;
    for (int pages = 0; pages < 1000; ++pages) {
      std::string path = "/api/v1/" + collection + "?limit=2" + (query.empty() ? "" : "&" + query) +
                         (cursor.empty() ? "" : "&cursor=" + UrlEncode(cursor));
      HttpResponse r = client().Get(path, token);
      EXPECT_EQ(r.status, 200) << path << ": " << r.Describe();
      Json j = r.json();
      if (!j.is_object() || !j["items"].is_array()) {
        ADD_FAILURE() << "not a page: " << r.Describe();
        return all;
      }
      EXPECT_LE(j["items"].size(), 2u);
      for (const Json& item : j["items"]) all.push_back(item);
      if (j["next_cursor"].is_null()) return all;
      EXPECT_TRUE(j["next_cursor"].is_string()) << r.body;
      EXPECT_EQ(j["items"].size(), 2u) << "a page before the last is not full: " << r.body;
      cursor = j["next_cursor"].get<std::string>();
    }
    ADD_FAILURE() << "paging did not end";
    return all;
  }
};

TEST_F(ApiTest, HealthReportsStatusVersionAndStore) {
  HttpResponse r = client().Get("/api/v1/health");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("application/json", 0), 0u);
  Json j = r.json();
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["store"], "sqlite");
  CommandResult v = RunBaton({"version"});
  ASSERT_EQ(v.exit_code, 0) << v.Describe();
  ASSERT_TRUE(j["version"].is_string()) << r.body;
  EXPECT_EQ(v.out, "baton " + j["version"].get<std::string>() + "\n");
}

TEST_F(ApiTest, SignInGivesTokenCsrfAndAStrictHttpOnlyCookie) {
  HttpResponse r = client().Post("/api/v1/session", {{"username", "iom.manager"}, {"password", kDemoPassword}});
  ASSERT_EQ(r.status, 201) << r.Describe();
  Json j = r.json();
  ASSERT_TRUE(j["token"].is_string() && j["csrf_token"].is_string()) << r.body;
  std::string token = j["token"];
  EXPECT_GE(token.size(), 32u);
  EXPECT_FALSE(j["csrf_token"].get<std::string>().empty());
  EXPECT_NE(j["csrf_token"], j["token"]);
  EXPECT_TRUE(j["expires_at"].is_string()) << r.body;
  EXPECT_EQ(j["user"]["username"], "iom.manager");
  EXPECT_EQ(j["user"].count("password"), 0u) << r.body;
  EXPECT_EQ(j["user"].count("hash"), 0u) << r.body;

  auto cookie = r.header("Set-Cookie");
  ASSERT_TRUE(cookie.has_value());
  EXPECT_EQ(cookie->rfind("baton_session=" + token + ";", 0), 0u) << *cookie;
  EXPECT_NE(cookie->find("HttpOnly"), std::string::npos) << *cookie;
  EXPECT_NE(cookie->find("SameSite=Strict"), std::string::npos) << *cookie;
  EXPECT_EQ(cookie->find("Secure"), std::string::npos) << "plain HTTP on a site network: " << *cookie;
  HttpResponse proxied = client().Request("POST", "/api/v1/session",
                                          {{"Content-Type", "application/json"}, {"X-Forwarded-Proto", "https"}},
                                          R"({"username":"iom.manager","password":"baton-demo"})");
  ASSERT_EQ(proxied.status, 201) << proxied.Describe();
  EXPECT_NE(proxied.header("Set-Cookie").value_or("").find("; Secure"), std::string::npos);

  // A second sign-in is a second, different session.
  Session again = SignIn(client(), "iom.manager");
  EXPECT_NE(again.token, token);
}

TEST_F(ApiTest, MeShowsTheUserRolesAndOrganisation) {
  HttpResponse r = client().Get("/api/v1/me", admin_.token);
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json me = r.json();
  EXPECT_EQ(me["username"], "iom.admin");
  EXPECT_EQ(me["roles"], Json::array({"admin"}));
  EXPECT_EQ(me["id"], admin_.user_id);
  EXPECT_EQ(me["organization"]["code"], "iom");
  EXPECT_EQ(me["organization"]["name"], "International Organization for Migration");
  EXPECT_EQ(me["organization"]["id"], admin_.organization_id);
  EXPECT_EQ(me["csrf_token"], admin_.csrf);
  EXPECT_EQ(me.count("password"), 0u);

  Session counsellor = SignIn(client(), "alarm.counsellor");
  Json other = client().Get("/api/v1/me", counsellor.token).json();
  EXPECT_EQ(other["username"], "alarm.counsellor");
  EXPECT_EQ(other["roles"], Json::array({"counsellor"}));
  EXPECT_EQ(other["organization"]["code"], "alarm");
}

TEST_F(ApiTest, WrongPasswordAndUnknownUserGetTheSame401) {
  HttpResponse wrong = client().Post("/api/v1/session", {{"username", "iom.viewer"}, {"password", "not the password"}});
  ASSERT_TRUE(IsProblem(wrong, 401));
  HttpResponse unknown = client().Post("/api/v1/session", {{"username", "nobody.here"}, {"password", "whatever it is"}});
  ASSERT_TRUE(IsProblem(unknown, 401));
  EXPECT_EQ(wrong.json()["detail"], unknown.json()["detail"]);
  EXPECT_EQ(wrong.json()["type"], unknown.json()["type"]);
  EXPECT_FALSE(wrong.header("Set-Cookie").has_value());
  // Failed sign-ins leave the right password working.
  EXPECT_FALSE(SignIn(client(), "iom.viewer").token.empty());
}

TEST_F(ApiTest, RequestsWithoutAValidTokenAre401) {
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/me"), 401));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/sites"), 401));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/sites", std::string(64, 'a')), 401));
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/sites", Site("No token site")), 401));
  HttpResponse basic = client().Request("GET", "/api/v1/me", {{"Authorization", "Basic aW9tOmFkbWlu"}});
  EXPECT_TRUE(IsProblem(basic, 401));
}

TEST_F(ApiTest, SignOutEndsTheSession) {
  Session s = SignIn(client(), "iom.supervisor");
  ASSERT_EQ(client().Get("/api/v1/me", s.token).status, 200);
  HttpResponse out = client().Delete("/api/v1/session", s.token);
  ASSERT_EQ(out.status, 204) << out.Describe();
  EXPECT_TRUE(out.body.empty());
  auto cookie = out.header("Set-Cookie");
  ASSERT_TRUE(cookie.has_value());
  EXPECT_NE(cookie->find("Max-Age=0"), std::string::npos) << *cookie;
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/me", s.token), 401));
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/sites", s.token), 401));
  // Other sessions are untouched.
  EXPECT_EQ(client().Get("/api/v1/me", admin_.token).status, 200);
}

struct CrudCase {
  std::string collection;
  Json create;  // placeholders: "$SITE" becomes the demo site id, "$N" a unique suffix
  Json patch;
};

Json Fill(Json j, const std::string& site, const std::string& n) {
  for (auto& [k, v] : j.items()) {
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      if (s == "$SITE") s = site;
      if (auto p = s.find("$N"); p != std::string::npos) s.replace(p, 2, n);
      v = s;
    }
  }
  return j;
}

TEST_F(ApiTest, CreateGetPatchDeactivateForEveryCollection) {
  Json sites = client().Get("/api/v1/sites?q=Bor%20PoC", admin_.token).json();
  ASSERT_EQ(sites["items"].size(), 1u) << sites;
  std::string site_id = sites["items"][0]["id"];

  const std::vector<CrudCase> cases = {
      {"sites", {{"name", "Malakal $N"}, {"type", "poc_site"}, {"admin1", "Upper Nile"}, {"latitude", 9.53}},
       {{"name", "Malakal $N renamed"}, {"admin2", "Malakal"}}},
      {"programmes",
       {{"name", "Refresher trainings $N"}, {"site_id", "$SITE"}, {"start_date", "2017-08-16"},
        {"end_date", "2017-12-31"}, {"status", "planned"}},
       {{"status", "active"}, {"donor", "DCA"}}},
      {"users",
       {{"username", "iom.crud$N"}, {"display_name", "Crud $N"}, {"roles", {"facilitator"}},
        {"password", "a long enough passphrase"}},
       {{"display_name", "Crud $N changed"}, {"roles", {"facilitator", "me_officer"}}}},
  };
  for (const CrudCase& c : cases) {
    SCOPED_TRACE(c.collection);
    const std::string base = "/api/v1/" + c.collection;
    Json body = Fill(c.create, site_id, "1");
    HttpResponse created = client().Post(base, body, admin_.token);
    ASSERT_EQ(created.status, 201) << created.Describe();
    Json rec = created.json();
    ASSERT_TRUE(rec["id"].is_string()) << created.body;
    const std::string id = rec["id"];
    EXPECT_EQ(created.header("Location").value_or(""), base + "/" + id);
    EXPECT_EQ(created.header("ETag").value_or(""), "\"1\"");
    EXPECT_EQ(rec["version"], 1);
    EXPECT_EQ(rec["active"], true);
    EXPECT_EQ(rec["organization_id"], admin_.organization_id);
    EXPECT_TRUE(rec["created_at"].is_string());
    for (auto& [k, v] : body.items()) {
      if (k == "password") {
        EXPECT_EQ(rec.count("password"), 0u) << "the password is echoed: " << created.body;
      } else {
        EXPECT_EQ(rec[k], v) << k;
      }
    }

    HttpResponse got = client().Get(base + "/" + id, admin_.token);
    ASSERT_EQ(got.status, 200) << got.Describe();
    EXPECT_EQ(got.json(), rec);
    EXPECT_EQ(got.header("ETag").value_or(""), "\"1\"");

    Json patch = Fill(c.patch, site_id, "1");
    HttpResponse patched = client().Patch(base + "/" + id, patch, admin_.token, {{"If-Match", "\"1\""}});
    ASSERT_EQ(patched.status, 200) << patched.Describe();
    Json after = patched.json();
    EXPECT_EQ(after["version"], 2);
    EXPECT_EQ(patched.header("ETag").value_or(""), "\"2\"");
    for (auto& [k, v] : patch.items()) EXPECT_EQ(after[k], v) << k;
    for (auto& [k, v] : body.items()) {
      if (!patch.contains(k) && k != "password") {
        EXPECT_EQ(after[k], v) << "untouched field changed: " << k;
      }
    }

    // The same stale version again: 412, and nothing changes.
    HttpResponse stale = client().Patch(base + "/" + id, {{"active", true}, {"name", "x"}}, admin_.token,
                                        {{"If-Match", "\"1\""}});
    if (c.collection == "users") {
      // users have no "name": the body is invalid before the version is looked at
      EXPECT_TRUE(IsClientProblem(stale));
      stale = client().Patch(base + "/" + id, {{"display_name", "Stale"}}, admin_.token, {{"If-Match", "\"1\""}});
    }
    EXPECT_TRUE(IsProblem(stale, 412));
    EXPECT_EQ(client().Get(base + "/" + id, admin_.token).json(), after);

    // A weak ETag never matches (RFC 9110); "*" does.
    HttpResponse weak = client().Patch(base + "/" + id, patch, admin_.token, {{"If-Match", "W/\"2\""}});
    EXPECT_TRUE(IsProblem(weak, 412)) << weak.Describe();
    HttpResponse star = client().Patch(base + "/" + id, patch, admin_.token, {{"If-Match", "*"}});
    EXPECT_EQ(star.status, 200) << star.Describe();
    EXPECT_EQ(star.json()["version"], 2) << "a patch that changes nothing made a new version";

    HttpResponse deleted = client().Delete(base + "/" + id, admin_.token, {{"If-Match", "\"2\""}});
    ASSERT_EQ(deleted.status, 200) << deleted.Describe();
    EXPECT_EQ(deleted.json()["active"], false);
    EXPECT_EQ(deleted.json()["version"], 3);
    EXPECT_EQ(deleted.header("ETag").value_or(""), "\"3\"");
    HttpResponse still = client().Get(base + "/" + id, admin_.token);
    ASSERT_EQ(still.status, 200) << "a deactivated record must stay readable: " << still.Describe();
    EXPECT_EQ(still.json()["active"], false);
    for (auto& [k, v] : patch.items()) EXPECT_EQ(still.json()[k], v) << k;

    HttpResponse history = client().Get("/api/v1/audit?entity=" + c.collection + ":" + id, admin_.token);
    ASSERT_EQ(history.status, 200) << history.Describe();
    Json items = history.json()["items"];
    ASSERT_EQ(items.size(), 3u) << history.body;
    EXPECT_EQ(items[0]["op"], "create");
    EXPECT_EQ(items[1]["op"], "update");
    EXPECT_EQ(items[2]["op"], "update");
    EXPECT_EQ(items[2]["changes"], Json({{"active", false}}));
  }
}

TEST_F(ApiTest, OrganisationsAreCreatedByAdminsAndChangedOnlyByTheirOwnAdmin) {
  HttpResponse created = client().Post(
      "/api/v1/organizations", {{"code", "tpo"}, {"name", "Transcultural Psychosocial Organization"}, {"type", "national_ngo"}},
      admin_.token);
  ASSERT_EQ(created.status, 201) << created.Describe();
  Json org = created.json();
  std::string id = org["id"];
  EXPECT_EQ(created.header("Location").value_or(""), "/api/v1/organizations/" + id);
  EXPECT_EQ(org["code"], "tpo");
  EXPECT_EQ(org["active"], true);
  EXPECT_EQ(client().Get("/api/v1/organizations/" + id, admin_.token).json(), org);
  // An organisation owns itself: IOM's admin may not change the new one.
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/organizations/" + id, {{"country", "Nepal"}}, admin_.token), 403));
  // The code is unique.
  HttpResponse dup = client().Post("/api/v1/organizations", {{"code", "tpo"}, {"name", "Other"}, {"type", "other"}},
                                   admin_.token);
  EXPECT_TRUE(IsProblem(dup, 409));
  EXPECT_TRUE(DetailNames(dup, "code"));
  EXPECT_TRUE(NamesField(dup, "code"));
  // ... and immutable.
  HttpResponse code = client().Patch("/api/v1/organizations/" + admin_.organization_id, {{"code", "iom2"}}, admin_.token);
  EXPECT_TRUE(IsProblem(code, 422));
  EXPECT_TRUE(NamesField(code, "code"));

  // IOM's admin changes IOM with If-Match.
  HttpResponse mine = client().Get("/api/v1/organizations/" + admin_.organization_id, admin_.token);
  ASSERT_EQ(mine.status, 200);
  std::string etag = mine.header("ETag").value_or("");
  int64_t version = mine.json()["version"];
  EXPECT_EQ(etag, "\"" + std::to_string(version) + "\"");
  HttpResponse changed = client().Patch("/api/v1/organizations/" + admin_.organization_id,
                                        {{"country", "Switzerland"}}, admin_.token, {{"If-Match", etag}});
  ASSERT_EQ(changed.status, 200) << changed.Describe();
  EXPECT_EQ(changed.json()["version"], version + 1);
  EXPECT_EQ(changed.json()["country"], "Switzerland");
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/organizations/" + admin_.organization_id, {{"country", "Kenya"}},
                                       admin_.token, {{"If-Match", etag}}),
                        412));

  // Deactivating one's own organisation would lock its people out for good: refused, naming the
  // field, and nothing changes.
  HttpResponse off = client().Delete("/api/v1/organizations/" + admin_.organization_id, admin_.token);
  EXPECT_TRUE(IsProblem(off, 409)) << off.Describe();
  EXPECT_TRUE(NamesField(off, "active"));
  HttpResponse login = client().Post("/api/v1/session", {{"username", "iom.manager"}, {"password", kDemoPassword}});
  EXPECT_EQ(login.status, 201) << login.Describe();
  EXPECT_EQ(client().Get("/api/v1/organizations/" + admin_.organization_id, admin_.token).json()["active"], true);
}

TEST_F(ApiTest, ListingsPageWithCursorsWithoutGapsOrDuplicates) {
  std::set<std::string> created;
  for (int i = 0; i < 7; ++i) {
    Json s = CreateSite("Paging site " + std::to_string(i), i % 3 == 0 ? "host_community" : "camp");
    created.insert(s["id"].get<std::string>());
  }
  ASSERT_EQ(created.size(), 7u);

  // q= matches case-insensitively a part of the name.
  std::vector<Json> found = ListAll("sites", "q=pAgInG%20SITE", admin_.token);
  std::vector<std::string> ids;
  for (const Json& s : found) ids.push_back(s["id"]);
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << "listings are in id (creation) order";

  // Every site, paged by two: the demo site and ours, each once.
  std::vector<Json> all = ListAll("sites", "", admin_.token);
  std::vector<std::string> all_ids;
  for (const Json& s : all) all_ids.push_back(s["id"]);
  EXPECT_EQ(std::set<std::string>(all_ids.begin(), all_ids.end()).size(), all_ids.size()) << "duplicates";
  EXPECT_EQ(all_ids.size(), 8u);
  for (const auto& id : created) EXPECT_NE(std::find(all_ids.begin(), all_ids.end(), id), all_ids.end());

  // A bigger page gives the same sequence.
  Json one = client().Get("/api/v1/sites?limit=200", admin_.token).json();
  ASSERT_EQ(one["items"].size(), 8u);
  EXPECT_TRUE(one["next_cursor"].is_null());
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(one["items"][i]["id"], all_ids[i]);

  // Filters on typed columns, combined with paging and search.
  std::vector<Json> hosts = ListAll("sites", "type=host_community&q=paging", admin_.token);
  EXPECT_EQ(hosts.size(), 3u);
  for (const Json& s : hosts) EXPECT_EQ(s["type"], "host_community");
  std::vector<Json> camps = ListAll("sites", "type=camp", admin_.token);
  EXPECT_EQ(camps.size(), 4u);
  for (const Json& s : camps) EXPECT_EQ(s["type"], "camp");

  std::string gone = *created.begin();
  ASSERT_EQ(client().Delete("/api/v1/sites/" + gone, admin_.token).status, 200);
  std::vector<Json> inactive = ListAll("sites", "active=false", admin_.token);
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0]["id"], gone);
  EXPECT_EQ(ListAll("sites", "active=true", admin_.token).size(), 7u);
  EXPECT_EQ(ListAll("sites", "q=no%20such%20site", admin_.token).size(), 0u);

  // Users: only the caller's organisation, searchable by username.
  std::vector<Json> users = ListAll("users", "", admin_.token);
  EXPECT_EQ(users.size(), 8u);
  for (const Json& u : users) {
    EXPECT_EQ(u["organization_id"], admin_.organization_id) << u;
    EXPECT_EQ(u.count("password"), 0u);
  }
  std::vector<Json> managers = ListAll("users", "q=manager", admin_.token);
  ASSERT_EQ(managers.size(), 1u);
  EXPECT_EQ(managers[0]["username"], "iom.manager");
  std::vector<Json> orgs = ListAll("organizations", "", admin_.token);
  EXPECT_EQ(orgs.size(), 4u);
}

TEST_F(ApiTest, IdempotencyKeyReplaysTheFirstAnswer) {
  Json body = Site("Idempotent site");
  Headers key = {{"Idempotency-Key", "create-idempotent-site-1"}};
  HttpResponse first = client().Post("/api/v1/sites", body, admin_.token, key);
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_FALSE(first.header("Idempotent-Replayed").has_value());
  HttpResponse second = client().Post("/api/v1/sites", body, admin_.token, key);
  ASSERT_EQ(second.status, 201) << second.Describe();
  EXPECT_EQ(second.header("Idempotent-Replayed").value_or(""), "true");
  EXPECT_EQ(second.json()["id"], first.json()["id"]);
  EXPECT_EQ(second.header("Location"), first.header("Location"));
  EXPECT_EQ(second.body, first.body);

  Json listed = client().Get("/api/v1/sites?q=Idempotent%20site", admin_.token).json();
  EXPECT_EQ(listed["items"].size(), 1u) << listed;

  HttpResponse other = client().Post("/api/v1/sites", Site("Idempotent site, other body"), admin_.token, key);
  EXPECT_TRUE(IsProblem(other, 409));
  EXPECT_TRUE(DetailNames(other, "Idempotency-Key"));
  EXPECT_EQ(client().Get("/api/v1/sites?q=Idempotent%20site", admin_.token).json()["items"].size(), 1u);

  // Keys belong to the caller: another user's same key is a new request.
  Session alarm = SignIn(client(), "alarm.admin");
  HttpResponse theirs = client().Post("/api/v1/sites", body, alarm.token, key);
  ASSERT_EQ(theirs.status, 201) << theirs.Describe();
  EXPECT_FALSE(theirs.header("Idempotent-Replayed").has_value());
  EXPECT_NE(theirs.json()["id"], first.json()["id"]);

  // A failed request is replayed as the same failure, not retried into a success later.
  Headers bad_key = {{"Idempotency-Key", "create-invalid-site"}};
  HttpResponse invalid = client().Post("/api/v1/sites", {{"name", "No type"}}, admin_.token, bad_key);
  EXPECT_TRUE(IsProblem(invalid, 422));
  HttpResponse invalid_again = client().Post("/api/v1/sites", {{"name", "No type"}}, admin_.token, bad_key);
  EXPECT_TRUE(IsProblem(invalid_again, 422));
  EXPECT_EQ(invalid_again.body, invalid.body);
}

TEST_F(ApiTest, CookieSessionsNeedTheCsrfTokenForWrites) {
  HttpResponse r = client().Post("/api/v1/session", {{"username", "iom.admin"}, {"password", kDemoPassword}});
  ASSERT_EQ(r.status, 201);
  std::string set_cookie = r.header("Set-Cookie").value_or("");
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  std::string csrf = r.json()["csrf_token"];
  ASSERT_EQ(cookie.rfind("baton_session=", 0), 0u);
  Headers with_cookie = {{"Cookie", "theme=dark; " + cookie}};

  HttpResponse me = client().Request("GET", "/api/v1/me", with_cookie);
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_EQ(me.json()["username"], "iom.admin");
  EXPECT_EQ(me.json()["csrf_token"], csrf);
  EXPECT_EQ(client().Request("GET", "/api/v1/sites", with_cookie).status, 200);

  Headers post = with_cookie;
  post.emplace_back("Content-Type", "application/json");
  std::string body = Site("Cookie site").dump();
  HttpResponse no_csrf = client().Request("POST", "/api/v1/sites", post, body);
  EXPECT_TRUE(IsProblem(no_csrf, 403));
  Headers wrong = post;
  wrong.emplace_back("X-CSRF-Token", csrf + "x");
  EXPECT_TRUE(IsProblem(client().Request("POST", "/api/v1/sites", wrong, body), 403));
  EXPECT_EQ(client().Get("/api/v1/sites?q=Cookie%20site", admin_.token).json()["items"].size(), 0u)
      << "a refused cookie request wrote anyway";

  Headers right = post;
  right.emplace_back("X-CSRF-Token", csrf);
  HttpResponse ok = client().Request("POST", "/api/v1/sites", right, body);
  ASSERT_EQ(ok.status, 201) << ok.Describe();
  EXPECT_EQ(ok.json()["name"], "Cookie site");

  // Signing out through the cookie also needs the token, then ends the cookie session.
  EXPECT_TRUE(IsProblem(client().Request("DELETE", "/api/v1/session", with_cookie), 403));
  Headers out = with_cookie;
  out.emplace_back("X-CSRF-Token", csrf);
  EXPECT_EQ(client().Request("DELETE", "/api/v1/session", out).status, 204);
  EXPECT_TRUE(IsProblem(client().Request("GET", "/api/v1/me", with_cookie), 401));
}

TEST_F(ApiTest, ChangingOnesPasswordEndsSessionsAndTheNewOneWorks) {
  const std::string old_password = "first passphrase of ayen";
  const std::string new_password = "a brand new passphrase";
  HttpResponse created = client().Post("/api/v1/users",
                                       {{"username", "iom.ayen"}, {"display_name", "Ayen Deng"},
                                        {"roles", {"counsellor"}}, {"password", old_password}},
                                       admin_.token);
  ASSERT_EQ(created.status, 201) << created.Describe();
  Session s = SignIn(client(), "iom.ayen", old_password);
  ASSERT_FALSE(s.token.empty());

  HttpResponse wrong = client().Post("/api/v1/me/password",
                                     {{"current_password", "not my password"}, {"new_password", new_password}}, s.token);
  EXPECT_TRUE(IsProblem(wrong, 422));
  EXPECT_TRUE(NamesField(wrong, "current_password"));
  HttpResponse weak = client().Post("/api/v1/me/password", {{"current_password", old_password}, {"new_password", "short"}},
                                    s.token);
  EXPECT_TRUE(IsProblem(weak, 422));
  EXPECT_TRUE(NamesField(weak, "new_password"));
  HttpResponse with_name = client().Post(
      "/api/v1/me/password", {{"current_password", old_password}, {"new_password", "iom.ayen is my password"}}, s.token);
  EXPECT_TRUE(IsProblem(with_name, 422));
  EXPECT_TRUE(NamesField(with_name, "new_password"));
  ASSERT_EQ(client().Get("/api/v1/me", s.token).status, 200) << "a refused change ended the session";

  HttpResponse changed = client().Post("/api/v1/me/password",
                                       {{"current_password", old_password}, {"new_password", new_password}}, s.token);
  ASSERT_EQ(changed.status, 204) << changed.Describe();
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/me", s.token), 401));
  EXPECT_TRUE(IsProblem(client().Post("/api/v1/session", {{"username", "iom.ayen"}, {"password", old_password}}), 401));
  Session fresh = SignIn(client(), "iom.ayen", new_password);
  ASSERT_FALSE(fresh.token.empty());
  EXPECT_EQ(client().Get("/api/v1/me", fresh.token).json()["username"], "iom.ayen");

  // The user's history shows that the password changed, never the hash.
  HttpResponse history = client().Get("/api/v1/audit?entity=users:" + s.user_id, admin_.token);
  ASSERT_EQ(history.status, 200) << history.Describe();
  Json items = history.json()["items"];
  ASSERT_EQ(items.size(), 2u) << history.body;
  EXPECT_EQ(items[1]["changes"], Json({{"password", "changed"}}));
  EXPECT_EQ(items[1]["actor_username"], "iom.ayen");
  EXPECT_EQ(history.body.find("argon2"), std::string::npos) << history.body;
  EXPECT_EQ(history.body.find("\"hash\""), std::string::npos) << history.body;
}

TEST_F(ApiTest, AdminResetsAPasswordAndDeactivatesAUser) {
  HttpResponse created = client().Post("/api/v1/users",
                                       {{"username", "iom.nyibol"}, {"display_name", "Nyibol"},
                                        {"roles", {"viewer"}}, {"password", "initial passphrase here"}},
                                       admin_.token);
  ASSERT_EQ(created.status, 201) << created.Describe();
  std::string id = created.json()["id"];
  Session s = SignIn(client(), "iom.nyibol", "initial passphrase here");
  HttpResponse reset = client().Post("/api/v1/users/" + id + "/password", {{"password", "reset by the admin 2017"}},
                                     admin_.token);
  ASSERT_EQ(reset.status, 204) << reset.Describe();
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/me", s.token), 401));
  Session again = SignIn(client(), "iom.nyibol", "reset by the admin 2017");
  ASSERT_FALSE(again.token.empty());

  HttpResponse off = client().Delete("/api/v1/users/" + id, admin_.token);
  ASSERT_EQ(off.status, 200) << off.Describe();
  EXPECT_EQ(off.json()["active"], false);
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/me", again.token), 401)) << "deactivation must end sessions at once";
  EXPECT_TRUE(IsProblem(
      client().Post("/api/v1/session", {{"username", "iom.nyibol"}, {"password", "reset by the admin 2017"}}), 401));

  // An admin cannot deactivate themselves or drop their own admin role.
  HttpResponse self = client().Delete("/api/v1/users/" + admin_.user_id, admin_.token);
  EXPECT_TRUE(IsProblem(self, 409));
  HttpResponse demote = client().Patch("/api/v1/users/" + admin_.user_id, {{"roles", {"viewer"}}}, admin_.token);
  EXPECT_TRUE(IsProblem(demote, 409));
  EXPECT_TRUE(DetailNames(demote, "roles"));
  EXPECT_EQ(client().Get("/api/v1/me", admin_.token).json()["roles"], Json::array({"admin"}));

  // Usernames are unique.
  HttpResponse dup = client().Post("/api/v1/users",
                                   {{"username", "iom.nyibol"}, {"display_name", "Again"}, {"roles", {"viewer"}},
                                    {"password", "another passphrase 99"}},
                                   admin_.token);
  EXPECT_TRUE(IsProblem(dup, 409));
  EXPECT_TRUE(DetailNames(dup, "username"));
}

TEST_F(ApiTest, AuditShowsWhoChangedWhatAndVerifyIsOk) {
  Json site = CreateSite("Audited site");
  std::string id = site["id"];
  Session manager = SignIn(client(), "iom.manager");
  ASSERT_EQ(client().Patch("/api/v1/sites/" + id, {{"admin2", "Twic East"}}, admin_.token).status, 200);

  HttpResponse r = client().Get("/api/v1/audit?entity=sites:" + id, admin_.token);
  ASSERT_EQ(r.status, 200) << r.Describe();
  Json items = r.json()["items"];
  ASSERT_EQ(items.size(), 2u) << r.body;
  EXPECT_EQ(items[0]["op"], "create");
  EXPECT_EQ(items[0]["actor_username"], "iom.admin");
  EXPECT_EQ(items[0]["actor"], admin_.user_id);
  EXPECT_EQ(items[0]["changes"]["name"], "Audited site");
  EXPECT_EQ(items[1]["op"], "update");
  EXPECT_EQ(items[1]["actor_username"], "iom.admin");
  EXPECT_EQ(items[1]["changes"], Json({{"admin2", "Twic East"}}));
  EXPECT_LT(items[0]["seq"].get<int64_t>(), items[1]["seq"].get<int64_t>());
  EXPECT_TRUE(items[0]["at"].is_string());
  EXPECT_TRUE(r.json()["next_cursor"].is_null());

  // Paging the history.
  HttpResponse page1 = client().Get("/api/v1/audit?entity=sites:" + id + "&limit=1", admin_.token);
  ASSERT_EQ(page1.status, 200) << page1.Describe();
  ASSERT_EQ(page1.json()["items"].size(), 1u);
  ASSERT_TRUE(page1.json()["next_cursor"].is_string()) << page1.body;
  HttpResponse page2 = client().Get(
      "/api/v1/audit?entity=sites:" + id + "&limit=1&cursor=" + page1.json()["next_cursor"].get<std::string>(),
      admin_.token);
  ASSERT_EQ(page2.json()["items"].size(), 1u) << page2.body;
  EXPECT_EQ(page2.json()["items"][0]["seq"], items[1]["seq"]);

  // The demo site's history: made by the system.
  Json bor = client().Get("/api/v1/sites?q=Bor%20PoC", admin_.token).json()["items"][0];
  Json demo_history = client().Get("/api/v1/audit?entity=sites:" + bor["id"].get<std::string>(), admin_.token).json();
  ASSERT_EQ(demo_history["items"].size(), 1u);
  EXPECT_EQ(demo_history["items"][0]["actor_username"], "system");

  HttpResponse verify = client().Get("/api/v1/audit/verify", admin_.token);
  ASSERT_EQ(verify.status, 200) << verify.Describe();
  Json v = verify.json();
  EXPECT_EQ(v["ok"], true) << verify.body;
  EXPECT_GT(v["entries"].get<int64_t>(), 20);
  EXPECT_GT(v["records"].get<int64_t>(), 20);
  EXPECT_TRUE(v["head_hash"].is_string() && !v["head_hash"].get<std::string>().empty());
  EXPECT_EQ(v.count("problem"), 0u);
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/audit/verify", manager.token), 403));

  HttpResponse missing = client().Get("/api/v1/audit?entity=sites:01900000-0000-7000-8000-000000000000", admin_.token);
  EXPECT_TRUE(IsProblem(missing, 404));
}

TEST_F(ApiTest, ProgrammesAreVisibleToTheOwnerAndGrantedOrganisationsOnly) {
  Json listed = client().Get("/api/v1/programmes", admin_.token).json();
  ASSERT_EQ(listed["items"].size(), 1u) << listed;
  std::string id = listed["items"][0]["id"];
  Session dca = SignIn(client(), "dca.viewer");
  Session alarm = SignIn(client(), "alarm.manager");
  Json dca_list = client().Get("/api/v1/programmes", dca.token).json();
  ASSERT_EQ(dca_list["items"].size(), 1u) << dca_list;
  EXPECT_EQ(dca_list["items"][0]["id"], id);
  EXPECT_EQ(client().Get("/api/v1/programmes/" + id, dca.token).status, 200);
  Json alarm_list = client().Get("/api/v1/programmes", alarm.token).json();
  EXPECT_EQ(alarm_list["items"].size(), 0u) << alarm_list;
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/programmes/" + id, alarm.token), 403));
}

TEST_F(ApiTest, ConcurrentPatchesWithoutIfMatchAreAllApplied) {
  // Without If-Match the server retries a change on the fresh record (docs/ARCHITECTURE.md): no
  // update is lost and the client, which never named a version, is never told it was stale.
  std::string id = CreateSite("Contended site")["id"];
  std::atomic<int> ok{0};
  std::vector<std::string> failures;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        HttpResponse r = client().Patch("/api/v1/sites/" + id,
                                        {{"admin2", "writer " + std::to_string(t) + " change " + std::to_string(i)}},
                                        admin_.token);
        if (r.status == 200) {
          ++ok;
        } else {
          std::lock_guard lock(mu);
          failures.push_back(r.Describe());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  Json site = client().Get("/api/v1/sites/" + id, admin_.token).json();
  EXPECT_EQ(site["version"], 1 + ok.load()) << "an acknowledged update was lost";
  EXPECT_EQ(failures.size(), 0u) << failures.size() << " of 150 failed, e.g. " << (failures.empty() ? "" : failures[0]);
}

}  // namespace
}  // namespace baton::test

namespace baton::test {
namespace {

TEST_F(ApiTest, ConcurrentTwinsWithOneIdempotencyKeyCreateOneRecord) {
  // A phone on slow Wi-Fi retries while its first request is still running: the twins share the
  // key, and only one record may come of them.
  for (int round = 0; round < 5; ++round) {
    std::string name = "Twin site " + std::to_string(round);
    Headers key = {{"Idempotency-Key", "twin-" + std::to_string(round)}};
    std::vector<HttpResponse> answers(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < answers.size(); ++t) {
      threads.emplace_back([&, t] { answers[t] = client().Post("/api/v1/sites", Site(name), admin_.token, key); });
    }
    for (auto& t : threads) t.join();
    std::set<std::string> ids;
    for (const HttpResponse& a : answers) {
      if (a.status == 201) {
        ids.insert(a.json()["id"].get<std::string>());
      } else {
        EXPECT_TRUE(IsProblem(a, 409)) << a.Describe();
        EXPECT_TRUE(DetailNames(a, "Idempotency-Key")) << a.Describe();
      }
    }
    EXPECT_EQ(ids.size(), 1u);
    Json listed = client().Get("/api/v1/sites?q=" + std::string("Twin%20site%20") + std::to_string(round),
                               admin_.token).json();
    EXPECT_EQ(listed["items"].size(), 1u) << listed;
  }
}

}  // namespace
}  // namespace baton::test
