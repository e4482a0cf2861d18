// Work on every core: one contiguous part of a range per hardware thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace baton {

// Calls fn(begin, end) for contiguous parts covering [0, n), each part on its own thread (one part
// per hardware thread, at most `max_parts`, and none smaller than `min_part`), and returns when all
// are done. An exception thrown by a part is rethrown here after the others finished. `fn` must be
// safe to run concurrently on disjoint parts.
template <typename Fn>
void ParallelFor(size_t n, Fn&& fn, size_t min_part = 1024, size_t max_parts = 8) {
  const size_t cores = std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t parts = std::clamp<size_t>(n / std::max<size_t>(1, min_part), 1, std::min(cores, max_parts));
  if (parts == 1) {
    fn(size_t{0}, n);
    return;
  }
  std::vector<std::exception_ptr> errors(parts);
  std::vector<std::thread> threads;
  threads.reserve(parts - 1);
  auto run = [&](size_t part) {
    try {
      fn(n * part / parts, n * (part + 1) / parts);
    } catch (...) {
      errors[part] = std::current_exception();
    }
  };
  for (size_t part = 1; part < parts; ++part) threads.emplace_back(run, part);
  run(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace baton
