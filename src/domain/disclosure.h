// Disclosure control for counts that leave the organisation (MHPSS.md §5): a count of 1 to
// threshold-1 people is hidden, and other counts are hidden with it (complementary suppression) so
// that no hidden count can be worked out from what is published. Reports show every hidden count
// the same way ("<5"): a reader cannot tell a small count from one hidden to protect it.
//
// A table is a cross-classification of counts by a few dimensions (sex × age band × ...) together
// with every total of it: by each dimension alone, by each pair, ..., and the grand total. All of
// them are protected together, so that a report may show any of these views and the views agree.
//
// The reader is assumed to know every published count, that zeros are always published (so a
// hidden count is at least 1), and that every total is the sum of the counts it covers. From that,
// SuppressSmallCells narrows each hidden count to the range the totals leave it (bounds propagated
// along every line of the table — the counts of one dimension's categories, the others held fixed,
// and their total — and along the equations derived from all of them). While some hidden count is
// narrowed to a single value, one more count of a line through it is hidden: the smallest
// published positive count of those lines (ties: the first), else the smallest published positive
// total (the grand total last of all). Tests check the result with an exhaustive reader who tries
// every table that fits what is published.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace baton {

// The minimum reportable count when a programme sets none (MHPSS.md §5; a setting, [U]).
inline constexpr int64_t kDefaultMinimumCell = 5;

// A table of counts by dimensions of sizes[0] × sizes[1] × ... categories, with its totals. A
// cell's coordinates are one per dimension: a category 0..sizes[d]-1, or sizes[d] for "all of the
// dimension" (a total). Cells are stored row-major over (sizes[d] + 1) per dimension, so the grand
// total is the last cell.
class CountTable {
 public:
  explicit CountTable(std::vector<int> sizes);

  const std::vector<int>& sizes() const { return sizes_; }
  size_t cell_count() const { return counts_.size(); }
  size_t IndexOf(const std::vector<int>& coordinates) const;
  std::vector<int> CoordinatesOf(size_t index) const;
  // Adds n to the category cell and to every total covering it.
  void Add(const std::vector<int>& categories, int64_t n);
  int64_t count(size_t index) const { return counts_[index]; }
  int64_t Total() const { return counts_.back(); }

 private:
  std::vector<int> sizes_;
  std::vector<size_t> strides_;
  std::vector<int64_t> counts_;
};

// Which cells of `table` (by index) to hide for a minimum reportable count of `threshold`
// (threshold <= 1 hides nothing). Cells marked in `hidden_already` (empty, or one flag per cell)
// are hidden whatever they hold, and protected like the others: for a total another table hides.
std::vector<bool> SuppressSmallCells(const CountTable& table, int64_t threshold,
                                     const std::vector<bool>& hidden_already = {});

}  // namespace baton
