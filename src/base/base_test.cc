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

TEST(StatusTest, InvalidFieldsKeepsEveryErrorAndSummarisesTheFirst) {
  EXPECT_TRUE(Status::InvalidFields({}).ok());
  Status one = Status::InvalidFields({{"date", "must be a date"}});
  EXPECT_EQ(one.code(), Code::kInvalid);
  EXPECT_EQ(one.message(), "date: must be a date");
  Status three = Status::InvalidFields({{"a", "x"}, {"b", "y"}, {"c", "z"}});
  EXPECT_EQ(three.message(), "a: x (and 2 more)");
  ASSERT_EQ(three.errors().size(), 3u);
  EXPECT_EQ(three.errors()[2], (FieldError{"c", "z"}));
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

TEST(IdsTest, IdsSortInTheOrderTheyWereMadeWithinOneMillisecondAndWhenTheClockStepsBack) {
  FakeClock clock(1'500'000'000'000);
  IdGenerator ids(clock, SystemRandom::Instance());
  std::string previous = ids.NewId();
  for (int i = 0; i < 10000; ++i) {  // more than the 4096 a millisecond's counter holds
    if (i == 5000) clock.Advance(-3);
    std::string next = ids.NewId();
    ASSERT_LT(previous, next) << "id " << i;
    previous = next;
  }
  clock.Advance(1000);
  const std::string later = ids.NewId();
  EXPECT_LT(previous, later);
  EXPECT_EQ(later.substr(0, 8), IdGenerator(clock, SystemRandom::Instance()).NewId().substr(0, 8));
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

TEST(CryptoTest, SealOpensOnlyWithTheSameKeyAndContext) {
  SeededRandom random(7);
  std::string key = crypto::NewKey(random);
  std::string other = crypto::NewKey(random);
  std::string sealed = crypto::Seal(key, "Nyandeng Garang", "person:1", random);
  EXPECT_EQ(sealed.find("Nyandeng"), std::string::npos);
  EXPECT_EQ(*crypto::Open(key, sealed, "person:1"), "Nyandeng Garang");
  EXPECT_EQ(crypto::Open(other, sealed, "person:1").status().code(), Code::kCorruption);
  EXPECT_EQ(crypto::Open(key, sealed, "person:2").status().code(), Code::kCorruption);
  // One flipped character anywhere is refused, never decrypted to something else.
  for (size_t i = 0; i < sealed.size(); i += 7) {
    std::string bad = sealed;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(crypto::Open(key, bad, "person:1").ok()) << i;
  }
  EXPECT_FALSE(crypto::Open(key, "", "person:1").ok());
  EXPECT_FALSE(crypto::Open(key, "AQ", "person:1").ok());
  // Two seals of one text differ (fresh nonce), both open.
  std::string again = crypto::Seal(key, "Nyandeng Garang", "person:1", random);
  EXPECT_NE(again, sealed);
  EXPECT_EQ(*crypto::Open(key, again, "person:1"), "Nyandeng Garang");
}

TEST(CryptoTest, DerivedKeysAndKeyedHashesDependOnKeyAndPurpose) {
  SeededRandom random(9);
  std::string key = crypto::NewKey(random);
  EXPECT_EQ(crypto::DeriveKey(key, 1, "blindidx"), crypto::DeriveKey(key, 1, "blindidx"));
  EXPECT_NE(crypto::DeriveKey(key, 1, "blindidx"), crypto::DeriveKey(key, 2, "blindidx"));
  EXPECT_NE(crypto::DeriveKey(key, 1, "blindidx"), crypto::DeriveKey(key, 1, "wrapkeys"));
  EXPECT_EQ(crypto::KeyedHash64(key, "deng"), crypto::KeyedHash64(key, "deng"));
  EXPECT_NE(crypto::KeyedHash64(key, "deng"), crypto::KeyedHash64(key, "dut"));
  EXPECT_NE(crypto::KeyedHash64(key, "deng"), crypto::KeyedHash64(crypto::NewKey(random), "deng"));
}

TEST(CryptoTest, PassphraseKeyDependsOnPassphraseAndSalt) {
  std::string salt(16, 's');
  auto a = crypto::KeyFromPassphrase("mango tree by the nile", salt);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->size(), crypto::kKeyBytes);
  EXPECT_EQ(*a, *crypto::KeyFromPassphrase("mango tree by the nile", salt));
  EXPECT_NE(*a, *crypto::KeyFromPassphrase("mango tree by the Nile", salt));
  EXPECT_NE(*a, *crypto::KeyFromPassphrase("mango tree by the nile", std::string(16, 't')));
  EXPECT_FALSE(crypto::KeyFromPassphrase("x", "short").ok());
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
