// What the benchmarks share: wall time in milliseconds, runs of one measurement, percentiles of
// latencies, and one JSON line per measurement.
#pragma once

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace baton::bench {

using Steady = std::chrono::steady_clock;

inline double Ms(Steady::time_point from, Steady::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// The processor time of the whole process (every thread, user and system) so far, in
// milliseconds: on a shared machine, steadier than the wall time between two runs.
inline double CpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

// The p-th quantile (0..1) of `v`, nearest rank; 0 for no values.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// The wall time of each of `runs` calls of `run`, in milliseconds.
template <typename F>
std::vector<double> TimeRuns(int runs, F&& run) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Steady::now();
    run();
    ms.push_back(Ms(t0, Steady::now()));
  }
  return ms;
}

// {"bench": bench, "what": what, "median_ms": ..., "min_ms": ...<more>} on its own line.
inline void PrintRuns(const char* bench, const char* what, const std::vector<double>& ms, const std::string& more) {
  std::printf("{\"bench\":\"%s\",\"what\":\"%s\",\"median_ms\":%.1f,\"min_ms\":%.1f%s}\n", bench, what,
              Percentile(ms, 0.5), Percentile(ms, 0), more.c_str());
  std::fflush(stdout);
}

}  // namespace baton::bench
