#include "domain/disclosure.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>

namespace baton {

CountTable::CountTable(std::vector<int> sizes) : sizes_(std::move(sizes)) {
  size_t n = 1;
  strides_.resize(sizes_.size());
  for (size_t d = sizes_.size(); d-- > 0;) {
    strides_[d] = n;
    n *= static_cast<size_t>(sizes_[d]) + 1;
  }
  counts_.assign(n, 0);
}

size_t CountTable::IndexOf(const std::vector<int>& coordinates) const {
  size_t index = 0;
  for (size_t d = 0; d < sizes_.size(); ++d) index += static_cast<size_t>(coordinates[d]) * strides_[d];
  return index;
}

std::vector<int> CountTable::CoordinatesOf(size_t index) const {
  std::vector<int> c(sizes_.size());
  for (size_t d = 0; d < sizes_.size(); ++d) {
    c[d] = static_cast<int>(index / strides_[d]);
    index %= strides_[d];
  }
  return c;
}

void CountTable::Add(const std::vector<int>& categories, int64_t n) {
  assert(categories.size() == sizes_.size());
  // Every cell that keeps each coordinate either as the category or as the total.
  const size_t dims = sizes_.size();
  for (size_t mask = 0; mask < (size_t{1} << dims); ++mask) {
    size_t index = 0;
    for (size_t d = 0; d < dims; ++d) {
      const int c = (mask >> d) & 1 ? sizes_[d] : categories[d];
      index += static_cast<size_t>(c) * strides_[d];
    }
    counts_[index] += n;
  }
}

namespace {

// One line: the cells of a dimension's categories (the other coordinates fixed) and their total.
struct Line {
  std::vector<size_t> members;
  size_t total = 0;
};

std::vector<Line> LinesOf(const CountTable& table) {
  std::vector<Line> lines;
  const std::vector<int>& sizes = table.sizes();
  for (size_t index = 0; index < table.cell_count(); ++index) {
    std::vector<int> c = table.CoordinatesOf(index);
    for (size_t d = 0; d < sizes.size(); ++d) {
      if (c[d] != sizes[d]) continue;  // each line once: from its total
      Line line{.members = {}, .total = index};
      for (int k = 0; k < sizes[d]; ++k) {
        c[d] = k;
        line.members.push_back(table.IndexOf(c));
      }
      c[d] = sizes[d];
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

// What a reader can write down: lo <= Σ a_j x_j <= hi over the hidden category cells x_j.
struct Constraint {
  std::vector<std::pair<size_t, double>> terms;  // (unknown, coefficient a_j)
  double lo = 0, hi = 0;
};

constexpr double kEpsilon = 1e-7;

// The reduced row echelon form of the equations (Gauss-Jordan with partial pivoting); each row is
// an equation a reader can derive, and a row with a single unknown pins that unknown down.
std::vector<Constraint> Reduce(std::vector<std::vector<double>> rows, std::vector<double> rhs, size_t unknowns) {
  std::vector<Constraint> out;
  size_t rank = 0;
  for (size_t col = 0; col < unknowns && rank < rows.size(); ++col) {
    size_t pivot = rank;
    for (size_t r = rank; r < rows.size(); ++r) {
      if (std::abs(rows[r][col]) > std::abs(rows[pivot][col])) pivot = r;
    }
    if (std::abs(rows[pivot][col]) < kEpsilon) continue;
    std::swap(rows[pivot], rows[rank]);
    std::swap(rhs[pivot], rhs[rank]);
    const double p = rows[rank][col];
    for (double& v : rows[rank]) v /= p;
    rhs[rank] /= p;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (r == rank || std::abs(rows[r][col]) < kEpsilon) continue;
      const double f = rows[r][col];
      for (size_t c = 0; c < unknowns; ++c) rows[r][c] -= f * rows[rank][c];
      rhs[r] -= f * rhs[rank];
    }
    ++rank;
  }
  for (size_t r = 0; r < rank; ++r) {
    Constraint c{.terms = {}, .lo = rhs[r], .hi = rhs[r]};
    for (size_t j = 0; j < unknowns; ++j) {
      if (std::abs(rows[r][j]) > kEpsilon) c.terms.emplace_back(j, rows[r][j]);
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Which hidden cells a reader can pin down to one value, from the published counts, the sums
// (every total equals the counts it covers, as derived equations too) and hidden counts being at
// least 1. Bounds are narrowed for a bounded number of passes: they are sound at every pass, only
// perhaps wider than they could be; the exhaustive reader of the tests checks what this misses.
std::vector<bool> Pinned(const CountTable& table, const std::vector<bool>& hidden,
                         const std::vector<std::vector<size_t>>& covers) {
  const size_t cells = table.cell_count();
  std::vector<size_t> unknown_of(cells, SIZE_MAX);
  size_t unknowns = 0;
  for (size_t i = 0; i < cells; ++i) {
    if (hidden[i] && covers[i].size() == 1 && covers[i][0] == i) unknown_of[i] = unknowns++;
  }
  std::vector<Constraint> constraints;
  std::vector<std::vector<double>> rows;
  std::vector<double> rhs;
  std::vector<double> hidden_total_known(cells, 0);
  for (size_t t = 0; t < cells; ++t) {
    if (covers[t].size() == 1 && covers[t][0] == t) continue;  // a category cell
    Constraint c;
    double known = 0;
    for (size_t cell : covers[t]) {
      if (unknown_of[cell] == SIZE_MAX) {
        known += static_cast<double>(table.count(cell));
      } else {
        c.terms.emplace_back(unknown_of[cell], 1.0);
      }
    }
    if (c.terms.empty()) continue;
    if (hidden[t]) {
      hidden_total_known[t] = known;
      c.lo = 1 - known;
      c.hi = HUGE_VAL;
    } else {
      c.lo = c.hi = static_cast<double>(table.count(t)) - known;
      std::vector<double> row(unknowns, 0.0);
      for (const auto& [j, a] : c.terms) row[j] = a;
      rows.push_back(std::move(row));
      rhs.push_back(c.lo);
    }
    constraints.push_back(std::move(c));
  }
  std::vector<Constraint> derived = Reduce(rows, rhs, unknowns);
  constraints.insert(constraints.end(), derived.begin(), derived.end());

  std::vector<double> lo(unknowns, 1.0), hi(unknowns, HUGE_VAL);
  for (int pass = 0; pass < 64; ++pass) {
    bool changed = false;
    for (const Constraint& c : constraints) {
      // The least and greatest the sum's terms can reach.
      double min_sum = 0, max_sum = 0;
      for (const auto& [j, a] : c.terms) {
        min_sum += a > 0 ? a * lo[j] : a * hi[j];
        max_sum += a > 0 ? a * hi[j] : a * lo[j];
      }
      for (const auto& [j, a] : c.terms) {
        const double term_min = a > 0 ? a * lo[j] : a * hi[j];
        const double term_max = a > 0 ? a * hi[j] : a * lo[j];
        const double rest_min = min_sum - term_min, rest_max = max_sum - term_max;
        // a * x_j lies in [c.lo - rest_max, c.hi - rest_min].
        const double t_lo = c.lo - rest_max, t_hi = c.hi - rest_min;
        double x_lo = a > 0 ? t_lo / a : t_hi / a, x_hi = a > 0 ? t_hi / a : t_lo / a;
        if (std::isfinite(x_lo)) {
          x_lo = std::ceil(x_lo - kEpsilon);
          if (x_lo > lo[j]) lo[j] = x_lo, changed = true;
        }
        if (std::isfinite(x_hi)) {
          x_hi = std::floor(x_hi + kEpsilon);
          if (x_hi < hi[j]) hi[j] = x_hi, changed = true;
        }
      }
    }
    if (!changed) break;
  }

  std::vector<bool> pinned(cells, false);
  for (size_t i = 0; i < cells; ++i) {
    if (!hidden[i]) continue;
    if (unknown_of[i] != SIZE_MAX) {
      pinned[i] = lo[unknown_of[i]] >= hi[unknown_of[i]];
      continue;
    }
    // A hidden total: pinned when its cells are, or when the derived equations give its sum.
    std::vector<double> v(unknowns, 0.0);
    bool all_pinned = true;
    for (size_t cell : covers[i]) {
      if (unknown_of[cell] == SIZE_MAX) continue;
      v[unknown_of[cell]] = 1.0;
      all_pinned = all_pinned && lo[unknown_of[cell]] >= hi[unknown_of[cell]];
    }
    for (const Constraint& row : derived) {
      const size_t p = row.terms.front().first;  // the pivot, coefficient 1
      const double f = v[p];
      if (std::abs(f) < kEpsilon) continue;
      for (const auto& [j, a] : row.terms) v[j] -= f * a;
    }
    bool in_span = true;
    for (double x : v) in_span = in_span && std::abs(x) < kEpsilon;
    pinned[i] = all_pinned || in_span;
  }
  return pinned;
}

// The cell to hide next so that `cell` is no longer pinned down, or npos: the smallest published
// positive count of a line through it, else the smallest published positive total of those lines,
// else of the totals above it.
size_t Complement(const CountTable& table, const std::vector<bool>& hidden, const std::vector<Line>& lines,
                  const std::vector<std::vector<size_t>>& lines_of, size_t cell) {
  size_t best = SIZE_MAX, best_total = SIZE_MAX;
  auto better = [&](size_t candidate, size_t current) {
    return current == SIZE_MAX || table.count(candidate) < table.count(current) ||
           (table.count(candidate) == table.count(current) && candidate < current);
  };
  for (size_t l : lines_of[cell]) {
    const Line& line = lines[l];
    for (size_t m : line.members) {
      if (!hidden[m] && table.count(m) > 0 && better(m, best)) best = m;
    }
    if (!hidden[line.total] && table.count(line.total) > 0 && better(line.total, best_total)) {
      best_total = line.total;
    }
  }
  if (best != SIZE_MAX || best_total != SIZE_MAX) return best != SIZE_MAX ? best : best_total;
  // Nothing published around it: the totals further up that give it away through other lines.
  const std::vector<int> c = table.CoordinatesOf(cell);
  for (size_t t = 0; t < table.cell_count(); ++t) {
    const std::vector<int> tc = table.CoordinatesOf(t);
    bool covers = t != cell;
    for (size_t d = 0; d < c.size(); ++d) covers = covers && (tc[d] == c[d] || tc[d] == table.sizes()[d]);
    if (covers && !hidden[t] && table.count(t) > 0 && better(t, best_total)) best_total = t;
  }
  return best_total;
}

}  // namespace

std::vector<bool> SuppressSmallCells(const CountTable& table, int64_t threshold,
                                     const std::vector<bool>& hidden_already) {
  std::vector<bool> hidden(table.cell_count(), false);
  bool any = false;
  for (size_t i = 0; i < hidden_already.size() && i < hidden.size(); ++i) {
    if (hidden_already[i]) hidden[i] = any = true;
  }
  if (threshold <= 1 && !any) return hidden;
  for (size_t i = 0; i < table.cell_count(); ++i) {
    const int64_t n = table.count(i);
    if (n > 0 && n < threshold) hidden[i] = any = true;
  }
  if (!any) return hidden;
  const std::vector<Line> lines = LinesOf(table);
  std::vector<std::vector<size_t>> lines_of(table.cell_count());
  for (size_t l = 0; l < lines.size(); ++l) {
    lines_of[lines[l].total].push_back(l);
    for (size_t m : lines[l].members) lines_of[m].push_back(l);
  }
  // For each cell, the category cells it adds up (itself, for a category cell).
  std::vector<std::vector<size_t>> covers(table.cell_count());
  for (size_t i = 0; i < table.cell_count(); ++i) {
    std::vector<int> c = table.CoordinatesOf(i);
    bool category = true;
    for (size_t d = 0; d < c.size(); ++d) category = category && c[d] < table.sizes()[d];
    if (!category) continue;
    const size_t dims = c.size();
    for (size_t mask = 0; mask < (size_t{1} << dims); ++mask) {
      std::vector<int> t = c;
      for (size_t d = 0; d < dims; ++d) {
        if ((mask >> d) & 1) t[d] = table.sizes()[d];
      }
      covers[table.IndexOf(t)].push_back(i);
    }
  }
  for (;;) {
    const std::vector<bool> pinned = Pinned(table, hidden, covers);
    // One more hidden count per pinned cell, except where a line through it already has one this
    // round (that may free it; the next round tells). The grand total, the number a report leads
    // with, is hidden only when nothing else would do.
    bool hid = false;
    std::vector<bool> touched(lines.size(), false);
    const size_t grand_total = table.cell_count() - 1;
    for (bool allow_grand_total : {false, true}) {
      for (size_t i = 0; i < table.cell_count() && !(allow_grand_total && hid); ++i) {
        if (!pinned[i]) continue;
        bool wait = false;
        for (size_t l : lines_of[i]) wait = wait || touched[l];
        if (wait) continue;
        const size_t next = Complement(table, hidden, lines, lines_of, i);
        if (next == SIZE_MAX || (next == grand_total && !allow_grand_total)) continue;
        hidden[next] = true;
        for (size_t l : lines_of[next]) touched[l] = true;
        hid = true;
      }
      if (hid) break;
    }
    if (!hid) return hidden;
  }
}

}  // namespace baton
