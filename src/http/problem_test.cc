#include "http/problem.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace baton::http {
namespace {

nlohmann::json Body(const Response& r) { return nlohmann::json::parse(r.body); }

TEST(HttpStatusFor, MapsEveryCode) {
  EXPECT_EQ(HttpStatusFor(Code::kOk), 200);
  EXPECT_EQ(HttpStatusFor(Code::kInvalid), 400);
  EXPECT_EQ(HttpStatusFor(Code::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(Code::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(Code::kPreconditionFailed), 412);
  EXPECT_EQ(HttpStatusFor(Code::kPreconditionRequired), 428);
  EXPECT_EQ(HttpStatusFor(Code::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(Code::kForbidden), 403);
  EXPECT_EQ(HttpStatusFor(Code::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatusFor(Code::kPayloadTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(Code::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(Code::kCorruption), 500);
  EXPECT_EQ(HttpStatusFor(Code::kInternal), 500);
}

TEST(ProblemFor, NotFoundBody) {
  Response r = ProblemFor(Status::NotFound("no site with id x"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/problem+json");
  auto body = Body(r);
  EXPECT_EQ(body["type"], "https://baton.example/problems/not-found");
  EXPECT_EQ(body["title"], "Not Found");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["detail"], "no site with id x");
  EXPECT_FALSE(body.contains("errors"));
}

TEST(ProblemFor, InvalidWithFieldsIs422WithErrors) {
  Response r = ProblemFor(Status::Invalid("2 fields are invalid", {{"name", "must not be empty"},
                                                                   {"roles[1]", "unknown role"}}));
  EXPECT_EQ(r.status, 422);
  auto body = Body(r);
  EXPECT_EQ(body["type"], "https://baton.example/problems/validation-failed");
  EXPECT_EQ(body["status"], 422);
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][0]["field"], "name");
  EXPECT_EQ(body["errors"][0]["message"], "must not be empty");
  EXPECT_EQ(body["errors"][1]["field"], "roles[1]");
}

TEST(ProblemFor, InvalidWithoutFieldsIs400) {
  Response r = ProblemFor(Status::Invalid("body is not JSON"));
  EXPECT_EQ(r.status, 400);
  auto body = Body(r);
  EXPECT_EQ(body["type"], "https://baton.example/problems/bad-request");
  EXPECT_FALSE(body.contains("errors"));
}

TEST(ProblemFor, UnauthenticatedAsksForBearer) {
  Response r = ProblemFor(Status::Unauthenticated("token expired"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("WWW-Authenticate"), "Bearer");
}

TEST(ProblemFor, TooManyRequestsSaysWhenToRetry) {
  Response r = ProblemFor(Status::TooManyRequests("slow down"));
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(r.header("Retry-After").has_value());
}

TEST(ProblemFor, OtherCodes) {
  EXPECT_EQ(Body(ProblemFor(Status::Conflict("x")))["type"], "https://baton.example/problems/conflict");
  EXPECT_EQ(Body(ProblemFor(Status::PreconditionFailed("x")))["type"],
            "https://baton.example/problems/precondition-failed");
  EXPECT_EQ(ProblemFor(Status::PreconditionRequired("x")).status, 428);
  EXPECT_EQ(ProblemFor(Status::Forbidden("x")).status, 403);
  EXPECT_EQ(ProblemFor(Status::PayloadTooLarge("x")).status, 413);
  EXPECT_EQ(ProblemFor(Status::Unavailable("x")).status, 503);
  EXPECT_EQ(ProblemFor(Status::Corruption("x")).status, 500);
}

TEST(ProblemFor, InternalErrorsKeepTheirCauseOutOfTheAnswer) {
  auto body = Body(ProblemFor(Status::Internal("sqlite: disk I/O error at /secret/path")));
  EXPECT_EQ(body["status"], 500);
  EXPECT_EQ(body["title"], "Internal Server Error");
  EXPECT_EQ(body["detail"], "an internal error occurred and was logged");
  EXPECT_EQ(body.dump().find("secret"), std::string::npos);
  EXPECT_EQ(body.size(), 4u);  // type, title, status, detail
}

TEST(ProblemFor, InvalidUtf8InDetailDoesNotThrow) {
  Response r = ProblemFor(Status::NotFound("bad \xff byte"));
  EXPECT_NO_THROW(Body(r));
}

TEST(Problem, HttpLayerErrors) {
  Response r = Problem(431, "header too large");
  EXPECT_EQ(r.status, 431);
  auto body = Body(r);
  EXPECT_EQ(body["type"], "https://baton.example/problems/header-fields-too-large");
  EXPECT_EQ(body["title"], "Request Header Fields Too Large");
  EXPECT_EQ(body["detail"], "header too large");
  EXPECT_EQ(Body(Problem(413, "x"))["type"], "https://baton.example/problems/payload-too-large");
  EXPECT_EQ(Body(Problem(408, "x"))["type"], "https://baton.example/problems/request-timeout");
}

}  // namespace
}  // namespace baton::http
