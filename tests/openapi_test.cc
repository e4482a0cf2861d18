// The OpenAPI document against the router: the same (method, path) pairs, exactly, both as
// compiled in and as served by the real binary.
#include <filesystem>
#include <set>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "http/api/api.h"
#include "http/router.h"
#include "service/services.h"
#include "store/store.h"
#include "support/e2e.h"

namespace baton::test {
namespace {

using Routes = std::set<std::pair<std::string, std::string>>;

Routes DocumentRoutes(const Json& doc) {
  Routes out;
  if (!doc.is_object() || !doc.contains("paths")) return out;
  for (auto& [path, item] : doc["paths"].items()) {
    for (auto& [method, op] : item.items()) {
      static const std::set<std::string> kMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};
      if (!kMethods.count(method)) continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.emplace(upper, path);
    }
  }
  return out;
}

std::string Show(const Routes& r) {
  std::string s;
  for (const auto& [m, p] : r) s += "  " + m + " " + p + "\n";
  return s;
}

Routes RouterRoutes() {
  TempDir tmp;
  auto store = OpenStore(StoreOptions{.url = "sqlite:" + (tmp / "baton.db")});
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return {};
  auto services = OpenServices(**store, SystemClock::Instance(), SystemRandom::Instance());
  EXPECT_TRUE(services.ok()) << services.status().message();
  if (!services.ok()) return {};
  http::Router router;
  http::RegisterApi(router, **services, {"test", "sqlite"});
  Routes out;
  for (const auto& [method, pattern] : router.Routes()) {
    EXPECT_TRUE(out.emplace(method, pattern).second) << "route added twice: " << method << " " << pattern;
  }
  services->reset();
  (*store)->Close();
  return out;
}

void CheckDocument(const Json& doc) {
  ASSERT_TRUE(doc.is_object());
  for (const char* key : {"openapi", "info", "paths"}) ASSERT_TRUE(doc.contains(key)) << key;
  ASSERT_TRUE(doc["openapi"].is_string());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1.", 0), 0u) << doc["openapi"];
  ASSERT_TRUE(doc["info"].is_object());
  EXPECT_TRUE(doc["info"].contains("title") && doc["info"]["title"].is_string());
  EXPECT_TRUE(doc["info"].contains("version") && doc["info"]["version"].is_string());
  ASSERT_TRUE(doc["paths"].is_object());
  for (auto& [path, item] : doc["paths"].items()) {
    EXPECT_EQ(path.rfind("/api/v1/", 0), 0u) << path;
    for (auto& [method, op] : item.items()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      SCOPED_TRACE(method + " " + path);
      ASSERT_TRUE(op.is_object());
      ASSERT_TRUE(op.contains("responses") && op["responses"].is_object() && !op["responses"].empty());
      // Every {param} of the template is declared as a required path parameter.
      for (size_t b = path.find('{'); b != std::string::npos; b = path.find('{', b + 1)) {
        std::string name = path.substr(b + 1, path.find('}', b) - b - 1);
        bool declared = false;
        for (const Json* scope : {&op, &item}) {
          if (!scope->contains("parameters") || !(*scope)["parameters"].is_array()) continue;
          const Json* params = &(*scope)["parameters"];
          for (const Json& p : *params) {
            declared = declared || (p.value("name", "") == name && p.value("in", "") == "path" && p.value("required", false));
          }
        }
        EXPECT_TRUE(declared) << "path parameter " << name << " is not declared";
      }
      // $refs point into the document.
      std::string text = op.dump();
      for (size_t r = text.find("\"$ref\":\""); r != std::string::npos; r = text.find("\"$ref\":\"", r + 1)) {
        size_t start = r + 8;
        std::string ref = text.substr(start, text.find('"', start) - start);
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        EXPECT_TRUE(doc.contains(Json::json_pointer(ref.substr(1)))) << "dangling $ref " << ref;
      }
    }
  }
}

TEST(OpenApiTest, CompiledDocumentMatchesTheRouterExactly) {
  Json doc = Json::parse(http::OpenApiDocument(), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "the compiled-in document is not JSON";
  CheckDocument(doc);
  Routes documented = DocumentRoutes(doc);
  Routes routed = RouterRoutes();
  ASSERT_FALSE(routed.empty());
  Routes missing, extra;
  for (const auto& r : routed) {
    if (!documented.count(r)) missing.insert(r);
  }
  for (const auto& r : documented) {
    if (!routed.count(r)) extra.insert(r);
  }
  EXPECT_TRUE(missing.empty()) << "routes not in the OpenAPI document:\n" << Show(missing);
  EXPECT_TRUE(extra.empty()) << "documented paths the router does not serve:\n" << Show(extra);
}

TEST(OpenApiTest, ServedDocumentIsTheCompiledOne) {
  TempDir tmp;
  std::string dir = CopyDemo(tmp);
  auto server = BatonProcess::Serve(dir);
  ASSERT_NE(server, nullptr);
  HttpResponse r = server->client().Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.header("Content-Type").value_or("").rfind("application/json", 0), 0u);
  Json served = r.json();
  ASSERT_FALSE(served.is_discarded());
  EXPECT_EQ(served, Json::parse(http::OpenApiDocument()));
  EXPECT_EQ(DocumentRoutes(served), RouterRoutes());
  // Served without signing in.
  EXPECT_EQ(server->Stop(), 0);
}

}  // namespace
}  // namespace baton::test
