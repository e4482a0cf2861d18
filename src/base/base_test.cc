#include <gtest/gtest.h>

#include <set>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "base/status.h"

namespace baton {
namespace {

TEST(StatusTest, ResultCarriesValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Status::NotFound("no such site");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code::kNotFound);
  EXPECT_EQ(bad.status().ToString(), "not_found: no such site");
}

TEST(StatusTest, InvalidFieldNamesTheField) {
  Status s = Status::InvalidField("admin1", "is required");
  EXPECT_EQ(s.code(), Code::kInvalid);
  ASSERT_EQ(s.errors().size(), 1u);
  EXPECT_EQ(s.errors()[0].field, "admin1");
}

TEST(IdsTest, UuidV7IsWellFormedAndTimeOrdered) {
  FakeClock clock(1'500'000'000'000);
  SeededRandom random(1);
  IdGenerator ids(clock, random);
  std::string a = ids.NewId();
  clock.Advance(1);
  std::string b = ids.NewId();
  EXPECT_TRUE(IsUuid(a));
  EXPECT_EQ(a[14], '7');
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
  EXPECT_LT(a, b);
  EXPECT_FALSE(IsUuid("not-a-uuid"));
  EXPECT_FALSE(IsUuid("0189ABCD-0000-7000-8000-000000000000"));
}

TEST(IdsTest, ManyIdsAreDistinctWithinOneMillisecond) {
  FakeClock clock;
  IdGenerator ids(clock, SystemRandom::Instance());
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(ids.NewId());
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(CryptoTest, Blake2bKnownAnswer) {
  crypto::Init();
  // BLAKE2b-256 of the empty string.
  EXPECT_EQ(crypto::Blake2bHex(""),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_NE(crypto::Blake2bKeyedHex("x", "0123456789abcdef"), crypto::Blake2bHex("x"));
}

TEST(CryptoTest, PasswordHashVerifiesOnlyTheRightPassword) {
  crypto::Init();
  auto hash = crypto::HashPassword("correct horse battery", crypto::PasswordCost::kFast);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(crypto::VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(crypto::VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(crypto::VerifyPassword("garbage", "correct horse battery"));
}

TEST(CryptoTest, Base64UrlRoundTrips) {
  std::vector<uint8_t> bytes = {0xfb, 0xff, 0x00, 0x10};
  std::string text = crypto::Base64Url(bytes);
  EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
  auto back = crypto::FromBase64Url(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, std::string("\xfb\xff\x00\x10", 4));
  EXPECT_FALSE(crypto::FromBase64Url("***").ok());
}

TEST(ClockTest, FormatsIsoTimestamps) {
  EXPECT_EQ(FormatTimestamp(1502789400123), "2017-08-15T09:30:00.123Z");
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
}

TEST(RandomTest, SeededRandomIsReproducible) {
  SeededRandom a(42), b(42), c(43);
  EXPECT_EQ(a.NextU64(), b.NextU64());
  EXPECT_NE(a.NextU64(), c.NextU64());
}

}  // namespace
}  // namespace baton
