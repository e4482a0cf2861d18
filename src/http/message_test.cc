#include "http/message.h"

#include <gtest/gtest.h>

namespace baton::http {
namespace {

TEST(PercentDecode, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc", false), "a b/c");
  EXPECT_EQ(PercentDecode("%c3%a9", false), "\xc3\xa9");
  EXPECT_EQ(PercentDecode("", false), "");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("%", false), std::nullopt);
  EXPECT_EQ(PercentDecode("abc%2", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%2g", false), std::nullopt);
  EXPECT_EQ(PercentDecode("%%41", false), std::nullopt);
}

TEST(PercentDecode, RejectsEncodedNul) {
  EXPECT_EQ(PercentDecode("a%00b", false), std::nullopt);
  EXPECT_EQ(PercentDecode(std::string_view("a\0b", 3), false), std::nullopt);
}

TEST(ParseQuery, SplitsAndDecodes) {
  auto q = ParseQuery("a=1&b=x%20y&c=&d&a=2&e=p+q");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->count("a"), 2u);
  auto range = q->equal_range("a");
  EXPECT_EQ(range.first->second, "1");
  EXPECT_EQ(std::next(range.first)->second, "2");
  EXPECT_EQ(q->find("b")->second, "x y");
  EXPECT_EQ(q->find("c")->second, "");
  EXPECT_EQ(q->find("d")->second, "");
  EXPECT_EQ(q->find("e")->second, "p q");
}

TEST(ParseQuery, SkipsEmptyPairs) {
  auto q = ParseQuery("&&a=1&&");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->size(), 1u);
  EXPECT_EQ(ParseQuery("")->size(), 0u);
}

TEST(ParseQuery, RejectsMalformed) {
  EXPECT_EQ(ParseQuery("a=%zz"), std::nullopt);
  EXPECT_EQ(ParseQuery("a%=1"), std::nullopt);
  EXPECT_EQ(ParseQuery("a=%00"), std::nullopt);
}

TEST(Request, HeadersAreCaseInsensitive) {
  Request request;
  request.headers.emplace("Content-Type", "application/json");
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(request.header("Accept"), std::nullopt);
}

TEST(Request, QueryParamGivesFirstValue) {
  Request request;
  request.query = *ParseQuery("limit=10&limit=20&cursor=abc");
  EXPECT_EQ(request.query_param("limit"), "10");
  EXPECT_EQ(request.query_param("cursor"), "abc");
  EXPECT_EQ(request.query_param("lim"), std::nullopt);
  EXPECT_EQ(request.query_param("missing"), std::nullopt);
}

TEST(Response, SetHeaderReplacesCaseInsensitively) {
  Response response;
  response.set_header("ETag", "\"1\"").set_header("etag", "\"2\"");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.header("ETAG"), "\"2\"");
  EXPECT_EQ(response.header("Location"), std::nullopt);
}

TEST(Response, ContentTypeHeaderIsTheContentTypeField) {
  Response response;
  response.set_header("Content-Type", "text/csv");
  EXPECT_EQ(response.content_type, "text/csv");
  EXPECT_TRUE(response.headers.empty());
  EXPECT_EQ(response.header("content-type"), "text/csv");
}

TEST(CaseInsensitiveLess, OrdersIgnoringCase) {
  CaseInsensitiveLess less;
  EXPECT_FALSE(less("ABC", "abc"));
  EXPECT_FALSE(less("abc", "ABC"));
  EXPECT_TRUE(less("abc", "abd"));
  EXPECT_TRUE(less("ab", "ABC"));
}

}  // namespace
}  // namespace baton::http
