#include "support/e2e.h"

namespace baton::test {

namespace {
::testing::AssertionResult ProblemShape(const HttpResponse& r) {
  auto type = r.header("Content-Type");
  if (!type || type->rfind("application/problem+json", 0) != 0) {
    return ::testing::AssertionFailure() << "Content-Type is " << type.value_or("(none)")
                                         << ", not application/problem+json: " << r.Describe();
  }
  Json j = r.json();
  if (!j.is_object()) return ::testing::AssertionFailure() << "problem body is not a JSON object: " << r.Describe();
  for (const char* key : {"type", "title", "detail"}) {
    if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) {
      return ::testing::AssertionFailure() << "problem lacks a string '" << key << "': " << r.Describe();
    }
  }
  if (!j.contains("status") || !j["status"].is_number_integer() || j["status"].get<int>() != r.status) {
    return ::testing::AssertionFailure() << "problem 'status' differs from the HTTP status: " << r.Describe();
  }
  return ::testing::AssertionSuccess();
}
}  // namespace

::testing::AssertionResult IsClientProblem(const HttpResponse& r) {
  if (r.status < 400 || r.status > 499) {
    return ::testing::AssertionFailure() << "expected a 4xx problem, got " << r.Describe();
  }
  return ProblemShape(r);
}

::testing::AssertionResult IsProblem(const HttpResponse& r, int status) {
  if (r.status != status) {
    return ::testing::AssertionFailure() << "expected HTTP " << status << ", got " << r.Describe();
  }
  return ProblemShape(r);
}

::testing::AssertionResult NamesField(const HttpResponse& r, const std::string& field) {
  Json j = r.json();
  if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
    for (const Json& e : j["errors"]) {
      if (e.is_object() && e.value("field", "") == field) {
        if (!e.contains("message") || !e["message"].is_string() || e["message"].get<std::string>().empty()) {
          return ::testing::AssertionFailure() << "errors[] entry for " << field << " has no message: " << r.body;
        }
        return ::testing::AssertionSuccess();
      }
    }
  }
  return ::testing::AssertionFailure() << "errors[].field does not name '" << field << "': " << r.Describe();
}

::testing::AssertionResult DetailNames(const HttpResponse& r, const std::string& field) {
  Json j = r.json();
  std::string detail = j.is_object() ? j.value("detail", "") : "";
  if (detail.rfind(field + " ", 0) == 0 || detail.rfind(field + ":", 0) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "the detail does not name '" << field << "': " << r.Describe();
}

Json WithChanges(Json body, const Json& changes) {
  for (auto it = changes.begin(); it != changes.end(); ++it) {
    if (it->is_null()) {
      body.erase(it.key());
    } else {
      body[it.key()] = *it;
    }
  }
  return body;
}

int64_t LogEntries(const HttpClient& client, const std::string& admin_token) {
  HttpResponse r = client.Get("/api/v1/audit/verify", admin_token);
  EXPECT_EQ(r.status, 200) << r.Describe();
  Json j = r.json();
  EXPECT_TRUE(j.is_object() && j.value("ok", false)) << r.Describe();
  return j.is_object() ? j.value("entries", int64_t{-1}) : -1;
}

void DemoServerTest::SetUp() {
  data_ = CopyDemo(tmp_);
  server_ = BatonProcess::Serve(data_);
  ASSERT_NE(server_, nullptr);
}

void DemoServerTest::TearDown() {
  if (server_ && server_->running()) {
    int status = server_->Stop();
    EXPECT_EQ(status, 0) << "baton serve did not stop cleanly; stderr:\n" << server_->Stderr();
    std::string err = server_->Stderr();
    EXPECT_EQ(err.find("\"status\":500"), std::string::npos) << "the server answered 500:\n" << err;
  }
}

void SignedInAdminTest::SetUp() {
  DemoServerTest::SetUp();
  if (HasFatalFailure()) return;
  admin_ = SignIn(client(), "iom.admin");
  ASSERT_FALSE(admin_.token.empty());
}

}  // namespace baton::test
