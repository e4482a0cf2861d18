#include "changes/hlc.h"

#include <gtest/gtest.h>

namespace baton {
namespace {

TEST(HlcTest, FollowsWallClockWhenItMovesForward) {
  FakeClock clock(1'000);
  HybridLogicalClock hlc(clock);
  HlcTime a = hlc.Now();
  EXPECT_EQ(a.wall_ms(), 1000);
  EXPECT_EQ(a.counter(), 0);
  clock.Advance(5);
  HlcTime b = hlc.Now();
  EXPECT_EQ(b.wall_ms(), 1005);
  EXPECT_EQ(b.counter(), 0);
}

TEST(HlcTest, CountsWithinOneMillisecond) {
  FakeClock clock(1'000);
  HybridLogicalClock hlc(clock);
  HlcTime a = hlc.Now();
  HlcTime b = hlc.Now();
  EXPECT_LT(a, b);
  EXPECT_EQ(b.wall_ms(), 1000);
  EXPECT_EQ(b.counter(), 1);
}

TEST(HlcTest, NeverGoesBackwardsWhenWallClockDoes) {
  FakeClock clock(10'000);
  HybridLogicalClock hlc(clock);
  HlcTime a = hlc.Now();
  clock.Set(9'000);  // the laptop's clock was corrected backwards
  HlcTime b = hlc.Now();
  EXPECT_LT(a, b);
  EXPECT_EQ(b.wall_ms(), 10'000);
}

TEST(HlcTest, ObservedRemoteTimeOrdersLaterEvents) {
  FakeClock clock(1'000);
  HybridLogicalClock hlc(clock);
  HlcTime remote = HlcTime::From(50'000, 7);  // another node whose clock runs ahead
  hlc.Observe(remote);
  HlcTime next = hlc.Now();
  EXPECT_GT(next, remote);
  EXPECT_EQ(next.wall_ms(), 50'000);
  EXPECT_EQ(next.counter(), 8);
}

TEST(HlcTest, CounterOverflowCarriesIntoMilliseconds) {
  FakeClock clock(1'000);
  HybridLogicalClock hlc(clock);
  hlc.Observe(HlcTime::From(1'000, 0xffff));
  HlcTime next = hlc.Now();
  EXPECT_EQ(next.wall_ms(), 1'001);
  EXPECT_EQ(next.counter(), 0);
}

TEST(HlcTest, TextFormRoundTripsAndSorts) {
  HlcTime t = HlcTime::From(1502789400123, 0x2a);
  EXPECT_EQ(t.ToString(), "0001502789400123-002a");
  auto back = HlcTime::Parse(t.ToString());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, t);
  EXPECT_LT(HlcTime::From(999, 1).ToString(), HlcTime::From(1000, 0).ToString());
  EXPECT_FALSE(HlcTime::Parse("0001502789400123_002a").ok());
  EXPECT_FALSE(HlcTime::Parse("x").ok());
  EXPECT_FALSE(HlcTime::Parse("000150278940012x-002a").ok());
}

}  // namespace
}  // namespace baton
