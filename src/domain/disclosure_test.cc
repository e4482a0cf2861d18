#include "domain/disclosure.h"

#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

namespace baton {
namespace {

// The reader of disclosure.h: knows every published count, that hidden counts are at least 1, that
// totals add up, and (generously) a bound on every count: the true grand total, or that plus the
// threshold when the grand total is hidden. Enumerates every table that fits and collects the
// values each hidden cell takes; a hidden cell with one possible value has been disclosed.
class Attacker {
 public:
  Attacker(const CountTable& table, const std::vector<bool>& hidden, int64_t threshold)
      : table_(table), hidden_(hidden) {
    bound_ = hidden_.back() ? table.Total() + threshold : table.Total();
    for (size_t i = 0; i < table.cell_count(); ++i) {
      if (IsCategoryCell(i) && hidden_[i]) unknowns_.push_back(i);
    }
    // For each category cell, the cells that add it up (itself included); what is known of each sum.
    above_.resize(table.cell_count());
    sum_.assign(table.cell_count(), 0);
    open_.assign(table.cell_count(), 0);
    for (size_t i = 0; i < table.cell_count(); ++i) {
      if (!IsCategoryCell(i)) continue;
      for (size_t t = 0; t < table.cell_count(); ++t) {
        if (!Covers(t, i)) continue;
        above_[i].push_back(t);
        if (hidden_[i]) {
          ++open_[t];
        } else {
          sum_[t] += table.count(i);
        }
      }
    }
  }

  // The hidden cells (category cells and totals) whose value the published table fixes.
  std::vector<size_t> Disclosed() {
    seen_.clear();
    Search(0);
    std::vector<size_t> out;
    for (size_t i = 0; i < table_.cell_count(); ++i) {
      if (hidden_[i] && seen_[i].size() < 2) out.push_back(i);
    }
    return out;
  }

 private:
  bool IsCategoryCell(size_t i) const {
    const std::vector<int> c = table_.CoordinatesOf(i);
    for (size_t d = 0; d < c.size(); ++d) {
      if (c[d] == table_.sizes()[d]) return false;
    }
    return true;
  }
  bool Covers(size_t total, size_t cell) const {
    const std::vector<int> t = table_.CoordinatesOf(total), c = table_.CoordinatesOf(cell);
    for (size_t d = 0; d < t.size(); ++d) {
      if (t[d] != table_.sizes()[d] && t[d] != c[d]) return false;
    }
    return true;
  }
  // Whether the sums above `cell` can still come out right, each cell yet to try being at least 1.
  bool Consistent(size_t cell) const {
    for (size_t t : above_[cell]) {
      const int64_t least = sum_[t] + open_[t];
      if (hidden_[t] ? least > bound_ : least > table_.count(t) || (open_[t] == 0 && sum_[t] != table_.count(t))) {
        return false;
      }
    }
    return true;
  }
  void Set(size_t cell, int64_t delta, int open) {
    for (size_t t : above_[cell]) sum_[t] += delta, open_[t] += open;
  }
  bool AllSeenTwice() const {
    for (size_t i = 0; i < table_.cell_count(); ++i) {
      if (!hidden_[i]) continue;
      auto it = seen_.find(i);
      if (it == seen_.end() || it->second.size() < 2) return false;
    }
    return true;
  }
  // Returns true to stop (every hidden cell already has two possible values).
  bool Search(size_t k) {
    if (k == unknowns_.size()) {
      for (size_t t = 0; t < table_.cell_count(); ++t) {
        if (hidden_[t]) seen_[t].insert(sum_[t]);
      }
      return AllSeenTwice();
    }
    const size_t cell = unknowns_[k];
    Set(cell, 1, -1);
    bool stop = false;
    for (int64_t v = 1; v <= bound_ && !stop; ++v) {
      if (v > 1) Set(cell, 1, 0);
      if (!Consistent(cell)) {
        // Too much for a sum above it now: more would be too.
        bool over = false;
        for (size_t t : above_[cell]) over = over || sum_[t] + open_[t] > (hidden_[t] ? bound_ : table_.count(t));
        if (over) {
          Set(cell, -v, 1);
          return false;
        }
        continue;
      }
      stop = Search(k + 1);
      if (stop) return true;
    }
    Set(cell, -bound_, 1);
    return false;
  }

  const CountTable& table_;
  const std::vector<bool>& hidden_;
  int64_t bound_ = 0;
  std::vector<size_t> unknowns_;
  std::vector<std::vector<size_t>> above_;
  std::vector<int64_t> sum_, open_;
  std::map<size_t, std::set<int64_t>> seen_;
};

CountTable Table2(const std::vector<std::vector<int64_t>>& rows) {
  CountTable t({static_cast<int>(rows.size()), static_cast<int>(rows[0].size())});
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < rows[r].size(); ++c) t.Add({static_cast<int>(r), static_cast<int>(c)}, rows[r][c]);
  }
  return t;
}

TEST(CountTableTest, TotalsAddUpAlongEveryDimension) {
  CountTable t = Table2({{3, 10, 12}, {8, 9, 20}});
  EXPECT_EQ(t.count(t.IndexOf({0, 3})), 25);  // female, all ages
  EXPECT_EQ(t.count(t.IndexOf({2, 1})), 19);  // both sexes, second band
  EXPECT_EQ(t.Total(), 62);
  EXPECT_EQ(t.CoordinatesOf(t.IndexOf({1, 2})), (std::vector<int>{1, 2}));
  CountTable none({});
  none.Add({}, 4);
  EXPECT_EQ(none.Total(), 4);
  EXPECT_EQ(none.cell_count(), 1u);
}

TEST(DisclosureTest, ASmallCountHidesTheSmallestCountsThatWouldRevealIt) {
  // female: 3 10 12 | 25; male: 8 9 20 | 37; totals 11 19 32 | 62.
  CountTable t = Table2({{3, 10, 12}, {8, 9, 20}});
  std::vector<bool> hidden = SuppressSmallCells(t, 5);
  std::set<std::vector<int>> got;
  for (size_t i = 0; i < hidden.size(); ++i) {
    if (hidden[i]) got.insert(t.CoordinatesOf(i));
  }
  // 3 alone; 10 (the smallest of its row) and 8 (of its column), then 9 for the column of 10.
  EXPECT_EQ(got, (std::set<std::vector<int>>{{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
  EXPECT_TRUE(Attacker(t, hidden, 5).Disclosed().empty());
}

TEST(DisclosureTest, WithoutComplementaryCellsTheSmallCountWouldBeRecomputed) {
  CountTable t = Table2({{3, 10, 12}, {8, 9, 20}});
  std::vector<bool> primary(t.cell_count(), false);
  primary[t.IndexOf({0, 0})] = true;
  EXPECT_EQ(Attacker(t, primary, 5).Disclosed(), (std::vector<size_t>{t.IndexOf({0, 0})}));
}

TEST(DisclosureTest, TwoHiddenOnesAreNotEnoughWhenTheirSumShowsThem) {
  // Row: 1 1 30 | 32 — hiding both ones leaves 2 for two counts of at least 1: both are 1.
  CountTable t = Table2({{1, 1, 30}});
  std::vector<bool> hidden = SuppressSmallCells(t, 5);
  EXPECT_TRUE(hidden[t.IndexOf({0, 2})]) << "the 30 is hidden with them";
  EXPECT_TRUE(Attacker(t, hidden, 5).Disclosed().empty());
}

TEST(DisclosureTest, ASmallGrandTotalIsHiddenWithItsParts) {
  CountTable t = Table2({{1, 0}, {2, 0}});
  std::vector<bool> hidden = SuppressSmallCells(t, 5);
  for (size_t i = 0; i < hidden.size(); ++i) {
    EXPECT_EQ(hidden[i], t.count(i) > 0) << "cell " << i << ": zeros stay published";
  }
  EXPECT_TRUE(Attacker(t, hidden, 5).Disclosed().empty());
}

TEST(DisclosureTest, NothingIsHiddenWithoutSmallCountsOrWithAThresholdOfOne) {
  CountTable t = Table2({{5, 0, 12}, {8, 9, 20}});
  for (bool h : SuppressSmallCells(t, 5)) EXPECT_FALSE(h);
  CountTable small = Table2({{1, 2}, {3, 4}});
  for (bool h : SuppressSmallCells(small, 1)) EXPECT_FALSE(h);
  std::vector<bool> ten = SuppressSmallCells(Table2({{5, 12}, {8, 20}}), 10);
  EXPECT_TRUE(ten[0] && ten[3])
      << "the threshold is a setting: 5 and 8 are small under 10";
}

// A total another table hides (the grand total, shared by tables of one count) is hidden here too,
// and nothing published here gives it away.
TEST(DisclosureTest, ATotalHiddenElsewhereIsProtectedHere) {
  // One dimension (a programme's population groups): the smallest count goes with the total.
  CountTable t({3});
  t.Add({0}, 30);
  t.Add({1}, 41);
  t.Add({2}, 52);
  std::vector<bool> already(t.cell_count(), false);
  already.back() = true;
  std::vector<bool> hidden = SuppressSmallCells(t, 5, already);
  EXPECT_EQ(hidden, (std::vector<bool>{true, false, false, true})) << "30 hidden with the total";
  EXPECT_TRUE(Attacker(t, hidden, 5).Disclosed().empty());
  std::mt19937 random(15082017);
  std::uniform_int_distribution<int> value(0, 12);
  for (int round = 0; round < 40; ++round) {
    CountTable r({2, 3});
    for (int a = 0; a < 2; ++a) {
      for (int b = 0; b < 3; ++b) r.Add({a, b}, value(random));
    }
    std::vector<bool> forced(r.cell_count(), false);
    forced.back() = true;
    std::vector<bool> h = SuppressSmallCells(r, 5, forced);
    EXPECT_TRUE(h.back() || r.Total() == 0);
    EXPECT_TRUE(Attacker(r, h, 5).Disclosed().empty()) << "round " << round;
  }
}

// Random tables of two and three dimensions, many counts small: every small count is hidden, no
// zero is, and the attacker pins down none of the hidden cells.
TEST(DisclosureTest, NoHiddenCellOfRandomTablesCanBeRecomputed) {
  std::mt19937 random(20170815);
  std::uniform_int_distribution<int> value(0, 9);
  for (int round = 0; round < 150; ++round) {
    std::vector<int> sizes;
    if (round % 3 == 2) {
      sizes = {2, 2, 2};
    } else {
      sizes = {2 + round % 2, 2 + (round / 2) % 3};
    }
    CountTable t(sizes);
    std::vector<int> c(sizes.size(), 0);
    for (;;) {
      const int v = value(random);
      t.Add(c, v < 4 ? 0 : v - 3);  // zeros and 1..6: both sides of the threshold
      size_t d = 0;
      while (d < c.size() && ++c[d] == sizes[d]) c[d++] = 0;
      if (d == c.size()) break;
    }
    const int64_t threshold = 3 + round % 3;
    std::vector<bool> hidden = SuppressSmallCells(t, threshold);
    std::string text;  // the table as a reader sees it, for the message
    for (size_t i = 0; i < hidden.size(); ++i) {
      const int64_t n = t.count(i);
      if (n < threshold) {
        EXPECT_EQ(hidden[i], n > 0) << "round " << round << " cell " << i;
      }
      text += (hidden[i] ? "[" : "") + std::to_string(n) + (hidden[i] ? "] " : " ");
    }
    EXPECT_TRUE(Attacker(t, hidden, threshold).Disclosed().empty()) << "round " << round << ", threshold " << threshold << ": " << text;
  }
}

}  // namespace
}  // namespace baton
