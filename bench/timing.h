// What the benchmarks share: wall time in milliseconds and percentiles of latencies.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace baton::bench {

using Steady = std::chrono::steady_clock;

inline double Ms(Steady::time_point from, Steady::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// The p-th quantile (0..1) of `v`, nearest rank; 0 for no values.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace baton::bench
