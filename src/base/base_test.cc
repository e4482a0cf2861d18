#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "base/parallel.h"
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

TEST(ParallelForTest, CoversTheRangeOnceInContiguousParts) {
  for (size_t n : {0, 1, 1023, 5000, 100001}) {
    std::vector<int> seen(n, 0);
    std::mutex mu;
    std::vector<std::pair<size_t, size_t>> parts;
    ParallelFor(n, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++seen[i];
      std::lock_guard lock(mu);
      parts.emplace_back(begin, end);
    });
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; })) << n;
    std::sort(parts.begin(), parts.end());
    size_t next = 0;
    for (const auto& [begin, end] : parts) {
      EXPECT_EQ(begin, next) << n;
      next = end;
    }
    EXPECT_EQ(next, n);
    // No part is smaller than asked for (the default 1024), so a small range stays on one thread.
    if (n < 2048) {
      EXPECT_EQ(parts.size(), 1u) << n;
    }
  }
}

TEST(ParallelForTest, AnExceptionOfAPartReachesTheCallerAfterEveryPartEnded) {
  std::atomic<int> ended{0};
  EXPECT_THROW(ParallelFor(
                   8, [&](size_t, size_t end) {
                     ++ended;
                     if (end == 8) throw std::runtime_error("the last part failed");
                   },
                   1, 4),
               std::runtime_error);
  EXPECT_EQ(ended.load(), static_cast<int>(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4)));
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

TEST(CryptoTest, SignaturesVerifyOnlyTheSignedMessageUnderItsKey) {
  SeededRandom random(11);
  const crypto::KeyPair keys = crypto::SigningKeysFromSeed(crypto::NewKey(random));
  const crypto::KeyPair other = crypto::SigningKeysFromSeed(crypto::NewKey(random));
  EXPECT_EQ(keys.public_key.size(), crypto::kPublicKeyBytes);
  const std::string sig = crypto::Sign(keys, "manifest");
  EXPECT_EQ(sig.size(), crypto::kSignatureBytes);
  EXPECT_TRUE(crypto::VerifySignature(keys.public_key, "manifest", sig));
  EXPECT_FALSE(crypto::VerifySignature(keys.public_key, "manifesT", sig));
  EXPECT_FALSE(crypto::VerifySignature(other.public_key, "manifest", sig));
  std::string bad = sig;
  bad[10] ^= 1;
  EXPECT_FALSE(crypto::VerifySignature(keys.public_key, "manifest", bad));
  EXPECT_FALSE(crypto::VerifySignature(keys.public_key, "manifest", sig.substr(1)));
  // The same seed makes the same keys: an organisation's keys are kept as their seed.
  const std::string seed(32, 'k');
  EXPECT_EQ(crypto::SigningKeysFromSeed(seed).public_key, crypto::SigningKeysFromSeed(seed).public_key);
  EXPECT_EQ(crypto::BoxKeysFromSeed(seed).public_key, crypto::BoxKeysFromSeed(seed).public_key);
}

TEST(CryptoTest, SealedBoxOpensOnlyForItsRecipient) {
  SeededRandom random(12);
  const crypto::KeyPair alarm = crypto::BoxKeysFromSeed(crypto::NewKey(random));
  const crypto::KeyPair iom = crypto::BoxKeysFromSeed(crypto::NewKey(random));
  const std::string box = crypto::SealTo(alarm.public_key, "stream key");
  EXPECT_EQ(box.find("stream key"), std::string::npos);
  EXPECT_EQ(*crypto::OpenSealedBox(alarm, box), "stream key");
  EXPECT_EQ(crypto::OpenSealedBox(iom, box).status().code(), Code::kCorruption);
  std::string bad = box;
  bad.back() ^= 1;
  EXPECT_FALSE(crypto::OpenSealedBox(alarm, bad).ok());
  EXPECT_FALSE(crypto::OpenSealedBox(alarm, "").ok());
}

TEST(CryptoTest, StreamFramesOpenInOrderAndTruncationOrTamperingIsFound) {
  SeededRandom random(13);
  const std::string key = crypto::NewKey(random);
  crypto::StreamSealer sealer(key);
  const std::string f1 = sealer.Push("first", "header", false);
  const std::string f2 = sealer.Push("second", "", false);
  const std::string f3 = sealer.Push("last", "", true);
  auto open_all = [&](std::vector<std::string> frames, std::string ad0) -> Result<std::string> {
    BATON_ASSIGN_OR_RETURN(auto opener, crypto::StreamOpener::Start(key, sealer.header()));
    std::string out;
    bool final = false;
    for (size_t i = 0; i < frames.size(); ++i) {
      BATON_ASSIGN_OR_RETURN(std::string plain, opener->Pull(frames[i], i == 0 ? ad0 : "", final));
      out += plain + "|";
    }
    if (!final) return Status::Corruption("truncated");
    return out;
  };
  EXPECT_EQ(*open_all({f1, f2, f3}, "header"), "first|second|last|");
  EXPECT_FALSE(open_all({f1, f2, f3}, "headers").ok());  // the associated data is bound
  EXPECT_FALSE(open_all({f1, f3, f2}, "header").ok());   // reordered
  EXPECT_FALSE(open_all({f1, f1, f2, f3}, "header").ok());  // repeated
  EXPECT_EQ(open_all({f1, f2}, "header").status().message(), "truncated");  // no final tag
  std::string bad = f2;
  bad[3] ^= 1;
  EXPECT_FALSE(open_all({f1, bad, f3}, "header").ok());
  bool final = false;  // another key opens nothing
  EXPECT_FALSE(crypto::StreamOpener::Start(crypto::NewKey(random), sealer.header()).value()->Pull(f1, "header", final).ok());
}

TEST(CryptoTest, Blake2bStreamEqualsOneShotHash) {
  crypto::Blake2bStream h;
  h.Update("Bor ");
  h.Update("PoC");
  EXPECT_EQ(h.FinalHex(), crypto::Blake2bHex("Bor PoC"));
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
