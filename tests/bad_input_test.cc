// Bad input of every kind gets a 4xx problem+json, never a 500 or a crash, and writes nothing:
// after each test the change log has exactly the entries it had before and still verifies, and the
// access log holds no 500.
#include <string>

#include <gtest/gtest.h>

#include "support/e2e.h"

namespace baton::test {
namespace {

class BadInputTest : public SignedInAdminTest {
 protected:
  void SetUp() override {
    SignedInAdminTest::SetUp();
    if (HasFatalFailure()) return;
    Json sites = client().Get("/api/v1/sites?q=Bor%20PoC", admin_.token).json();
    ASSERT_EQ(sites["items"].size(), 1u);
    site_id_ = sites["items"][0]["id"];
    entries_before_ = LogEntries(client(), admin_.token);
    ASSERT_GT(entries_before_, 0);
  }

  void TearDown() override {
    if (server_ && server_->running() && !admin_.token.empty()) {
      // The server is still up and nothing was written by the rejected requests.
      HttpResponse health = client().Get("/api/v1/health");
      EXPECT_EQ(health.status, 200) << health.Describe();
      EXPECT_EQ(LogEntries(client(), admin_.token), entries_before_) << "a rejected request wrote to the change log";
      Json site = client().Get("/api/v1/sites/" + site_id_, admin_.token).json();
      EXPECT_EQ(site["version"], 1) << site;
    }
    DemoServerTest::TearDown();
  }

  // POST with this raw body and Content-Type.
  HttpResponse PostRaw(const std::string& path, const std::string& body,
                       const std::string& content_type = "application/json") {
    Headers h = {{"Authorization", "Bearer " + admin_.token}};
    if (!content_type.empty()) h.emplace_back("Content-Type", content_type);
    return client().Request("POST", path, h, body);
  }

  Json ValidSite() { return {{"name", "Valid site"}, {"type", "camp"}, {"admin1", "Jonglei"}}; }

  std::string site_id_;
  int64_t entries_before_ = 0;
};

std::string Detail(const HttpResponse& r) {
  Json j = r.json();
  return j.is_object() ? j.value("detail", "") : "";
}

TEST_F(BadInputTest, MalformedJsonIs400NamingTheBody) {
  for (const std::string body : {"{\"name\": ", "{name: 1}", "", "{\"a\":1}}", "nul", "{\"name\":\"x\",}"}) {
    SCOPED_TRACE(body);
    HttpResponse r = PostRaw("/api/v1/sites", body);
    EXPECT_TRUE(IsProblem(r, 400));
    EXPECT_NE(Detail(r).find("body"), std::string::npos) << r.body;
  }
}

TEST_F(BadInputTest, InvalidUtf8InsideAJsonStringIs400) {
  std::string body = "{\"name\": \"Bor \xC3\x28 site\", \"type\": \"camp\", \"admin1\": \"Jonglei\"}";
  HttpResponse r = PostRaw("/api/v1/sites", body);
  EXPECT_TRUE(IsProblem(r, 400));
  EXPECT_NE(Detail(r).find("body"), std::string::npos) << r.body;
  // An overlong encoding and a lone surrogate escape too.
  EXPECT_TRUE(IsClientProblem(PostRaw("/api/v1/sites", "{\"name\": \"\xC0\xAF\", \"type\": \"camp\", \"admin1\": \"x\"}")));
  HttpResponse surrogate = PostRaw("/api/v1/sites", "{\"name\": \"\\ud800\", \"type\": \"camp\", \"admin1\": \"x\"}");
  EXPECT_TRUE(IsClientProblem(surrogate));
}

TEST_F(BadInputTest, BodiesThatAreNotObjectsAreRefused) {
  for (const std::string body : {"[]", "[{\"name\":\"x\"}]", "\"a string\"", "42", "null", "true"}) {
    SCOPED_TRACE(body);
    HttpResponse r = PostRaw("/api/v1/sites", body);
    EXPECT_TRUE(IsClientProblem(r));
    EXPECT_NE(Detail(r).find("body"), std::string::npos) << r.body;
  }
  // Deeply nested JSON must not crash the parser.
  std::string deep = std::string(200000, '[') + std::string(200000, ']');
  EXPECT_TRUE(IsClientProblem(PostRaw("/api/v1/sites", deep)));
  std::string deep_object = "{\"name\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_TRUE(IsClientProblem(PostRaw("/api/v1/sites", deep_object)));
}

TEST_F(BadInputTest, WrongTypesAre422NamingTheField) {
  struct Case {
    std::string path;
    Json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"/api/v1/sites", {{"name", 5}, {"type", "camp"}, {"admin1", "Jonglei"}}, "name"},
      {"/api/v1/sites", {{"name", "x"}, {"type", "camp"}, {"admin1", {"Jonglei"}}}, "admin1"},
      {"/api/v1/sites", {{"name", "x"}, {"type", "camp"}, {"admin1", "J"}, {"latitude", "north"}}, "latitude"},
      {"/api/v1/sites", {{"name", "x"}, {"type", "camp"}, {"admin1", "J"}, {"latitude", 200}}, "latitude"},
      {"/api/v1/sites", {{"name", "x"}, {"type", "palace"}, {"admin1", "J"}}, "type"},
      {"/api/v1/sites", {{"name", nullptr}, {"type", "camp"}, {"admin1", "J"}}, "name"},
      {"/api/v1/sites", {{"name", std::string(201, 'x')}, {"type", "camp"}, {"admin1", "J"}}, "name"},
      {"/api/v1/sites", {{"name", "x"}, {"type", "camp"}, {"admin1", "J"}, {"active", "yes"}}, "active"},
      {"/api/v1/organizations", {{"code", "Not A Slug!"}, {"name", "x"}, {"type", "other"}}, "code"},
      {"/api/v1/users",
       {{"username", "iom.typed"}, {"display_name", "x"}, {"roles", "admin"}, {"password", "long passphrase 1"}},
       "roles"},
      {"/api/v1/users",
       {{"username", "iom.typed"}, {"display_name", "x"}, {"roles", {"emperor"}}, {"password", "long passphrase 1"}},
       "roles"},
      {"/api/v1/users", {{"username", "iom.typed"}, {"display_name", "x"}, {"roles", {"viewer"}}, {"password", 12345678901}},
       "password"},
      {"/api/v1/programmes", {{"name", "p"}, {"site_id", "$SITE"}, {"start_date", "15 August 2017"}}, "start_date"},
      {"/api/v1/programmes", {{"name", "p"}, {"site_id", "$SITE"}, {"start_date", "2017-02-30"}}, "start_date"},
      {"/api/v1/programmes", {{"name", "p"}, {"site_id", 7}, {"start_date", "2017-01-01"}}, "site_id"},
      {"/api/v1/programmes",
       {{"name", "p"}, {"site_id", "$SITE"}, {"start_date", "2017-01-01"}, {"end_date", "2016-01-01"}},
       "end_date"},
      {"/api/v1/programmes",
       {{"name", "p"}, {"site_id", "01900000-0000-7000-8000-000000000000"}, {"start_date", "2017-01-01"}},
       "site_id"},
      {"/api/v1/programmes",
       {{"name", "p"}, {"site_id", "$SITE"}, {"start_date", "2017-01-01"}, {"viewer_organization_ids", "dca"}},
       "viewer_organization_ids"},
      {"/api/v1/programmes",
       {{"name", "p"}, {"site_id", "$SITE"}, {"start_date", "2017-01-01"},
        {"viewer_organization_ids", {"01900000-0000-7000-8000-000000000000"}}},
       "viewer_organization_ids"},
  };
  for (const Case& c : cases) {
    Json body = c.body;
    if (body.contains("site_id") && body["site_id"] == "$SITE") body["site_id"] = site_id_;
    SCOPED_TRACE(c.path + " " + body.dump().substr(0, 200));
    HttpResponse r = client().Post(c.path, body, admin_.token);
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_TRUE(NamesField(r, c.field));
  }
}

TEST_F(BadInputTest, UnknownAndMissingFieldsAre422NamingThem) {
  Json unknown = ValidSite();
  unknown["colour"] = "red";
  HttpResponse r = client().Post("/api/v1/sites", unknown, admin_.token);
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_TRUE(NamesField(r, "colour"));
  // Fields the server owns are not writable either.
  for (const char* owned : {"id", "version", "organization_id", "created_at"}) {
    Json body = ValidSite();
    body[owned] = owned == std::string("version") ? Json(7) : Json("01900000-0000-7000-8000-000000000000");
    HttpResponse o = client().Post("/api/v1/sites", body, admin_.token);
    EXPECT_TRUE(IsProblem(o, 422)) << owned;
    EXPECT_TRUE(NamesField(o, owned));
  }
  for (const char* field : {"name", "type", "admin1"}) {
    Json body = ValidSite();
    body.erase(field);
    HttpResponse m = client().Post("/api/v1/sites", body, admin_.token);
    EXPECT_TRUE(IsProblem(m, 422)) << field;
    EXPECT_TRUE(NamesField(m, field));
  }
  HttpResponse empty = client().Post("/api/v1/sites", Json::object(), admin_.token);
  EXPECT_TRUE(IsProblem(empty, 422));
  EXPECT_GE(empty.json()["errors"].size(), 3u) << "every missing field is named at once: " << empty.body;
  HttpResponse no_password = client().Post(
      "/api/v1/users", {{"username", "iom.nopass"}, {"display_name", "x"}, {"roles", {"viewer"}}}, admin_.token);
  EXPECT_TRUE(IsProblem(no_password, 422));
  EXPECT_TRUE(NamesField(no_password, "password"));

  // PATCH: unknown field, immutable field, wrong type; the record is unchanged (checked in TearDown).
  HttpResponse p1 = client().Patch("/api/v1/sites/" + site_id_, {{"colour", "red"}}, admin_.token);
  EXPECT_TRUE(IsProblem(p1, 422));
  EXPECT_TRUE(NamesField(p1, "colour"));
  HttpResponse p2 = client().Patch("/api/v1/sites/" + site_id_, {{"name", 12}}, admin_.token);
  EXPECT_TRUE(IsProblem(p2, 422));
  EXPECT_TRUE(NamesField(p2, "name"));
  HttpResponse p3 = client().Patch("/api/v1/users/" + admin_.user_id, {{"username", "iom.boss"}}, admin_.token);
  EXPECT_TRUE(IsProblem(p3, 422));
  EXPECT_TRUE(NamesField(p3, "username"));
  HttpResponse p4 = client().Patch("/api/v1/sites/" + site_id_, {{"name", "ok"}, {"type", "palace"}}, admin_.token);
  EXPECT_TRUE(IsProblem(p4, 422));
  EXPECT_TRUE(NamesField(p4, "type"));

  // Session and password bodies are checked the same way.
  HttpResponse s1 = client().Post("/api/v1/session", {{"username", "iom.admin"}}, "");
  EXPECT_TRUE(IsProblem(s1, 422));
  EXPECT_TRUE(NamesField(s1, "password"));
  HttpResponse s2 = client().Post("/api/v1/session", {{"username", 5}, {"password", "x"}}, "");
  EXPECT_TRUE(IsProblem(s2, 422));
  EXPECT_TRUE(NamesField(s2, "username"));
  HttpResponse s3 = client().Post("/api/v1/session", {{"username", "iom.admin"}, {"password", "x"}, {"remember", true}}, "");
  EXPECT_TRUE(IsProblem(s3, 422));
  EXPECT_TRUE(NamesField(s3, "remember"));
  HttpResponse pw = client().Post("/api/v1/users/" + admin_.user_id + "/password", {{"pass", "x"}}, admin_.token);
  EXPECT_TRUE(IsProblem(pw, 422));
  EXPECT_TRUE(NamesField(pw, "pass"));
}

TEST_F(BadInputTest, OtherContentTypesAreRefusedNamingApplicationJson) {
  std::string body = ValidSite().dump();
  for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "", "application/jsonx",
                                 "multipart/form-data; boundary=x"}) {
    SCOPED_TRACE("Content-Type: " + type);
    HttpResponse r = PostRaw("/api/v1/sites", body, type);
    EXPECT_TRUE(IsProblem(r, 415));
    EXPECT_NE(Detail(r).find("application/json"), std::string::npos) << r.body;
  }
  // Parameters after the media type are fine.
  HttpResponse charset = PostRaw("/api/v1/organizations", R"({"code":"x1","name":1,"type":"other"})",
                                 "application/json; charset=utf-8");
  EXPECT_TRUE(IsProblem(charset, 422)) << "the body was read";
  EXPECT_TRUE(NamesField(charset, "name"));
}

TEST_F(BadInputTest, OversizedBodyIs413) {
  std::string big = "{\"name\": \"" + std::string((1 << 20) + 1000, 'x') + "\"}";
  HttpResponse r = PostRaw("/api/v1/sites", big);
  EXPECT_TRUE(IsProblem(r, 413));
  // Declared but not sent: refused from the header alone.
  HttpResponse declared = client().Raw("POST /api/v1/sites HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                       admin_.token +
                                       "\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{");
  EXPECT_TRUE(IsProblem(declared, 413));
  // Headers too large.
  HttpResponse header = client().Request("GET", "/api/v1/health", {{"X-Filler", std::string(40000, 'h')}});
  EXPECT_TRUE(IsClientProblem(header));
  EXPECT_EQ(header.status, 431) << header.Describe();
}

TEST_F(BadInputTest, UnknownRoutesAre404AndWrongMethods405WithAllow) {
  for (const std::string& path : std::vector<std::string>{"/api/v1/nothing", "/api/v2/sites", "/api/", "/api/v1/sites/x/y", "/api/v1/persons/x/y",
                                 "/api/v1/sites/" + site_id_ + "/password", "/api/v1/health/"}) {
    SCOPED_TRACE(path);
    EXPECT_TRUE(IsProblem(client().Get(path, admin_.token), 404));
  }
  struct Case {
    std::string method, path, allow;
  };
  for (const Case& c : std::vector<Case>{{"PUT", "/api/v1/sites", "GET, HEAD, POST"},
                                         {"DELETE", "/api/v1/sites", "GET, HEAD, POST"},
                                         {"POST", "/api/v1/sites/" + site_id_, "GET, HEAD, PATCH, DELETE"},
                                         {"PUT", "/api/v1/sites/" + site_id_, "GET, HEAD, PATCH, DELETE"},
                                         {"POST", "/api/v1/health", "GET, HEAD"},
                                         {"GET", "/api/v1/session", "POST, DELETE"},
                                         {"DELETE", "/api/v1/audit/verify", "GET, HEAD"}}) {
    SCOPED_TRACE(c.method + " " + c.path);
    HttpResponse r = client().Request(c.method, c.path, {{"Authorization", "Bearer " + admin_.token}});
    EXPECT_TRUE(IsProblem(r, 405));
    EXPECT_EQ(r.header("Allow").value_or("(none)"), c.allow);
  }
}

TEST_F(BadInputTest, BadIfMatchIsRefusedNamingIt) {
  for (const std::string value : {"1", "\"one\"", "\"\"", "\"1", "W/1", "\"1\", \"2\"", "\"-\""}) {
    SCOPED_TRACE("If-Match: " + value);
    HttpResponse r = client().Patch("/api/v1/sites/" + site_id_, {{"name", "Renamed"}}, admin_.token,
                                    {{"If-Match", value}});
    EXPECT_TRUE(IsClientProblem(r));
    EXPECT_NE(r.body.find("If-Match"), std::string::npos) << r.body;
    HttpResponse d = client().Delete("/api/v1/sites/" + site_id_, admin_.token, {{"If-Match", value}});
    EXPECT_TRUE(IsClientProblem(d));
    EXPECT_NE(d.body.find("If-Match"), std::string::npos) << d.body;
  }
  EXPECT_TRUE(IsProblem(client().Patch("/api/v1/sites/" + site_id_, {{"name", "Renamed"}}, admin_.token,
                                       {{"If-Match", "\"99\""}}),
                        412));
}

TEST_F(BadInputTest, BadQueryParametersAreRefusedNamingThem) {
  struct Case {
    std::string path, param;
  };
  for (const Case& c : std::vector<Case>{{"/api/v1/sites?limit=0", "limit"},
                                         {"/api/v1/sites?limit=201", "limit"},
                                         {"/api/v1/sites?limit=-1", "limit"},
                                         {"/api/v1/sites?limit=abc", "limit"},
                                         {"/api/v1/sites?limit=2x", "limit"},
                                         {"/api/v1/sites?limit=99999999999999999999", "limit"},
                                         {"/api/v1/sites?cursor=!!!!", "cursor"},
                                         {"/api/v1/users?cursor=%FF%FE", "cursor"},
                                         {"/api/v1/sites?colour=red", "colour"},
                                         {"/api/v1/sites?active=maybe", "active"},
                                         {"/api/v1/sites?password=x", "password"},
                                         {"/api/v1/audit", "entity"},
                                         {"/api/v1/audit?entity=sites", "entity"},
                                         {"/api/v1/audit?entity=persons:1", "entity"},
                                         {"/api/v1/audit?entity=sites:" + site_id_ + "&limit=0", "limit"},
                                         {"/api/v1/audit?entity=sites:" + site_id_ + "&cursor=x", "cursor"}}) {
    SCOPED_TRACE(c.path);
    HttpResponse r = client().Get(c.path, admin_.token);
    EXPECT_TRUE(IsClientProblem(r));
    EXPECT_TRUE(r.status == 400 || r.status == 422) << r.Describe();
    EXPECT_NE(r.body.find(c.param), std::string::npos) << r.body;
  }
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/sites?name=%ZZ", admin_.token), 400));
}

TEST_F(BadInputTest, NonUuidAndUnknownIdsAre404) {
  for (const std::string& id : std::vector<std::string>{"not-a-uuid", "1", "01900000-0000-7000-8000-000000000000", "%27%20OR%201%3D1--",
                               std::string(300, 'a')}) {
    SCOPED_TRACE(id);
    for (const char* collection : {"sites", "programmes", "users", "organizations"}) {
      std::string path = std::string("/api/v1/") + collection + "/" + id;
      EXPECT_TRUE(IsProblem(client().Get(path, admin_.token), 404)) << path;
      EXPECT_TRUE(IsProblem(client().Patch(path, {{"active", true}}, admin_.token), 404)) << path;
      EXPECT_TRUE(IsProblem(client().Delete(path, admin_.token), 404)) << path;
    }
    HttpResponse pw = client().Post("/api/v1/users/" + id + "/password", {{"password", "a fine passphrase 1"}},
                                    admin_.token);
    EXPECT_TRUE(IsProblem(pw, 404));
  }
  // Another kind's id under the wrong collection is not found either.
  EXPECT_TRUE(IsProblem(client().Get("/api/v1/users/" + site_id_, admin_.token), 404));
}

TEST_F(BadInputTest, MalformedHttpGetsAProblemOrAClosedConnection) {
  for (const std::string& raw : std::vector<std::string>{std::string("GARBAGE\r\n\r\n"), std::string("GET /api/v1/health HTTP/9.9\r\n\r\n"),
                                std::string("GET api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"),
                                std::string("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
                                std::string("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                            "Content-Type: application/json\r\n\r\nzz\r\n")}) {
    SCOPED_TRACE(raw);
    HttpResponse r = client().Raw(raw);
    if (r.status != 0) {
      EXPECT_TRUE(IsClientProblem(r));
    }
  }
  // The Idempotency-Key has a length limit.
  HttpResponse key = client().Post("/api/v1/sites", ValidSite(), admin_.token,
                                   {{"Idempotency-Key", std::string(201, 'k')}});
  EXPECT_TRUE(IsClientProblem(key));
  EXPECT_NE(key.body.find("Idempotency-Key"), std::string::npos) << key.body;
}

}  // namespace
}  // namespace baton::test

namespace baton::test {
namespace {

TEST_F(BadInputTest, NumbersBeyondRangeAre400EvenWithAnIdempotencyKey) {
  for (const std::string body : {R"({"username":1e400,"password":"x"})", R"({"username":-1e400})"}) {
    HttpResponse r = client().Request("POST", "/api/v1/session", {{"Content-Type", "application/json"}}, body);
    EXPECT_TRUE(IsProblem(r, 400)) << r.Describe();
  }
  Headers key = {{"Idempotency-Key", "out-of-range-1"}, {"Content-Type", "application/json"},
                 {"Authorization", "Bearer " + admin_.token}};
  std::string site = R"({"name":"Far","type":"camp","admin1":"Jonglei","latitude":1e400})";
  HttpResponse first = client().Request("POST", "/api/v1/sites", key, site);
  EXPECT_TRUE(IsProblem(first, 400)) << first.Describe();
  // The key is not left reserved: the retry gets the same answer, not "still in progress".
  HttpResponse again = client().Request("POST", "/api/v1/sites", key, site);
  EXPECT_TRUE(IsProblem(again, 400)) << again.Describe();
  EXPECT_EQ(again.body, first.body);
}

}  // namespace
}  // namespace baton::test
