// Shared pieces of the end-to-end suites: problem+json checks and a fixture that serves a fresh
// copy of the demo data.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "support/baton_process.h"
#include "support/http_client.h"

namespace baton::test {

// An RFC 9457 problem: the HTTP status, Content-Type application/problem+json, and a JSON object
// with string type/title/detail and a numeric status equal to the HTTP status.
::testing::AssertionResult IsProblem(const HttpResponse& r, int status);
// The same for any status from 400 to 499.
::testing::AssertionResult IsClientProblem(const HttpResponse& r);
// The problem's errors[] names `field`.
::testing::AssertionResult NamesField(const HttpResponse& r, const std::string& field);

// The problem's detail names `field` (409 conflicts name their field there: "code is already taken").
::testing::AssertionResult DetailNames(const HttpResponse& r, const std::string& field);

// `body` with `changes` applied: each field of `changes` is added or replaced, a null removes it.
Json WithChanges(Json body, const Json& changes);

// The number of change-log entries, as reported by GET /api/v1/audit/verify (which must say ok).
int64_t LogEntries(const HttpClient& client, const std::string& admin_token);

// Serves a fresh copy of the demo data for each test.
class DemoServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  HttpClient client() const { return server_->client(); }

  TempDir tmp_;
  std::string data_;
  std::unique_ptr<BatonProcess> server_;
};

// The same, with iom.admin signed in as admin_.
class SignedInAdminTest : public DemoServerTest {
 protected:
  void SetUp() override;

  Session admin_;
};

}  // namespace baton::test
