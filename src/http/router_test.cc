#include "http/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace baton::http {
namespace {

Response Text(std::string body) {
  Response r;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

Request Make(std::string method, std::string target) {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  const auto q = request.target.find('?');
  request.path = *PercentDecode(std::string_view(request.target).substr(0, q), false);
  return request;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/api/v1/health", [](Request&) { return Text("health"); });
    router_.Add("GET", "/api/v1/sites", [](Request&) { return Text("list"); });
    router_.Add("POST", "/api/v1/sites", [](Request&) { return Text("create"); });
    router_.Add("GET", "/api/v1/sites/{id}", [](Request& r) { return Text("get " + r.params.at("id")); });
    router_.Add("PATCH", "/api/v1/sites/{id}", [](Request& r) { return Text("patch " + r.params.at("id")); });
    router_.Add("GET", "/api/v1/sites/{site}/groups/{group}",
                [](Request& r) { return Text(r.params.at("site") + "/" + r.params.at("group")); });
    router_.Add("GET", "/api/v1/reports/{name}", [](Request& r) { return Text("report " + r.params.at("name")); });
    router_.Add("GET", "/api/v1/reports/indicators", [](Request&) { return Text("indicators"); });
  }
  Response Dispatch(std::string method, std::string target) {
    Request request = Make(std::move(method), std::move(target));
    return router_.Dispatch(request);
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/health").body, "health");
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites").body, "list");
  EXPECT_EQ(Dispatch("POST", "/api/v1/sites").body, "create");
}

TEST_F(RouterTest, FillsParameters) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/abc").body, "get abc");
  EXPECT_EQ(Dispatch("PATCH", "/api/v1/sites/abc").body, "patch abc");
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/s1/groups/g2").body, "s1/g2");
}

TEST_F(RouterTest, DecodesParametersSegmentBySegment) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/a%2Fb").body, "get a/b");
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/a%20b").body, "get a b");
}

TEST_F(RouterTest, IgnoresQueryString) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/x?limit=3").body, "get x");
}

TEST_F(RouterTest, LiteralBeatsParameter) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/reports/indicators").body, "indicators");
  EXPECT_EQ(Dispatch("GET", "/api/v1/reports/other").body, "report other");
}

TEST_F(RouterTest, WorksFromPathAlone) {
  Request request;
  request.method = "GET";
  request.path = "/api/v1/sites/p";
  EXPECT_EQ(router_.Dispatch(request).body, "get p");
}

TEST_F(RouterTest, UnknownPathIs404Problem) {
  for (const char* target : {"/nope", "/api/v1", "/api/v1/sites/x/y", "/", "/api/v1/health/"}) {
    Response r = Dispatch("GET", target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.content_type, "application/problem+json");
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["status"], 404);
    EXPECT_EQ(body["type"], "https://baton.example/problems/not-found");
  }
}

TEST_F(RouterTest, EmptyParameterDoesNotMatch) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/").status, 404);
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites//groups/g").status, 404);
}

TEST_F(RouterTest, TrailingSlashDoesNotMatch) {
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/").status, 404);
  EXPECT_EQ(Dispatch("GET", "/api/v1/sites/x/").status, 404);
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
  Response r = Dispatch("DELETE", "/api/v1/sites");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "GET, HEAD, POST");
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["status"], 405);
  EXPECT_EQ(body["type"], "https://baton.example/problems/method-not-allowed");

  Response param = Dispatch("POST", "/api/v1/sites/x");
  EXPECT_EQ(param.status, 405);
  EXPECT_EQ(param.header("Allow"), "GET, HEAD, PATCH");
}

TEST_F(RouterTest, HeadIsAnsweredByTheGetHandler) {
  Response r = Dispatch("HEAD", "/api/v1/sites/x");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Dispatch("HEAD", "/api/v1/nothing").status, 404);
}

TEST_F(RouterTest, MalformedEscapeInPathIs400) {
  Request request;
  request.method = "GET";
  request.target = "/api/v1/sites/%zz";
  request.path = "/api/v1/sites/%zz";
  EXPECT_EQ(router_.Dispatch(request).status, 400);
}

TEST_F(RouterTest, RoutesListsEveryRouteInOrder) {
  auto routes = router_.Routes();
  ASSERT_EQ(routes.size(), 8u);
  EXPECT_EQ(routes[0], std::make_pair(std::string("GET"), std::string("/api/v1/health")));
  EXPECT_EQ(routes[4], std::make_pair(std::string("PATCH"), std::string("/api/v1/sites/{id}")));
}

}  // namespace
}  // namespace baton::http
