#include "domain/dates.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "domain/record_spec.h"

namespace baton {
namespace {

constexpr int64_t kDayMs = 86'400'000;

// The next calendar day, found by trying day+1, then the 1st of the next month, then 1 January:
// an independent way of walking the calendar to check DateOfMs against.
std::string NextDay(const std::string& date) {
  int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  auto fmt = [](int yy, int mm, int dd) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yy, mm, dd);
    return std::string(buf);
  };
  if (IsValidDate(fmt(y, m, d + 1))) return fmt(y, m, d + 1);
  if (m < 12) return fmt(y, m + 1, 1);
  return fmt(y + 1, 1, 1);
}

TEST(DatesTest, DaysAndWeekdays) {
  EXPECT_EQ(DaysBetween("2016-02-28", "2016-03-01"), 2);  // a leap year
  EXPECT_EQ(DaysBetween("2015-02-28", "2015-03-01"), 1);
  EXPECT_EQ(DaysBetween("2016-03-01", "2016-02-28"), -2);
  EXPECT_EQ(DaysBetween("2014-01-01", "2017-01-01"), 1096);
  EXPECT_EQ(Weekday("2016-03-07"), 0);  // a Monday
  EXPECT_EQ(Weekday("2016-03-13"), 6);  // a Sunday
  EXPECT_EQ(Weekday("2017-08-15"), 1);  // the handover, a Tuesday
  EXPECT_EQ(WeekStart("2016-03-13"), "2016-03-07");
  EXPECT_EQ(WeekStart("2016-03-07"), "2016-03-07");
  EXPECT_EQ(WeekStart("2016-01-01"), "2015-12-28");  // across the year
}

TEST(DatesTest, YearsBetweenCountsWholeYears) {
  EXPECT_EQ(YearsBetween("2000-01-01", "2000-01-01"), 0);
  EXPECT_EQ(YearsBetween("2000-01-01", "2018-01-01"), 18);
  EXPECT_EQ(YearsBetween("2000-01-02", "2018-01-01"), 17);
  EXPECT_EQ(YearsBetween("2000-12-31", "2001-12-30"), 0);
  EXPECT_EQ(YearsBetween("2000-12-31", "2001-12-31"), 1);
  EXPECT_EQ(YearsBetween("1990-06-15", "2024-06-14"), 33);
  EXPECT_EQ(YearsBetween("1990-06-15", "2024-06-15"), 34);
}

TEST(DatesTest, BornOn29FebruaryTurnsOlderOn1MarchInCommonYears) {
  EXPECT_EQ(YearsBetween("2004-02-29", "2005-02-28"), 0);
  EXPECT_EQ(YearsBetween("2004-02-29", "2005-03-01"), 1);
  EXPECT_EQ(YearsBetween("2004-02-29", "2022-02-28"), 17);
  EXPECT_EQ(YearsBetween("2004-02-29", "2022-03-01"), 18);
  // In a leap year the birthday itself comes.
  EXPECT_EQ(YearsBetween("2004-02-29", "2008-02-28"), 3);
  EXPECT_EQ(YearsBetween("2004-02-29", "2008-02-29"), 4);
  // Someone born on 28 February is unaffected.
  EXPECT_EQ(YearsBetween("2004-02-28", "2005-02-28"), 1);
}

TEST(DatesTest, YearsBetweenIsNegativeBackwardsAndSymmetric) {
  EXPECT_EQ(YearsBetween("2010-05-01", "2000-05-01"), -10);
  EXPECT_EQ(YearsBetween("2010-05-01", "2000-05-02"), -9);
  EXPECT_EQ(YearsBetween("2010-05-01", "2010-04-30"), 0);
  EXPECT_EQ(YearsBetween("2010-05-01", "2009-05-01"), -1);
  EXPECT_EQ(YearsBetween("2005-02-28", "2004-02-29"), 0);
  EXPECT_EQ(YearsBetween("2005-03-01", "2004-02-29"), -1);
  const char* dates[] = {"1999-12-31", "2000-01-01", "2000-02-28", "2000-02-29", "2000-03-01",
                         "2001-02-28", "2001-03-01", "2003-07-15", "2004-02-29", "2020-12-31"};
  for (const char* a : dates) {
    for (const char* b : dates) EXPECT_EQ(YearsBetween(a, b), -YearsBetween(b, a)) << a << " " << b;
  }
}

TEST(DatesTest, AddYearsKeepsTheDayAndMoves29FebruaryTo28InCommonYears) {
  EXPECT_EQ(AddYears("2024-03-31", 1), "2025-03-31");
  EXPECT_EQ(AddYears("2024-03-31", 0), "2024-03-31");
  EXPECT_EQ(AddYears("2024-03-31", -18), "2006-03-31");
  EXPECT_EQ(AddYears("2004-02-29", 1), "2005-02-28");
  EXPECT_EQ(AddYears("2004-02-29", -1), "2003-02-28");
  EXPECT_EQ(AddYears("2004-02-29", 4), "2008-02-29");
  // Century years are leap only when divisible by 400.
  EXPECT_EQ(AddYears("1896-02-29", 4), "1900-02-28");
  EXPECT_EQ(AddYears("1996-02-29", 4), "2000-02-29");
  EXPECT_EQ(AddYears("2096-02-29", 4), "2100-02-28");
  EXPECT_EQ(AddYears("2000-02-29", 400), "2400-02-29");
}

TEST(DatesTest, AddYearsAndYearsBetweenAgreeExceptFor29February) {
  for (std::string d = "2003-01-01"; d != "2005-01-01"; d = NextDay(d)) {
    for (int n : {-20, -1, 1, 3, 18}) {
      if (d.substr(5) == "02-29") continue;
      EXPECT_EQ(YearsBetween(d, AddYears(d, n)), n) << d << " " << n;
    }
  }
  // AddYears lands on 28 February, one day before the birthday YearsBetween counts.
  EXPECT_EQ(YearsBetween("2004-02-29", AddYears("2004-02-29", 18)), 17);
}

TEST(DatesTest, UtcOffsetsRoundTripWithinTheRangeInUse) {
  EXPECT_EQ(ParseUtcOffset("+02:00"), 120);  // South Sudan
  EXPECT_EQ(ParseUtcOffset("+00:00"), 0);
  EXPECT_EQ(ParseUtcOffset("-03:30"), -210);
  EXPECT_EQ(ParseUtcOffset("+05:45"), 345);
  EXPECT_EQ(ParseUtcOffset("+14:00"), 14 * 60);
  EXPECT_EQ(ParseUtcOffset("-12:00"), -12 * 60);
  for (const char* bad : {"", "02:00", "+2:00", "+02", "+0200", "+02:10", "+02:60", "+14:15", "-12:15", "+99:00",
                          "+0a:00", "UTC+2"}) {
    EXPECT_EQ(ParseUtcOffset(bad), std::nullopt) << bad;
  }
  for (int m = -12 * 60; m <= 14 * 60; m += 15) EXPECT_EQ(ParseUtcOffset(FormatUtcOffset(m)), m) << m;
}

TEST(DatesTest, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(AddDays("2016-02-28", 1), "2016-02-29");
  EXPECT_EQ(AddDays("2015-02-28", 1), "2015-03-01");
  EXPECT_EQ(AddDays("2014-12-31", 1), "2015-01-01");
  EXPECT_EQ(AddDays("2015-01-01", -1), "2014-12-31");
  EXPECT_EQ(AddDays("2017-08-15", 0), "2017-08-15");
  std::string d = "2014-03-01";
  for (int i = 0; i < 1000; ++i) d = NextDay(d);
  EXPECT_EQ(AddDays("2014-03-01", 1000), d);
  EXPECT_EQ(AddDays(d, -1000), "2014-03-01");
}

TEST(DatesTest, DateOfMsAtDayBoundaries) {
  EXPECT_EQ(DateOfMs(0), "1970-01-01");
  EXPECT_EQ(DateOfMs(kDayMs - 1), "1970-01-01");
  EXPECT_EQ(DateOfMs(kDayMs), "1970-01-02");
  EXPECT_EQ(DateOfMs(-1), "1969-12-31");
  EXPECT_EQ(DateOfMs(-kDayMs), "1969-12-31");
  EXPECT_EQ(DateOfMs(-kDayMs - 1), "1969-12-30");
  EXPECT_EQ(DateOfMs(1'700'000'000'000), "2023-11-14");  // 22:13:20 UTC

  const int64_t leap_day = 1'709'164'800'000;  // 2024-02-29T00:00:00Z
  EXPECT_EQ(DateOfMs(leap_day - 1), "2024-02-28");
  EXPECT_EQ(DateOfMs(leap_day), "2024-02-29");
  EXPECT_EQ(DateOfMs(leap_day + kDayMs - 1), "2024-02-29");
  EXPECT_EQ(DateOfMs(leap_day + kDayMs), "2024-03-01");
  EXPECT_EQ(DateOfMs(951'782'400'000), "2000-02-29");
  EXPECT_EQ(DateOfMs(4'107'542'400'000 - 1), "2100-02-28");  // 2100 is not a leap year
  EXPECT_EQ(DateOfMs(4'107'542'400'000), "2100-03-01");
}

TEST(DatesTest, DateOfMsWalksEveryDayFrom1900To2200) {
  std::string expected = "1900-01-01";
  int64_t ms = -2'208'988'800'000;  // 1900-01-01T00:00:00Z
  int days = 0;
  while (expected != "2201-01-01") {
    ASSERT_EQ(DateOfMs(ms), expected);
    ASSERT_EQ(DateOfMs(ms + kDayMs - 1), expected);
    expected = NextDay(expected);
    ms += kDayMs;
    ++days;
  }
  EXPECT_EQ(days, 301 * 365 + 73);  // 73 leap days: every 4th year except 1900, 2100 and 2200
}

TEST(DatesTest, DateOfMsHandlesTheExtremesWithoutOverflow) {
  EXPECT_EQ(DateOfMs(INT64_MAX), "292278994-08-17");
  EXPECT_EQ(DateOfMs(INT64_MIN), "-292275055-05-16");
}

}  // namespace
}  // namespace baton
